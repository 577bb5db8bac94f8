"""RoleField's per-sentence reads: the same answers as rescanning, without rescanning."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from socialpolicy.detectors.respect.grammar import TOKEN
from socialpolicy.detectors.role.view import RoleField
from socialpolicy.normalise import normalise

VOCAB = frozenset({"i'm", "im", "am"})
WORDS = st.sampled_from(["i'm", "im", "am", "not", "a", "cop", "today", "ham", "@im", "*", "'"])


def _field(text: str) -> RoleField:
    nt = normalise(text)
    return RoleField("role", "text", text, nt, lambda: None)  # type: ignore[arg-type,return-value]


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, max_size=30), st.data())
def test_said_before_is_findall_on_the_span(words: list[str], data: st.DataObject) -> None:
    f = _field(" ".join(words))
    text = f.text
    before = data.draw(st.integers(0, len(text)))
    want = any(w in VOCAB for w in TOKEN.findall(text, 0, before))
    assert f.said_before(VOCAB, 0, len(text), before) is want


def test_said_before_reads_a_long_sentence_once() -> None:
    """The sentence's words are read once, not up to each position asked about."""
    text = " ".join(["not a cop today"] * 2000) + " im"
    f = _field(text)
    calls = 0
    real = f._sentence_words  # noqa: SLF001

    def counted(a: int, b: int) -> tuple[list[int], list[int]]:
        nonlocal calls
        calls += 1
        return real(a, b)

    f._sentence_words = counted  # type: ignore[method-assign]  # noqa: SLF001
    for pos in range(0, len(f.text), 97):
        assert not f.said_before(VOCAB, 0, len(f.text), pos) or pos > len(f.text) - 3
    assert len(f._words) == 1  # noqa: SLF001
    assert len(f._first_of) == 1  # noqa: SLF001
    assert calls == len(range(0, len(f.text), 97))
