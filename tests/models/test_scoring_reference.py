"""The scorers' packed sums against the plain definition: a stretch's score is the sum over the
trainer's features (`feature_counts`) of weight times count, over `feature_total` features.
The offensive model packs a word's sum and count in one int and its pairs into the same sum;
the clause scorer packs every clause of a pack in signed fields of one int. Whatever the
weights' signs and whichever pairs a clause knows, both read back the plain sums exactly."""

from __future__ import annotations

import math
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from socialpolicy.models._ngrams import FeatureConfig, feature_counts, feature_total, tokens
from socialpolicy.models.clauses import ClauseModel, PackScorer, load_clause_reader
from socialpolicy.models.offensive import load_offensive_model
from socialpolicy.normalise import normalise

PIECES = [
    "you", "are", "a", "stupid", "idiot", "i", "don't", "hate", "them", "not", "vote",
    "for", "the", "mayor", "his", "address", "@bob", "f*ck", "police", "officer", "victim",
    "rt", "😀", "it's", ".", ",", "!", '"', "scum", "trash", "kill", "love", "thank",
]  # fmt: skip
TEXTS = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=30).map(" ".join), st.text(max_size=100)
)


def reference(
    segments: Sequence[Sequence[str]],
    config: FeatureConfig,
    unigrams: dict[str, int],
    bigrams: dict[str, int],
    chars: dict[str, int],
) -> tuple[int, int]:
    """(weight sum, feature count) by the trainer's feature view."""
    tables = {"u": unigrams, "b": bigrams, "c": chars}
    counts = feature_counts(segments, config)
    total = sum(tables[k[0]].get(k[2:], 0) * c for k, c in counts.items())
    return total, feature_total(segments, config)


def logit(bias: float, scale: float, total: int, count: int) -> float:
    return bias if count == 0 else bias + scale * total / math.sqrt(count)


@settings(max_examples=150, deadline=None)
@given(st.lists(TEXTS, max_size=3))
def test_offensive_sums_are_the_feature_sums(texts: list[str]) -> None:
    model = load_offensive_model()
    segments = [tokens(normalise(t)) for t in texts]
    assert model.raw(segments) == reference(
        segments, model.config, model.unigrams, model.bigrams, model.chars
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(TEXTS, max_size=3), st.sampled_from(["toronto", "edmonton"]))
def test_every_shipped_clause_logit_is_its_feature_sum(texts: list[str], pack: str) -> None:
    scorer = load_clause_reader().scorer(pack)
    assert scorer is not None
    segments = [tokens(normalise(t)) for t in texts]
    expected = [
        logit(m.bias, m.scale, *reference(segments, m.config, m.unigrams, m.bigrams, m.chars))
        for m in scorer.models
    ]
    assert scorer.logits(segments) == expected
    assert [m.logit(segments) for m in scorer.models] == expected


WORDS = st.sampled_from(["a", "b", "c", "d"])
WEIGHT = st.integers(-(2**15), 2**15)
PAIRS = st.tuples(WORDS, WORDS).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(WORDS, max_size=10), max_size=3),
    st.lists(
        st.tuples(
            st.dictionaries(WORDS, WEIGHT, max_size=4),
            st.dictionaries(PAIRS, WEIGHT, max_size=6),
            st.dictionaries(st.sampled_from(["<a", "a>", "<b>", "<c"]), WEIGHT, max_size=3),
        ),
        min_size=1,
        max_size=5,
    ),
    st.booleans(),
)
def test_signed_fields_read_back_every_clause_exactly(
    segments: list[list[str]],
    tables: list[tuple[dict[str, int], dict[str, int], dict[str, int]]],
    grams: bool,
) -> None:
    """Negative sums borrow from the field above and are read back; a pair or word one clause
    does not weigh adds nothing to it; character n-grams, when on, count as the trainer's."""
    config = FeatureConfig(word_ngrams=2, char_min=2, char_max=3 if grams else 0)
    models = [
        ClauseModel(f"x.{k}", config, 0.25 * k - 1, 0.001 * (k + 1), 0.0, u, b, c if grams else {})
        for k, (u, b, c) in enumerate(tables)
    ]
    expected = [
        logit(m.bias, m.scale, *reference(segments, config, m.unigrams, m.bigrams, m.chars))
        for m in models
    ]
    assert PackScorer(models).logits(segments) == expected
    assert [m.logit(segments) for m in models] == expected
