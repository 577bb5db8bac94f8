"""Erasure: remove one record's input, or everything about one account or one person.

Erasing a record deletes its private part (salt, input, the decision's quotes of the input)
and leaves a tombstone saying when, why and by what kind of selector. The record's leaf (its
verdict, rule versions, citations, commitment) stays, so the Merkle tree, every checkpoint and
every proof still verify; without the salt, the commitment reveals nothing of the input.

Selectors:

- `records`: record numbers;
- `account`: a handle (with or without `@`, any case), matched against the account's current
  and previous handles and against the post's mentions and reply author;
- `person`: a name, phone number or email address, matched anywhere in the input or the
  decision's quotes: case-insensitively for text, by digits for a phone number (so
  `416-555-0199` finds `(416) 555 0199`).

The tombstone names the kind of selector, never its value: the value is the personal data
being erased.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from socialpolicy.audit.log import DecisionLog, Erasure
from socialpolicy.errors import Location, LogError

_PHONE_CHARS = re.compile(r"^[\d\s().+\-]+$")
_DIGIT_RUN = re.compile(r"\+?\d[\d\s().\-]{5,30}\d")  # a phone-shaped run, bounded
MIN_PERSON_CHARS = 3


@dataclass(slots=True)
class EraseResult:
    """What `erase` did."""

    erased: list[Erasure] = field(default_factory=list)
    already: list[int] = field(default_factory=list)  # matched but erased before
    missing: list[int] = field(default_factory=list)  # record numbers not in the log

    def to_dict(self) -> dict[str, Any]:
        return {
            "erased": [e.to_dict() for e in self.erased],
            "already_erased": self.already,
            "missing": self.missing,
        }


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for v in node.values():
            yield from _strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v)


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


class PersonMatcher:
    """Does a record hold this name, phone number or email address?"""

    def __init__(self, value: str) -> None:
        value = value.strip()
        if len(value) < MIN_PERSON_CHARS:
            raise LogError(
                f"--person needs at least {MIN_PERSON_CHARS} characters",
                Location(field="--person"),
            )
        self.text = value.casefold()
        digits = _digits(value)
        self.phone = digits if _PHONE_CHARS.match(value) and len(digits) >= 7 else None

    def matches(self, payload: Any) -> bool:
        for s in _strings(payload):
            if self.text in s.casefold():
                return True
            if self.phone is not None:
                for m in _DIGIT_RUN.finditer(s):
                    d = _digits(m.group())
                    # "+1 416 555 0199" and "416-555-0199" are the same number.
                    if d.endswith(self.phone) or self.phone.endswith(d) and len(d) >= 7:
                        return True
        return False


def _handle(value: str) -> str:
    return value.strip().lstrip("@").casefold()


def _account_matches(inp: dict[str, Any], handle: str) -> bool:
    account = inp.get("account")
    names: list[str] = []
    if isinstance(account, dict):
        if isinstance(account.get("handle"), str):
            names.append(account["handle"])
        names.extend(h for h in account.get("previous_handles") or () if isinstance(h, str))
    post = inp.get("post")
    if isinstance(post, dict):
        names.extend(h for h in post.get("mentions") or () if isinstance(h, str))
        reply = post.get("in_reply_to")
        if isinstance(reply, dict) and isinstance(reply.get("author"), str):
            names.append(reply["author"])
    return any(_handle(n) == handle for n in names)


def _selected(
    inp: dict[str, Any],
    decision: dict[str, Any],
    handle: str | None,
    matcher: PersonMatcher | None,
) -> bool:
    if handle is not None and _account_matches(inp, handle):
        return True
    return matcher is not None and matcher.matches([inp, decision])


def select(
    log: DecisionLog,
    records: Sequence[int] = (),
    account: str | None = None,
    person: str | None = None,
) -> tuple[list[int], list[int], list[int]]:
    """(seqs to erase, seqs already erased, record numbers not in the log)."""
    wanted = set(records)
    matcher = PersonMatcher(person) if person else None
    handle = _handle(account) if account else None
    if handle == "":
        raise LogError("--account needs a handle", Location(field="--account"))
    found: list[int] = []
    already: list[int] = []
    seen: set[int] = set()
    with log.snapshot():
        for rec in log.records():
            seen.add(rec.seq)
            if rec.seq in wanted or (
                rec.input is not None and _selected(rec.input, rec.decision, handle, matcher)
            ):
                (already if rec.erased else found).append(rec.seq)
    return found, already, sorted(wanted - seen)


def erase(
    log: DecisionLog,
    reason: str,
    records: Sequence[int] = (),
    account: str | None = None,
    person: str | None = None,
) -> EraseResult:
    """Erase what the selectors match, leaving tombstones; see the module docstring."""
    if not (records or account or person):
        raise LogError("say what to erase: --record, --account or --person")
    if not reason.strip():
        raise LogError("an erasure needs a reason (--reason)", Location(field="--reason"))
    found, already, missing = select(log, records, account, person)
    kinds = [k for k, v in (("record", records), ("account", account), ("person", person)) if v]
    selector = "+".join(kinds)
    res = EraseResult(already=already, missing=missing)
    if found:
        res.erased = log.erase_records(found, reason.strip(), selector)
    return res
