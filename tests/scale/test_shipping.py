"""A Policy pickles by its pack's content and is compiled once per process."""

from __future__ import annotations

import multiprocessing
import pickle

import pytest

import socialpolicy as sp
from socialpolicy.errors import PackError
from socialpolicy.scale import shipping

POLICY = sp.load_policy("edmonton")
POST = {
    "id": "x",
    "text": "Vote for me on Monday! Call my cousin at 780-555-0148.",
    "created_at": "2025-06-02T12:00:00Z",
}


def test_a_policy_pickles_small_and_comes_back_as_itself_here() -> None:
    blob = pickle.dumps(POLICY)
    assert pickle.loads(blob) is POLICY  # this process compiled it already
    # the pack's content travels, not compiled state: no durable-rules handles, no automaton
    assert b"durable" not in blob and len(blob) < 2_000_000


def _in_child(blob: bytes) -> tuple[int, int, str, str]:
    first = pickle.loads(blob)
    second = pickle.loads(blob)
    d = first.evaluate(POST)
    return id(first) == id(second), shipping.cached_policies(), first.digest, d.model_dump_json()


def test_another_process_compiles_it_once_and_judges_alike() -> None:
    blob = pickle.dumps(POLICY)
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        same, cached, digest, decision = pool.apply(_in_child, (blob,))
    assert same and cached == 1
    assert digest == POLICY.digest
    assert decision == POLICY.evaluate(POST).model_dump_json()


def test_the_reference_engine_choice_travels() -> None:
    ref = sp.load_policy("edmonton", engine="reference")
    digest, engine, payload = shipping.shipped(ref)
    assert engine == "reference"
    shipping._cache.clear()
    again = shipping.policy_from_payload(digest, "reference", payload)
    assert again.engine_name == "reference"
    assert again.evaluate(POST) == ref.evaluate(POST)


def test_content_that_does_not_match_its_digest_is_refused() -> None:
    digest, engine, payload = shipping.shipped(POLICY)
    shipping._cache.clear()
    tampered = payload.replace(b"Edmonton", b"Edmontom", 1)
    with pytest.raises(PackError, match="digest|sha256"):
        shipping.policy_from_payload(digest, "auto", tampered)
    with pytest.raises(PackError, match="digest"):
        shipping.policy_from_payload("sha256:" + "0" * 64, "auto", payload)


def test_the_cache_is_bounded() -> None:
    digest, _, payload = shipping.shipped(POLICY)
    for i in range(shipping.CACHE_SIZE + 3):
        shipping.remember(POLICY, f"engine-{i}")
    assert shipping.cached_policies() == shipping.CACHE_SIZE
    shipping._cache.clear()
    shipping.policy_from_payload(digest, "auto", payload)
    assert shipping.cached_policies() == 1
