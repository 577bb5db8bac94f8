"""A few hundred records for the Dask and Spark tests: the example posts under new ids, with
and without their accounts, a JSON line that does not parse and a post with no text."""

from __future__ import annotations

import json
from typing import Any

from _paths import REPO

N = 300


def archive_lines() -> list[str]:
    lines = (REPO / "examples" / "toronto-posts.jsonl").read_text("utf-8").splitlines()
    base = [json.loads(line) for line in lines if line.strip()]
    out: list[str] = []
    for i in range(N):
        example = base[i % len(base)]
        post: dict[str, Any] = {**example.get("post", example), "id": f"a{i}"}
        acc = example.get("account")
        out.append(json.dumps({"post": post, "account": acc} if acc and i % 4 else post))
    out[37] = '{"id": "broken", "text": '
    out[101] = json.dumps({"id": "no-text", "created_at": "2025-05-05T00:00:00Z"})
    return out
