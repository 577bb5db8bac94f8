"""`check` POSTS: files, directories and globs, expanded in sorted order; nothing matched is exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from socialpolicy.cli import app
from socialpolicy.cli_inputs import expand_inputs
from socialpolicy.errors import InputValidationError

runner = CliRunner()


def post(ident: str, text: str = "Great turnout at the BBQ!") -> str:
    return json.dumps({"id": ident, "text": text, "created_at": "2025-05-04T18:40:00-04:00"})


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """posts/ with files at two depths, in an order the file system need not keep."""
    root = tmp_path / "posts"
    (root / "2025" / "05").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "b.jsonl").write_text(post("b") + "\n", "utf-8")
    (root / "a.json").write_text(post("a"), "utf-8")
    (root / "2025" / "05" / "c.ndjson").write_text(post("c") + "\n", "utf-8")
    (root / "2025" / "z.jsonl").write_text(post("z") + "\n", "utf-8")
    (root / "notes.txt").write_text("not an input", "utf-8")
    (root / ".hidden" / "x.jsonl").write_text(post("x") + "\n", "utf-8")
    return root


def test_a_directory_is_its_input_files_sorted(tree: Path) -> None:
    got = [Path(p).relative_to(tree).as_posix() for p in expand_inputs([str(tree)])]
    assert got == ["2025/05/c.ndjson", "2025/z.jsonl", "a.json", "b.jsonl"]


def test_a_glob_is_expanded_sorted_and_recursive_with_double_star(tree: Path) -> None:
    flat = expand_inputs([str(tree / "*.json*")])
    assert [Path(p).name for p in flat] == ["a.json", "b.jsonl"]
    deep = expand_inputs([str(tree / "**" / "*.jsonl")])
    assert [Path(p).relative_to(tree).as_posix() for p in deep] == ["2025/z.jsonl", "b.jsonl"]


def test_arguments_keep_their_order_and_a_file_is_read_once(tree: Path) -> None:
    got = expand_inputs([str(tree / "b.jsonl"), str(tree), "-"])
    names = [Path(p).name for p in got]
    assert names == ["b.jsonl", "c.ndjson", "z.jsonl", "a.json", "-"]


@pytest.mark.parametrize("pattern", ["nothing/*.jsonl", "posts/*.csv"])
def test_a_pattern_matching_nothing_is_bad_input(
    tree: Path, pattern: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tree.parent)
    with pytest.raises(InputValidationError, match="no file matches"):
        expand_inputs([pattern])
    res = runner.invoke(app, ["check", "--isolated", "--policy", "toronto", pattern])
    assert res.exit_code == 2 and "no file matches" in res.stderr
    res = runner.invoke(
        app, ["check", "--isolated", "--policy", "toronto", "--format", "json", pattern]
    )
    assert res.exit_code == 2
    assert json.loads(res.stdout)["error"]["code"] == "input_validation_error"


def test_a_directory_without_inputs_is_bad_input(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    res = runner.invoke(
        app, ["check", "--isolated", "--policy", "toronto", str(tmp_path / "empty")]
    )
    assert res.exit_code == 2 and "holds no" in res.stderr


def test_check_a_directory_and_a_glob(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tree.parent)
    res = runner.invoke(
        app, ["check", "--isolated", "--policy", "toronto", "--format", "jsonl", "posts"]
    )
    assert res.exit_code == 0, res.output
    assert [json.loads(line)["post_id"] for line in res.stdout.splitlines()] == ["c", "z", "a", "b"]
    res = runner.invoke(
        app,
        ["check", "--isolated", "--policy", "toronto", "--format", "jsonl", "posts/**/*.ndjson"],
    )
    assert [json.loads(line)["post_id"] for line in res.stdout.splitlines()] == ["c"]
