"""Dask workers set up for judging: the policy compiled and warm before the first task, the
worker's start-up heap out of the cyclic collector's sight, and the cluster settings that
cost CPU for nothing while the workers judge (the `scale` extra, with `distributed`).

    import dask
    from dask.distributed import Client, LocalCluster
    from socialpolicy.scale.dask_workers import CLUSTER_CONFIG, prepare_workers

    dask.config.set(CLUSTER_CONFIG)                  # before the cluster starts
    client = Client(LocalCluster(n_workers=2, threads_per_worker=1))
    prepare_workers(client, policy)                  # every worker, and any that joins later

Why (docs/performance.md, "Session 12: workers"):

* A full collection walks every tracked object the process holds and what each refers to.
  A Dask worker holding a compiled policy holds some 90,000 (its interpreter, Dask's modules,
  the policy), scattered over its heap, so each full collection cost 50 to 70 ms (cache misses,
  not work) and a worker judging police tweets ran one every 2,500 posts or so. The plugin
  freezes (`gc.freeze`) what the worker holds once the policy is compiled and warm; what
  tasks allocate afterwards is collected as before. Young collections start at 10,000 net
  allocations instead of 700: judging a batch of 32 posts holds a few thousand objects at
  its peak and frees them by its end, so at 700 a worker ran one every 17 posts or so, for
  little. A pool's workers do the same (`socialpolicy.scale.pool`). Both hold for every
  task of the worker, not only the judging.
* Every Dask server (scheduler, nanny, worker) wakes on timers: each worker samples its
  threads' stacks every 10 ms (the statistical profiler), every server's event loop ticks
  every 20 ms (to warn when it was blocked) and reads its system figures every 500 ms (the
  dashboard's). On a 2-core machine an idle local cluster of two workers took 2.8 to 3.9% of
  a core in each worker and 3.0 to 4.7% in the process holding the scheduler and nannies;
  with `CLUSTER_CONFIG` (no profiler, a tick a second, system figures every 5 s) 0.5 to
  0.7% and 1.6%. While the workers judge, these wake-ups also take the GIL from the task.
  The cost: the dashboard has no profile page, coarser system plots, and a blocked event
  loop is noticed within a second rather than 20 ms. The memory monitor (what pauses or
  restarts a worker that runs out of memory) keeps its default.
"""

from __future__ import annotations

import gc
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from distributed import WorkerPlugin

from socialpolicy.scale.pool import YOUNG_COLLECTION_AT

if TYPE_CHECKING:
    from socialpolicy.policy import Policy

__all__ = ["CLUSTER_CONFIG", "PreparedPolicy", "prepare_workers"]

CLUSTER_CONFIG: dict[str, Any] = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
}
"""Dask settings for a cluster that judges (`dask.config.set` before it starts: a local
cluster's nannies hand the configuration to the workers they start)."""

_WARM_AT = datetime(2025, 1, 1, tzinfo=UTC)


class PreparedPolicy(WorkerPlugin):  # type: ignore[misc]  # distributed is untyped here
    """A worker plugin: each worker compiles `policy` (it arrives by its pack's content and
    is kept in the worker's cache, `socialpolicy.scale.shipping`, so `judge_bag` finds it
    there), judges its rules' firing examples once (what a first judgement loads, loaded
    now), then freezes what it holds (`gc.freeze`) and starts young collections at
    `pool.YOUNG_COLLECTION_AT` net allocations, not 700, as a pool's worker does."""

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
        gc.set_threshold(YOUNG_COLLECTION_AT, *gc.get_threshold()[1:])


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
