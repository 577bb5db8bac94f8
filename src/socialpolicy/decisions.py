"""Decisions: the verdict on one post, and every finding traced to rule, clause and sentence."""

from __future__ import annotations

import hashlib
from datetime import date
from enum import Enum

from pydantic import Field

from socialpolicy._model import Frozen, trusted_model
from socialpolicy.citations import Citation
from socialpolicy.evidence import Evidence
from socialpolicy.inputs import Account, Post
from socialpolicy.rules import Determinacy, Level


class Verdict(str, Enum):
    PASS = "pass"
    ADVICE = "advice"
    REVIEW = "review"
    VIOLATION = "violation"

    @property
    def rank(self) -> int:
        return ("pass", "advice", "review", "violation").index(self.value)


class Finding(Frozen):
    """One rule that fired: what it found, where, and which sentence it rests on."""

    level: Level
    rule_id: str
    rule_version: str
    clause_ids: tuple[str, ...]
    citations: tuple[Citation, ...]
    evidence: tuple[Evidence, ...]
    message: str
    remediation: str
    determinacy: Determinacy


class PackRef(Frozen):
    id: str
    version: str
    digest: str


class EngineRef(Frozen):
    name: str
    version: str


class Decision(Frozen):
    """The judgement of one post. Same input and pack digest give the same JSON."""

    post_id: str
    verdict: Verdict
    findings: tuple[Finding, ...]
    pack: PackRef
    engine: EngineRef
    as_of: date
    input_digest: str
    account_assumed: bool = Field(
        description="No account was given: the post was judged as written by the pack's "
        "assumed member, and account-level rules did not run."
    )
    notes: tuple[str, ...] = Field(
        default=(),
        description="Anything a reader must know to trust a pass: e.g. that no rule "
        "version of the pack was in force on as_of.",
    )

    @property
    def clause_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c for f in self.findings for c in f.clause_ids))


_DECISION_FIELDS = frozenset(Decision.model_fields)


def trusted_decision(
    post_id: str,
    verdict: Verdict,
    findings: tuple[Finding, ...],
    pack: PackRef,
    engine: EngineRef,
    as_of: date,
    input_digest: str,
    account_assumed: bool,
    notes: tuple[str, ...],
) -> Decision:
    """A `Decision` from values the Policy built and typed itself, without validating them again
    (pydantic's check of nine typed fields is about 3 µs a post; `model_construct` is slower still).

    Every value must already have its field's exact type (`str`, `Verdict`, a tuple of `Finding`,
    `date` but not a `datetime`, ...): the JSON and `==` are then the validated model's
    (tests/test_decisions.py compares the two).
    """
    # What `model_construct` sets, in field order (the serializer reads the fields by name).
    return trusted_model(
        Decision,
        {
            "post_id": post_id,
            "verdict": verdict,
            "findings": findings,
            "pack": pack,
            "engine": engine,
            "as_of": as_of,
            "input_digest": input_digest,
            "account_assumed": account_assumed,
            "notes": notes,
        },
        _DECISION_FIELDS,
    )


def verdict_of(findings: tuple[Finding, ...]) -> Verdict:
    if not findings:
        return Verdict.PASS
    return Verdict(max(findings, key=lambda f: f.level.rank).level.value)


def input_digest(post: Post, account: Account | None) -> str:
    """sha256 over the judged input's JSON (fields in model order, as given)."""
    return digest_of(post, account_json(account) if account is not None else None)


def digest_of(post: Post, account_json: bytes | None) -> str:
    """`input_digest` with the account's JSON already serialised (callers that judge many
    posts of one account serialise it once)."""
    data = b"".join(
        (
            b'{"post":',
            post.__pydantic_serializer__.to_json(post),  # model_dump_json, without str
            b',"account":',
            b"null" if account_json is None else account_json,
            b"}",
        )
    )
    return "sha256:" + hashlib.sha256(data).hexdigest()


def account_json(account: Account) -> bytes:
    """An account's JSON, as `input_digest` hashes it."""
    return account.__pydantic_serializer__.to_json(account)
