"""What `check` and `clauses` print: nothing cut, findings-only, every problem, CLI advice."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from socialpolicy.cli import app
from socialpolicy.loader import load_pack

runner = CliRunner()

GOOD = {"id": "a", "text": "Great turnout at the BBQ!", "created_at": "2025-05-04T18:40:00-04:00"}
PHONE = {
    "id": "b",
    "text": "Call my cousin at 647-555-0148.",
    "created_at": "2025-05-04T18:40:00-04:00",
}


def run(*args: str, columns: int = 100) -> object:
    return runner.invoke(app, list(args), env={"COLUMNS": str(columns)})


@pytest.mark.parametrize("columns", [80, 100, 160, 200])
@pytest.mark.parametrize("pack", ["toronto", "edmonton"])
def test_clauses_never_cut_an_id_or_a_heading(pack: str, columns: int) -> None:
    res = run("clauses", pack, columns=columns)
    assert res.exit_code == 0
    flat = " ".join(res.stdout.split())  # a wrapped heading is still whole, word by word
    lines = res.stdout.splitlines()
    for clause in load_pack(pack).clauses:
        assert any(clause.id in line.split() for line in lines), (clause.id, columns)
        assert " ".join(clause.heading.split()) in flat, (clause.heading, columns)
    assert "…" not in res.stdout


def test_check_findings_only(tmp_path: Path) -> None:
    posts = tmp_path / "p.jsonl"
    posts.write_text("\n".join(json.dumps(p) for p in (GOOD, GOOD | {"id": "c"}, PHONE)) + "\n")
    every = run("check", "--isolated", "--policy", "toronto", str(posts))
    assert "a: PASS" in every.stdout and "b: VIOLATION" in every.stdout
    only = run("check", "--isolated", "--policy", "toronto", "--findings-only", str(posts))
    assert only.exit_code == 1
    assert "PASS" not in only.stdout and "b: VIOLATION" in only.stdout
    assert f"{posts}:3" in only.stdout  # where the record is, to go back to it
    assert "3 post(s): 2 pass, 0 advice, 0 review, 1 violation (passes not shown)" in only.stdout
    jsonl = run(
        "check", "--isolated", "--policy", "toronto", "--findings-only", "--format", "jsonl",
        str(posts),
    )  # fmt: skip
    assert [json.loads(x)["post_id"] for x in jsonl.stdout.splitlines()] == ["b"]


def test_every_problem_of_a_bad_record_in_text_and_json(tmp_path: Path) -> None:
    bad = {"id": "x", "text": 3, "creatd_at": "2025-05-04", "visibility": "secret"}
    posts = tmp_path / "p.jsonl"
    posts.write_text(json.dumps(GOOD) + "\n" + json.dumps(bad) + "\n", "utf-8")
    text = run("check", "--isolated", "--policy", "toronto", str(posts))
    assert text.exit_code == 2
    for field in ("post.text", "post.created_at", "post.visibility", "post.creatd_at"):
        assert f"  {field}: " in text.stderr, text.stderr
    assert "did you mean 'created_at'?" in text.stderr and "(got 'secret')" in text.stderr
    assert "more problem" not in text.stderr
    as_json = run("check", "--isolated", "--policy", "toronto", "--format", "json", str(posts))
    data = json.loads(as_json.stdout)
    error = data[1]["error"]
    assert error["location"]["file"] == str(posts) and error["location"]["line"] == 2
    assert [p["field"] for p in error["problems"]] == [
        "post.text",
        "post.created_at",
        "post.visibility",
        "post.creatd_at",
    ]


def test_bom_utf16_empty_and_cut_short_inputs(tmp_path: Path) -> None:
    bom = tmp_path / "excel.jsonl"
    bom.write_bytes(codecs.BOM_UTF8 + (json.dumps(GOOD) + "\r\n").encode())
    res = run("check", "--isolated", "--policy", "toronto", str(bom))
    assert res.exit_code == 0 and "a: PASS" in res.stdout
    notepad = tmp_path / "notepad.json"
    notepad.write_bytes(json.dumps([GOOD, PHONE], indent=2).encode("utf-16"))
    res = run("check", "--isolated", "--policy", "toronto", str(notepad))
    assert res.exit_code == 1 and "b: VIOLATION" in res.stdout
    account = tmp_path / "account.json"
    nobody = {"handle": "@jo", "owner": {"organisation": "other", "role": "other"}}
    account.write_bytes(codecs.BOM_UTF8 + json.dumps(nobody).encode())
    res = run("check", "--isolated", "--policy", "toronto", "--account", str(account), str(bom))
    assert res.exit_code == 0, res.output
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n", "utf-8")
    res = run("check", "--isolated", "--policy", "toronto", str(empty))
    assert res.exit_code == 2 and "no records" in res.stderr and str(empty) in res.stderr
    cut = tmp_path / "cut.jsonl"
    cut.write_text(json.dumps(GOOD) + '\n   {"id": "b", "text": "x", \n', "utf-8")
    res = run("check", "--isolated", "--policy", "toronto", "--format", "json", str(cut))
    error = json.loads(res.stdout)[1]["error"]
    assert error["location"]["line"] == 2 and error["location"]["column"] == 29
    assert "ends too early" in error["message"]
    res = run("check", "--isolated", "--policy", "toronto", str(cut))
    assert f"{cut}:2:29: malformed JSON" in res.stderr


def test_engine_advice_names_the_flag(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Where durable-rules does not import (Python 3.13), the advice is `--engine reference`."""
    import sys

    monkeypatch.setitem(sys.modules, "durable_rules_engine", None)  # import fails
    posts = tmp_path / "p.jsonl"
    posts.write_text(json.dumps(GOOD) + "\n", "utf-8")
    res = run("check", "--isolated", "--policy", "toronto", "--engine", "durable", str(posts))
    assert res.exit_code == 2
    assert "--engine reference" in res.stderr and "engine='reference'" not in res.stderr
    res = run(
        "check", "--isolated", "--policy", "toronto", "--engine", "durable", "--format", "json",
        str(posts),
    )  # fmt: skip
    assert "--engine reference" in json.loads(res.stdout)["error"]["suggestion"]
    # The library keeps the API form.
    import socialpolicy as sp

    with pytest.raises(sp.EngineError) as info:
        sp.load_policy("toronto", engine="durable")
    assert info.value.suggestion and "engine='reference'" in info.value.suggestion
