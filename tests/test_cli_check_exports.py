"""`check` on platform exports: --from, detection, column mapping, the export's profile."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from _exports import FIXTURES
from socialpolicy.audit.log import open_log
from socialpolicy.cli import app

ACCOUNT = {"handle": "@placeholder", "owner": {"organisation": "epc", "role": "commissioner"}}


def _check(*args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(app, ["check", *args], catch_exceptions=False)
    return res.exit_code, res.stdout, res.stderr


def test_an_x_archive_folder_is_one_input_with_its_profile(tmp_path: Path) -> None:
    acc = tmp_path / "acc.json"
    acc.write_text(json.dumps(ACCOUNT))
    log = tmp_path / "log.db"
    code, out, _ = _check(
        "--policy", "edmonton", "--account", str(acc), "--log", str(log),
        "--format", "jsonl", str(FIXTURES / "x-archive"),
    )  # fmt: skip
    decisions = [json.loads(line) for line in out.splitlines()]
    assert [d["post_id"] for d in decisions] == [f"179000000000000000{i}" for i in range(1, 5)]
    assert code == 1
    with open_log(str(log), create=False) as lg:
        rec = list(lg.records())[-1]
    # The export's profile over --account's owner facts, the archive's rename kept.
    assert rec.input["account"]["handle"] == "@yeg_cyclist"
    assert "@CommrPatLee" in rec.input["account"]["previous_handles"]
    assert rec.input["extras"]["retweet_count"] == "0"
    assert "epc.4" in {c for f in decisions[3]["findings"] for c in f["clause_ids"]}


def test_contract_json_is_logged_without_extras(tmp_path: Path) -> None:
    posts = tmp_path / "p.jsonl"
    posts.write_text(json.dumps({"id": "1", "text": "hi", "created_at": "2025-01-01T10:00:00Z"}))
    log = tmp_path / "log.db"
    _check("--policy", "toronto", "--log", str(log), str(posts))
    with open_log(str(log), create=False) as lg:
        (rec,) = list(lg.records())
    assert set(rec.input) == {"post", "account", "account_assumed"}


def test_csv_with_map_flags_reports_bad_rows_and_judges_the_rest() -> None:
    code, out, err = _check(
        "--policy", "toronto", "--from", "csv", "--map", "id=post_id", "--map", "text=Body",
        "--map", "created_at=Posted", "--timezone", "America/Toronto", "--format", "jsonl",
        str(FIXTURES / "posts.csv"),
    )  # fmt: skip
    lines = [json.loads(line) for line in out.splitlines()]
    assert [d.get("post_id") for d in lines if "post_id" in d] == ["c1", "c2"]
    errors = [d["error"] for d in lines if "error" in d]
    assert [(e["location"]["line"], e["location"]["field"]) for e in errors] == [
        (5, "Posted"),
        (6, "Posted"),
    ]
    assert code == 2


def test_a_mapping_file_and_detection_of_tsv() -> None:
    code, out, _ = _check(
        "--policy", "toronto", "--mapping", str(FIXTURES / "mapping.yaml"), "--format", "jsonl",
        str(FIXTURES / "posts.csv"),
    )  # fmt: skip
    lines = [json.loads(line) for line in out.splitlines()]
    assert [d["post_id"] for d in lines if "post_id" in d] == ["c1", "c2"]
    assert code == 2
    code, out, _ = _check("--policy", "toronto", "--format", "jsonl", str(FIXTURES / "posts.tsv"))
    assert [json.loads(line)["post_id"] for line in out.splitlines()] == ["t1", "t2"]
    assert code == 0


def test_unknown_format_and_bad_map_are_usage_errors() -> None:
    code, _, err = _check("--policy", "toronto", "--from", "mastadon", str(FIXTURES / "posts.tsv"))
    assert code == 2 and "did you mean 'mastodon'?" in err
    code, _, err = _check("--policy", "toronto", "--map", "txt=Body", str(FIXTURES / "posts.tsv"))
    assert code == 2 and "--map 'txt=Body'" in err


def test_without_owner_facts_the_profile_is_not_used_and_says_so() -> None:
    code, out, err = _check("--policy", "toronto", str(FIXTURES / "mastodon"))
    assert "is not used without owner facts" in err
    assert "judged as the pack's assumed member" in out
    assert code in (0, 1)
