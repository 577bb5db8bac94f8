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
