"""Paths shared by the tests."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]
POLICIES = REPO / "policies"
SHARED = REPO.parent / "shared"
BENCHMARKS = REPO / "benchmarks"


def load_benchmark(name: str) -> ModuleType:
    """A script of `benchmarks/` imported as module `name` (its siblings importable too)."""
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod  # dataclasses look their module up by name
    spec.loader.exec_module(mod)
    return mod
