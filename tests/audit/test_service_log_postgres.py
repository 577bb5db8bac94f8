"""`socialpolicy serve --log postgresql://...`: the service's decisions land in a PostgreSQL log.

Here (not in tests/server/) for the session's PostgreSQL server fixture of tests/audit.
"""

from __future__ import annotations

import asyncio
import json

import httpx

from socialpolicy.audit.log import open_log
from socialpolicy.server.app import create_app
from socialpolicy.server.service import Service
from socialpolicy.server.settings import Settings

WHEN = "2025-05-01T10:00:00-04:00"


def test_concurrent_decisions_are_all_in_the_postgres_log(postgres_url: str) -> None:
    service = Service.load(Settings(packs=("toronto",), log=postgres_url))
    service.start()
    app = create_app(service=service)

    async def run() -> list[int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://sp") as client:
            posts = [
                {"post": {"id": f"p{i}", "text": f"Call 647-555-01{i:02d} now", "created_at": WHEN}}
                for i in range(12)
            ]
            answers = await asyncio.gather(
                *(client.post("/v1/packs/toronto/evaluate", json=p) for p in posts)
            )
            batch = "\n".join(json.dumps(p) for p in posts[:5])
            res = await client.post("/v1/packs/toronto/check", content=batch.encode())
            return [a.status_code for a in answers] + [len(res.text.splitlines())]

    try:
        statuses = asyncio.run(run())
    finally:
        service.stop()
    assert statuses == [200] * 12 + [5]
    with open_log(postgres_url, create=False) as log:
        assert log.count() == 17
        assert log.verify().ok
        ids = sorted(r.decision["post_id"] for r in log.records())
    assert ids == sorted([f"p{i}" for i in range(12)] + [f"p{i}" for i in range(5)])
