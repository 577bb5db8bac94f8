"""Clauses: one duty or statement of a source document, with its citations."""

from __future__ import annotations

from enum import Enum

from pydantic import Field, model_validator

from socialpolicy._model import Frozen
from socialpolicy.citations import Citation


class Modality(str, Enum):
    MUST = "must"
    MUST_NOT = "must_not"
    SHOULD = "should"
    MAY = "may"
    INFORMATIONAL = "informational"


class CheckedBy(str, Enum):
    """How a clause can be checked."""

    POST = "post"  # the content of a post
    ACCOUNT = "account"  # account metadata
    ORGANISATIONAL = "organisational"  # duties of the organisation, not checkable on a post
    ADVISORY = "advisory"  # guidance only


class Organisation(str, Enum):
    TPS = "tps"
    EPC = "epc"
    OTHER = "other"


class Role(str, Enum):
    OFFICER = "officer"
    CIVILIAN = "civilian"
    COMMISSIONER = "commissioner"
    COMMISSION_STAFF = "commission_staff"
    THIRD_PARTY = "third_party"
    OTHER = "other"


class AccountKind(str, Enum):
    PERSONAL = "personal"
    OFFICIAL = "official"


class Binds(Frozen):
    """Who a clause binds: an empty list means 'any'."""

    organisations: tuple[Organisation, ...] = ()
    roles: tuple[Role, ...] = ()
    account_kinds: tuple[AccountKind, ...] = ()
    note: str | None = Field(default=None, description="Any condition the lists cannot say.")


class Clause(Frozen):
    """A clause of a source document, cited verbatim."""

    id: str = Field(pattern=r"^[a-z]+\.[a-z0-9][a-z0-9.-]*$")
    heading: str
    text: str = Field(description="The clause's text, verbatim from the document.")
    citations: tuple[Citation, ...] = Field(min_length=1)
    modality: Modality
    binds: Binds
    checked_by: CheckedBy
    check_note: str | None = Field(
        default=None,
        description="One line on why the clause cannot be checked on a post or account.",
    )
    duties: tuple[str, ...] = Field(
        default=(),
        description="Short names of the separate duties, for clauses that hold several.",
    )

    @model_validator(mode="after")
    def _note_when_unchecked(self) -> Clause:
        if (
            self.checked_by in (CheckedBy.ORGANISATIONAL, CheckedBy.ADVISORY)
            and not self.check_note
        ):
            raise ValueError(
                f"clause {self.id}: checked_by {self.checked_by.value} needs a check_note "
                "saying why it is not checked on a post or account"
            )
        return self
