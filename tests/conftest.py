from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from _paths import POLICIES


@pytest.fixture
def pack_copy(tmp_path: Path) -> Callable[[str], Path]:
    """A writable copy of a built-in pack directory."""

    def make(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(POLICIES / name, target)
        return target

    return make
