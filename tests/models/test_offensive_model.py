"""The shipped offensive-language model: it loads from the package, matches its manifest,
scores deterministically and invariantly, and retraining reproduces it bit for bit."""

from __future__ import annotations

import hashlib
import json
import math
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import _early
import socialpolicy.models
from _paths import REPO, SHARED
from socialpolicy.models import ModelError, OffensiveModel, load_offensive_model
from socialpolicy.models.offensive import (
    MANIFEST,
    feature_counts,
    feature_total,
    shipped_manifest,
    tokens,
)
from socialpolicy.normalise import normalise

MODEL_DIR = REPO / "src" / "socialpolicy" / "models"
EXTERNAL = SHARED / "external"
TRAINER = REPO / "training" / "train_offensive.py"
# ../shared/external/SOURCES.md provenance of the two files the model may be trained on.
TRAINING_SHA256 = {
    "davidson_labeled_data.csv": "fcb8bc7c68120ae4af04a5b9acd58585513ede11e1548ebf36a5c2040b6f6281",
    "olid_training_v1.tsv": "d976bd6faf7800571d06aa4fda00c11c1d39e6fd139747067f683d0c6e76d31f",
}
# Words and negations for random sentences (declarative, commands, "you", comparisons).
WORDS_AND_NEGATIONS = [
    "i", "we", "they", "you", "@x", "no", "not", "never", "don't", "nobody", "why", "hate",
    "stupid", "disgusting", "people", "women", "are", "is", "better", "than", "and", "because",
    "fuck", "think", ",", ".", "trash", "deserve", "to", "die",
]  # fmt: skip
ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad")

SAMPLES = (
    "Road closure on Bay St tonight due to a water main break. Please use alternate routes.",
    "@someone You absolute cl0wn, nobody asked for your garbage opinion!!! https://t.co/x",
    "This is the stupidest idea ever, what a pathetic bunch.",
    "Fuuuuuck this, I'm so done with these people 😂😂",
    "RT @handle: Thanks &amp; see you at the barbecue on Saturday",
    "",
)


def manifest() -> dict[str, object]:
    data: dict[str, object] = json.loads((MODEL_DIR / MANIFEST).read_text(encoding="utf-8"))
    return data


# --- loading and integrity ------------------------------------------------------------------


def test_the_model_loads_from_the_package_once() -> None:
    model = load_offensive_model()
    assert model is load_offensive_model()
    assert shipped_manifest().parent == Path(socialpolicy.models.__file__).parent
    assert model.unigrams and model.bigrams and model.chars
    assert math.isfinite(model.threshold) and math.isfinite(model.bias) and model.scale > 0


def test_the_weights_file_matches_its_manifest() -> None:
    m = manifest()
    weights = m["weights"]
    assert isinstance(weights, dict)
    data = (MODEL_DIR / weights["file"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == weights["sha256"]
    assert len(data) == weights["bytes"] <= 2_000_000
    lines = data.decode("utf-8").splitlines()
    assert len(lines) == weights["unigrams"] + weights["bigrams"] + weights["chars"]
    assert lines == sorted(lines, key=lambda line: line.rsplit("\t", 1)[0])


def test_the_manifest_names_its_training_data_and_calibration() -> None:
    m = manifest()
    training = m["training"]
    assert isinstance(training, dict)
    files = {f["file"]: f for f in training["files"]}
    assert {name: f["sha256"] for name, f in files.items()} == TRAINING_SHA256
    assert files["davidson_labeled_data.csv"]["licence"] == "MIT"
    assert files["olid_training_v1.tsv"]["licence"] == "CC BY 4.0"
    # The project's own negatives: every training post file, each pinned by its sha256.
    project = training["project_negatives"]
    on_disk = sorted(
        p.relative_to(REPO).as_posix()
        for p in (REPO / "training" / "data" / "clauses").glob("*.jsonl")
    )
    assert sorted(f["file"] for f in project["files"]) == on_disk
    for f in project["files"]:
        assert hashlib.sha256((REPO / f["file"]).read_bytes()).hexdigest() == f["sha256"], f
    assert project["rows"] == sum(f["negatives"] for f in project["files"]) > 2000
    threshold = m["threshold"]
    assert isinstance(threshold, dict)
    calibration = threshold["calibration"]
    assert calibration["file"] == "uk_police_tweets_labeled_training.csv"
    assert calibration["fired"] <= calibration["budget"] * calibration["count"]


def test_a_tampered_weights_file_is_refused(tmp_path: Path) -> None:
    for name in (MANIFEST, "offensive.weights.tsv"):
        shutil.copy(MODEL_DIR / name, tmp_path / name)
    weights = tmp_path / "offensive.weights.tsv"
    data = bytearray(weights.read_bytes())
    data[-2] = ord("7") if data[-2] != ord("7") else ord("8")
    weights.write_bytes(bytes(data))
    with pytest.raises(ModelError) as err:
        OffensiveModel.from_files(tmp_path / MANIFEST)
    assert err.value.code == "model_error"
    assert "sha256" in err.value.message


def test_a_missing_manifest_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError):
        OffensiveModel.from_files(tmp_path / MANIFEST)


# --- scoring --------------------------------------------------------------------------------


def test_scores_are_deterministic() -> None:
    shipped = load_offensive_model()
    fresh = OffensiveModel.from_files(MODEL_DIR / MANIFEST)
    first = [shipped.score_text(t) for t in SAMPLES]
    fresh.clear_cache()
    assert [fresh.score_text(t) for t in SAMPLES] == first
    assert [fresh.score_text(t) for t in SAMPLES] == first  # from the word cache now


def test_word_sums_equal_the_sum_over_features() -> None:
    """The cached per-word sums and the counts agree with the trainer's feature view."""
    model = load_offensive_model()
    tables = {"u": model.unigrams, "b": model.bigrams, "c": model.chars}
    for text in SAMPLES:
        seg = tokens(normalise(text))
        counts = feature_counts((seg,), model.config)
        expected = sum(tables[k[0]].get(k[2:], 0) * c for k, c in counts.items())
        assert model.raw((seg,)) == (expected, feature_total((seg,), model.config))
        assert sum(counts.values()) == feature_total((seg,), model.config)


def test_tokens_follow_the_corpus_conventions() -> None:
    got = tokens(normalise("RT @a @b: I don't h8 it, but fuuuuck &amp; http://t.co/x 😂"))
    assert got == ["@user", "i", "don't", "~h8", "~it", "but", "fuck", "url", "😂"]


def test_negated_words_read_differently() -> None:
    """Up to the end of the clause: a negated word has its own weight and no n-grams."""
    model = load_offensive_model()
    assert tokens(normalise("I don't hate them, I hate it.")) == [
        "i", "don't", "~hate", "~them", "i", "hate", "it",
    ]  # fmt: skip
    assert model.word("~hate") == (model.unigrams.get("~hate", 0), 1)
    assert model.word("~hate") != model.word("hate")


def test_the_empty_text_scores_the_bias() -> None:
    model = load_offensive_model()
    assert model.score_text("") == model.bias
    assert not model.flags(model.score_text(""))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_any_text_scores_a_finite_logit(text: str) -> None:
    assert math.isfinite(load_offensive_model().score_text(text))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=300))
def test_scores_do_not_depend_on_case(text: str) -> None:
    model = load_offensive_model()
    assert model.score_text(text.upper()) == model.score_text(text.lower())


@settings(max_examples=200, deadline=None)
@given(
    st.text(max_size=200),
    st.lists(st.tuples(st.integers(0, 200), st.sampled_from(ZERO_WIDTH)), max_size=8),
)
def test_scores_ignore_zero_width_characters(text: str, inserts: list[tuple[int, str]]) -> None:
    model = load_offensive_model()
    noisy = text
    for pos, ch in sorted(inserts, reverse=True):
        at = min(pos, len(noisy))
        noisy = noisy[:at] + ch + noisy[at:]
    assert model.score_text(noisy) == model.score_text(text)


# --- reproducibility ------------------------------------------------------------------------


@pytest.mark.skipif(not EXTERNAL.is_dir(), reason="../shared/external is not present")
def test_retraining_reproduces_the_shipped_files_bit_for_bit() -> None:
    # `python training/train_offensive.py --out DIR --external ...`, started at collection
    retrain = _early.result("retrain-offensive")
    done, out = retrain.process, retrain.out
    assert done.args[1:] == [str(TRAINER), "--out", str(out), "--external", str(EXTERNAL)]
    assert done.returncode == 0, done.stderr[-2000:]
    shipped = manifest()
    retrained = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    lexicons = lambda m: m["threshold"]["calibration"]["lexicons"]  # noqa: E731
    assert lexicons(retrained) == lexicons(shipped), (
        "the cue lexicons the detector reads changed since the model was calibrated: "
        "retrain with python training/train_offensive.py"
    )
    for name in ("offensive.weights.tsv", MANIFEST):
        assert (out / name).read_bytes() == (MODEL_DIR / name).read_bytes(), name


# --- declarative negation -----------------------------------------------------------------


def _denied(text: str) -> list[str]:
    return tokens(normalise(text), deny=True)


def test_a_declarative_negation_marks_its_scope() -> None:
    assert _denied("I don't hate them, I hate it.") == [
        "i", "!don't", "!hate", "!them", "i", "hate", "it",
    ]  # fmt: skip
    assert _denied("No one deserves that") == ["!no", "!one", "!deserves", "!that"]
    assert _denied("@a @b We do not think they are vermin") == [
        "@user", "we", "do", "!not", "!think", "!they", "!are", "!vermin",
    ]  # fmt: skip
    # The denial ends at a conjunction or a subordinate clause, as negation does at a comma.
    assert _denied("I don't hate them because they are awful") == [
        "i", "!don't", "!hate", "!them", "~because", "~they", "~are", "~awful",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "Don't be stupid",  # a command
        "Why don't you shut up",  # a question
        "You don't deserve to live",  # said of "you"
        "Nobody wants your opinion",  # about "you"
        "They are no better than animals",  # a comparison
    ],
)
def test_other_negations_are_read_as_negated_words(text: str) -> None:
    assert _denied(text) == tokens(normalise(text))


def test_only_offensive_words_are_denied_when_a_test_is_given() -> None:
    model = load_offensive_model()
    got = tokens(normalise("I don't hate them"), deny=True, offensive=model.leans_offensive)
    assert got[1:3] == ["!don't", "!hate"]
    assert model.leans_offensive("hate") and not model.leans_offensive("them")
    assert got[3] == "~them"
    # Nothing offensive in scope: nothing denied.
    plain = tokens(normalise("I don't know them"))
    assert tokens(normalise("I don't know them"), deny=True, offensive=lambda w: False) == plain
    # Swearing is kept: "I don't give a fuck" swears all the same.
    kept = tokens(normalise("I don't give a fuck"), deny=True, keep=frozenset({"fuck"}))
    assert kept == tokens(normalise("I don't give a fuck"))


def test_a_denied_word_adds_nothing_offensive() -> None:
    model = load_offensive_model()
    assert model.word("!hate") == (min(0, model.unigrams.get("~hate", 0)), 1)
    plain_sum, plain_count = model.word("don't")
    assert model.word("!don't") == (min(0, plain_sum), plain_count)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS_AND_NEGATIONS), max_size=25))
def test_denial_never_raises_a_score(words: list[str]) -> None:
    model = load_offensive_model()
    nt = normalise(" ".join(words))
    denied = model.logit((tokens(nt, deny=True),))
    assert denied <= model.logit((tokens(nt),))
    assert model.raw((tokens(nt, deny=True),))[1] == model.raw((tokens(nt),))[1]


# --- masked words the pack reads as no swear word ------------------------------------------


def test_a_masked_word_reads_as_the_only_word_it_can_spell() -> None:
    model = load_offensive_model()
    assert model.unmask("t*day") == "today"
    assert model.unmask("f*rget") == "forget"


def test_an_ambiguous_mask_reads_as_its_mildest_candidate() -> None:
    model = load_offensive_model()
    got = model.unmask("l*ves")
    assert got in {"lives", "loves"}
    other = ({"lives", "loves"} - {got}).pop()
    assert model.word(got)[0] <= model.word(other)[0]


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["complete", "forget", "notes", "today", "services", "overnight"]), st.data()
)
def test_an_unmasked_reading_is_never_more_offensive_than_the_word(
    word: str, data: st.DataObject
) -> None:
    """Hiding one letter of an ordinary word never makes it read as more offensive than
    the word as written (its mildest reading, or the word itself)."""
    model = load_offensive_model()
    i = data.draw(st.integers(1, len(word) - 2))
    read = model.unmask(word[:i] + "*" + word[i + 1 :])
    assert len(read) == len(word) and "*" not in read
    assert model.word(read)[0] <= model.word(word)[0]


def test_unknown_words_get_the_mildest_letters_and_unreadable_masks_stay() -> None:
    model = load_offensive_model()
    read = model.unmask("imp*ired")
    assert read.startswith("imp") and read.endswith("ired") and "*" not in read
    assert model.unmask("f***") == "f***"  # too few letters shown: read as written
    assert model.unmask("a*****e") == "a*****e"
