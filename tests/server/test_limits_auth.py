"""Bearer tokens and the request limits, against a real process started with them."""

from __future__ import annotations

import json

import httpx

from _service import TOKEN, Running

AUTH = {"Authorization": f"Bearer {TOKEN}"}
WHEN = "2025-05-01T10:00:00-04:00"


def test_token_required_on_the_api_and_metrics(guarded: Running) -> None:
    for path in ("/v1/packs", "/metrics"):
        res = httpx.get(guarded.url + path)
        assert res.status_code == 401
        assert res.headers["www-authenticate"] == "Bearer"
        assert res.json()["code"] == "unauthorized"
        assert (
            httpx.get(guarded.url + path, headers={"Authorization": "Bearer wrong"}).status_code
            == 401
        )
        assert httpx.get(guarded.url + path, headers={"Authorization": TOKEN}).status_code == 401
        assert httpx.get(guarded.url + path, headers=AUTH).status_code == 200
    # Probes and the page need no token (the page asks for one when the API does).
    assert httpx.get(guarded.url + "/healthz").status_code == 200
    assert httpx.get(guarded.url + "/readyz").status_code == 200
    assert httpx.get(guarded.url + "/").status_code == 200
    assert [p["id"] for p in httpx.get(guarded.url + "/v1/packs", headers=AUTH).json()] == [
        "toronto"
    ]


def test_limits(guarded: Running) -> None:
    url = guarded.url + "/v1/packs/toronto"
    long_post = {"post": {"id": "1", "text": "word " * 100, "created_at": WHEN}}
    res = httpx.post(url + "/evaluate", json=long_post, headers=AUTH)
    assert res.status_code == 413
    body = res.json()
    assert body["code"] == "limit_exceeded" and body["location"]["field"] == "post.text"

    big = {"post": {"id": "1", "text": "x", "created_at": WHEN}, "account": {"bio": "y" * 5000}}
    res = httpx.post(url + "/evaluate", json=big, headers=AUTH)
    assert res.status_code == 413 and res.json()["location"]["field"] == "body"

    records = "\n".join(
        json.dumps({"id": str(i), "text": "Hello", "created_at": WHEN}) for i in range(5)
    )
    res = httpx.post(url + "/check", content=records.encode(), headers=AUTH)
    out = [json.loads(x) for x in res.text.splitlines()]
    assert [o.get("post_id") for o in out[:3]] == ["0", "1", "2"]
    assert out[3]["error"]["code"] == "limit_exceeded"
    assert out[3]["error"]["location"]["line"] == 4 and len(out) == 4

    # A body streamed without a length is cut off where it passes the limit.
    def chunks():  # type: ignore[no-untyped-def]
        for _ in range(10):
            yield b"\n" * 1000

    res = httpx.post(url + "/check", content=chunks(), headers=AUTH)
    (line,) = res.text.splitlines()
    assert json.loads(line)["error"]["location"]["field"] == "body"
