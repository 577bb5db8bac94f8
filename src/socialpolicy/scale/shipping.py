"""Sending a Policy to another process: by its pack's content, rebuilt once per process.

A `Policy` holds compiled state that cannot cross a process boundary (the durable-rules
rulesets, a lock, the Aho-Corasick automaton). It pickles as its pack's content instead (the
pack as JSON plus the text of each source document) with the pack digest and the engine
choice; unpickling looks the digest up in this process's cache first, so a worker that
receives the same policy with every task compiles it once. The content is checked against
the digest (and each document against its sha256) before it is used.
"""

from __future__ import annotations

import json
import os
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from socialpolicy.documents import sha256_hex
from socialpolicy.errors import PackError
from socialpolicy.packs import PolicyPack, compute_digest, pack_content

if TYPE_CHECKING:
    from socialpolicy.policy import EngineChoice, Policy

__all__ = [
    "CACHE_SIZE",
    "cached_policies",
    "pack_payload",
    "policy_from_payload",
    "reduce_policy",
    "remember",
    "shipped",
]

CACHE_SIZE = 16  # distinct (pack digest, engine) pairs one process keeps compiled

_cache: OrderedDict[tuple[str, str], Policy] = OrderedDict()
_lock = threading.Lock()


def pack_payload(pack: PolicyPack) -> bytes:
    """The pack's content as bytes: its JSON and every source document's text."""
    return json.dumps(
        {
            "pack": pack.model_dump(mode="json"),
            "texts": {doc.id: doc.text for doc in pack.documents},
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()


def _pack_from_payload(digest: str, payload: bytes) -> PolicyPack:
    data = json.loads(payload)
    pack = PolicyPack.model_validate(data["pack"])
    texts: dict[str, str] = data["texts"]
    docs = []
    for doc in pack.documents:
        raw = texts.get(doc.id, "").encode(doc.encoding)
        if sha256_hex(raw) != doc.sha256:
            raise PackError(
                f"pack {pack.id}: document {doc.id!r} arrived with text that does not match "
                "its sha256"
            )
        docs.append(doc.with_text(raw))
    pack = pack.model_copy(update={"documents": tuple(docs)})
    actual = compute_digest(pack_content(pack))
    if actual != digest or pack.digest != digest:
        raise PackError(
            f"pack {pack.id}: the content sent ({actual}) does not match its digest {digest}"
        )
    return pack


def remember(policy: Policy, engine: str) -> None:
    """Keep `policy` as this process's compiled form of its pack (for in-process unpickling)."""
    key = (policy.digest, engine)
    with _lock:
        _cache[key] = policy
        _cache.move_to_end(key)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)


def policy_from_payload(digest: str, engine: EngineChoice, payload: bytes) -> Policy:
    """The Policy a pickle names: from this process's cache, or compiled once from `payload`."""
    key = (digest, engine)
    with _lock:
        hit = _cache.get(key)
    if hit is not None:
        return hit
    from socialpolicy.policy import Policy

    policy = Policy(_pack_from_payload(digest, payload), engine=engine)
    with _lock:
        # Two threads may have compiled it at once: both get the first one kept.
        kept = _cache.setdefault(key, policy)
        _cache.move_to_end(key)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return kept


def cached_policies() -> int:
    """How many compiled policies this process holds (tests check a worker compiles once)."""
    with _lock:
        return len(_cache)


def shipped(policy: Policy) -> tuple[str, str, bytes]:
    """(digest, engine, payload): what `policy_from_payload` rebuilds the policy from."""
    _, args = policy.__reduce__()
    digest, engine, payload = args
    return digest, engine, payload


def _forget_after_fork() -> None:
    # A forked child must compile its own: the parent's policies may hold locks another of
    # its threads had taken at the moment of the fork.
    global _lock
    _lock = threading.Lock()
    _cache.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_after_fork)


def reduce_policy(policy: Policy, engine: str, payload: bytes) -> tuple[Any, ...]:
    """`Policy.__reduce__`: rebuilt by `policy_from_payload` wherever it is unpickled."""
    remember(policy, engine)
    return (policy_from_payload, (policy.digest, engine, payload))
