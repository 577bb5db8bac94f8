"""Judging a large archive on Spark (the `scale` extra: `pip install 'socialpolicy[scale]'`).

    from pyspark.sql import SparkSession
    from socialpolicy import load_policy
    from socialpolicy.scale.on_spark import judge_rdd, findings_dataframe

    spark = SparkSession.builder.getOrCreate()
    policy = load_policy("toronto")
    lines = spark.sparkContext.textFile("archive/*.jsonl")   # one JSON record a line
    decisions = judge_rdd(lines, policy).collect()           # Decisions (or errors), in order
    table = findings_dataframe(spark, lines, policy)          # one row per finding and clause

Each partition runs `judge_partition` (`mapPartitionsWithIndex`). The Policy is a Spark
broadcast variable, not part of each task's closure: it reaches each Python worker once, by
its pack's content, and every Python worker compiles it once (Spark reuses its Python workers
across tasks by default) and keeps it for all its tasks. Rows of a Spark DataFrame are judged
as dicts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from socialpolicy.scale.partitions import FINDINGS_COLUMNS, findings_partition, judge_partition

if TYPE_CHECKING:
    from socialpolicy.policy import AccountLike, Policy
    from socialpolicy.scale.pool import Outcome

__all__ = ["findings_dataframe", "findings_schema", "judge_rdd"]


def _plain(records: Iterable[Any]) -> Iterator[Any]:
    """Spark Rows as dicts (recursively); anything else as it is."""
    for r in records:
        as_dict = getattr(r, "asDict", None)
        yield as_dict(recursive=True) if as_dict is not None else r


def judge_rdd(
    rdd: Any, policy: Policy, account: AccountLike | None = None, as_of: date | None = None
) -> Any:
    """An RDD of each record's Decision (or the error it raised), partition order kept."""
    shared = rdd.context.broadcast(policy)

    def run(index: int, records: Iterable[Any]) -> list[Outcome]:
        return judge_partition(_plain(records), shared.value, account, as_of, prefix=f"{index}:")

    return rdd.mapPartitionsWithIndex(run, preservesPartitioning=True)


def findings_schema() -> Any:
    """The Spark schema of the flat findings table (`FINDINGS_COLUMNS`, all strings)."""
    from pyspark.sql.types import StringType, StructField, StructType

    return StructType([StructField(name, StringType(), True) for name, _, _ in FINDINGS_COLUMNS])


def findings_dataframe(
    spark: Any,
    data: Any,
    policy: Policy,
    account: AccountLike | None = None,
    as_of: date | None = None,
) -> Any:
    """A Spark DataFrame of the flat findings table of an RDD or a DataFrame of records."""
    rdd = data.rdd if hasattr(data, "rdd") else data
    names = [name for name, _, _ in FINDINGS_COLUMNS]
    shared = rdd.context.broadcast(policy)

    def run(index: int, records: Iterable[Any]) -> Iterator[tuple[str | None, ...]]:
        rows = findings_partition(_plain(records), shared.value, account, as_of, prefix=f"{index}:")
        return (tuple(row[n] for n in names) for row in rows)

    return spark.createDataFrame(rdd.mapPartitionsWithIndex(run), findings_schema())
