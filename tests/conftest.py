from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

from _paths import POLICIES

# In CI every property test draws the same examples on every run (derandomized, no example
# database), so a run decides on the code alone. Elsewhere the draws stay random, which is how
# properties find new bugs (one found the normaliser's mixed leetspeak runs).
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture
def pack_copy(tmp_path: Path) -> Callable[[str], Path]:
    """A writable copy of a built-in pack directory."""

    def make(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(POLICIES / name, target)
        return target

    return make
