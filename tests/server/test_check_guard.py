"""The service's NDJSON `check` judges each record through `guard.judging.judge_record`, as
`socialpolicy check` does: one record's failure is an error line naming it, the rest are
judged, and the record time budget applies (issue 12)."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
import pytest

from _service import run_async
from socialpolicy.detectors import run_detectors
from socialpolicy.inputs import Post
from socialpolicy.server.app import create_app
from socialpolicy.server.auth import TokenCheck
from socialpolicy.server.service import Service
from socialpolicy.server.settings import Limits, Settings

WHEN = "2025-05-01T10:00:00-04:00"


@pytest.fixture(scope="module")
def loaded() -> Service:
    svc = Service.load(Settings(packs=("toronto",)))
    # The first post loads models lazily: not what the record budget is about.
    warm = Post.model_validate({"id": "w", "text": "Warm up, idiot", "created_at": WHEN})
    svc.judge("toronto", warm, None, None)
    return svc


def _service(loaded: Service, limits: Limits) -> Service:
    return Service(settings=Settings(limits=limits), packs=dict(loaded.packs), auth=TokenCheck(()))


def _post(pid: str, text: str) -> str:
    return json.dumps({"id": pid, "text": text, "created_at": WHEN})


def _check(service: Service, lines: list[str]) -> list[dict[str, Any]]:
    async def run() -> str:
        app = create_app(service=service)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://sp") as client:
            res = await client.post(
                "/v1/packs/toronto/check", content=("\n".join(lines) + "\n").encode()
            )
            assert res.status_code == 200
            return res.text

    return [json.loads(line) for line in run_async(run()).splitlines()]


@pytest.fixture
def misbehaving(monkeypatch: pytest.MonkeyPatch) -> None:
    """BOOM raises a plain exception (a defect), SLOW takes 1.5 s (test-only)."""
    real = run_detectors

    def run(ctx: Any, *args: Any) -> Any:
        if ctx.post.text.startswith("BOOM"):
            raise ZeroDivisionError("boom")
        if ctx.post.text.startswith("SLOW"):
            time.sleep(1.5)
        return real(ctx, *args)

    monkeypatch.setattr("socialpolicy.policy.run_detectors", run)


def test_a_record_that_raises_or_runs_over_budget_is_one_error_line(
    loaded: Service, misbehaving: None
) -> None:
    svc = _service(loaded, Limits(record_seconds=0.5, max_post_chars=50))
    lines = [
        _post("1", "Lovely day at the parade"),
        _post("2", "BOOM"),
        _post("3", "SLOW but fine"),
        _post("4", "x" * 51),
        json.dumps({"id": "5", "text": "hi", "created_at": WHEN, "colour": "red"}),
        "[" * 100 + "]" * 100,
        _post("7", "Thanks for coming out"),
    ]
    out = _check(svc, lines)
    assert len(out) == 7
    assert [o.get("post_id") or o["error"]["code"] for o in out] == [
        "1",
        "record_failed",
        "record_timeout",
        "limit_exceeded",
        out[4].get("post_id") or out[4]["error"]["code"],
        "input_limit_exceeded",
        "7",
    ]
    assert "error" in out[4]  # an unknown field is refused, as `check` refuses it
    for i in range(1, 6):
        assert out[i]["error"]["location"]["line"] == i + 1
    assert "ZeroDivisionError" in out[1]["error"]["detail"]
    assert out[3]["error"]["location"]["field"] == "post.text"


def test_no_record_budget_means_a_slow_record_is_judged(loaded: Service, misbehaving: None) -> None:
    svc = _service(loaded, Limits(record_seconds=0))
    out = _check(svc, [_post("1", "SLOW but fine"), _post("2", "hi")])
    assert [o.get("post_id") for o in out] == ["1", "2"]
