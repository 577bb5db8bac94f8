"""Logging decisions as they are made: chunked transactions, masking, the pack kept once."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from socialpolicy.audit.log import DEFAULT_CHUNK, DecisionLog, LogEntry
from socialpolicy.audit.masking import MaskConfig, apply_mask
from socialpolicy.audit.packstore import store_pack
from socialpolicy.citations import Span
from socialpolicy.decisions import Decision
from socialpolicy.errors import Location, LogError
from socialpolicy.inputs import Account, Post
from socialpolicy.loader import resolve_pack_dir
from socialpolicy.policy import Policy

MASK_KEY = "mask"
ALLOWLISTED = "personal_data.allowlisted_contact"


def logged_input(
    post: Post, account: Account | None, extras: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The judged input as logged: the post, the account, or the marker that it was assumed.

    `extras` are the fields a platform export adds that no rule reads (`retweet_count`...):
    kept beside the input, under `extras`, only when there are any, so contract input is
    logged exactly as before.
    """
    out: dict[str, Any] = {
        "post": post.model_dump(mode="json"),
        "account": account.model_dump(mode="json") if account is not None else None,
        "account_assumed": account is None,
    }
    if extras:
        out["extras"] = dict(extras)
    return out


def mask_config(log: DecisionLog) -> MaskConfig:
    """The mask the log applies to new records (`socialpolicy log init --mask ...`)."""
    raw = log.get_meta(MASK_KEY)
    if not raw:
        return MaskConfig()
    try:
        return MaskConfig.model_validate_json(raw)
    except ValueError as exc:
        raise LogError(
            f"the log's mask setting is invalid: {exc}", Location(file=log.location)
        ) from None


def set_mask_config(log: DecisionLog, config: MaskConfig) -> None:
    log.set_meta(MASK_KEY, config.model_dump_json())


class LogWriter:
    """Appends decisions to a log in chunks: each chunk is one transaction.

    A chunk is committed every `chunk` records and at least every `interval` seconds, and
    on `close()`. A kill loses at most the uncommitted chunk, never part of one.
    """

    def __init__(
        self,
        log: DecisionLog,
        policy: Policy,
        pack_dir: Path | None = None,
        mask: MaskConfig | None = None,
        chunk: int = DEFAULT_CHUNK,
        interval: float = 1.0,
    ) -> None:
        self.log = log
        self.policy = policy
        self.mask = mask if mask is not None else mask_config(log)
        self.chunk = max(1, chunk)
        self.interval = interval
        self.written = 0
        self._pending: list[LogEntry] = []
        self._since = time.monotonic()
        directory = pack_dir if pack_dir is not None else resolve_pack_dir(policy.pack.id)
        self.digest = store_pack(log, directory, policy.digest)
        stored = log.get_pack(self.digest)
        self.pack_files = stored.files_digest if stored is not None else None
        self._owns_log = False
        self._detector: Any = None
        if self.mask.personal_data:
            self._detector = _PersonalData(policy)

    def add(
        self,
        post: Post,
        account: Account | None,
        decision: Decision,
        extras: Mapping[str, Any] | None = None,
    ) -> None:
        # A masking log keeps no extras: they may repeat the masked text (Mastodon's HTML).
        inp = logged_input(post, account, None if self.mask.active else extras)
        dec = json.loads(decision.model_dump_json())
        if self.mask.active:
            spans = self._detector.spans(post, account) if self._detector is not None else None
            m = apply_mask(self.mask, inp, dec, spans)
            entry = LogEntry(
                decision=m.decision,
                input=m.input,
                pack_digest=self.digest,
                mask=m.mask,
                pack_files=self.pack_files,
            )
        else:
            entry = LogEntry(
                decision=dec, input=inp, pack_digest=self.digest, pack_files=self.pack_files
            )
        self._pending.append(entry)
        if len(self._pending) >= self.chunk or time.monotonic() - self._since >= self.interval:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            self.log.append(self._pending)
            self.written += len(self._pending)
            self._pending = []
        self._since = time.monotonic()

    def close(self) -> None:
        """Commit what is pending; close the log too when this writer opened it."""
        self.flush()
        if self._owns_log:
            self.log.close()

    def __enter__(self) -> LogWriter:
        return self

    def __exit__(self, exc_type: object, *rest: object) -> None:
        # Records already judged are committed even when the batch stops on an error.
        self.flush()


class _PersonalData:
    """Finds what to mask in post.text: the personal-data detector's spans (contacts,
    addresses, dates of birth, plates, SINs) and the names and ages the identity detector
    reads (the public contacts of the organisation stay readable)."""

    def __init__(self, policy: Policy) -> None:
        from socialpolicy.detectors.matching import LexiconMatcher
        from socialpolicy.detectors.personal_data import PersonalDataDetector
        from socialpolicy.detectors.resources import PackResources

        pack = policy.pack
        self._pack = pack
        self._resources = PackResources(
            pack_id=pack.id, contacts=pack.contacts, matcher=LexiconMatcher(pack.lexicons)
        )
        self._detector = PersonalDataDetector()

    def spans(self, post: Post, account: Account | None) -> list[Span]:
        from socialpolicy.detectors.context import Context

        ctx = Context(
            post=post,
            author=account or self._pack.assumed_account,
            account_given=account is not None,
            resources=self._resources,
        )
        out: list[Span] = []
        for hit in self._detector.detect(ctx):
            if hit.signal == ALLOWLISTED:  # the organisation's public contacts stay readable
                continue
            for ev in hit.evidence:
                if ev.field == "text" and ev.span is not None:
                    out.append(ev.span)
        out.extend(names_and_ages(ctx))
        return out


def names_and_ages(ctx: Any) -> list[Span]:
    """Spans of post.text the identity detector reads as a person's name or an age."""
    from socialpolicy.detectors.identity.field import Field

    raw = ctx.post.text
    if not raw:
        return []
    f = Field("text", ctx.normalised("text", raw), ctx.grouped("text", raw))
    spans = [Span(start=a, end=b) for a, b in f.names()]
    spans.extend(Span(start=a, end=b) for a, b, _ in f.ages())
    return spans


def open_writer(location: str, policy: Policy, pack: str | Path) -> LogWriter:
    """A writer on the log at `location` (created if absent) for decisions of `policy`.

    `pack` is the built-in name or directory the policy was loaded from: its files are
    kept in the log.
    """
    from socialpolicy.audit.log import open_log

    log = open_log(location, create=True)
    try:
        writer = LogWriter(log, policy, resolve_pack_dir(pack))
    except BaseException:
        log.close()
        raise
    writer._owns_log = True
    return writer
