"""Configuration files: found from the current directory upward; flags win; errors located."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from socialpolicy.cli import app
from socialpolicy.cli_config import discover, find_config, load_config
from socialpolicy.errors import ConfigError

runner = CliRunner()

PHONE = {
    "id": "b",
    "text": "Call my cousin at 647-555-0148.",
    "created_at": "2025-05-04T18:40:00-04:00",
}
GOOD = {"id": "a", "text": "Great turnout at the BBQ!", "created_at": "2025-05-04T18:40:00-04:00"}
BINDS_NOBODY = {"handle": "@jo", "owner": {"organisation": "other", "role": "other"}}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with posts in a subdirectory; the tests run from that subdirectory."""
    root = tmp_path / "project"
    (root / "data" / "deep").mkdir(parents=True)
    (root / "data" / "posts.jsonl").write_text(
        json.dumps(GOOD) + "\n" + json.dumps(PHONE) + "\n", "utf-8"
    )
    (root / "accounts").mkdir()
    (root / "accounts" / "jo.json").write_text(json.dumps(BINDS_NOBODY), "utf-8")
    monkeypatch.chdir(root / "data" / "deep")
    return root


def check(*args: str) -> object:
    return runner.invoke(app, ["check", *args])


def test_pyproject_table_is_found_from_a_subdirectory(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.socialpolicy]\npolicy = "toronto"\nfail-on = "violation"\n',
        "utf-8",
    )
    assert find_config(Path.cwd()) == project / "pyproject.toml"
    res = check("--format", "jsonl", "../posts.jsonl")
    assert res.exit_code == 1  # no --policy needed; the violation reaches fail-on
    assert [json.loads(x)["verdict"] for x in res.stdout.splitlines()] == ["pass", "violation"]


def test_own_file_wins_over_pyproject_and_a_pyproject_without_table_is_passed_over(
    project: Path,
) -> None:
    (project / "pyproject.toml").write_text('[tool.socialpolicy]\npolicy = "edmonton"\n', "utf-8")
    (project / "data" / "pyproject.toml").write_text('[project]\nname = "inner"\n', "utf-8")
    assert find_config(Path.cwd()) == project / "pyproject.toml"
    (project / ".socialpolicy.toml").write_text('policy = "toronto"\n', "utf-8")
    cfg = discover()
    assert cfg.file == project / ".socialpolicy.toml" and cfg.policy == "toronto"


def test_paths_are_relative_to_the_file_and_flags_win(project: Path) -> None:
    (project / ".socialpolicy.toml").write_text(
        'policy = "toronto"\naccount = "accounts/jo.json"\nlog = "decisions.sqlite"\n'
        "findings-only = true\n",
        "utf-8",
    )
    cfg = discover()
    assert cfg.account == project / "accounts" / "jo.json"
    assert cfg.log == str(project / "decisions.sqlite")
    # The configured account binds nobody: the phone post passes, exit 0.
    res = check("--format", "jsonl", "../posts.jsonl")
    assert res.exit_code == 0, res.output
    assert res.stdout == "" and "passes not shown" in res.stderr  # findings-only from the file
    assert (project / "decisions.sqlite").exists()  # log from the file, relative to it
    # Flags win: --all shows every post, --fail-on advice, --policy edmonton.
    res = check("--all", "--format", "jsonl", "--policy", "edmonton", "../posts.jsonl")
    decisions = [json.loads(x) for x in res.stdout.splitlines()]
    assert [d["pack"]["id"] for d in decisions] == ["edmonton", "edmonton"]
    # --isolated ignores the file: no policy at all is a usage error.
    res = check("--isolated", "../posts.jsonl")
    assert res.exit_code == 2 and "no pack to judge by" in res.stderr


def test_a_pack_directory_next_to_the_file(project: Path) -> None:
    import shutil

    from _paths import POLICIES

    shutil.copytree(POLICIES / "toronto", project / "packs" / "mine")
    (project / ".socialpolicy.toml").write_text('policy = "packs/mine"\n', "utf-8")
    assert discover().policy == str(project / "packs" / "mine")


@pytest.mark.parametrize(
    ("text", "line", "needle", "suggestion"),
    [
        ('policy = "toronto"\nfail_on = "review"\n', 2, "unknown setting 'fail_on'", "fail-on"),
        ('fail-on = "violations"\n', 1, "fail-on 'violations'", "violation"),
        ("findings-only = 1\n", 1, "true or false", None),
        ('policy = "toronto"\nlog = \n', 2, "not valid TOML", None),
    ],
)
def test_config_errors_name_file_line_and_key(
    project: Path, text: str, line: int, needle: str, suggestion: str | None
) -> None:
    path = project / ".socialpolicy.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    err = info.value
    assert err.code == "config_error" and needle in err.message
    assert err.location.file == str(path) and err.location.line == line
    if suggestion:
        assert err.suggestion and suggestion in err.suggestion
    res = check("--format", "json", "../posts.jsonl")
    assert res.exit_code == 2
    assert json.loads(res.stdout)["error"]["code"] == "config_error"


def test_pyproject_errors_point_into_the_table(project: Path) -> None:
    path = project / "pyproject.toml"
    path.write_text(
        '[project]\nname = "x"\n\n[tool.socialpolicy]\npolicy = "toronto"\npolcy = "x"\n'
    )
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert info.value.location.line == 6 and info.value.suggestion


def test_the_config_command(project: Path) -> None:
    res = runner.invoke(app, ["config"])
    assert res.exit_code == 0 and "no configuration file" in res.stdout
    (project / ".socialpolicy.toml").write_text('\ufeffpolicy = "toronto"\n', "utf-8")  # a BOM
    res = runner.invoke(app, ["config", "--format", "json"])
    data = json.loads(res.stdout)
    assert data["file"] == str(project / ".socialpolicy.toml") and data["policy"] == "toronto"
    assert data["fail-on"] is None
    text = runner.invoke(app, ["config"]).stdout
    assert "policy" in text and "toronto" in text and "(not set)" in text
    other = project / "other.toml"
    other.write_text('fail-on = "advice"\n', "utf-8")
    data = json.loads(
        runner.invoke(app, ["config", "--config", str(other), "--format", "json"]).stdout
    )
    assert data["fail-on"] == "advice" and data["policy"] is None
