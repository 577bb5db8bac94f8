"""A monitoring run: judge what is new on each watched account, remember it, report it.

For each account of the watch list, each source is read; its profile (merged over the
watch list's owner facts) is compared with the history kept in the log, so renames are
recorded and `previous_handles`/`previous_display_names` are derived; every post not yet
judged for that account is judged and logged with its platform extras; the ids judged are
remembered, after their decisions are committed, so the next run skips them.
"""

from __future__ import annotations

import glob
import os
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from socialpolicy.audit.accounts import AccountHistory, ProfileChange
from socialpolicy.audit.log import DecisionLog, utc_now
from socialpolicy.audit.writer import LogWriter
from socialpolicy.batch import BadRecord
from socialpolicy.decisions import Decision, Verdict
from socialpolicy.errors import InputError, InputValidationError, Location, SocialPolicyError
from socialpolicy.inputs import Account, Post
from socialpolicy.monitor.watchlist import Source, WatchedAccount, WatchList
from socialpolicy.policy import Policy
from socialpolicy.readers import AccountProfile, ExportRecord, ReaderOptions, open_export
from socialpolicy.scale.pool import judge_outcomes

MARK_EVERY = 500
"""Judged ids are remembered at least this often (after their decisions are committed)."""


@dataclass(slots=True)
class Judged:
    """One new post judged in this run."""

    account_id: str
    where: str
    decision: Decision
    input: dict[str, Any]


@dataclass(slots=True)
class AccountRun:
    """What a run did for one account."""

    id: str
    name: str | None
    pack: str
    handle: str | None = None
    sources: list[str] = field(default_factory=list)
    read: int = 0
    new: int = 0
    already_judged: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    changes: list[ProfileChange] = field(default_factory=list)
    previous_handles: tuple[str, ...] = ()
    previous_display_names: tuple[str, ...] = ()
    errors: list[SocialPolicyError] = field(default_factory=list)
    judged: list[Judged] = field(default_factory=list)  # only those with findings are kept
    passed: list[tuple[str, str]] = field(default_factory=list)  # (post id, date) of passes

    @property
    def worst(self) -> int:
        return max((Verdict(v).rank for v, n in self.verdicts.items() if n), default=0)


@dataclass(slots=True)
class MonitorResult:
    run_at: str
    log: str
    accounts: list[AccountRun] = field(default_factory=list)

    @property
    def bad(self) -> int:
        return sum(len(a.errors) for a in self.accounts)

    @property
    def worst(self) -> int:
        return max((a.worst for a in self.accounts), default=0)


class Hooks:
    """What a caller (the CLI) sees as a run goes: each decision, each problem, progress."""

    def decision(self, account: WatchedAccount, judged: Judged) -> None:
        """A new post was judged."""

    def problem(self, account: WatchedAccount, error: SocialPolicyError) -> None:
        """A record or a source could not be used."""

    def progress(self, account: WatchedAccount, read: int) -> None:
        """Called as records are read (skipped ones too)."""


def source_files(source: Source, base: Path) -> list[str]:
    """The files one source stands for: itself, or a glob's matches in sorted order."""
    raw = os.path.expanduser(source.path)
    path = raw if os.path.isabs(raw) else str(base / raw)
    if any(c in source.path for c in "*?["):
        found = sorted(glob.glob(path, recursive=True))
        if not found:
            raise InputValidationError(
                f"no file matches {source.path!r}", Location(file=path, field="sources.path")
            )
        return found
    return [path]


def base_account(acc: WatchedAccount, profile: AccountProfile | None) -> Account:
    """The account to judge with: the watch list's facts, the export's profile over them."""
    handle = acc.handle or (profile.handle if profile else None) or acc.id
    base = Account(
        handle=handle,
        platform=acc.platform,
        owner=acc.owner,
        official=acc.official,
        approved=acc.approved,
        identifies_as_member=acc.identifies_as_member,
        disclaimer=acc.disclaimer,
        previous_handles=acc.previous_handles,
        previous_display_names=acc.previous_display_names,
    )
    if profile is None:
        return base
    if acc.handle:  # the watch list names it: the export's DID or guess does not override
        profile = profile.model_copy(update={"handle": acc.handle})
    return profile.apply_to(base)


class Monitor:
    """Runs a watch list against one decision log."""

    def __init__(
        self,
        log: DecisionLog,
        watchlist: WatchList,
        base: Path,
        hooks: Hooks | None = None,
        *,
        workers: int = 1,
    ) -> None:
        """`workers`: judge in that many processes (0: one per CPU; 1: in this one). Order,
        decisions and the log are the same whatever the number: reading, the log and the
        hooks stay in this process."""
        self.log = log
        self.workers = workers
        self.watchlist = watchlist
        self.base = base
        self.hooks = hooks or Hooks()
        self.history = AccountHistory(log)
        self._policies: dict[str, tuple[Policy, LogWriter]] = {}

    def _policy(self, name: str) -> tuple[Policy, LogWriter]:
        if name not in self._policies:
            from socialpolicy.loader import load_pack, resolve_pack_dir

            ref = (
                name
                if Path(name).is_absolute() or not (self.base / name).is_dir()
                else str(self.base / name)
            )
            policy = Policy(load_pack(ref))
            self._policies[name] = (policy, LogWriter(self.log, policy, resolve_pack_dir(ref)))
        return self._policies[name]

    def run(self) -> MonitorResult:
        result = MonitorResult(run_at=utc_now(), log=self.log.location)
        try:
            for acc in self.watchlist.accounts:
                result.accounts.append(self._account(acc))
        finally:
            for _, writer in self._policies.values():
                writer.flush()
        return result

    def _account(self, acc: WatchedAccount) -> AccountRun:
        out = AccountRun(id=acc.id, name=acc.name, pack=acc.policy)
        try:
            policy, writer = self._policy(acc.policy)
        except SocialPolicyError as exc:
            self._problem(
                acc, out, exc.relocated(field=exc.location.field or f"accounts.{acc.id}.policy")
            )
            return out
        for source in acc.sources:
            try:
                files = source_files(source, self.base)
            except InputError as exc:
                self._problem(acc, out, exc)
                continue
            for file in files:
                self._read(acc, source, file, policy, writer, out)
        return out

    def _read(
        self,
        acc: WatchedAccount,
        source: Source,
        file: str,
        policy: Policy,
        writer: LogWriter,
        out: AccountRun,
    ) -> None:
        try:
            export = open_export(file, source.from_, _options(source))
        except SocialPolicyError as exc:
            self._problem(acc, out, exc.relocated(file=exc.location.file or file))
            return
        out.sources.append(file)
        account = base_account(acc, export.profile)
        out.changes.extend(
            self.history.observe(
                acc.id,
                account,
                source=file,
                platform_id=export.profile.platform_id if export.profile else None,
            )
        )
        account = self.history.with_history(acc.id, account)
        out.handle = account.handle
        out.previous_handles = account.previous_handles
        out.previous_display_names = account.previous_display_names
        seen = self.history.judged_ids(acc.id)
        pending: list[tuple[str, str]] = []
        # Records that are not judged (unreadable ones) wait here with their place in the
        # export, and are reported in that place among the decisions.
        held: deque[tuple[int, BadRecord]] = deque()

        def to_judge() -> Iterator[tuple[tuple[int, ExportRecord], Post]]:
            for place, item in enumerate(export.records()):
                if isinstance(item, BadRecord):
                    held.append((place, item))
                    continue
                out.read += 1
                if out.read % 100 == 0:
                    self.hooks.progress(acc, out.read)
                if item.post.id in seen:
                    out.already_judged += 1
                    continue
                seen.add(item.post.id)  # a post repeated in the export is judged once
                yield (place, item), item.post

        for (place, item), outcome in judge_outcomes(
            policy, to_judge(), account=account, workers=self.workers, label=_no_label
        ):
            while held and held[0][0] < place:
                self._unreadable(acc, out, held.popleft()[1])
            if not isinstance(outcome, Decision):
                self._problem(acc, out, outcome.relocated(file=item.file, line=item.line))
                continue
            post, decision = item.post, outcome
            writer.add(post, account, decision, item.extras)
            pending.append((post.id, post.created_at.isoformat()))
            out.new += 1
            out.verdicts[decision.verdict.value] += 1
            judged = Judged(acc.id, item.where, decision, _logged(post, account, item))
            if decision.findings:
                out.judged.append(judged)
            else:
                out.passed.append((post.id, decision.as_of.isoformat()))
            self.hooks.decision(acc, judged)
            if len(pending) >= MARK_EVERY:
                writer.flush()  # decisions committed before their ids are marked judged
                self.history.mark_judged(acc.id, pending)
                pending = []
        while held:
            self._unreadable(acc, out, held.popleft()[1])
        writer.flush()
        self.history.mark_judged(acc.id, pending)
        self.hooks.progress(acc, out.read)

    def _unreadable(self, acc: WatchedAccount, out: AccountRun, item: BadRecord) -> None:
        err = item.error.relocated(file=item.file, line=item.line or item.error.location.line)
        self._problem(acc, out, err)

    def _problem(self, acc: WatchedAccount, out: AccountRun, exc: SocialPolicyError) -> None:
        out.errors.append(exc)
        self.hooks.problem(acc, exc)


def _no_label(key: tuple[int, ExportRecord]) -> str | None:
    return None  # errors are relocated to the record's file and line here


def _logged(post: Any, account: Account, item: ExportRecord) -> dict[str, Any]:
    from socialpolicy.audit.writer import logged_input

    return logged_input(post, account, item.extras)


def _options(source: Source) -> ReaderOptions:
    tz = None
    if source.timezone:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            tz = ZoneInfo(source.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise InputValidationError(
                f"unknown time zone {source.timezone!r}", Location(field="sources.timezone")
            ) from None
    return ReaderOptions(columns=dict(source.columns), timezone=tz)
