"""Posts of the development sets a test may read (fresh, concepts, ordinary police posts):
gates are checked on them as well as on generated text."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from _paths import REPO

_SETS = ("fresh", "concepts", "ordinary")


@cache
def labelled_texts() -> tuple[str, ...]:
    """Every post text (and the text it replies to) of those sets, in file order."""
    out: list[str] = []
    for name in _SETS:
        for path in sorted((REPO / "tests" / "data" / name).glob("*.jsonl")):
            for line in path.read_text(encoding="utf-8").splitlines():
                if not line.strip():
                    continue
                post = json.loads(line).get("post") or {}
                out.append(post.get("text") or "")
                reply = post.get("in_reply_to") or {}
                if reply.get("text"):
                    out.append(reply["text"])
    return tuple(out)


@cache
def pack_allowlists() -> list[Any]:
    """The personal-data allowlists a gate is checked under: none, and each pack's contacts."""
    import socialpolicy as sp
    from socialpolicy.detectors.personal_data.allowlist import Allowlist

    return [Allowlist()] + [
        Allowlist.from_contacts(sp.load_policy(p)._resources.contacts)  # noqa: SLF001
        for p in ("toronto", "edmonton")
    ]
