from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from _paths import POLICIES
from socialpolicy.citations import Citation, Span, nearest_match, verify

DOCS = {
    "toronto": (POLICIES / "toronto/source/social-engagement-guidelines.txt").read_text("utf-8"),
    "edmonton": (POLICIES / "edmonton/source/policy-4-2-4-social-media.txt").read_text("utf-8"),
}


def test_span_length_must_match_quote() -> None:
    with pytest.raises(ValidationError, match="characters long"):
        Citation(document_id="d", section="s", quote="abc", span=Span(start=0, end=4))


def test_span_end_before_start_rejected() -> None:
    with pytest.raises(ValidationError):
        Span(start=5, end=2)


@st.composite
def doc_span(draw: st.DrawFn) -> tuple[str, int, int]:
    name = draw(st.sampled_from(sorted(DOCS)))
    text = DOCS[name]
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, min(len(text), start + 300)))
    return name, start, end


@given(doc_span())
def test_any_span_cited_at_its_position_verifies(case: tuple[str, int, int]) -> None:
    name, start, end = case
    text = DOCS[name]
    cit = Citation(
        document_id=name, section="x", quote=text[start:end], span=Span(start=start, end=end)
    )
    assert text[cit.span.start : cit.span.end] == cit.quote
    assert Citation.model_validate_json(cit.model_dump_json()) == cit


@given(doc_span(), st.data())
@settings(max_examples=200)
def test_changing_any_quoted_character_fails(
    case: tuple[str, int, int], data: st.DataObject
) -> None:
    name, start, end = case
    text = DOCS[name]
    quote = text[start:end]
    i = data.draw(st.integers(0, len(quote) - 1))
    replacement = data.draw(st.characters(codec="utf-8"))
    assume(replacement != quote[i])
    changed = quote[:i] + replacement + quote[i + 1 :]
    good = Citation(document_id=name, section="x", quote=quote, span=Span(start=start, end=end))
    bad = Citation(document_id=name, section="x", quote=changed, span=Span(start=start, end=end))
    assert verify(good, text) is None
    problem = verify(bad, text)
    assert problem is not None and repr(changed) in problem and repr(quote) in problem


def test_nearest_match_finds_exact_and_close_text() -> None:
    text = DOCS["toronto"]
    span, found = nearest_match(text, "Always be respectful and patient with others.") or (None, "")
    assert found == "Always be respectful and patient with others."
    near = nearest_match(text, "Always be respectfull and patient with others.")
    assert near is not None and "respectful and patient" in near[1]


def test_source_documents_are_the_seeds_byte_for_byte() -> None:
    seeds = POLICIES.parent.parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/seeds not present")
    for shipped, seed in (
        ("toronto/source/social-engagement-guidelines.txt", "000_3573c5705490f9a9.txt"),
        ("edmonton/source/policy-4-2-4-social-media.txt", "003_d98df7789b8ba882.txt"),
    ):
        assert (POLICIES / shipped).read_bytes() == (seeds / seed).read_bytes()


def test_quirks_present_in_shipped_text() -> None:
    # The citation checker must cope with these (seeds/README.md).
    assert "\u2019" in DOCS["edmonton"]
    assert "*Code of Conduct*" in DOCS["edmonton"]
    assert "Questions...ASK" in DOCS["toronto"]
    assert (
        not Path(POLICIES / "toronto/source/social-engagement-guidelines.txt")
        .read_bytes()
        .endswith(b"\n")
    )
