"""The accuracy benchmark's offensive-model sections (with the model's rule, without it, the
model alone), on tiny synthetic data: no real data is read."""

from __future__ import annotations

import csv
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "accuracy.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("accuracy_benchmark_model", SCRIPT)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up by name
    spec.loader.exec_module(mod)
    return mod


acc = _load()


def _finding(level: str, rule: str, *clauses: str) -> SimpleNamespace:
    return SimpleNamespace(
        level=SimpleNamespace(value=level),
        rule_id=rule,
        clause_ids=clauses,
        evidence=(SimpleNamespace(field="text", text=rule),),
    )


def _decision(*findings: SimpleNamespace) -> SimpleNamespace:
    return SimpleNamespace(verdict=SimpleNamespace(value="review"), findings=findings)


TPS = frozenset({"tps.treat-others"})


def test_clause_flags_tell_the_model_rule_from_the_others() -> None:
    model = _finding("review", "tps.treat-others.offensive-language", "tps.treat-others")
    insult = _finding("violation", "tps.treat-others.insult", "tps.treat-others")
    advice = _finding("advice", "tps.questions-ask.x", "tps.treat-others")
    assert acc.clause_flags(_decision(model), TPS) == (True, False)
    assert acc.clause_flags(_decision(insult), TPS) == (True, True)
    assert acc.clause_flags(_decision(advice), TPS) == (False, False)
    assert acc.clause_flags(_decision(), TPS) == (False, False)


def test_prf_of_leaves_out_missing_predictions() -> None:
    got = acc.prf_of([(True, True), (True, False), (False, True), (False, None)])
    assert (got["tp"], got["fp"], got["fn"]) == (1, 1, 1)
    assert got["precision"] == got["recall"] == got["f1"] == 0.5
    assert acc.prf_of([])["f1"] is None


class FakePolicy:
    """'idiot' is found by a lexical rule, 'awful' only by the model's rule."""

    version = "0.0.1"
    digest = "sha256:fake"
    engine_name = "fake"

    def __init__(self, pack: str) -> None:
        self.clause = "tps.treat-others" if pack == "toronto" else "epc.3b"
        self.model_rule = f"{self.clause}.offensive-language"

    def evaluate(self, post: dict[str, Any], account: dict[str, Any] | None = None) -> Any:
        text = post["text"].lower()
        if "idiot" in text:
            return _decision(_finding("violation", f"{self.clause}.insult", self.clause))
        if "awful" in text:
            return _decision(_finding("review", self.model_rule, self.clause))
        if "damn" in text:
            return _decision(_finding("review", f"{self.clause}.profanity", self.clause))
        return _decision()


def test_olid_and_hatecheck_sections(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with (tmp_path / "olid_testset_levela.tsv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, delimiter="\t")
        w.writerows([["id", "tweet"], ["1", "you idiot"], ["2", "awful take"], ["3", "hello"]])
    (tmp_path / "olid_labels_levela.csv").write_text("1,OFF\n2,OFF\n3,NOT\n", encoding="utf-8")
    with (tmp_path / "hatecheck_test_suite_cases.csv").open(
        "w", newline="", encoding="utf-8"
    ) as fh:
        w = csv.writer(fh)
        w.writerow(["", "functionality", "case_id", "test_case", "label_gold"])
        w.writerow(["0", "negate_neg_nh", "1", "not awful at all", "non-hateful"])
        w.writerow(["1", "negate_neg_nh", "2", "fine people", "non-hateful"])
        w.writerow(["2", "profanity_nh", "3", "awful day", "non-hateful"])
    argv = ["--pack", "toronto", "--json", "--external", str(tmp_path), "--corpus", str(tmp_path)]
    assert acc.main([*argv, "--ordinary", str(tmp_path)], load=lambda p, e: FakePolicy(p)) == 0
    summary = json.loads(capsys.readouterr().out)
    section = summary["packs"]["toronto"]["offensive_model"]
    olid = section["olid"]
    assert olid["without_model"]["recall"] == 0.5 and olid["with_model"]["recall"] == 1.0
    assert olid["model_alone"]["tp"] == 0  # the fake has no detector to call: left out
    hatecheck = section["hatecheck"]
    assert hatecheck["functionalities"]["negate_neg_nh"]["with_model"] == 0.5
    assert hatecheck["functionalities"]["negate_neg_nh"]["without_model"] == 0.0
    assert hatecheck["targets"] == {"negate_neg_nh": False}  # 50% flagged


def test_olid_says_which_pack_counts_swearing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """OLID labels swearing aimed at no one OFF: Toronto's policy counts it (the target is
    judged there), Edmonton's does not (the figure is printed with why, and no target)."""
    with (tmp_path / "olid_testset_levela.tsv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, delimiter="\t")
        w.writerows([["id", "tweet"], ["1", "you idiot"], ["2", "awful take"]])
    (tmp_path / "olid_labels_levela.csv").write_text("1,OFF\n2,OFF\n", encoding="utf-8")
    argv = ["--pack", "both", "--json", "--external", str(tmp_path), "--corpus", str(tmp_path)]
    assert acc.main([*argv, "--ordinary", str(tmp_path)], load=lambda p, e: FakePolicy(p)) == 0
    packs = json.loads(capsys.readouterr().out)["packs"]
    toronto, edmonton = packs["toronto"]["offensive_model"], packs["edmonton"]["offensive_model"]
    assert toronto["olid"]["targets"] == {"f1_with_model": True}
    assert edmonton["olid"]["targets"] == {}
    assert "swearing" in edmonton["olid"]["scope"] and "Toronto" in edmonton["olid"]["scope"]


def test_hatecheck_leaves_swearing_aside_where_the_policy_counts_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Counter-speech that swears is flagged by Toronto's swearing rule: shown, not counted."""
    with (tmp_path / "hatecheck_test_suite_cases.csv").open(
        "w", newline="", encoding="utf-8"
    ) as fh:
        w = csv.writer(fh)
        w.writerow(["", "functionality", "case_id", "test_case", "label_gold"])
        w.writerow(
            ["0", "counter_ref_nh", "1", "stop saying damn things about them", "non-hateful"]
        )
        w.writerow(["1", "counter_ref_nh", "2", "that is wrong", "non-hateful"])
    argv = ["--pack", "both", "--json", "--external", str(tmp_path), "--corpus", str(tmp_path)]
    assert acc.main([*argv, "--ordinary", str(tmp_path)], load=lambda p, e: FakePolicy(p)) == 0
    packs = json.loads(capsys.readouterr().out)["packs"]
    toronto = packs["toronto"]["offensive_model"]["hatecheck"]
    row = toronto["functionalities"]["counter_ref_nh"]
    assert row["with_model"] == 0.5 and row["swearing_only"] == 0.5 and row["counted"] == 0.0
    assert toronto["targets"] == {"counter_ref_nh": True}
    # Edmonton has no rule for swearing in general: a flag there is counted.
    edmonton = packs["edmonton"]["offensive_model"]["hatecheck"]
    assert edmonton["functionalities"]["counter_ref_nh"]["counted"] == 0.5
    assert edmonton["targets"] == {"counter_ref_nh": False}
