"""Rules: versioned, dated, cited checks that implement clauses."""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import Enum

from pydantic import Field, field_validator, model_validator

from socialpolicy._model import Frozen
from socialpolicy.citations import Citation
from socialpolicy.clauses import AccountKind, Organisation, Role
from socialpolicy.conditions import Condition
from socialpolicy.inputs import Account, Post

SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")


class Level(str, Enum):
    """Outcome levels, lowest first. `pass` is a verdict only, never a finding level."""

    ADVICE = "advice"
    REVIEW = "review"
    VIOLATION = "violation"

    @property
    def rank(self) -> int:
        return _RANK[self.value]


_RANK = {"pass": 0, "advice": 1, "review": 2, "violation": 3}


class Determinacy(str, Enum):
    DETERMINISTIC = "deterministic"  # the pattern is a breach by itself
    HEURISTIC = "heuristic"  # a detector's judgement that a person should confirm


class Scope(str, Enum):
    """What a rule looks at. Account rules do not run when no account is given."""

    POST = "post"
    ACCOUNT = "account"


class Applicability(Frozen):
    """Whom a rule judges. Empty lists mean 'any'."""

    organisations: tuple[Organisation, ...] = ()
    roles: tuple[Role, ...] = ()
    account_kinds: tuple[AccountKind, ...] = ()
    identifies_as_member: bool | None = Field(
        default=None,
        description="true: only accounts that identify as members (stated, inferred, or renamed).",
    )


class RuleCitation(Frozen):
    """What a rule relies on: a clause, and the sentence of it (quoted verbatim)."""

    clause: str
    quote: str = Field(min_length=1, description="Verbatim text inside the clause's cited text.")


class ExamplePost(Post):
    """A Post whose id and created_at may be left out (the loader fills them in)."""

    id: str = Field(default="example", min_length=1, max_length=512)
    created_at: datetime | None = None  # type: ignore[assignment]


class Example(Frozen):
    """A post (and account) on which a rule must fire, or must not."""

    text: str | None = Field(
        default=None, description="Shorthand for a public post with this text."
    )
    post: ExamplePost | None = None
    account: Account | None = Field(default=None, description="Omitted: the pack's assumed member.")
    as_of: date | None = Field(default=None, description="Defaults to the rule's effective_from.")
    note: str | None = None

    @model_validator(mode="after")
    def _one_post(self) -> Example:
        if (self.text is None) == (self.post is None):
            raise ValueError("an example gives exactly one of 'text' and 'post'")
        return self


class Examples(Frozen):
    fires: tuple[Example, ...] = Field(default=(), description="The rule must fire on each.")
    passes: tuple[Example, ...] = Field(default=(), description="The rule must not fire on any.")


class Rule(Frozen):
    """One version of a rule."""

    id: str = Field(pattern=r"^[a-z]+\.[a-z0-9][a-z0-9.-]*$")
    version: str = Field(description="Semantic version, e.g. '1.2.0'.")
    effective_from: date
    effective_to: date | None = Field(default=None, description="Last day in force (inclusive).")
    title: str
    implements: tuple[RuleCitation, ...] = Field(min_length=1)
    scope: Scope = Scope.POST
    applies_to: Applicability = Applicability()
    when: Condition
    level: Level
    determinacy: Determinacy
    message: str
    remediation: str
    examples: Examples = Examples()
    change: str | None = Field(default=None, description="What changed in this version, and why.")
    budget: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description=(
            "False-positive budget of a heuristic rule: the largest share of ordinary police "
            "posts it may fire on (0.005 = 0.5%). Calibrated on the even rows of the UK police "
            "tweets only; the accuracy benchmark reports the odd rows against it."
        ),
    )
    citations: tuple[Citation, ...] = Field(
        default=(), description="Resolved by the loader from `implements`; not written by hand."
    )

    @field_validator("version")
    @classmethod
    def _semver(cls, value: str) -> str:
        if not SEMVER.match(value):
            raise ValueError(f"version {value!r} is not a semantic version like 1.0.0")
        return value

    @model_validator(mode="after")
    def _dates(self) -> Rule:
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError(
                f"effective_to {self.effective_to} is before effective_from {self.effective_from}"
            )
        return self

    @property
    def clause_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.clause for c in self.implements))

    @property
    def version_key(self) -> tuple[int, int, int]:
        major, minor, patch = (int(p) for p in self.version.split("."))
        return major, minor, patch

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)
