"""The offensive-language model and its credits ship in the wheel and load from it."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import _early
from _paths import REPO


@pytest.fixture(scope="module")
def wheel() -> Path:
    # `pip wheel --no-deps` of the checkout, built once at collection for the files that read it
    built = _early.result("wheel")
    if built.process.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {built.process.stderr.strip()[-300:]}")
    return next(built.out.glob("socialpolicy-*.whl"))


def test_the_wheel_holds_the_model_and_the_notice(wheel: Path) -> None:
    archive = zipfile.ZipFile(wheel)
    names = set(archive.namelist())
    for name in ("offensive.json", "offensive.weights.tsv", "offensive.py"):
        assert f"socialpolicy/models/{name}" in names
    # The clause reader ships beside it; its training posts stay in the repository.
    for name in ("clauses.json", "clauses.weights.tsv", "clauses.py", "_ngrams.py"):
        assert f"socialpolicy/models/{name}" in names
    assert not any("training/data" in n or n.endswith(".jsonl") for n in names)
    weights = REPO / "src" / "socialpolicy" / "models" / "offensive.weights.tsv"
    assert archive.read("socialpolicy/models/offensive.weights.tsv") == weights.read_bytes()
    notice = archive.read("socialpolicy/NOTICE").decode("utf-8")
    assert "Davidson" in notice and "ICWSM 2017" in notice and "MIT" in notice
    assert "Zampieri" in notice and "NAACL" in notice and "CC BY 4.0" in notice


def test_the_model_loads_from_the_unpacked_wheel(wheel: Path, tmp_path: Path) -> None:
    zipfile.ZipFile(wheel).extractall(tmp_path)
    code = (
        "import socialpolicy.models.offensive as o; "
        f"assert str(o.shipped_manifest()).startswith({str(tmp_path)!r}), o.shipped_manifest(); "
        "m = o.load_offensive_model(); "
        "print(m.flags(m.score_text('This is the stupidest idea ever.')), "
        "m.flags(m.score_text('Enjoy the long weekend and drive safely.')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "False"]


def test_the_wheel_holds_the_compiled_sums_or_is_pure(wheel: Path, tmp_path: Path) -> None:
    """With a C compiler the wheel holds `socialpolicy._cngrams` and is tagged for this
    interpreter, and the unpacked wheel scores with it; without, it is a pure wheel."""
    names = zipfile.ZipFile(wheel).namelist()
    built = [n for n in names if n.startswith("socialpolicy/_cngrams.") and n.endswith(".so")]
    assert "socialpolicy/_cngrams.c" in names  # the source too, for reference
    if wheel.name.endswith("-py3-none-any.whl"):
        assert not built
        return
    assert len(built) == 1
    zipfile.ZipFile(wheel).extractall(tmp_path)
    code = "from socialpolicy.models import _ngrams; print(_ngrams.compiled())"
    env = {k: v for k, v in os.environ.items() if k != "SOCIALPOLICY_PURE"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**env, "PYTHONPATH": str(tmp_path)},
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True"]


def test_a_wheel_built_without_a_compiler_is_pure() -> None:
    # `pip wheel --no-deps` of the checkout with CC=/bin/false, built at collection
    built = _early.result("pure-wheel")
    assert _early.JOBS["pure-wheel"].env()["CC"] == "/bin/false"
    if built.process.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {built.process.stderr.strip()[-300:]}")
    wheel = next(built.out.glob("socialpolicy-*.whl"))
    assert wheel.name.endswith("-py3-none-any.whl")
    assert not any(n.endswith(".so") for n in zipfile.ZipFile(wheel).namelist())
