"""The shipped clause reader: it loads from the package, matches its manifest, scores all of a
pack's clauses in one pass exactly as each clause's model alone, is deterministic and invariant
under case and zero-width characters, validates its training data, and retraining reproduces
it bit for bit."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import math
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import _early
import socialpolicy.models
from _paths import REPO, SHARED
from socialpolicy.detectors.clause_reader import CLAUSES
from socialpolicy.loader import load_pack
from socialpolicy.models import ModelError
from socialpolicy.models._ngrams import FeatureConfig, tokens
from socialpolicy.models.clauses import (
    MANIFEST,
    ClauseModel,
    ClauseReader,
    PackScorer,
    load_clause_reader,
    shipped_manifest,
    signal_name,
)
from socialpolicy.normalise import normalise

MODEL_DIR = REPO / "src" / "socialpolicy" / "models"
TRAINER = REPO / "training" / "train_clauses.py"
DATA = REPO / "training" / "data" / "clauses"
EXTERNAL = SHARED / "external"
DEV = SHARED / "corpus" / "dev.jsonl"
ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")
WORDS = [
    "the", "new", "policy", "is", "a", "joke", "mayor", "council", "donate", "campaign",
    "off", "duty", "not", "a", "cop", "lives", "on", "street", "in", "camera", "you", "clown",
    "undercover", "tonight", "don't", "never", "@x", ",", ".", "🙄",
]  # fmt: skip


def manifest() -> dict[str, object]:
    data: dict[str, object] = json.loads((MODEL_DIR / MANIFEST).read_text(encoding="utf-8"))
    return data


def trainer() -> ModuleType:
    if str(REPO / "training") not in sys.path:
        sys.path.insert(0, str(REPO / "training"))
    spec = importlib.util.spec_from_file_location("train_clauses", TRAINER)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["train_clauses"] = mod
    spec.loader.exec_module(mod)
    return mod


# --- loading and integrity ------------------------------------------------------------------


def test_the_reader_loads_from_the_package_once_with_every_checkable_clause() -> None:
    reader = load_clause_reader()
    assert reader is load_clause_reader()
    assert shipped_manifest().parent == Path(socialpolicy.models.__file__).parent
    for pack, clauses in CLAUSES.items():
        models = reader.clauses(pack)
        assert tuple(m.clause_id for m in models) == clauses
        for m in models:
            assert m.unigrams and m.scale > 0 and math.isfinite(m.bias)
            assert m.threshold > -math.inf
    # The disrespect readers ship switched off (docs/clause-reader.md).
    off = [m.clause_id for ms in reader.packs.values() for m in ms if m.threshold == math.inf]
    assert off == ["epc.3b", "tps.treat-others"]
    assert reader.clauses("no-such-pack") == () and reader.scorer("no-such-pack") is None


def test_the_weights_file_matches_its_manifest_and_stays_small() -> None:
    m = manifest()
    weights = m["weights"]
    assert isinstance(weights, dict)
    data = (MODEL_DIR / weights["file"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == weights["sha256"]
    assert len(data) == weights["bytes"] <= 1_000_000
    assert len(data.decode("utf-8").splitlines()) == weights["lines"]


def test_the_manifest_records_budgets_thresholds_and_training_files() -> None:
    m = manifest()
    packs = m["packs"]
    assert isinstance(packs, dict)
    for pack, clauses in CLAUSES.items():
        entries = packs[pack]["clauses"]
        assert sorted(entries) == sorted(clauses)
        budgets = {r.id: r.budget for r in load_pack(pack).rules if r.id.endswith(".reader")}
        for clause, entry in entries.items():
            th = entry["threshold"]
            # The budget calibrated against is the one the clause's reader rule declares.
            if f"{clause}.reader" in budgets:
                assert th["police"]["budget"] == budgets[f"{clause}.reader"]
            # The threshold is the higher of the two cuts, and keeps the even rows in budget.
            assert th["police"]["fired"] <= th["police"]["budget"] * th["police"]["rows"]
            cuts = [x for x in (th["police"]["logit"], th["development"]["logit"]) if x is not None]
            if th["set_by"].startswith("off: "):  # shipped switched off: never fires
                assert th["logit"] is None
            else:
                assert th["logit"] == max(cuts)
    training = m["training"]
    assert isinstance(training, dict)
    names = [f["file"] for f in training["files"]]
    assert names == sorted(p.name for p in DATA.glob("*.jsonl")) + ["canadian_police_posts.jsonl"]
    for f in training["files"]:
        path = DATA / f["file"] if f["file"] != "canadian_police_posts.jsonl" else None
        if path is not None:
            assert hashlib.sha256(path.read_bytes()).hexdigest() == f["sha256"]


def test_a_tampered_weights_file_is_refused(tmp_path: Path) -> None:
    for name in (MANIFEST, manifest()["weights"]["file"]):  # type: ignore[index]
        shutil.copy(MODEL_DIR / str(name), tmp_path / str(name))
    weights = tmp_path / str(manifest()["weights"]["file"])  # type: ignore[index]
    weights.write_bytes(weights.read_bytes() + b"tps.privacy\tu\textra\t5\n")
    with pytest.raises(ModelError) as err:
        ClauseReader.from_files(tmp_path / MANIFEST)
    assert "sha256" in err.value.message


# --- scoring --------------------------------------------------------------------------------


def _tiny(clause: str, weights: dict[str, int], pairs: dict[str, int]) -> ClauseModel:
    cfg = FeatureConfig(word_ngrams=2, char_min=2, char_max=0)
    return ClauseModel(clause, cfg, -1.0, 0.001, 0.0, weights, pairs, {})


def test_the_pack_scorer_keeps_negative_and_missing_weights_apart() -> None:
    a = _tiny("x.a", {"joke": 900, "policy": -400}, {"policy is": 700})
    b = _tiny("x.b", {"policy": 300}, {"a joke": -800})
    scorer = PackScorer([a, b])
    for text in ("the policy is a joke", "policy policy policy", "", "nothing known here"):
        segs = [tokens(normalise(text))]
        assert scorer.logits(segs) == [a.logit(segs), b.logit(segs)]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=40), st.sampled_from(sorted(CLAUSES)))
def test_all_clauses_at_once_equal_each_clause_alone(words: list[str], pack: str) -> None:
    reader = load_clause_reader()
    scorer = reader.scorer(pack)
    assert scorer is not None
    segs = [tokens(normalise(" ".join(words)))]
    assert scorer.logits(segs) == [m.logit(segs) for m in scorer.models]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300), st.sampled_from(sorted(CLAUSES)))
def test_any_text_scores_deterministically_without_crashing(text: str, pack: str) -> None:
    reader = load_clause_reader()
    first = reader.score_text(pack, text)
    assert first == reader.score_text(pack, text)
    assert sorted(first) == sorted(CLAUSES[pack])
    assert all(math.isfinite(x) for x in first.values())


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=25),
    st.sampled_from(ZERO_WIDTH),
    st.sampled_from(sorted(CLAUSES)),
)
def test_scores_ignore_case_and_zero_width_characters(words: list[str], zw: str, pack: str) -> None:
    reader = load_clause_reader()
    text = " ".join(words)
    base = reader.score_text(pack, text)
    assert reader.score_text(pack, text.upper()) == base
    assert reader.score_text(pack, " ".join(w[:1] + zw + w[1:] for w in words)) == base


def test_signal_names_follow_the_rule_schema() -> None:
    assert signal_name("tps.accounts-represent-us") == "clause_reader.tps_accounts_represent_us"
    assert signal_name("epc.3a") == "clause_reader.epc_3a"


# --- training data --------------------------------------------------------------------------


def test_the_shipped_training_files_validate() -> None:
    tc = trainer()
    examples, hashes = tc.read_training(DATA)
    assert len(examples) > 3000 and len(hashes) == len(list(DATA.glob("*.jsonl"))) + 1
    for pack, clauses in CLAUSES.items():
        for clause in clauses:
            assert sum(clause in ex.clauses for ex in examples if ex.pack == pack) >= 100


@pytest.mark.parametrize(
    ("line", "field"),
    [
        (
            '{"id": "a", "pack": "toronto", "text": "x", "clauses": ["epc.3a"], "why": "w"}',
            "clauses",
        ),
        ('{"id": "a", "pack": "ottawa", "text": "x", "clauses": [], "why": "w"}', "pack"),
        ('{"id": "a", "pack": "toronto", "text": "", "clauses": [], "why": "w"}', "text"),
        (
            '{"id": "a", "pack": "toronto", "text": "x", "clauses": "tps.privacy", "why": "w"}',
            "clauses",
        ),
        (
            '{"id": "a", "pack": "toronto", "text": "x", "clauses": [], "why": "w", "extra": 1}',
            "extra",
        ),
    ],
)
def test_a_bad_training_line_names_its_file_line_and_field(
    tmp_path: Path, line: str, field: str
) -> None:
    tc = trainer()
    good = '{"id": "z", "pack": "edmonton", "text": "ok", "clauses": [], "why": "fine"}'
    path = tmp_path / "bad.jsonl"
    path.write_text(good + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(tc.TrainingError) as err:
        tc.read_file(path)
    assert f"bad.jsonl:2: field {field!r}" in str(err.value)


def test_a_line_that_is_not_json_is_named(tmp_path: Path) -> None:
    tc = trainer()
    path = tmp_path / "broken.jsonl"
    path.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(tc.TrainingError, match=r"broken\.jsonl:1: not JSON"):
        tc.read_file(path)


def test_missing_public_training_files_stop_training_with_a_clear_error(tmp_path: Path) -> None:
    tc = trainer()
    with pytest.raises(tc.TrainingError, match=r"davidson_labeled_data\.csv not found"):
        tc.read_extra(tmp_path)
    (tmp_path / tc.DAVIDSON).write_text("tampered\n", encoding="utf-8")
    with pytest.raises(tc.TrainingError, match=r"is not the pinned"):
        tc.read_extra(tmp_path)


def test_extra_negatives_are_negatives_of_the_clauses_that_take_them_only() -> None:
    tc = trainer()
    rows = [(tc.DAVIDSON, 0, "what a day at the lake"), (tc.OLID, 1, "@USER vote for him URL")]
    for pack, clauses in CLAUSES.items():
        got = tc.extra_rows(rows, pack)
        for ex in got:
            assert ex.clauses == frozenset() and ex.counts_for
            assert all(ex.source in tc.EXTRA_NEGATIVES[c] for c in ex.counts_for)
            assert set(ex.counts_for) <= set(clauses)
    # Political talk (OLID) is never a negative of the political clauses, nor party tweets of
    # always-the-police.
    olid = [ex for ex in tc.extra_rows(rows, "edmonton") if ex.source == tc.OLID]
    assert olid and not {"epc.3a", "epc.3e"} & set(olid[0].counts_for)
    assert all(
        "tps.always-the-police" not in ex.counts_for for ex in tc.extra_rows(rows, "toronto")
    )
    # They weigh EXTRA_SHARE of the project's negatives, whatever their number.
    own = [
        tc.Example("f", n, "toronto", "t", frozenset({"tps.privacy"} if n < 2 else ()))
        for n in range(6)
    ]
    extra = tc.extra_rows(rows * 5, "toronto")
    labels = [float("tps.privacy" in ex.clauses) for ex in own + extra]
    w = tc.example_weights(own + extra, labels)
    negatives = math.fsum(w[2:6])
    assert math.fsum(w[:2]) == pytest.approx(negatives)
    assert math.fsum(w[6:]) == pytest.approx(tc.EXTRA_SHARE * negatives)


def test_the_manifest_records_the_extra_negatives() -> None:
    m = manifest()
    extra = m["training"]["extra_negatives"]  # type: ignore[index]
    tc = trainer()
    assert {f["file"] for f in extra["files"]} == {
        name for names in tc.EXTRA_NEGATIVES.values() for name in names
    }
    for f in extra["files"]:
        assert f["sha256"] == tc.EXTRA_SHA256[f["file"]]
    for pack in CLAUSES:
        for clause, entry in m["packs"][pack]["clauses"].items():  # type: ignore[index]
            assert entry["extra_negatives"]["files"] == list(tc.EXTRA_NEGATIVES.get(clause, ()))
            assert (entry["extra_negatives"]["rows"] > 0) == bool(tc.EXTRA_NEGATIVES.get(clause))


# --- reproducibility ------------------------------------------------------------------------


@pytest.mark.skipif(
    not EXTERNAL.is_dir() or not DEV.is_file(),
    reason="../shared/external or ../shared/corpus is not present",
)
def test_retraining_reproduces_the_shipped_files_bit_for_bit() -> None:
    # `python training/train_clauses.py --out DIR`, started when the suite was collected
    retrain = _early.result("retrain-clauses")
    done, out = retrain.process, retrain.out
    assert done.args[1:] == [str(TRAINER), "--out", str(out)]
    assert done.returncode == 0, done.stderr
    for name in (MANIFEST, str(manifest()["weights"]["file"])):  # type: ignore[index]
        assert (out / name).read_bytes() == (MODEL_DIR / name).read_bytes(), (
            f"{name} differs: retrain with python training/train_clauses.py"
        )
