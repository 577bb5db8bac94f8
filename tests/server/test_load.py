"""A small, bounded run of benchmarks/service_load.py: no errors and no lost log records.

Speed is not asserted here (the figures are on the docs' Performance page); only that 1, 8
and 32 concurrent clients are all answered and every answered decision is in the log.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"


def _load_bench():  # type: ignore[no-untyped-def]
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location("service_load", BENCH / "service_load.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["service_load"] = mod  # dataclasses look their module up by name
    spec.loader.exec_module(mod)
    return mod


def test_concurrent_clients_lose_nothing() -> None:
    load = _load_bench()
    report = load.run(clients=(1, 8, 32), requests=48, seconds=60)
    text = load.render(report)
    assert [lv.clients for lv in report.levels] == [1, 8, 32]
    assert all(lv.errors == 0 and lv.requests == 48 for lv in report.levels), text
    assert report.logged == report.answered == 20 + 3 * 48, text
    assert report.log_verified, text
    assert report.ok and text.endswith("OK")
