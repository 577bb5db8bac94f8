"""Evidence and Span define their own ==/hash (they are compared on every evaluation):
they must mean exactly what model equality means, field by field."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from socialpolicy.citations import Span
from socialpolicy.evidence import Evidence

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
