from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from _service import TOKEN, Running, serve


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
