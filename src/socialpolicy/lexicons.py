"""Lexicons: word and phrase lists a policy writer edits, matched by detectors."""

from __future__ import annotations

from enum import Enum

from pydantic import Field, model_validator

from socialpolicy._model import Frozen


class MatchMode(str, Enum):
    WORD = "word"  # whole words or phrases, on word boundaries, after normalisation
    PREFIX = "prefix"  # words starting with the term (e.g. 'donat' matches 'donate', 'donations')


class Lexicon(Frozen):
    """A named list of terms. Terms are matched after normalisation (case, accents, obfuscation)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    description: str
    match: MatchMode = MatchMode.WORD
    terms: tuple[str, ...] = Field(min_length=1)
    examples_match: tuple[str, ...] = Field(
        default=(), description="Texts in which at least one term must be found."
    )
    examples_no_match: tuple[str, ...] = Field(
        default=(), description="Texts in which no term may be found."
    )

    @model_validator(mode="after")
    def _clean_terms(self) -> Lexicon:
        seen: set[str] = set()
        for term in self.terms:
            if not term.strip():
                raise ValueError("a term is empty")
            key = term.casefold()
            if key in seen:
                raise ValueError(f"term {term!r} is listed twice")
            seen.add(key)
        return self


class ContactKind(str, Enum):
    PHONE = "phone"
    EMAIL = "email"
    ADDRESS = "address"
    URL = "url"
    HANDLE = "handle"


class Contact(Frozen):
    """A public contact of the organisation: sharing it is never a privacy breach."""

    kind: ContactKind
    value: str = Field(min_length=1)
    label: str
    source: str | None = Field(default=None, description="Where the contact is published.")
