"""A bounded fuzz run of `check` (reader, evaluate, log) in the suite: no crash, no lost record.

The full run is `python benchmarks/fuzz_check.py` (50,000 records; `--seed` to explore); this
one is small enough for every run of the suite, with a fixed seed so that a failure repeats.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod  # dataclasses look their module up by name
    spec.loader.exec_module(mod)
    return mod


fuzz = _load("fuzz_check")


def test_every_generator_makes_a_line_without_a_newline() -> None:
    import random

    rnd = random.Random(1)
    for _, make in fuzz.GENERATORS:
        for line in range(1, 30):
            raw = make(rnd, line)
            assert isinstance(raw, bytes) and raw


def test_a_bounded_fuzz_run_has_no_crash_and_no_lost_record(tmp_path: Path) -> None:
    seed = 12
    report = fuzz.run(2000, seed, tmp_path, record_timeout=2.0, pathological=1)
    assert report.ok, f"seed {seed}: {report.problems}"
    assert report.judged > 0 and report.reported > 0
    assert report.logged == report.judged and report.log_verified
    assert "record_failed" not in report.codes, f"seed {seed}: an internal error on a record"
