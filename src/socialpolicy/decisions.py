"""Decisions: the verdict on one post, and every finding traced to rule, clause and sentence."""

from __future__ import annotations

import functools
import hashlib
from datetime import date
from enum import Enum

from pydantic import Field

from socialpolicy._model import Frozen
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


def verdict_of(findings: tuple[Finding, ...]) -> Verdict:
    if not findings:
        return Verdict.PASS
    return Verdict(max(findings, key=lambda f: f.level.rank).level.value)


def input_digest(post: Post, account: Account | None) -> str:
    """sha256 over the judged input's JSON (fields in model order, as given)."""
    h = hashlib.sha256(b'{"post":')
    h.update(post.model_dump_json().encode())
    h.update(b',"account":')
    h.update(_account_json(account) if account is not None else b"null")
    h.update(b"}")
    return "sha256:" + h.hexdigest()


@functools.lru_cache(maxsize=1024)
def _account_json(account: Account) -> bytes:
    """An account's JSON; accounts are frozen and repeat across a batch."""
    return account.model_dump_json().encode()
