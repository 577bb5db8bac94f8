"""Under CI, a PostgreSQL test with no server fails instead of skipping (issue 12, point 7)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest


def _conftest() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "audit_conftest_copy", Path(__file__).with_name("conftest.py")
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_no_server_fails_under_ci_and_skips_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    unavailable = _conftest()._unavailable
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        unavailable("no server binaries")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="no server binaries"):
        unavailable("no server binaries")


def test_ci_installs_postgresql() -> None:
    script = (Path(__file__).resolve().parents[2] / ".ci" / "run").read_text()
    assert "postgresql" in script and 'CI="${CI:-1}"' in script
