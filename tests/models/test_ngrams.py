"""The shared token and n-gram reading (`socialpolicy.models._ngrams`): its fast paths read
exactly what the plain definitions read."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from socialpolicy.models._ngrams import (
    _TOKEN,
    _TOKEN_FAST,
    _TOKEN_OR_END,
    DENIED,
    NEGATED,
    _find,
    _words,
    feature_counts,
    negation_free,
    readings,
    tokens,
    word_grams,
)
from socialpolicy.models.offensive import load_offensive_model
from socialpolicy.normalise import normalise

# Pieces that exercise every branch of the reading: negations (declarative, commands, to
# "you"), clause ends, "but", mentions and their runs, the retweet marker, apostrophes inside
# and after words, masks, emoji, underscores, links and entities.
PIECES = [
    "i", "they", "you", "not", "don't", "no", "never", "nobody", "but", "and", "because",
    "why", "hate", "them", "stupid", "animals", "better", "than", "rt", "@bob", "@x_1", "'",
    "kids'", "it's", "''", "f*ck", "*", ".", ",", "!", "?", '"', "(", ")", ";", "_", "a_",
    "😀", "☀", "➀", "&amp;", "http://t.co/x", "é", "ß", "can't'", "o'", "-",
]  # fmt: skip
TEXTS = st.lists(
    st.tuples(st.sampled_from(PIECES), st.sampled_from(["", " ", "  ", "\n"])), max_size=40
).map(lambda parts: "".join(a + b for a, b in parts))


@settings(max_examples=300, deadline=None)
@given(st.one_of(TEXTS, st.text(max_size=80)))
def test_chunked_tokens_are_the_pattern_s_tokens(text: str) -> None:
    assert _words(_find(_TOKEN_FAST, text), "'" in text) == _TOKEN.findall(text)


# Words between the characters `_find` strips from a chunk's ends, and the ones it keeps.
EDGY = st.text(
    alphabet=st.one_of(
        st.sampled_from("ab1é_*'@.,;:!?()[]\"#-/&$%+<=>^`{|}~\\ \n\x00\x07😀☀➀ß"),
        st.characters(),
    ),
    max_size=40,
)


@settings(max_examples=400, deadline=None)
@given(st.one_of(TEXTS, EDGY))
def test_the_chunked_search_is_the_pattern_s_findall(text: str) -> None:
    assert _find(_TOKEN_FAST, text) == _TOKEN_FAST.findall(text)
    assert _find(_TOKEN_OR_END, text) == _TOKEN_OR_END.findall(text)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_one_pass_gives_both_readings(text: str) -> None:
    model = load_offensive_model()
    nt = normalise(text)
    plain, denied = readings(nt, offensive=model.leans_offensive)
    assert plain == tokens(nt)
    assert denied == tokens(nt, deny=True, offensive=model.leans_offensive)
    if negation_free(plain):
        assert denied is plain
    # Denial only marks words: the negation word and negated words in its scope.
    assert len(denied) == len(plain)
    for p, d in zip(plain, denied, strict=True):
        assert d == p or d == DENIED + p or (p[0] == NEGATED and d == DENIED + p[1:])


@given(TEXTS)
def test_negation_free_says_whether_a_negation_word_was_read(text: str) -> None:
    found = tokens(normalise(text))
    has = any(t in {"not", "no", "never", "nobody"} or t.endswith("n't") for t in found)
    assert negation_free(found) is not has


def test_word_grams_are_the_trainer_s_character_features() -> None:
    config = load_offensive_model().config
    for word in ["a", "ab", "police", "don't", "f*ck", "x" * 60, "@user", "😀", "~hate"]:
        grams = word_grams(word, config)
        trained = Counter(
            {k[2:]: c for k, c in feature_counts(([word],), config).items() if k[0] == "c"}
        )
        assert Counter(grams) == trained
        assert len(grams) == (config.char_count(len(word)) if word[0].isalnum() else 0)
