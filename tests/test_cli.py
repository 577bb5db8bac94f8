"""The command line: exit codes 0/1/2, --format json, bad records reported and skipped."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from _paths import POLICIES, REPO
from socialpolicy.cli import app

runner = CliRunner()

OFFICER = {"handle": "@PCRivers", "owner": {"organisation": "tps", "role": "officer"}}
GOOD = {"id": "a", "text": "Great turnout at the BBQ!", "created_at": "2025-05-04T18:40:00-04:00"}
PHONE = {
    "id": "b",
    "text": "Call my cousin at 647-555-0148.",
    "created_at": "2025-05-04T18:40:00-04:00",
}


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def test_packs_lists_both() -> None:
    code, out, _ = run("packs", "--format", "json")
    assert code == 0
    assert {p["id"] for p in json.loads(out)} == {"toronto", "edmonton"}


def test_clauses_shows_coverage() -> None:
    code, out, _ = run("clauses", "toronto", "--format", "json")
    rows = {r["id"]: r for r in json.loads(out)}
    assert code == 0 and len(rows) == 11
    assert rows["tps.privacy"]["checked_by"] == "post" and rows["tps.privacy"]["rules"]
    assert rows["tps.intro"]["rules"] == [] and rows["tps.intro"]["check_note"]


def test_explain_clause_and_rule_history() -> None:
    code, out, _ = run("explain", "edmonton", "epc.3f")
    assert code == 0 and "Commissioner accounts should have a contact disclaimer" in out
    code, out, _ = run("explain", "edmonton", "epc.3f.disclaimer", "--format", "json")
    versions = json.loads(out)["versions"]
    assert code == 0 and [v["version"] for v in versions] == ["1.0.0", "1.2.0"]
    assert versions[0]["effective_to"] == "2024-06-30"
    code, _, err = run("explain", "edmonton", "epc.3z")
    assert code == 2 and "epc.3" in err


def test_verify_ok_and_broken(tmp_path: Path) -> None:
    assert run("verify", "toronto")[0] == 0
    pack = tmp_path / "toronto"
    shutil.copytree(POLICIES / "toronto", pack)
    source = pack / "source" / "social-engagement-guidelines.txt"
    source.write_text(source.read_text("utf-8").replace("Treat others", "Treat other"), "utf-8")
    code, out, _ = run("verify", str(pack), "--format", "json")
    assert code == 1
    assert json.loads(out)["problems"][0]["code"] == "citation_error"
    assert run("verify", str(tmp_path / "nowhere"))[0] == 2


def test_test_command_counts_examples() -> None:
    code, out, _ = run("test", "edmonton", "--rule", "epc.2", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["failed"] == 0 and data["passed"] >= 12


def test_check_exit_codes_follow_fail_on(tmp_path: Path) -> None:
    posts = write_jsonl(tmp_path / "p.jsonl", [json.dumps(GOOD), json.dumps(PHONE)])
    assert run("check", "--policy", "toronto", str(posts))[0] == 1
    assert (
        run(
            "check",
            "--policy",
            "toronto",
            "--fail-on",
            "violation",
            str(write_jsonl(tmp_path / "g.jsonl", [json.dumps(GOOD)])),
        )[0]
        == 0
    )


def test_check_table_shows_rule_version_clause_and_quote(tmp_path: Path) -> None:
    code, out, _ = run(
        "check", "--policy", "toronto", str(REPO / "examples" / "toronto-posts.jsonl")
    )
    assert code == 1
    assert "tps.privacy.personal-information 1.1.0" in out
    assert "[tps.privacy]" in out
    assert (
        "“Do not share any information of others including their photos without their permission”"
        in out
    )


def test_check_bad_record_in_the_middle_is_reported_and_the_rest_checked(tmp_path: Path) -> None:
    posts = write_jsonl(
        tmp_path / "p.jsonl",
        [
            json.dumps(GOOD),
            '{"id": "broken", "text": ',
            json.dumps({**PHONE, "visibility": "secret"}),
            json.dumps(PHONE),
        ],
    )
    code, out, err = run("check", "--policy", "toronto", "--format", "jsonl", str(posts))
    assert code == 2  # a bad record wins over findings
    lines = [json.loads(line) for line in out.splitlines()]
    errors = [x["error"] for x in lines if "error" in x]
    decisions = [x for x in lines if "post_id" in x]
    assert [d["post_id"] for d in decisions] == ["a", "b"]
    assert errors[0]["code"] == "input_syntax_error" and errors[0]["location"]["line"] == 2
    assert errors[0]["location"]["column"] == 26  # where the line ends, not column 1
    assert errors[1]["location"] == {
        "file": str(posts),
        "line": 3,
        "column": None,
        "field": "post.visibility",
        "record": None,
    }
    assert "2 bad record(s)" in err


def test_check_account_file_and_records_with_accounts(tmp_path: Path) -> None:
    acc = tmp_path / "acc.json"
    acc.write_text(
        json.dumps({"handle": "@jo", "owner": {"organisation": "other", "role": "other"}})
    )
    posts = write_jsonl(
        tmp_path / "p.jsonl", [json.dumps(PHONE), json.dumps({"post": PHONE, "account": OFFICER})]
    )
    code, out, _ = run(
        "check", "--policy", "toronto", "--account", str(acc), "--format", "json", str(posts)
    )
    verdicts = [d["verdict"] for d in json.loads(out)]
    assert verdicts == ["pass", "violation"] and code == 1


def test_check_stdin_and_single_json_object(tmp_path: Path) -> None:
    code, out, _ = run(
        "check", "--policy", "toronto", "--format", "json", "-", stdin=json.dumps(PHONE) + "\n"
    )
    assert code == 1 and json.loads(out)[0]["post_id"] == "b"
    pretty = tmp_path / "one.json"
    pretty.write_text(json.dumps(PHONE, indent=2))
    code, out, _ = run("check", "--policy", "toronto", "--format", "json", str(pretty))
    assert code == 1 and json.loads(out)[0]["verdict"] == "violation"


def test_check_as_of_and_bad_usage(tmp_path: Path) -> None:
    posts = write_jsonl(tmp_path / "p.jsonl", [json.dumps(PHONE)])
    code, out, _ = run(
        "check", "--policy", "toronto", "--format", "json", "--as-of", "2010-01-01", str(posts)
    )
    assert code == 0 and json.loads(out)[0]["notes"]
    assert run("check", "--policy", "toronto", "--as-of", "soon", str(posts))[0] == 2
    assert run("check", "--policy", "nosuchpack", str(posts))[0] == 2
    assert run("check", "--policy", "toronto", str(tmp_path / "missing.jsonl"))[0] == 2
    assert run("check", str(posts))[0] == 2  # --policy is required


@pytest.mark.parametrize("engine", ["reference", "durable"])
def test_check_engine_choice_is_recorded(tmp_path: Path, engine: str) -> None:
    from socialpolicy.engine import durable_available

    if engine == "durable" and not durable_available():
        pytest.skip("durable-rules not installed")
    posts = write_jsonl(tmp_path / "p.jsonl", [json.dumps(PHONE)])
    code, out, _ = run(
        "check", "--policy", "toronto", "--engine", engine, "--format", "json", str(posts)
    )
    assert json.loads(out)[0]["engine"]["name"] == engine
