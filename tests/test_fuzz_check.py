"""A bounded fuzz run of `check` (reader, evaluate, log) in the suite: no crash, no lost record.

The full run is `python benchmarks/fuzz_check.py` (50,000 records; `--seed` to explore); this
one is small enough for every run of the suite, with a fixed seed so that a failure repeats.
"""

from __future__ import annotations

from pathlib import Path

from _paths import load_benchmark as _load

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
