"""The optional C extension (`socialpolicy._cngrams`) reads the models' tokens and computes their
n-gram sums exactly as the pure Python does: the same tokens and integers, so the same logits to
the bit, on any text; where it cannot be exact (a sum past 64 bits) the pure path answers.
`SOCIALPOLICY_PURE=1` runs the pure path."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import types
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import socialpolicy
from _paths import REPO, load_benchmark
from socialpolicy.models import _ngrams
from socialpolicy.models._ngrams import (
    _TOKEN_FAST,
    _TOKEN_OR_END,
    FeatureConfig,
    _find_pure,
    char_total,
    feature_counts,
    feature_total,
    tokens,
    word_grams,
)
from socialpolicy.models.clauses import ClauseModel, PackScorer, load_clause_reader
from socialpolicy.models.offensive import load_offensive_model
from socialpolicy.normalise import normalise

needs_c = pytest.mark.skipif(not _ngrams.compiled(), reason="the C extension is not built here")

WORDS = [
    "you", "are", "a", "stupid", "idiot", "don't", "hate", "them", "not", "@bob", "f*ck",
    "rt", "😀", "police", "thank", "vote", "mayor", "address", "kill", "scum", ".", ",", "!",
]  # fmt: skip
# Zero-width and joining characters, combining marks, other scripts, astral characters.
ODD = [
    "\u200b",
    "\u200d",
    "\u2060",
    "\ufeff",
    "e\u0301",
    "ß",
    "Ω",
    "ﬁ",
    "𝐟𝐮𝐜𝐤",
    "ḟ",
    "日本",
    "\U0010ffff",
]
TEXTS = st.one_of(
    st.lists(st.sampled_from(WORDS + ODD), max_size=40).map(" ".join),
    st.text(max_size=200),
    st.lists(st.sampled_from(["a", "b", " ", "*", "'", *ODD]), max_size=300).map("".join),
)


@st.composite
def huge(draw: st.DrawFn) -> str:
    """A drawn text repeated into tens of thousands of characters."""
    return draw(TEXTS) * draw(st.integers(1, 2_000))


def _segments(texts: list[str]) -> list[list[str]]:
    model = load_offensive_model()
    return [tokens(normalise(t), deny=True, offensive=model.leans_offensive) for t in texts]


@needs_c
@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(TEXTS, huge()), max_size=3))
def test_offensive_sums_in_c_are_the_pure_sums(texts: list[str]) -> None:
    model = load_offensive_model()
    segments = _segments(texts)
    model.clear_cache()  # each word computed anew, its n-grams summed in C
    assert model.raw(segments) == model._raw_pure(segments)
    assert model.raw(segments) == model._raw_pure(segments)  # and again from the caches


@needs_c
@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(TEXTS, huge()), max_size=3), st.sampled_from(["toronto", "edmonton"]))
def test_clause_logits_in_c_are_the_pure_logits(texts: list[str], pack: str) -> None:
    scorer = load_clause_reader().scorer(pack)
    assert scorer is not None and scorer._c_table() is not None
    segments = [tokens(normalise(t)) for t in texts]
    # Floats compared with ==: the same integers go through the same float operations.
    assert scorer.logits(segments) == scorer._logits_pure(segments)
    for model in scorer.models:
        assert model.raw(segments) == model._raw_pure(segments)


@needs_c
@settings(max_examples=300, deadline=None)
@given(st.one_of(TEXTS, st.text(max_size=60)).filter(bool), st.integers(1, 4), st.integers(0, 6))
def test_a_words_character_sum_in_c_is_the_pure_sum(word: str, lo: int, width: int) -> None:
    # (A token is never empty.)
    config = FeatureConfig(char_min=lo, char_max=lo + width, max_word_chars=12)
    chars = load_offensive_model().chars
    grams = word_grams(word, config)
    assert char_total(chars, word, config) == (sum(chars.get(g, 0) for g in grams), len(grams))


# The characters the token patterns tell apart: word characters and "_", masks, apostrophes,
# "@", clause ends, numeric dingbats inside the emoji range, emoji, spaces of every kind.
EDGY = st.lists(
    st.one_of(
        st.sampled_from("ab1é_*'@.,;:!?()[]\"#-/&$ \n\x00\x1c\xa0\u3000😀☀➀❶🏻ß٣²日"),
        st.characters(),
    ),
    max_size=60,
).map("".join)


@needs_c
@settings(max_examples=500, deadline=None)
@given(st.one_of(TEXTS, EDGY, huge()))
def test_the_c_scan_is_the_pattern_s_findall(text: str) -> None:
    assert _ngrams._C is not None
    assert (
        _ngrams._C.scan(text, False) == _TOKEN_FAST.findall(text) == _find_pure(_TOKEN_FAST, text)
    )
    assert _ngrams._C.scan(text, True) == _TOKEN_OR_END.findall(text)
    assert _find_pure(_TOKEN_OR_END, text) == _TOKEN_OR_END.findall(text)


@needs_c
@settings(max_examples=200, deadline=None)
@given(st.one_of(TEXTS, EDGY))
def test_tokens_are_the_same_on_both_paths(text: str) -> None:
    model = load_offensive_model()
    nt = normalise(text)
    compiled = _ngrams._C
    got = []
    try:
        for path in (None, compiled):
            _ngrams._C = path
            got.append((tokens(nt), tokens(nt, deny=True, offensive=model.leans_offensive)))
    finally:
        _ngrams._C = compiled
    assert got[0] == got[1]


def reference(model: ClauseModel, segments: list[list[str]]) -> tuple[int, int]:
    """(weight sum, feature count) by the trainer's feature view (`feature_counts`)."""
    tables = {"u": model.unigrams, "b": model.bigrams, "c": model.chars}
    counts = feature_counts(segments, model.config)
    total = sum(tables[k[0]].get(k[2:], 0) * c for k, c in counts.items())
    return total, feature_total(segments, model.config)


@needs_c
def test_sums_past_64_bits_fall_back_to_the_pure_path() -> None:
    big = 1 << 61
    config = FeatureConfig(word_ngrams=2, char_min=2, char_max=3, max_word_chars=30)
    model = ClauseModel(
        "c", config, 0.5, 1e-6, 0.0,
        {"big": big, "small": -3, "huge": 1 << 62},
        {"big big": big, "small big": 7},
        {"ig>": 5, "<h": 1 << 62},
    )  # fmt: skip
    segments = [["big", "big", "small", "big"], ["small"]]
    # Four times 2**61 and more: past 64 bits. The model answers with the pure path's exact
    # integers, where the C sums give up (None) rather than wrap around.
    assert model.raw(segments) == model._raw_pure(segments) == reference(model, segments)
    assert model.raw(segments)[0] > 1 << 63
    table = model._c_table()
    assert _ngrams._C is not None and table is not None
    words = model._words
    assert _ngrams._C.table_sums(table, segments, words.fields, model._c_fields, True) is None
    # A single word past 64 bits ("huge": 2**62 twice) cannot be held in C at all: the table
    # leaves it to `_c_fields`, which gives up.
    assert model._c_fields("huge") is None
    assert _ngrams._C.table_sums(table, [["huge"]], words.fields, model._c_fields, True) is None
    assert model.raw([["huge", "small"]]) == reference(model, [["huge", "small"]])
    scorer = PackScorer([model])
    for segs in (segments, [["huge"]], [["small", "big"]]):
        assert scorer.logits(segs) == scorer._logits_pure(segs)


@needs_c
def test_generators_and_word_pairs_off() -> None:
    config = FeatureConfig(word_ngrams=1, char_min=2, char_max=3, max_word_chars=30)
    model = ClauseModel("c", config, 0.0, 1.0, 0.0, {"a": 2}, {"a a": 100}, {"<a": 1})
    segments = [["a", "a", "b"], ["a"]]
    # No pair weighs or counts when pairs are off; a generator is read whole, once.
    assert model.raw(s for s in segments) == model._raw_pure(segments)
    assert model.raw(segments) == reference(model, segments) == (9, 16)


def _compiled_in_subprocess(env: dict[str, str]) -> str:
    code = "from socialpolicy.models import _ngrams; print(_ngrams.compiled(), _ngrams._C)"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_socialpolicy_pure_runs_the_pure_path() -> None:
    env = {k: v for k, v in os.environ.items() if k != "SOCIALPOLICY_PURE"}
    assert _compiled_in_subprocess({**env, "SOCIALPOLICY_PURE": "1"}) == "False None"
    if _ngrams.compiled() or os.environ.get("SOCIALPOLICY_PURE") == "1":
        assert _compiled_in_subprocess(env).startswith("True <module 'socialpolicy._cngrams'")


def test_the_pure_path_scores_without_the_extension(monkeypatch: pytest.MonkeyPatch) -> None:
    segments = _segments(["you are a stupid idiot @bob", "I don't hate them"])
    model = load_offensive_model()
    expected = model._raw_pure(segments)
    monkeypatch.setattr(_ngrams, "_C", None)
    model.clear_cache()
    assert model.raw(segments) == expected
    scorer = load_clause_reader().scorer("toronto")
    assert scorer is not None
    assert scorer.logits(segments) == scorer._logits_pure(segments)


def test_the_benchmark_runs_and_skips_without_the_tweets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    check = load_benchmark("cngrams_check")
    assert check.main(["--external", str(tmp_path)]) == 0
    assert "not found" in capsys.readouterr().out
    external = REPO.parent / "shared" / "external"
    if not (external / "uk_police_tweets_labeled_training.csv").is_file():
        return
    try:
        assert check.main(["--posts", "20", "--rounds", "1", "--external", str(external)]) == 0
    finally:
        _ngrams._C = _ngrams._load_compiled()
    out = capsys.readouterr().out
    for line in (
        "tokens (both readings)",
        "offensive cold",
        "clauses edmonton warm",
        "evaluate toronto",
    ):
        assert line in out


def test_a_stale_build_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    """A module compiled from older source (another `API`) is not called: pure path."""
    stale = types.ModuleType("socialpolicy._cngrams")
    stale.API = _ngrams._API - 1  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "socialpolicy._cngrams", stale)
    monkeypatch.setattr(socialpolicy, "_cngrams", stale, raising=False)
    monkeypatch.delenv("SOCIALPOLICY_PURE", raising=False)
    assert _ngrams._load_compiled() is None
    stale.API = _ngrams._API  # type: ignore[attr-defined]
    assert _ngrams._load_compiled() is stale


# --- the C tables (`_cngrams.table_build`, `table_sums`) against a reference in Python -------

# Letters, digits and marks, "<" and ">" (the padding), a special first character, letters
# past code point 4095 (their n-grams are not packed: such words are left to the caller) and
# an emoji (not a word: no n-grams).
ALPHABET = "ab1<>!~'*é" + "日ж" + "\U0001f600"
WORD = st.text(ALPHABET, min_size=1, max_size=9)
WEIGHT = st.integers(-1000, 1000)


Weights = list[dict[str, int]]  # one dict per total field
Drawn = tuple[FeatureConfig, str, Weights, Weights, Weights, list[list[str]]]


@st.composite
def tables_and_segments(draw: st.DrawFn) -> Drawn:
    """A random model of 1 to 3 total fields (unigrams, pairs, character n-grams drawn from its
    vocabulary's padded words) and token stretches over that vocabulary and beyond."""
    config = FeatureConfig(
        word_ngrams=draw(st.integers(0, 2)),
        char_min=draw(st.integers(1, 3)),
        char_max=draw(st.sampled_from([0, 1, 2, 3, 4, 5, 6])),
        max_word_chars=draw(st.integers(1, 12)),
    )
    nfields = draw(st.integers(1, 3))
    vocab = draw(st.lists(WORD, min_size=1, max_size=12, unique=True))
    words = st.one_of(st.sampled_from(vocab), WORD)
    unigrams = [draw(st.dictionaries(words, WEIGHT, max_size=12)) for _ in range(nfields)]
    bigrams = [
        draw(st.dictionaries(st.tuples(words, words).map(" ".join), WEIGHT, max_size=12))
        for _ in range(nfields)
    ]
    grams = st.one_of(
        st.sampled_from(
            [
                p[i : i + k]
                for p in (f"<{w}>" for w in vocab)
                for k in range(1, 7)
                for i in range(len(p))
            ]
        ),
        st.text(ALPHABET, min_size=1, max_size=6),
    )
    chars = [draw(st.dictionaries(grams, WEIGHT, max_size=30)) for _ in range(nfields)]
    special = draw(st.sampled_from(["", "!", "!a"]))
    segments = draw(st.lists(st.lists(words, max_size=12), max_size=4))
    return config, special, unigrams, bigrams, chars, segments


def _custom(token: str, nfields: int) -> list[int]:
    """The values of a token read "its own way" (a special first character), for the tests."""
    return [len(token) * 3 + 1] + [sum(map(ord, token)) % 97 - 40 + k for k in range(nfields)]


def _reference_word(
    token: str,
    config: FeatureConfig,
    special: str,
    unigrams: list[dict[str, int]],
    chars: list[dict[str, int]],
) -> list[int]:
    if token[0] in special:
        return _custom(token, len(unigrams))
    grams = word_grams(token, config)
    count = (1 if config.word_ngrams >= 1 else 0) + len(grams)
    return [count] + [
        u.get(token, 0) + sum(c.get(g, 0) for g in grams)
        for u, c in zip(unigrams, chars, strict=True)
    ]


def _reference_sums(
    config: FeatureConfig,
    special: str,
    unigrams: list[dict[str, int]],
    bigrams: list[dict[str, int]],
    chars: list[dict[str, int]],
    segments: list[list[str]],
) -> tuple[int, ...]:
    """(count, total per field): each token's reading, then each adjacent pair."""
    out = [0] * (1 + len(unigrams))
    for seg in segments:
        for t in seg:
            word = _reference_word(t, config, special, unigrams, chars)
            out = [a + b for a, b in zip(out, word, strict=True)]
        if config.word_ngrams >= 2:
            for a, b in zip(seg, seg[1:], strict=False):
                out[0] += 1
                for k, pairs in enumerate(bigrams):
                    out[1 + k] += pairs.get(a + " " + b, 0)
    return tuple(out)


@needs_c
@settings(max_examples=400, deadline=None)
@given(tables_and_segments())
def test_the_c_tables_sum_what_the_reference_sums(drawn: Drawn) -> None:
    config, special, unigrams, bigrams, chars, segments = drawn
    table = _ngrams.c_table(config, unigrams, bigrams, chars, special)
    assert table is not None
    assert _ngrams._C is not None
    n = len(unigrams)
    fields: dict[str, bytes] = {}
    asked: list[str] = []

    def miss(token: str) -> bytes:
        asked.append(token)
        fields[token] = struct.pack(
            f"={n + 1}q", *_reference_word(token, config, special, unigrams, chars)
        )
        return fields[token]

    pairs_on = config.word_ngrams >= 2
    expected = _reference_sums(config, special, unigrams, bigrams, chars, segments)
    assert _ngrams._C.table_sums(table, segments, fields, miss, pairs_on) == expected
    # Asked only of words the table leaves to the caller; answered from `fields` next time.
    for token in asked:
        assert token[0] in special or (config.char_max and token[0].isalnum())
    asked.clear()
    assert _ngrams._C.table_sums(table, segments, fields, miss, pairs_on) == expected
    assert asked == []


@needs_c
@settings(max_examples=100, deadline=None)
@given(st.data())
def test_the_shipped_models_tables_on_their_own_words_and_pairs(data: st.DataObject) -> None:
    """Stretches of the models' vocabulary, so that most words and pairs are in the tables."""
    model = load_offensive_model()
    pairs = list(model._bigram_weights)
    words = st.one_of(
        st.sampled_from(sorted(model.unigrams)),
        st.sampled_from(pairs).map(lambda p: p.split(" ")[0]),
    )
    chained = st.lists(st.sampled_from(pairs), max_size=6).map(
        lambda ps: [w for p in ps for w in p.split(" ")]
    )
    segments = data.draw(st.lists(st.one_of(chained, st.lists(words, max_size=10)), max_size=4))
    assert model.raw(segments) == model._raw_pure(segments)
    pack = data.draw(st.sampled_from(["toronto", "edmonton"]))
    scorer = load_clause_reader().scorer(pack)
    assert scorer is not None
    clause_pairs = sorted({p for m in scorer.models for p in m.bigrams})
    segs = data.draw(
        st.lists(
            st.lists(st.sampled_from(clause_pairs), max_size=6).map(
                lambda ps: [w for p in ps for w in p.split(" ")]
            ),
            max_size=3,
        )
    )
    assert scorer.logits(segs) == scorer._logits_pure(segs)


@needs_c
def test_a_bad_table_value_leaves_the_pure_path_to_answer() -> None:
    config = FeatureConfig(word_ngrams=2, char_min=2, char_max=3, max_word_chars=30)
    segments = [["big", "big", "small"], ["small", "big"]]
    for unigrams, bigrams, chars in (
        ({"big": 1 << 70}, {"big big": 3}, {"<b": 1}),  # past 64 bits
        ({"big": 2}, {"big big": 1 << 64}, {"<b": 1}),
        ({"big": 2}, {"big big": 3}, {"<b": -(1 << 63) - 1}),
        ({"big": True}, {"big big": 3}, {"<b": 1}),  # not an int
        ({"big": 2}, {"bigbig": 3}, {"<b": 1}),  # a pair without its space
    ):
        assert _ngrams.c_table(config, [unigrams], [bigrams], [chars]) is None
        if "bigbig" in bigrams:
            continue  # the pure table cannot read it either
        model = ClauseModel("c", config, 0.0, 1.0, 0.0, unigrams, bigrams, chars)
        assert model._c_table() is None
        assert model.raw(segments) == model._raw_pure(segments) == reference(model, segments)
    # Values of another shape from the caller: the C sums give up (None), never guess.
    table = _ngrams.c_table(config, [{"big": 2}], [{"big big": 3}], [{"<b": 1}])
    assert table is not None and _ngrams._C is not None
    for value in (None, b"\0" * 8, "16 bytes, not ok", 7):
        assert _ngrams._C.table_sums(table, [["fresh"]], {}, lambda t, v=value: v, True) is None
    # A word of the table and a token without n-grams never ask: "big" is its unigram and the
    # 7 n-grams of "<big>" (2 + 1 for "<b"), "!" one unigram of weight 0, and the pair counts.
    assert _ngrams._C.table_sums(table, [["big", "!"]], {}, lambda t: None, True) == (10, 3)
    with pytest.raises(TypeError):
        _ngrams._C.table_sums(object(), [["big"]], {}, lambda t: None, True)


@needs_c
def test_the_tables_are_built_once_and_read_by_every_thread() -> None:
    from concurrent.futures import ThreadPoolExecutor

    model = load_offensive_model()
    table = model._c_table()
    assert table is not None and model._c_table() is table
    segments = _segments(["you are a stupid idiot @bob", "I don't hate them", "thank you police"])
    expected = model._raw_pure(segments)
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda _: model.raw(segments), range(200)))
    assert got == [expected] * 200


def test_the_tables_benchmark_skips_without_tweets_or_base(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bench = load_benchmark("tables_ab")
    assert bench.main(["--base", str(tmp_path), "--external", str(tmp_path)]) == 0
    assert "not found" in capsys.readouterr().out
    external = REPO.parent / "shared" / "external"
    if not (external / "uk_police_tweets_labeled_training.csv").is_file():
        return
    # A base checkout without a compiled module at API 1: nothing to compare with.
    assert bench.main(["--base", str(tmp_path), "--external", str(external)]) == 0
    assert "no compiled _cngrams at API 1" in capsys.readouterr().out
