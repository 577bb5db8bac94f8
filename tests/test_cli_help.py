"""The command's own help: --version, readable help text, what a record is, shell completion."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

import socialpolicy as sp
from socialpolicy.cli import app
from socialpolicy.cli_reference import commands

runner = CliRunner()
ALL = commands(app)


def test_version() -> None:
    for flag in ("--version", "-V"):
        res = runner.invoke(app, [flag])
        assert res.exit_code == 0
        assert res.stdout.startswith(f"socialpolicy {sp.__version__} (Python ")
        assert "engine" in res.stdout


def test_version_from_the_installed_entry_point() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "from socialpolicy.cli import main; main()", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0 and done.stdout.startswith("socialpolicy ")


@pytest.mark.parametrize("path", [p for p, _c, _x in ALL], ids=lambda p: " ".join(p))
def test_help_names_values_not_python_types(path: list[str]) -> None:
    res = runner.invoke(app, [*path[1:], "--help"], env={"COLUMNS": "100"})
    assert res.exit_code == 0, res.output
    # typer's defaults would print `<str>`, `<list[str]>`, `<path>`, `{POSTS...}...`.
    assert not re.search(r"<[a-z_\[\]|, ]+>", res.stdout), res.stdout
    assert "{" not in res.stdout.split("\n", 1)[0], res.stdout
    for param in next(c for p, c, _x in ALL if p == path).params:
        takes_value = not getattr(param, "is_flag", False) and not getattr(param, "count", False)
        if getattr(param, "opts", None) and param.param_type_name == "option" and takes_value:
            assert param.metavar, f"{' '.join(path)} {param.opts[0]} has no metavar"


def test_check_help_says_what_a_record_is() -> None:
    res = runner.invoke(app, ["check", "--help"], env={"COLUMNS": "100"}, prog_name="socialpolicy")
    out = res.stdout
    assert "Usage: socialpolicy check [OPTIONS] POSTS..." in out
    assert '{"id": "p1", "text":' in out and '"created_at":' in out
    assert '{"post": {' in out and '"account": {"handle":' in out
    assert "directories" in out and "glob" in out and ".socialpolicy.toml" in out
    assert "Exit status: 0" in out


def _complete(words: str) -> list[str]:
    """What bash completion offers after `words` (the last one being completed)."""
    parts = words.split(" ")
    res = runner.invoke(
        app,
        [],
        prog_name="socialpolicy",
        env={
            "_SOCIALPOLICY_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(parts) - 1),
        },
    )
    return [line.split(",", 1)[-1] for line in res.stdout.splitlines()]


def test_completion_of_commands_packs_and_ids() -> None:
    assert "clauses" in _complete("socialpolicy cl")
    assert "check" in _complete("socialpolicy ch")
    assert set(_complete("socialpolicy clauses ")) >= {"toronto", "edmonton"}
    assert "toronto" in _complete("socialpolicy check --policy to")
    ids = _complete("socialpolicy explain toronto tps.pri")
    assert "tps.privacy" in ids and "tps.privacy.personal-information" in ids
    assert "--findings-only" in _complete("socialpolicy check --fi")


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish", "powershell"])
def test_completion_script(shell: str) -> None:
    res = runner.invoke(app, ["completion", shell])
    assert res.exit_code == 0 and "_SOCIALPOLICY_COMPLETE" in res.stdout


def test_install_completion_is_offered() -> None:
    res = runner.invoke(app, ["--help"])
    assert "--install-completion" in res.stdout and "--show-completion" in res.stdout
