"""Evidence: what a detector saw, and where in the input it saw it."""

from __future__ import annotations

from pydantic import Field

from socialpolicy._model import Frozen
from socialpolicy.citations import Span


class Evidence(Frozen):
    """One observation. `span` indexes the original field text as given (before normalisation)."""

    detector: str
    field: str = Field(description="Input field, e.g. 'text', 'media[0].people[1].consent'.")
    text: str = Field(description="What was seen, as the author wrote it (bounded).")
    span: Span | None = None

    # Evidence is compared on every evaluation (dedup while folding hits): compare the four
    # fields directly rather than through the generic model machinery. Same semantics.
    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Evidence)
        return (
            self.text == other.text
            and self.field == other.field
            and self.detector == other.detector
            and self.span == other.span
        )

    def __hash__(self) -> int:
        return hash((self.detector, self.field, self.text, self.span))
