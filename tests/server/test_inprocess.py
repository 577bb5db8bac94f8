"""The app in-process (httpx's ASGI transport): the time limit, chunking, tokens, the extra."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _service import run_async
from socialpolicy.errors import AuthError, ConfigError
from socialpolicy.server.app import create_app
from socialpolicy.server.auth import TokenCheck
from socialpolicy.server.service import Service
from socialpolicy.server.settings import Limits, Settings, read_tokens

WHEN = "2025-05-01T10:00:00-04:00"


@pytest.fixture(scope="module")
def loaded() -> Service:
    return Service.load(Settings(packs=("toronto",)))


def _client(service: Service) -> httpx.AsyncClient:
    app = create_app(service=service)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sp")


def test_a_request_over_the_time_limit_is_cut_off(loaded: Service) -> None:
    slow = Service(
        settings=Settings(limits=Limits(request_seconds=0.2)),
        packs=dict(loaded.packs),
        auth=TokenCheck(()),
    )
    served = slow.packs["toronto"]
    real = served.policy.evaluate

    def sleepy(*args: Any, **kwargs: Any) -> Any:
        time.sleep(0.5)
        return real(*args, **kwargs)

    async def run() -> tuple[httpx.Response, httpx.Response]:
        async with _client(slow) as client:
            one = await client.post(
                "/v1/packs/toronto/evaluate",
                json={"post": {"id": "1", "text": "hi", "created_at": WHEN}},
            )
            lines = "\n".join(
                json.dumps({"id": str(i), "text": "hi", "created_at": WHEN}) for i in range(3)
            )
            many = await client.post("/v1/packs/toronto/check", content=lines.encode())
            return one, many

    served.policy.evaluate = sleepy  # type: ignore[method-assign]
    try:
        one, many = run_async(run())
    finally:
        served.policy.evaluate = real  # type: ignore[method-assign]
    assert one.status_code == 504
    assert one.json()["code"] == "limit_exceeded" and one.json()["location"]["field"] == "time"
    (line,) = many.text.splitlines()
    assert json.loads(line)["error"]["location"] == {
        "file": None,
        "line": 1,
        "column": None,
        "field": "time",
        "record": None,
    }


RECORDS = [
    json.dumps({"id": "1", "text": "Call my cousin at 647-555-0148", "created_at": WHEN}),
    "{not json",
    json.dumps({"id": "2", "text": "Lovely day at the parade", "created_at": WHEN}),
    json.dumps({"id": "3", "text": "x", "created_at": "soon"}),
]
BODY = ("\n".join(RECORDS) + "\n").encode()


async def _check(service: Service, parts: list[bytes]) -> str:
    async def body() -> AsyncIterator[bytes]:
        for part in parts:
            yield part

    async with _client(service) as client:
        res = await client.post("/v1/packs/toronto/check", content=body())
        return res.text


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cuts=st.lists(st.integers(min_value=0, max_value=len(BODY)), max_size=8))
def test_check_output_does_not_depend_on_how_the_body_arrives(
    loaded: Service, cuts: list[int]
) -> None:
    points = sorted(set(cuts))
    parts = [BODY[a:b] for a, b in zip([0, *points], [*points, len(BODY)], strict=True)]
    whole = run_async(_check(loaded, [BODY]))
    assert run_async(_check(loaded, parts)) == whole
    assert len(whole.splitlines()) == 4


@given(st.text(min_size=1, max_size=40))
def test_only_an_accepted_token_passes(guess: str) -> None:
    token = "a-long-enough-token-value"
    check = TokenCheck((token, "another-token-of-16-chars"))
    check.check(f"Bearer {token}")
    check.check(f"bearer   {token}  ")
    if guess.strip() not in (token, "another-token-of-16-chars"):
        with pytest.raises(AuthError):
            check.check(f"Bearer {guess}")
    TokenCheck(()).check(None)  # no tokens configured: everyone passes


def test_tokens_from_a_file_and_the_environment(tmp_path: Path) -> None:
    f = tmp_path / "tokens"
    f.write_text("# ops team\nfirst-token-0123456789\n\nsecond-token-0123456789 # CI\n")
    env = {"SOCIALPOLICY_TOKENS": "third-token-0123456789, first-token-0123456789"}
    assert read_tokens(f, env) == (
        "first-token-0123456789",
        "second-token-0123456789",
        "third-token-0123456789",
    )
    f.write_text("short\n")
    with pytest.raises(ConfigError) as err:
        read_tokens(f, {})
    assert err.value.location.line == 1 and "16 characters" in err.value.message
    with pytest.raises(ConfigError):
        read_tokens(tmp_path / "missing", {})


def _blocked(code: str) -> subprocess.CompletedProcess[str]:
    """Run `code` in a Python where the serve extra's packages cannot be imported."""
    prelude = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('fastapi', 'uvicorn', 'prometheus_client', 'starlette'):\n"
        "            raise ImportError(name)\n"
        "sys.meta_path.insert(0, Block())\n"
    )
    return subprocess.run(
        [sys.executable, "-c", prelude + code], capture_output=True, text=True, timeout=120
    )


def test_the_library_imports_and_serve_says_which_extra_without_it() -> None:
    done = _blocked(
        "import socialpolicy as sp\n"
        "print(sp.load_policy('toronto').evaluate({'id': '1', 'text': 'hi', "
        "'created_at': '2025-05-01T10:00:00-04:00'}).verdict.value)\n"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "pass"
    done = _blocked(
        "import importlib.util as u\n"
        "real = u.find_spec\n"
        "u.find_spec = lambda n, *a: None if n in ('fastapi', 'uvicorn', 'prometheus_client') "
        "else real(n, *a)\n"
        "sys.argv = ['socialpolicy', 'serve']\n"
        "from socialpolicy.cli import main\n"
        "main()\n"
    )
    assert done.returncode == 2
    assert "[service_error]" in done.stderr
    assert "pip install 'socialpolicy[serve]'" in done.stderr


def test_app_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    from socialpolicy.server.app import SETTINGS_ENV, app_from_env

    monkeypatch.setenv(SETTINGS_ENV, json.dumps({"packs": ["edmonton"]}))
    app = app_from_env()
    assert list(app.state.service.packs) == ["edmonton"]
