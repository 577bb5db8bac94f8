"""Spark: a local Spark with two Python workers judges an archive exactly as one process."""

from __future__ import annotations

import os
import pickle
import shutil
import sys
from collections.abc import Iterator
from typing import Any

import pytest

import _early
import socialpolicy as sp
from _archive import archive_lines
from socialpolicy.decisions import Decision
from socialpolicy.errors import SocialPolicyError
from socialpolicy.scale.partitions import FINDINGS_COLUMNS, findings_table, judge_partition

pyspark_sql = pytest.importorskip("pyspark.sql")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    if os.environ.get("CI"):
        pytest.fail("Java is missing: .ci/run installs a headless JRE", pytrace=False)
    pytest.skip("Spark needs Java (java not on PATH)", allow_module_level=True)

from socialpolicy.scale.on_spark import findings_dataframe, judge_rdd  # noqa: E402

POLICY = sp.load_policy("toronto")


def _session() -> Any:
    os.environ["PYSPARK_PYTHON"] = sys.executable  # the workers run this interpreter
    return (
        pyspark_sql.SparkSession.builder.master("local[2]")  # two Python worker processes
        .appName("socialpolicy-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )


# The JVM takes ~20 s to start: it starts at collection, while the tests before these run.
_early.warm_up("spark", __file__, _session)


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    session: Any = _early.warmed("spark")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_decisions_match_one_process(spark: Any) -> None:
    lines = archive_lines()
    got = judge_rdd(spark.sparkContext.parallelize(lines, 4), POLICY).collect()
    alone = judge_partition(lines, POLICY)
    assert len(got) == len(lines)
    for a, b in zip(got, alone, strict=True):
        if isinstance(b, Decision):
            assert a == b
        else:
            assert isinstance(a, SocialPolicyError) and a.code == b.code
    assert got[37].code == "input_syntax_error"


def test_findings_dataframe_matches_one_process(spark: Any) -> None:
    lines = archive_lines()
    frame = findings_dataframe(spark, spark.sparkContext.parallelize(lines, 3), POLICY)
    assert frame.columns == [name for name, _, _ in FINDINGS_COLUMNS]
    rows = [r.asDict() for r in frame.collect()]
    alone = findings_table(judge_partition(lines, POLICY)).to_dict("records")
    keep = [c for c in frame.columns if c not in ("record", "error")]

    def plain(row: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(None if row[c] is None or row[c] != row[c] else row[c] for c in keep)

    assert [plain(r) for r in rows] == [plain(r) for r in alone]
    assert sum(r["error_code"] is not None for r in rows) == 2


def test_rows_of_a_spark_dataframe_are_judged_as_records(spark: Any) -> None:
    posts = [
        {"id": f"d{i}", "text": "Call my cousin at 647-555-0148.", "created_at": "2025-05-05"}
        for i in range(6)
    ]
    frame = spark.createDataFrame(posts)
    got = judge_rdd(frame.rdd, POLICY).collect()
    assert [d.post_id for d in got] == [p["id"] for p in posts]
    assert got == list(POLICY.evaluate_many(posts))


def test_the_policy_is_broadcast_not_in_each_task(spark: Any) -> None:
    """The function each task runs refers to a broadcast policy: the policy's pickle (its
    pack's content, about 380 KB) is not part of every task's closure."""
    from pyspark.serializers import CloudPickleSerializer

    rdd = judge_rdd(spark.sparkContext.parallelize(["{}"], 1), POLICY)
    assert len(CloudPickleSerializer().dumps(rdd.func)) < 10_000
    assert len(pickle.dumps(POLICY)) > 100_000
