"""benchmarks/readers.py on tiny exports, so that it does not rot (no timing asserted)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_readers", BENCH / "readers.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["bench_readers"] = mod
    spec.loader.exec_module(mod)
    return mod


bench = _load()


@pytest.mark.parametrize("fmt", bench.FORMATS)
def test_every_format_is_written_and_read_back_whole(fmt: str, tmp_path: Path) -> None:
    path = bench.write_export(fmt, 30, tmp_path / fmt)
    got = bench.measure(str(path), judge=fmt == "x-archive")
    assert (got["posts"], got["bad"]) == (30, 0)
