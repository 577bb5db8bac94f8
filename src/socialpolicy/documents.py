"""Source documents: the policy text shipped byte for byte inside a pack."""

from __future__ import annotations

import hashlib
from datetime import date

from pydantic import Field, PrivateAttr

from socialpolicy._model import Frozen


class DocumentDate(Frozen):
    """A date field of a document: `known` is False when the document leaves it blank."""

    label: str = Field(description="The field's name in the document, e.g. 'Effective'.")
    known: bool = False
    value: date | None = None
    note: str | None = Field(default=None, description="Why it is unknown, or where it came from.")


class DocumentMetadata(Frozen):
    """What the document says about itself. Blank fields stay unknown; none is invented."""

    reference: str | None = Field(
        default=None, description="The document's own number, e.g. '4.2.4'."
    )
    status: str | None = Field(
        default=None, description="A status marker the document carries, e.g. 'NEW'."
    )
    dates: tuple[DocumentDate, ...] = ()
    url: str | None = None
    received: str | None = Field(default=None, description="How and where the text was obtained.")


class SourceDocument(Frozen):
    """A policy document shipped inside a pack; `text` is its exact decoded content."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9.-]*$")
    title: str
    issuer: str
    file: str = Field(description="Path of the text file, relative to the pack directory.")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    encoding: str = "utf-8"
    metadata: DocumentMetadata = DocumentMetadata()

    _text: str = PrivateAttr(default="")

    @property
    def text(self) -> str:
        """The document's text, exactly as shipped."""
        return self._text

    def with_text(self, raw: bytes) -> SourceDocument:
        """A copy carrying `raw` decoded; the caller has checked the hash."""
        doc = self.model_copy()
        doc._text = raw.decode(self.encoding)
        return doc


def sha256_hex(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()
