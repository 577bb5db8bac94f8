"""The packs and schemas ship inside the wheel, and load from a non-editable install."""

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


def test_wheel_holds_packs_schemas_and_marker(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for pack in ("toronto", "edmonton"):
        assert f"socialpolicy/_packs/{pack}/pack.yaml" in names
        assert f"socialpolicy/_packs/{pack}/clauses.yaml" in names
        assert any(n.startswith(f"socialpolicy/_packs/{pack}/rules/") for n in names)
        assert any(n.startswith(f"socialpolicy/_packs/{pack}/lexicons/") for n in names)
    assert "socialpolicy/_packs/toronto/source/social-engagement-guidelines.txt" in names
    assert "socialpolicy/schemas/rules.schema.json" in names
    assert "socialpolicy/schemas/record.schema.json" in names
    assert "socialpolicy/py.typed" in names
    shipped = zipfile.ZipFile(wheel).read(
        "socialpolicy/_packs/edmonton/source/policy-4-2-4-social-media.txt"
    )
    assert shipped == (REPO / "policies/edmonton/source/policy-4-2-4-social-media.txt").read_bytes()


def test_packs_load_from_the_unpacked_wheel(wheel: Path, tmp_path: Path) -> None:
    zipfile.ZipFile(wheel).extractall(tmp_path)
    code = (
        "import socialpolicy as sp, socialpolicy.loader as l; "
        f"assert str(l.builtin_packs_dir()).startswith({str(tmp_path)!r}), l.builtin_packs_dir(); "
        "print(sorted(sp.builtin_pack_names())); "
        "print(sp.load_policy('toronto').evaluate({'id':'1','text':'Call my cousin at "
        "647-555-0148','created_at':'2025-05-01T10:00:00-04:00'}).verdict.value)"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["['edmonton', 'toronto']", "violation"]


def test_schema_lines_resolve_in_the_installed_packs(wheel: Path, tmp_path: Path) -> None:
    """Each pack file's `$schema` path, relative to the file, finds its schema in the wheel."""
    zipfile.ZipFile(wheel).extractall(tmp_path)
    packs = tmp_path / "socialpolicy" / "_packs"
    checked = 0
    for path in packs.rglob("*.yaml"):
        first = path.read_text("utf-8").splitlines()[0]
        prefix = "# yaml-language-server: $schema="
        assert first.startswith(prefix), path
        target = (path.parent / first.removeprefix(prefix)).resolve()
        assert target.is_file(), (path, target)
        assert target.parent == (tmp_path / "socialpolicy" / "schemas").resolve()
        checked += 1
    assert checked > 20
    code = "from socialpolicy.schema import schemas_dir; print(schemas_dir())"
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert done.stdout.strip() == str(tmp_path / "socialpolicy" / "schemas"), done.stderr
