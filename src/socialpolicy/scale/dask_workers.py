"""Dask workers set up for judging: the policy compiled and warm before the first task, the
worker's start-up heap out of the cyclic collector's sight, and the settings that cost a busy
worker CPU for nothing (the `scale` extra, with `distributed`).

    import dask
    from dask.distributed import Client, LocalCluster
    from socialpolicy.scale.dask_workers import WORKER_CONFIG, prepare_workers

    dask.config.set(WORKER_CONFIG)                   # before the cluster starts its workers
    client = Client(LocalCluster(n_workers=2, threads_per_worker=1))
    prepare_workers(client, policy)                  # every worker, and any that joins later

Why (docs/performance.md, "Session 12: workers"):

* A full collection walks every tracked object the process holds and what each refers to.
  A worker holding a compiled policy holds some 50,000 (its interpreter, Dask's modules, the
  policy), scattered over its heap, so each full collection cost 50 to 70 ms (cache misses,
  not work) and a worker judging police tweets ran one every 2,500 posts or so. The plugin
  freezes (`gc.freeze`) what the worker holds once the policy is compiled and warm; what
  tasks allocate afterwards is collected as before. A pool's workers do the same
  (`socialpolicy.scale.pool`).
* Dask's statistical profiler samples every thread's stack every 10 ms: an idle worker of a
  local cluster took 3.8% of a core with it and 1.9% without. `WORKER_CONFIG` turns it off
  (the dashboard's profile page is then empty).
"""

from __future__ import annotations

import gc
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from distributed import WorkerPlugin

if TYPE_CHECKING:
    from socialpolicy.policy import Policy

__all__ = ["WORKER_CONFIG", "PreparedPolicy", "prepare_workers"]

WORKER_CONFIG: dict[str, Any] = {"distributed.worker.profile.enabled": False}
"""Dask settings for workers that judge (`dask.config.set` before the cluster starts)."""

_WARM_AT = datetime(2025, 1, 1, tzinfo=UTC)


class PreparedPolicy(WorkerPlugin):  # type: ignore[misc]  # distributed is untyped here
    """A worker plugin: each worker compiles `policy` (it arrives by its pack's content and
    is kept in the worker's cache, `socialpolicy.scale.shipping`, so `judge_bag` finds it
    there), judges its rules' firing examples once (what a first judgement loads, loaded
    now), then freezes what it holds (`gc.freeze`)."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        # One per pack: registered again, it replaces the earlier one.
        self.name = f"socialpolicy-{policy.digest[:16]}"

    def setup(self, worker: Any) -> None:
        warm = [
            {"id": f"warm-{i}", "text": text, "created_at": _WARM_AT}
            for i, text in enumerate(_example_texts(self.policy))
        ]
        for _ in self.policy.evaluate_many(warm):
            pass
        gc.freeze()


def _example_texts(policy: Policy) -> list[str]:
    texts = []
    for rule in policy.pack.rules:
        for example in rule.examples.fires:
            post = example.post  # an example gives exactly one of text and post
            texts.append(example.text if post is None else post.text)
    return [text for text in texts if text]


def prepare_workers(client: Any, policy: Policy) -> None:
    """Register `PreparedPolicy(policy)` with `client`: run now on every worker, and on each
    worker that joins later."""
    client.register_plugin(PreparedPolicy(policy))
