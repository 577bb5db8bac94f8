"""Evidence: what a detector saw, and where in the input it saw it."""

from __future__ import annotations

from pydantic import Field

from socialpolicy._model import Frozen, trusted_model
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


_EVIDENCE_FIELDS = frozenset(Evidence.model_fields)


def trusted_evidence(detector: str, field: str, text: str, span: Span | None) -> Evidence:
    """`Evidence(detector=..., field=..., text=..., span=...)` without pydantic's validation,
    for values the library computed itself (a detector's name, a field's name, a slice of the
    post, a `Span`): the same model, `==`, hash and JSON (tests/test_evidence.py compares the
    two). Values of any other type go through validation, as before."""
    if (
        type(detector) is not str
        or type(field) is not str
        or type(text) is not str
        or (span is not None and type(span) is not Span)
    ):
        return Evidence(detector=detector, field=field, text=text, span=span)
    return trusted_model(
        Evidence,
        {"detector": detector, "field": field, "text": text, "span": span},
        _EVIDENCE_FIELDS,
    )
