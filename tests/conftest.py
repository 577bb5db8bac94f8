from __future__ import annotations

import gc
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

import _early
from _paths import POLICIES, REPO

# In CI every property test draws the same examples on every run (derandomized, no example
# database), so a run decides on the code alone. Elsewhere the draws stay random, which is how
# properties find new bugs (one found the normaliser's mixed leetspeak runs).
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


_run_order: dict[str, int] = {}


def pytest_collection_finish(session: pytest.Session) -> None:
    # The slow subprocesses collected tests will ask for start now, on the second core.
    files = [item.path.relative_to(REPO).as_posix() for item in session.items]
    _early.start(files)
    _early.plan_warm_ups(files)
    _run_order.update((item.nodeid, i) for i, item in enumerate(session.items))
    # Everything alive now (modules, compiled policies, collected items) stays alive to the
    # end: move it out of the collector's reach, so that each full collection in the tests
    # walks only what the tests make.
    gc.collect()
    gc.freeze()


def pytest_runtest_setup(item: pytest.Item) -> None:
    # Started from a test's setup, so that what their processes print (Spark's JVM) is
    # captured with the tests' output as before.
    _early.reached(_run_order.get(item.nodeid, -1))


def pytest_sessionfinish(session: pytest.Session) -> None:
    _early.stop()


@pytest.fixture
def pack_copy(tmp_path: Path) -> Callable[[str], Path]:
    """A writable copy of a built-in pack directory."""

    def make(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(POLICIES / name, target)
        return target

    return make
