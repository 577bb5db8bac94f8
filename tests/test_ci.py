"""CI runs the linters, the type checker, the tests and the strict docs build."""

from __future__ import annotations

import re

from _paths import REPO


def _recipes(makefile: str, target: str, seen: set[str] | None = None) -> list[str]:
    """The commands `make target` runs: its prerequisites' recipes first, then its own."""
    seen = seen if seen is not None else set()
    if target in seen:
        return []
    seen.add(target)
    rule = re.search(rf"^{re.escape(target)}:([^\n]*)\n((?:\t[^\n]*\n)*)", makefile, re.M)
    if rule is None:
        return []
    out: list[str] = []
    for prereq in rule.group(1).split():
        out += _recipes(makefile, prereq, seen)
    return out + [line.strip() for line in rule.group(2).splitlines()]


def test_make_test_runs_ruff_mypy_pytest_and_the_docs_build() -> None:
    commands = "\n".join(_recipes((REPO / "Makefile").read_text("utf-8"), "test"))
    for needed in (
        "ruff check src tests benchmarks",
        "ruff format --check",
        "mypy",
        "-m pytest",
        "mkdocs build --strict",
    ):
        assert needed in commands, needed


def test_ci_runs_make_test_as_ci() -> None:
    script = (REPO / ".ci" / "run").read_text("utf-8")
    lines = [line.strip() for line in script.splitlines() if not line.strip().startswith("#")]
    assert "make test" in lines
    assert any(line.startswith("export CI=") for line in lines)


def test_ci_can_run_the_dask_and_spark_tests() -> None:
    """tests/scale runs in CI: the dev extra installs the scale extra, and CI gets Java."""
    pyproject = (REPO / "pyproject.toml").read_text("utf-8")
    dev = pyproject.split("\ndev = [", 1)[1].split("\n]", 1)[0]
    for package in ("dask[distributed,dataframe]", "pyspark", "pandas", "pyarrow"):
        assert f'"{package}' in dev, package
    script = (REPO / ".ci" / "run").read_text("utf-8")
    assert "command -v java" in script and "default-jre-headless" in script
