"""The accuracy benchmark's arithmetic and file handling, on tiny synthetic data (no real data)."""

from __future__ import annotations

import csv
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "accuracy.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("accuracy_benchmark", SCRIPT)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up by name
    spec.loader.exec_module(mod)
    return mod


acc = _load()


# -- a fake policy: findings from keywords, shaped like socialpolicy's Decision ---------------
def _finding(level: str, rule: str, *clauses: str) -> SimpleNamespace:
    return SimpleNamespace(
        level=SimpleNamespace(value=level),
        rule_id=rule,
        clause_ids=clauses,
        evidence=(SimpleNamespace(field="text", text=rule),),
    )


class FakePolicy:
    version = "0.0.1"
    digest = "sha256:fake"
    engine_name = "fake"

    def __init__(self, pack: str) -> None:
        self.pack = pack

    def evaluate(self, post: dict[str, Any], account: dict[str, Any] | None = None) -> Any:
        text = post["text"].lower()
        found = []
        if "idiot" in text:
            clause = "tps.treat-others" if self.pack == "toronto" else "epc.3b"
            found.append(_finding("review", "respect.insult", clause))
        if "donate" in text and self.pack == "edmonton":
            found.append(_finding("violation", "political.solicit", "epc.3e"))
        if "unsure" in text:
            found.append(_finding("advice", "ask.first", "tps.questions-ask"))
        rank = {"advice": 1, "review": 2, "violation": 3}
        verdict = max((f.level.value for f in found), key=rank.__getitem__, default="pass")
        return SimpleNamespace(verdict=SimpleNamespace(value=verdict), findings=found)


def _fake_load(pack: str, engine: str) -> FakePolicy:
    return FakePolicy(pack)


# -- arithmetic --------------------------------------------------------------------------------
def test_clause_prf_micro_and_per_clause() -> None:
    total, per = acc.clause_prf(
        [
            (["a", "b"], ["a"]),  # TP a, FN b
            (["a"], ["a", "c"]),  # TP a, FP c
            ([], []),  # nothing
            (["b"], ["b"]),  # TP b
        ]
    )
    assert (total.tp, total.fp, total.fn) == (3, 1, 1)
    assert total.precision == pytest.approx(3 / 4)
    assert total.recall == pytest.approx(3 / 4)
    assert (per["a"].tp, per["a"].fp, per["a"].fn) == (2, 0, 0)
    assert (per["b"].tp, per["b"].fn) == (1, 1)
    assert per["b"].recall == pytest.approx(0.5)
    assert per["c"].precision == 0.0 and per["c"].recall is None


def test_undefined_ratios_are_none_and_not_failures() -> None:
    empty = acc.PRF()
    assert empty.precision is None and empty.recall is None
    assert acc.meets(None, 0.9) is None
    assert acc.meets(0.9, 0.9) is True and acc.meets(0.89, 0.9) is False
    assert acc.meets(0.01, 0.01, at_most=True) is True
    assert acc.meets(0.011, 0.01, at_most=True) is False


def test_score_dev_verdicts_advice_and_mismatches() -> None:
    out = acc.Outcome
    cases = [
        {"id": "c1", "expect": {"verdict": "review", "flag": ["x"], "advice": []}},
        {"id": "c2", "expect": {"verdict": "pass", "flag": [], "advice": []}},
        {"id": "c3", "expect": {"verdict": "advice", "flag": [], "advice": ["y"]}},
        {"id": "c4", "expect": {"verdict": "violation", "flag": ["x", "z"], "advice": []}},
    ]
    outcomes = [
        out("review", frozenset({"x"}), frozenset(), (("r1", "review"),)),
        out("review", frozenset({"z"}), frozenset(), (("r2", "review"),)),  # FP z, wrong verdict
        out("advice", frozenset(), frozenset({"y", "w"}), ()),  # advice FP w
        out("violation", frozenset({"x"}), frozenset(), ()),  # FN z, verdict right
    ]
    score = acc.score_dev(cases, outcomes)
    assert (score.flag.tp, score.flag.fp, score.flag.fn) == (2, 1, 1)
    assert score.flag.precision == pytest.approx(2 / 3)
    assert score.flag.recall == pytest.approx(2 / 3)
    assert (score.advice.tp, score.advice.fp, score.advice.fn) == (1, 1, 0)
    assert score.verdict_correct == 3 and score.verdict_accuracy == pytest.approx(0.75)
    assert [m.id for m in score.mismatches] == ["c2", "c3", "c4"]
    # Only wrong verdicts count as shifts (c3 and c4 mismatch on clauses, not on the verdict).
    assert acc.verdict_shifts(score.mismatches) == [(("pass", "review"), 1)]
    assert score.targets() == {
        "clause_precision": False,
        "clause_recall": False,
        "verdict_accuracy": False,
    }


def test_clause_reader_table_compares_silenced_and_shipped_outcomes() -> None:
    out = acc.Outcome
    cases = [
        {"id": "c1", "expect": {"verdict": "review", "flag": ["epc.3a"]}},
        {"id": "c2", "expect": {"verdict": "pass", "flag": []}},
    ]
    quiet = [out("pass", frozenset(), frozenset(), ()), out("pass", frozenset(), frozenset(), ())]
    shipped = [
        out("review", frozenset({"epc.3a"}), frozenset(), (("epc.3a.reader", "review"),)),
        out("review", frozenset({"epc.3d"}), frozenset(), (("epc.3d.reader", "review"),)),
    ]
    r = acc.Report(quiet=True)
    got = acc.print_reader(r, "edmonton", {"set": (cases, shipped, quiet)})
    assert got["set"]["without"]["flag"]["tp"] == 0
    assert (got["set"]["with"]["flag"]["tp"], got["set"]["with"]["flag"]["fp"]) == (1, 1)
    assert got["set"]["without"]["verdict_accuracy"] == 0.5
    assert got["set"]["with"]["verdict_accuracy"] == 0.5
    line = next(x for x in r.lines if x.strip().startswith("epc.3a"))
    assert "n/a/0.000->1.000/1.000" in line.replace(" ", "")
    rates = acc.print_reader_police(r, "edmonton", shipped, "odd rows")
    assert rates["any"] == 2 and rates["per_clause"]["epc.3a"] == 1
    assert acc.is_reader_rule("epc.3a.reader") and not acc.is_reader_rule("epc.3a.misreported")


def test_outcome_of_splits_levels() -> None:
    decision = SimpleNamespace(
        verdict=SimpleNamespace(value="violation"),
        findings=[
            _finding("advice", "a", "tps.questions-ask"),
            _finding("review", "b", "tps.privacy"),
            _finding("violation", "c", "tps.privacy", "tps.treat-others"),
        ],
    )
    out = acc.outcome_of(decision)
    assert out.verdict == "violation" and out.violation and out.any_flag
    assert out.flagged == {"tps.privacy", "tps.treat-others"}
    assert out.advice == {"tps.questions-ask"}


def test_rates_and_detection() -> None:
    out = acc.Outcome
    outcomes = [
        out("pass", frozenset(), frozenset(), ()),
        out("violation", frozenset({"p"}), frozenset(), (("r1", "violation"),)),
        out("review", frozenset({"p"}), frozenset(), (("r2", "review"), ("r2", "review"))),
        out("advice", frozenset(), frozenset({"q"}), (("r3", "advice"),)),
    ]
    rates = acc.score_rates(["a", "b", "c", "d"], outcomes)
    assert rates.violation == 1 and rates.flagged == 2
    assert rates.violation_share == pytest.approx(0.25) and rates.flagged_share == 0.5
    assert rates.rule_counts == {"r1": 1, "r2": 1, "r3": 1}  # once per row
    assert rates.advice == 1 and rates.advice_share == pytest.approx(0.25)
    assert rates.targets() == {
        "violation_share": False,
        "flagged_share": False,
        "advice_share": False,  # 25% of ordinary rows given advice: over its 5% budget
    }
    quiet = acc.score_rates(["a"] * 20, [outcomes[0]] * 19 + [outcomes[3]])
    assert quiet.advice_share == pytest.approx(0.05) and quiet.targets()["advice_share"]

    det = acc.score_detection(
        [
            (True, "0", True),
            (True, "1", False),
            (True, "1", True),
            (False, "2", True),
            (False, "2", False),
            (False, "2", False),
        ]
    )
    assert det.recall == pytest.approx(2 / 3)
    assert det.false_positive_rate == pytest.approx(1 / 3)
    assert det.by_class["1"] == [2, 1]


def test_span_matching_and_scores() -> None:
    assert acc.span_match((0, 5), (0, 10))  # covers exactly half
    assert not acc.span_match((0, 4), (0, 10))
    assert acc.span_match((2, 30), (5, 10))  # a wider prediction still covers it
    assert not acc.span_match((10, 20), (0, 10))  # touching is not overlapping
    s = acc.SpanScore()
    s.add(gold=[(0, 10), (20, 30)], pred=[(0, 9), (40, 45)])
    assert (s.gold_found, s.gold_missed, s.pred_right, s.pred_wrong) == (1, 1, 1, 1)
    assert s.precision == 0.5 and s.recall == 0.5
    assert acc.pii_kind("personal_data.phone") == "phone"
    assert acc.pii_kind("personal_data.private_email") == "email"
    assert acc.pii_kind("personal_data.payment_card") == "card"
    assert acc.pii_kind("personal_data.minor") is None


def test_presidio_reader_and_scoring(tmp_path: Path) -> None:
    text = "Call 555 0100 or write to a@b.example today"
    data = [
        {
            "full_text": text,
            "spans": [
                {
                    "entity_type": "PHONE_NUMBER",
                    "entity_value": "555 0100",
                    "start_position": 5,
                    "end_position": 13,
                },
                {
                    "entity_type": "EMAIL_ADDRESS",
                    "entity_value": "a@b.example",
                    "start_position": 26,
                    "end_position": 37,
                },
                {
                    "entity_type": "PERSON",
                    "entity_value": "x",
                    "start_position": 0,
                    "end_position": 1,
                },
            ],
        },
        {"full_text": "nothing here", "spans": []},
    ]
    path = tmp_path / "pii.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    records = acc.read_presidio(path)
    assert records[0].gold["phone"] == [(5, 13)] and records[0].gold["email"] == [(26, 37)]

    def predict(t: str) -> dict[str, list[tuple[int, int]]]:
        return {"phone": [(5, 13)], "address": [(0, 4)]} if t == text else {}

    scores = acc.run_presidio(records, predict, detected_kinds={"phone", "email", "address"})
    assert scores["phone"].recall == 1.0 and scores["phone"].precision == 1.0
    assert scores["email"].recall == 0.0 and scores["email"].precision is None
    assert scores["address"].precision == 0.0
    assert scores["card"].detected is False and scores["card"].recall is None


def test_sample_is_deterministic_every_kth() -> None:
    rows = list(range(10))
    assert acc.sample(rows, None)[0] == rows
    assert acc.sample(rows, 10)[0] == rows
    picked, note = acc.sample(rows, 4)
    assert picked == [0, 3, 6, 9] and "1 in 3" in note


def test_make_post_truncates_long_text() -> None:
    post, cut = acc.make_post("x", "a" * (acc.MAX_TEXT + 5))
    assert cut and len(post["text"]) == acc.MAX_TEXT
    assert acc.make_post("y", "short") == (
        {"id": "y", "text": "short", "created_at": acc.CREATED_AT},
        False,
    )


# -- the whole script, on synthetic files ------------------------------------------------------
def _write_csv(path: Path, header: list[str], rows: list[list[str]], delimiter: str = ",") -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, delimiter=delimiter)
        w.writerow(header)
        w.writerows(rows)


def _corpus(tmp_path: Path) -> Path:
    cases = [
        {
            "id": "t1",
            "pack": "toronto",
            "post": {"id": "1", "text": "you idiot", "created_at": "2025-01-01T00:00:00Z"},
            "account": None,
            "expect": {"verdict": "review", "flag": ["tps.treat-others"], "advice": []},
        },
        {
            "id": "t2",
            "pack": "toronto",
            "post": {"id": "2", "text": "unsure what to say", "created_at": "2025-01-01T00:00:00Z"},
            "account": None,
            "expect": {"verdict": "advice", "flag": [], "advice": ["tps.questions-ask"]},
        },
        {
            "id": "t3",
            "pack": "toronto",
            "post": {"id": "3", "text": "nice day", "created_at": "2025-01-01T00:00:00Z"},
            "account": None,
            "expect": {"verdict": "review", "flag": ["tps.privacy"], "advice": []},
        },
        {
            "id": "e1",
            "pack": "edmonton",
            "post": {"id": "4", "text": "donate now", "created_at": "2025-01-01T00:00:00Z"},
            "account": None,
            "expect": {"verdict": "violation", "flag": ["epc.3e"], "advice": []},
        },
    ]
    path = tmp_path / "dev.jsonl"
    path.write_text("\n".join(json.dumps(c) for c in cases) + "\n", encoding="utf-8")
    return path


def _external(tmp_path: Path) -> Path:
    ext = tmp_path / "external"
    ext.mkdir()
    _write_csv(
        ext / acc.FILES["police"],
        ["", "base_text", "tweet_class"],
        [
            ["1", "Appeal for witnesses", "3"],
            ["2", "Donate blood today", "1"],
            ["3", "dup", "100"],
            ["4", "Road closed", "1"],
            ["5", "Thanks all", "2"],
        ],
    )
    _write_csv(
        ext / acc.FILES["davidson"],
        ["", "count", "class", "tweet"],
        [
            ["0", "3", "0", "you idiot"],
            ["1", "3", "1", "what a day"],
            ["2", "3", "2", "idiot proof recipe"],
            ["3", "3", "2", "lovely"],
        ],
    )
    _write_csv(
        ext / acc.FILES["olid_tweets"],
        ["id", "tweet"],
        [["10", "@USER idiot URL"], ["11", "@USER hello"]],
        delimiter="\t",
    )
    (ext / acc.FILES["olid_labels"]).write_text("10,OFF\n11,NOT\n", encoding="utf-8")
    _write_csv(
        ext / acc.FILES["fundraising"],
        ["name", "subject", "body", "party"],
        [["a", "Chip in", "Please donate $5", "D"], ["b", "Hello", "Thanks for reading", "R"]],
    )
    return ext


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    if "--ordinary" not in argv:  # keep the project's own ordinary posts out of these tests
        argv = [*argv, "--ordinary", "/nonexistent/ordinary"]
    code = acc.main(argv, load=_fake_load)
    return code, capsys.readouterr().out


def test_main_json_figures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus, ext = _corpus(tmp_path), _external(tmp_path)
    code, out = _run(["--json", "--corpus", str(corpus), "--external", str(ext)], capsys)
    assert code == 0
    summary = json.loads(out)
    tor, edm = summary["packs"]["toronto"], summary["packs"]["edmonton"]

    dev = tor["dev"]
    assert dev["cases"] == 3
    assert (dev["flag"]["tp"], dev["flag"]["fp"], dev["flag"]["fn"]) == (1, 0, 1)
    assert dev["flag"]["precision"] == 1.0 and dev["flag"]["recall"] == 0.5
    assert dev["advice"]["recall"] == 1.0
    assert dev["verdict_accuracy"] == pytest.approx(2 / 3)
    assert [m["id"] for m in dev["mismatches"]] == ["t3"]
    assert edm["dev"]["cases"] == 1 and edm["dev"]["verdict_accuracy"] == 1.0

    # duplicates dropped: 4 rows; the odd ones (reported) hold the one "Donate" violation
    police = edm["police_tweets"]
    assert police["sample"] == "all 2 rows" and police["rows"] == 2
    assert police["violation"] == 1 and police["violation_share"] == 0.5
    assert police["targets"]["violation_share"] is False
    assert edm["police_tweets_even"]["rows"] == 2 and edm["police_tweets_even"]["violation"] == 0
    assert tor["police_tweets"]["violation"] == 0
    assert tor["ordinary_posts"]["skipped"] == "/nonexistent/ordinary"

    dav = tor["davidson"]
    assert dav["recall"] == 0.5 and dav["false_positive_rate"] == 0.5
    assert edm["olid"]["recall"] == 1.0 and edm["olid"]["false_positive_rate"] == 0.0

    assert edm["fundraising"]["recall"] == 0.5 and edm["fundraising"]["caught"] == 1
    assert tor["fundraising"] == {"not_applicable": "political solicitation is Edmonton 3e"}
    assert tor["presidio"]["skipped"].endswith(acc.FILES["presidio"])
    assert summary["targets_met"] is False


def test_check_targets_exit_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus, ext = _corpus(tmp_path), _external(tmp_path)
    args = ["--corpus", str(corpus), "--external", str(ext)]
    assert _run(args, capsys)[0] == 0
    assert _run([*args, "--check-targets"], capsys)[0] == 1
    # edmonton alone: dev all right, but a police tweet gets a violation (25% > 1%)
    assert _run([*args, "--pack", "edmonton", "--check-targets"], capsys)[0] == 1


def test_absent_files_are_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "none"
    empty.mkdir()
    code, out = _run(
        [
            "--pack",
            "toronto",
            "--check-targets",
            "--corpus",
            str(tmp_path / "dev.jsonl"),
            "--external",
            str(empty),
        ],
        capsys,
    )
    assert code == 0  # nothing measured, nothing failed
    assert f"skipped: {tmp_path / 'dev.jsonl'} not found" in out
    for name in ("police", "davidson", "olid_tweets", "presidio"):
        assert f"skipped: {empty / acc.FILES[name]} not found" in out


def test_limit_caps_rows_and_verbose_lists(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, ext = _corpus(tmp_path), _external(tmp_path)
    code, out = _run(
        [
            "--pack",
            "toronto",
            "--limit",
            "1",
            "--verbose",
            "--corpus",
            str(corpus),
            "--external",
            str(ext),
        ],
        capsys,
    )
    assert code == 0
    assert "sample of 1 of 2 rows" in out
    assert "t3: expected review" in out
    assert "not applicable" in out


def test_caps_full_and_limit() -> None:
    opts = acc.parse_args([])
    assert acc.cap_for(opts, "davidson") == acc.DEFAULT_CAPS["davidson"]
    assert acc.cap_for(opts, "police") is None
    assert acc.cap_for(acc.parse_args(["--full"]), "davidson") is None
    assert acc.cap_for(acc.parse_args(["--limit", "7"]), "davidson") == 7
    assert acc.cap_for(acc.parse_args(["--limit", "7", "--full"]), "police") == 7


def test_id_parity_and_folder_corpora(tmp_path: Path) -> None:
    assert [acc.id_parity(i) for i in ("blind-epc-007", "blind-tps-010", "x", "a2b3")] == [
        "odd",
        "even",
        "even",
        "odd",
    ]
    folder = tmp_path / "blind"
    folder.mkdir()
    _corpus(tmp_path).rename(folder / "a.jsonl")
    extra = {"id": "e2", "pack": "edmonton", "post": {}, "expect": {}}
    (folder / "b.jsonl").write_text(json.dumps(extra) + "\n", encoding="utf-8")
    (folder / "notes.txt").write_text("not a corpus", encoding="utf-8")
    assert [c["id"] for c in acc.read_dev(folder)] == ["t1", "t2", "t3", "e1", "e2"]
    assert [c["id"] for c in acc.read_dev(folder, "toronto", "odd")] == ["t1", "t3"]
    assert [c["id"] for c in acc.read_dev(folder, "edmonton", "even")] == ["e2"]


def test_corpus_specs_and_defaults() -> None:
    assert acc.parse_corpora(["x/dev.jsonl", "held=y/z.jsonl", "w/other.jsonl"]) == (
        ("dev", Path("x/dev.jsonl"), "all"),
        ("held", Path("y/z.jsonl"), "all"),
        ("other", Path("w/other.jsonl"), "all"),
    )
    labels = [label for label, _, _ in acc.parse_args([]).corpora]
    assert labels == [
        "dev",
        "dev2",
        "blind-odd",
        "blind-even",
        "fresh",
        "blind2-odd",
        "blind2-even",
        "blind3",
        "concepts",
        "blind4",
        "blind5",
        "blind6",
        "blind7-odd",
        "blind7-even",
        "blind8",
        "blind9",
        "blind10",
    ]
    development = [label for label, _, _ in acc.parse_args(["--development"]).corpora]
    assert development == [
        "dev",
        "dev2",
        "blind-odd",
        "fresh",
        "blind2-odd",
        "concepts",
        "blind7-odd",
    ]
    assert acc.split_rows([0, 1, 2, 3, 4]) == ([0, 2, 4], [1, 3])


def test_each_corpus_scored_apart_with_matrix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, ext = _corpus(tmp_path), _external(tmp_path)
    ordinary = tmp_path / "ordinary.jsonl"
    rows = [
        {"id": "o1", "pack": "toronto", "author": "officer", "post": {"id": "o1", "text": "hi"}},
        {"id": "o2", "pack": "toronto", "author": "service", "post": {"id": "o2", "text": "idiot"}},
        {
            "id": "o3",
            "pack": "edmonton",
            "author": "commissioner",
            "post": {"id": "o3", "text": "x"},
        },
    ]
    ordinary.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    argv = ["--json", "--pack", "toronto", "--external", str(ext), "--ordinary", str(ordinary)]
    code, out = _run([*argv, "--corpus", str(corpus), "--corpus", f"again={corpus}"], capsys)
    assert code == 0
    tor = json.loads(out)["packs"]["toronto"]
    assert set(tor["corpora"]) == {"dev", "again"}
    assert tor["corpora"]["again"]["flag"] == tor["dev"]["flag"]
    assert tor["ordinary_posts"]["rows"] == 2 and tor["ordinary_posts"]["flagged"] == 1
    code, text = _run([*argv[1:], "--corpus", str(corpus), "--corpus", f"again={corpus}"], capsys)
    assert "per clause, precision/recall by set" in text
    assert "tps.treat-others" in text.split("per clause, precision/recall by set")[1]


def test_rules_held_to_their_budgets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    class Budgeted(FakePolicy):
        rules = (
            SimpleNamespace(id="political.solicit", budget=0.1),
            SimpleNamespace(id="respect.insult", budget=0.5),
            SimpleNamespace(id="ask.first", budget=None),
        )

    ext = _external(tmp_path)
    argv = ["--json", "--pack", "edmonton", "--corpus", str(_corpus(tmp_path))]
    argv += ["--external", str(ext), "--ordinary", "/nonexistent/ordinary"]
    summary = json.loads(_capture(lambda: acc.main(argv, load=lambda p, e: Budgeted(p)), capsys))
    budgets = summary["packs"]["edmonton"]["budgets"]
    assert set(budgets) == {"political.solicit", "respect.insult"}
    solicit = budgets["political.solicit"]  # "Donate" is an odd row: 1 of 2
    assert (solicit["even"], solicit["odd"], solicit["ordinary"]) == (0.0, 0.5, None)
    assert solicit["within"] is False and budgets["respect.insult"]["within"] is True
    assert summary["targets_met"] is False


def _capture(run: Any, capsys: pytest.CaptureFixture[str]) -> str:
    run()
    return capsys.readouterr().out


# -- two readers ------------------------------------------------------------------------------
def _outcome(verdict: str, *flagged: str) -> Any:
    return acc.Outcome(
        verdict=verdict, flagged=frozenset(flagged), advice=frozenset(), rules=(), evidence=()
    )


def test_two_readers_agreement_and_consensus() -> None:
    cases = [
        {"id": "c1", "expect": {"verdict": "violation", "flag": ["x.a"], "advice": []}},
        {"id": "c2", "expect": {"verdict": "review", "flag": ["x.a", "x.b"], "advice": []}},
        {"id": "c3", "expect": {"verdict": "pass", "flag": [], "advice": []}},
        {"id": "c4", "expect": {"verdict": "pass", "flag": [], "advice": []}},  # not relabelled
    ]
    second = {
        "c1": {"verdict": "violation", "flag": ["x.a"]},
        "c2": {"verdict": "violation", "flag": ["x.a"]},  # one reader only flags x.b
        "c3": {"verdict": "review", "flag": ["x.c"]},  # one reader only flags x.c
    }
    got = [
        _outcome("violation", "x.a"),
        _outcome("review", "x.b"),  # finds the clause only reader 1 flagged: not scored
        _outcome("review", "x.c"),  # finds the clause only reader 2 flagged: not scored
        _outcome("review", "x.d"),
    ]
    t = acc.score_two_readers(cases, second, got)
    assert t.cases == 3
    assert (t.readers.tp, t.readers.fp, t.readers.fn) == (2, 1, 1)
    assert t.verdicts_agree == 1
    assert (t.first.tp, t.first.fp, t.first.fn) == (2, 1, 1)
    assert (t.second.tp, t.second.fp, t.second.fn) == (2, 1, 1)
    # Consensus: x.a in c1 and c2 expected; x.b (c2) and x.c (c3) are one reader's: not scored.
    assert (t.consensus.tp, t.consensus.fp, t.consensus.fn) == (1, 0, 1)
    assert (t.consensus_cases, t.consensus_verdicts) == (1, 1)
    d = t.to_dict()
    assert d["readers_verdict_agreement"] == pytest.approx(1 / 3)
    assert d["readers_flag_f1"] == pytest.approx(2 / 3)


def test_second_reader_file(tmp_path: Path) -> None:
    assert acc.read_second_reader(tmp_path, "blindX", "toronto") == {}
    (tmp_path / "blindX-toronto.jsonl").write_text(
        json.dumps({"id": "c1", "expect": {"verdict": "pass", "flag": []}}) + "\n\n",
        encoding="utf-8",
    )
    assert acc.read_second_reader(tmp_path, "blindX", "toronto") == {
        "c1": {"verdict": "pass", "flag": []}
    }
    (tmp_path / "blindX-edmonton.jsonl").write_text('{"id": 3}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="blindX-edmonton.jsonl:1"):
        acc.read_second_reader(tmp_path, "blindX", "edmonton")


def test_second_reader_files_match_their_sets() -> None:
    """Every shipped second-reader label names a case of its set and pack, once."""
    for path in sorted(acc.SECOND_READER.glob("*.jsonl")):
        label, pack = path.stem.rsplit("-", 1)
        ids = {c["id"] for c in acc.read_dev(acc.ROOT / "tests" / "data" / label, pack)}
        labels = [json.loads(x)["id"] for x in path.read_text("utf-8").splitlines() if x.strip()]
        assert len(labels) == len(set(labels)), path
        assert set(labels) <= ids and labels, path
