"""Judging at scale: many processes on one machine, and Dask or Spark past one machine.

- `judge_outcomes` (and `Policy.evaluate_many(..., workers=N)`, `socialpolicy check
  --workers N`): a stream judged in N processes, in order, with a bounded number of records in
  flight and each bad record reported in its place.
- A `Policy` pickles by its pack's content and is compiled once per process
  (`shipping.policy_from_payload`), so it can be handed to any process pool or cluster.
- `judge_partition` and `findings_table`: what a Dask or Spark partition runs
  (`socialpolicy.scale.on_dask`, `socialpolicy.scale.on_spark`, in the `scale` extra).

See docs/performance.md ("Many cores" and "Dask and Spark").
"""

from __future__ import annotations

from socialpolicy.scale.pool import CHUNK_SIZE, Outcome, default_workers, judge_outcomes
from socialpolicy.scale.shipping import policy_from_payload

__all__ = [
    "CHUNK_SIZE",
    "Outcome",
    "default_workers",
    "judge_outcomes",
    "policy_from_payload",
]
