"""Evidence and Span define their own ==/hash (they are compared on every evaluation):
they must mean exactly what model equality means, field by field."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from socialpolicy.citations import Span, trusted_span
from socialpolicy.detectors._windows import evidence as window_evidence
from socialpolicy.evidence import Evidence, trusted_evidence
from socialpolicy.normalise import normalise

_small = st.text(alphabet="ab", max_size=2)
spans = st.none() | st.builds(
    lambda a, n: Span(start=a, end=a + n), st.integers(0, 2), st.integers(0, 2)
)
evidence = st.builds(
    lambda d, f, t, s: Evidence(detector=d, field=f, text=t, span=s), _small, _small, _small, spans
)


@given(evidence, evidence)
def test_evidence_equality_is_field_equality(a: Evidence, b: Evidence) -> None:
    same = a.model_dump() == b.model_dump()
    assert (a == b) is same
    assert (a != b) is not same
    if same:
        assert hash(a) == hash(b)


@given(spans.filter(lambda s: s is not None), spans.filter(lambda s: s is not None))
def test_span_equality_is_field_equality(a: Span, b: Span) -> None:
    assert (a == b) is ((a.start, a.end) == (b.start, b.end))
    if a == b:
        assert hash(a) == hash(b)


def test_models_of_other_types_are_never_equal() -> None:
    span = Span(start=1, end=2)
    ev = Evidence(detector="d", field="text", text="x", span=span)
    assert span != (1, 2)
    assert ev != {"detector": "d", "field": "text", "text": "x", "span": span}
    assert ev != span
    assert len({ev, Evidence(detector="d", field="text", text="x", span=Span(start=1, end=2))}) == 1


# -- trusted_span, trusted_evidence: the library's own values, not validated again ----------


def _same_model(fast: Span | Evidence, slow: Span | Evidence) -> None:
    assert type(fast) is type(slow)
    assert fast == slow and slow == fast
    assert hash(fast) == hash(slow)
    assert fast.model_dump_json() == slow.model_dump_json()
    assert fast.model_dump() == slow.model_dump()
    assert fast.model_fields_set == slow.model_fields_set
    assert fast.__pydantic_extra__ == slow.__pydantic_extra__
    assert fast.__pydantic_private__ == slow.__pydantic_private__
    assert type(fast).model_validate_json(fast.model_dump_json()) == slow


@given(st.integers(0, 10**6), st.integers(0, 10**6))
def test_a_trusted_span_is_the_validated_span(a: int, n: int) -> None:
    _same_model(trusted_span(a, a + n), Span(start=a, end=a + n))


def test_a_trusted_span_of_bad_offsets_fails_as_validation_does() -> None:
    for start, end in [(3, 2), (-1, 2), (-3, -1)]:
        with pytest.raises(ValidationError):
            trusted_span(start, end)
    _same_model(trusted_span(True, 2), Span(start=True, end=2))  # not an exact int: validated


@given(st.text(max_size=8), st.text(max_size=8), st.text(max_size=20), spans)
def test_trusted_evidence_is_the_validated_evidence(
    detector: str, field: str, text: str, span: Span | None
) -> None:
    fast = trusted_evidence(detector, field, text, span)
    _same_model(fast, Evidence(detector=detector, field=field, text=text, span=span))
    if span is not None:
        assert fast.span is span


def test_trusted_evidence_of_other_types_is_validated() -> None:
    with pytest.raises(ValidationError):
        trusted_evidence("d", "f", 3, None)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        trusted_evidence("d", "f", "t", (1, 2))  # type: ignore[arg-type]


@given(st.text(max_size=40), st.data())
def test_window_evidence_is_what_to_original_located(raw: str, data: st.DataObject) -> None:
    nt = normalise(raw)
    start = data.draw(st.integers(0, len(nt.text)))
    end = data.draw(st.integers(start, len(nt.text)))
    span = nt.to_original(start, end)
    slow = Evidence(detector="d", field="text", text=nt.original[span.start : span.end], span=span)
    _same_model(window_evidence("d", "text", nt, start, end), slow)


def test_trusted_models_do_not_share_their_fields_set() -> None:
    # `trusted_model` sets a fresh set per instance, as validation does: a set shared between
    # instances would let one model's bookkeeping change another's.
    a, b = trusted_span(1, 2), trusted_span(1, 2)
    assert a.model_fields_set == b.model_fields_set == {"start", "end"}
    assert a.model_fields_set is not b.model_fields_set
    e, f = trusted_evidence("d", "text", "x", a), trusted_evidence("d", "text", "x", a)
    assert e.model_fields_set is not f.model_fields_set
