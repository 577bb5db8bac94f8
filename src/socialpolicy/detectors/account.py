"""Account detector: member identification, renamed accounts, contact disclaimers.

Word lists come from the pack (`member_identity`, and the `disclaimer_*` lexicons read by
`detectors.disclaimer`), so a policy writer tunes them without Python.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from socialpolicy.detectors.base import Hit, SignalSpec
from socialpolicy.detectors.context import Context
from socialpolicy.detectors.disclaimer import read_disclaimer
from socialpolicy.evidence import Evidence
from socialpolicy.normalise import NormalisedText

MEMBER_LEXICON = "member_identity"

_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|[_.\-]+")


def split_handle(handle: str) -> str:
    """'@CommrLucHebert' -> 'Commr Luc Hebert', so handle words match on word boundaries."""
    return _CAMEL.sub(" ", handle.lstrip("@#"))


@dataclass(frozen=True, slots=True)
class Identity:
    identifies: bool
    stated: bool  # given explicitly rather than inferred
    renamed: bool
    evidence: tuple[Evidence, ...]


def _matches(
    ctx: Context, field: str, raw: str, lexicon: str, shown: str | None = None
) -> list[Evidence]:
    """Evidence for each `lexicon` term in a field. `shown`: the field's real value when
    `raw` is a rewritten form of it (split handles), so spans would not index it."""
    nt: NormalisedText = ctx.normalised(field, raw)
    out = []
    for m in ctx.matches(field, raw):
        if m.lexicon_id == lexicon:
            if shown is not None:
                out.append(Evidence(detector="account", field=field, text=shown))
                continue
            span = nt.to_original(m.start, m.end)
            out.append(
                Evidence(
                    detector="account", field=field, text=raw[span.start : span.end], span=span
                )
            )
    return out


def _name_fields(ctx: Context) -> Iterator[tuple[str, str, str | None]]:
    acc = ctx.author
    if acc.display_name:
        yield "account.display_name", acc.display_name, None
    if acc.bio:
        yield "account.bio", acc.bio, None
    yield "account.handle", split_handle(acc.handle), acc.handle


def identity(ctx: Context) -> Identity:
    """Does the account identify as a member: stated, else inferred; and was it renamed away."""
    acc = ctx.author
    current: list[Evidence] = []
    for field, raw, shown in _name_fields(ctx):
        current.extend(_matches(ctx, field, raw, MEMBER_LEXICON, shown))
    previous: list[Evidence] = []
    for i, name in enumerate(acc.previous_display_names):
        previous.extend(_matches(ctx, f"account.previous_display_names[{i}]", name, MEMBER_LEXICON))
    for i, handle in enumerate(acc.previous_handles):
        previous.extend(
            _matches(
                ctx, f"account.previous_handles[{i}]", split_handle(handle), MEMBER_LEXICON, handle
            )
        )
    if acc.identifies_as_member is not None:
        identifies, stated = acc.identifies_as_member, True
    else:
        identifies, stated = bool(current), False
    # Clause 4: changing the name does not escape the policy.
    renamed = bool(previous) and not current
    return Identity(identifies, stated, renamed, tuple(current + previous))


@dataclass(frozen=True, slots=True)
class AccountView:
    """Everything derived from the account alone: the same for every post it writes."""

    identity: Identity
    hits: tuple[Hit, ...]


def account_view(ctx: Context) -> AccountView:
    ident = identity(ctx)
    hits = tuple(_account_hits(ctx, ident)) if ctx.account_given else ()
    return AccountView(ident, hits)


class AccountDetector:
    """Yields the account's hits, computed once per account (see `Context.account_view`)."""

    name = "account"
    signals = (
        SignalSpec(
            "account.identifies_as_member",
            "flag",
            "The account identifies as a member (stated, or in display name, bio or handle).",
        ),
        SignalSpec(
            "account.renamed",
            "flag",
            "Previous handles or display names named the organisation; current ones do not.",
        ),
        SignalSpec("account.no_disclaimer", "flag", "No contact disclaimer is given."),
        SignalSpec(
            "account.disclaimer_lacks",
            "tags",
            "What the disclaimer lacks: contact information, acceptable-use information.",
            tags=("contact", "acceptable_use"),
        ),
    )

    def detect(self, ctx: Context) -> Iterator[Hit]:
        yield from ctx.account_view().hits


def _account_hits(ctx: Context, ident: Identity) -> Iterator[Hit]:
    name = AccountDetector.name
    if ident.identifies:
        ev = tuple(e for e in ident.evidence if not e.field.startswith("account.previous"))
        if ident.stated:
            ev = (Evidence(detector=name, field="account.identifies_as_member", text="true"),)
        yield Hit("account.identifies_as_member", ev)
    if ident.renamed:
        yield Hit(
            "account.renamed",
            tuple(e for e in ident.evidence if e.field.startswith("account.previous")),
        )
    disclaimer = (ctx.author.disclaimer or "").strip()
    if not disclaimer:
        ev = (Evidence(detector=name, field="account.disclaimer", text="(none)"),)
        yield Hit("account.no_disclaimer", ev)
        yield Hit("account.disclaimer_lacks", ev, tag="contact")
        yield Hit("account.disclaimer_lacks", ev, tag="acceptable_use")
        return
    raw = ctx.author.disclaimer or ""
    reading = read_disclaimer(ctx, raw)
    quoted = raw if len(raw) <= 200 else raw[:197] + "..."
    ev = (Evidence(detector=name, field="account.disclaimer", text=quoted),)
    if reading.contact is None:
        yield Hit("account.disclaimer_lacks", ev, tag="contact")
    if reading.acceptable_use is None:
        yield Hit("account.disclaimer_lacks", ev, tag="acceptable_use")
