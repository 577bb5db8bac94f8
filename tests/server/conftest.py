from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from _browser import chromium
from _service import ARTIFACTS, TOKEN, Running, serve


@pytest.fixture(scope="session")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    """One service for the whole session: both packs, a SQLite decision log, no token."""
    tmp = tmp_path_factory.mktemp("service")
    with serve(tmp, ["--log", str(tmp / "decisions.db")]) as running:
        yield running


@pytest.fixture(scope="session")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    """A service with a bearer token and tight limits, one pack."""
    tmp = tmp_path_factory.mktemp("guarded")
    tokens = tmp / "tokens.txt"
    tokens.write_text(f"# the test client's token\n{TOKEN}\n", encoding="utf-8")
    args = ["--pack", "toronto", "--token-file", str(tokens)]
    args += ["--max-body-bytes", "4000", "--max-post-chars", "300", "--max-batch", "3"]
    env = {"SOCIALPOLICY_TOKENS": os.environ.get("SOCIALPOLICY_TOKENS", "")}
    with serve(tmp, args, env=env) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """The distribution's Chromium under Playwright (skips outside CI when missing)."""
    executable = chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        message = "playwright is not installed (pip install -e '.[dev]')"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=executable, args=["--no-sandbox", "--disable-gpu"], timeout=60_000
        )
        yield b
        b.close()
