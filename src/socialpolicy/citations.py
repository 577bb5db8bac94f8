"""Citations: a verbatim quote of a source document at a character span."""

from __future__ import annotations

import difflib

from pydantic import Field, model_validator

from socialpolicy._model import Frozen, trusted_model


class Span(Frozen):
    """Half-open character range `[start, end)` into a text."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError(f"span end {self.end} is before start {self.start}")
        return self

    # Spans are compared and hashed on every evaluation (evidence dedup): compare the two
    # integers directly rather than through the generic model machinery. Same semantics.
    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Span)
        return self.start == other.start and self.end == other.end

    def __hash__(self) -> int:
        return hash((self.start, self.end))


_SPAN_FIELDS = frozenset(Span.model_fields)


def trusted_span(start: int, end: int) -> Span:
    """`Span(start=start, end=end)` without pydantic's validation, for offsets the library
    computed itself (evidence locates about one span a post, inside `evaluate`): the same
    model, `==`, hash and JSON (tests/test_evidence.py compares the two). Anything but two
    exact ints with 0 <= start <= end goes through validation, and its error, as before."""
    if type(start) is not int or type(end) is not int or not 0 <= start <= end:
        return Span(start=start, end=end)
    # What validation sets (`_model.trusted_model`, as for Evidence and Decision).
    return trusted_model(Span, {"start": start, "end": end}, _SPAN_FIELDS)


class Citation(Frozen):
    """A quote of a source document: `document.text[span.start:span.end] == quote`."""

    document_id: str
    section: str = Field(
        description="Section label as the document names it, e.g. 'Guidelines 3 c)'."
    )
    quote: str = Field(min_length=1)
    span: Span

    @model_validator(mode="after")
    def _length(self) -> Citation:
        if self.span.end - self.span.start != len(self.quote):
            raise ValueError(
                f"span {self.span.start}..{self.span.end} is {self.span.end - self.span.start} "
                f"characters long but the quote is {len(self.quote)}"
            )
        return self


def nearest_match(text: str, quote: str, around: int | None = None) -> tuple[Span, str] | None:
    """Where `quote` occurs in `text` (exactly, else the closest passage), for error messages.

    An exact occurrence wins (nearest to `around` when given); otherwise the passage of
    the same length with the highest similarity.
    """
    if not quote or not text:
        return None
    starts = []
    i = text.find(quote)
    while i != -1:
        starts.append(i)
        i = text.find(quote, i + 1)
    if starts:
        best = min(starts, key=lambda s: abs(s - around)) if around is not None else starts[0]
        return Span(start=best, end=best + len(quote)), quote
    matcher = difflib.SequenceMatcher(None, text, quote, autojunk=False)
    block = max(matcher.get_matching_blocks(), key=lambda b: b.size)
    if block.size == 0:
        return None
    start = max(0, block.a - block.b)
    end = min(len(text), start + len(quote))
    return Span(start=start, end=end), text[start:end]


def aligned_passage(text: str, quote: str, around: int | None = None) -> str | None:
    """The passage of `text` that best lines up with `quote`, for showing a diff.

    Unlike `nearest_match`, its length follows the text: a word shortened or lengthened
    by an edit does not pull the next word into the passage.
    """
    near = nearest_match(text, quote, around)
    if near is None:
        return None
    span, found = near
    if found == quote:
        return found
    lo = max(0, span.start - 40)
    window = text[lo : span.end + 80]
    blocks = [
        b
        for b in difflib.SequenceMatcher(None, window, quote, autojunk=False).get_matching_blocks()
        if b.size
    ]
    if not blocks:
        return found
    start = max(0, blocks[0].a - blocks[0].b)
    last = blocks[-1]
    end = min(len(window), last.a + last.size + (len(quote) - last.b - last.size))
    return window[start:end]


def find_unique(text: str, quote: str) -> list[int]:
    """Every start offset of `quote` in `text`."""
    out: list[int] = []
    i = text.find(quote)
    while i != -1:
        out.append(i)
        i = text.find(quote, i + 1)
    return out


def verify(cit: Citation, text: str) -> str | None:
    """None when `text[span] == quote`; otherwise what is wrong and the nearest text found."""
    found = text[cit.span.start : cit.span.end]
    if found == cit.quote:
        return None
    near = nearest_match(text, cit.quote, around=cit.span.start)
    hint = ""
    if near is not None:
        span, near_text = near
        hint = (
            f"; the quote occurs at {span.start}..{span.end}"
            if near_text == cit.quote
            else f"; nearest text in the document is {near_text!r} at {span.start}..{span.end}"
        )
    return (
        f"quote {cit.quote!r} is not at {cit.span.start}..{cit.span.end} of "
        f"{cit.document_id!r}; found {found!r} there{hint}"
    )
