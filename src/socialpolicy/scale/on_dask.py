"""Judging a large archive on Dask (the `scale` extra: `pip install 'socialpolicy[scale]'`).

    import dask.bag as db
    from socialpolicy import load_policy
    from socialpolicy.scale.on_dask import judge_bag, findings_frame

    policy = load_policy("toronto")
    lines = db.read_text("archive/*.jsonl")          # one JSON record a line
    decisions = judge_bag(lines, policy).compute()   # Decisions (or errors), in order
    table = findings_frame(lines, policy).compute()  # pandas: one row per finding and clause

Each partition runs `judge_partition`. The Policy is one node of the task graph (a
`dask.delayed` value all partitions depend on), not an argument copied into every task: it
travels to each worker once, by its pack's content, and each worker process compiles it once
and keeps it for all its partitions (a copy in every task cost its 380 KB pickle in each task
sent and its unpickling in each task run).

To set the cluster up for judging (its workers' idle wake-ups, the policy compiled and frozen
out of the collector's sight before the first task), see `socialpolicy.scale.dask_workers`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from socialpolicy.scale.partitions import FINDINGS_COLUMNS, findings_partition, judge_partition

if TYPE_CHECKING:
    from socialpolicy.policy import AccountLike, Policy

__all__ = ["findings_frame", "judge_bag"]


def judge_bag(
    bag: Any, policy: Policy, account: AccountLike | None = None, as_of: date | None = None
) -> Any:
    """A `dask.bag.Bag` of each record's Decision (or the error it raised), in order."""
    return bag.map_partitions(
        _judge_labelled, _once(policy), account, as_of, _partition_numbers(bag)
    )


def _once(policy: Policy) -> Any:
    """The policy as one graph node shared by every partition's task."""
    from dask import delayed

    return delayed(policy, pure=True, traverse=False)


def _partition_numbers(bag: Any) -> Any:
    import dask.bag as db

    return db.from_sequence(range(bag.npartitions), npartitions=bag.npartitions)


def _judge_labelled(records: Any, policy: Policy, account: Any, as_of: Any, number: Any) -> Any:
    (n,) = number
    return judge_partition(records, policy, account, as_of, prefix=f"{n}:")


def _rows_labelled(records: Any, policy: Policy, account: Any, as_of: Any, number: Any) -> Any:
    (n,) = number
    return findings_partition(records, policy, account, as_of, prefix=f"{n}:")


def findings_frame(
    bag: Any, policy: Policy, account: AccountLike | None = None, as_of: date | None = None
) -> Any:
    """A `dask.dataframe.DataFrame` of the flat findings table (`FINDINGS_COLUMNS`)."""
    import pandas as pd

    rows = bag.map_partitions(
        _rows_labelled, _once(policy), account, as_of, _partition_numbers(bag)
    )
    meta = pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype, _ in FINDINGS_COLUMNS})
    return rows.to_dataframe(meta=meta)
