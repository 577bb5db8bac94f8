"""Dask: a local cluster of two worker processes judges an archive exactly as one process."""

from __future__ import annotations

import json
import pickle
from collections.abc import Iterator

import pytest

import socialpolicy as sp
from _archive import archive_lines
from socialpolicy.decisions import Decision
from socialpolicy.errors import SocialPolicyError
from socialpolicy.scale.partitions import FINDINGS_COLUMNS, findings_table, judge_partition

db = pytest.importorskip("dask.bag")
distributed = pytest.importorskip("distributed")
pytest.importorskip("pandas")

from socialpolicy.scale.on_dask import findings_frame, judge_bag  # noqa: E402

POLICY = sp.load_policy("toronto")


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def test_decisions_match_one_process(client: object) -> None:
    lines = archive_lines()
    bag = db.from_sequence(lines, npartitions=4)
    got = judge_bag(bag, POLICY).compute()
    alone = judge_partition(lines, POLICY)
    assert len(got) == len(lines)
    for a, b in zip(got, alone, strict=True):
        if isinstance(b, Decision):
            assert a == b
        else:
            assert isinstance(a, SocialPolicyError) and a.code == b.code
    assert isinstance(got[37], SocialPolicyError) and got[37].code == "input_syntax_error"
    assert got[101].code == "input_validation_error"  # type: ignore[union-attr]
    # both workers took part, each compiled the policy once
    counts = client.run(_compiled)  # type: ignore[attr-defined]
    assert len(counts) == 2 and all(n >= 1 for n in counts.values())


def _compiled() -> int:
    from socialpolicy.scale.shipping import cached_policies

    return cached_policies()


def test_findings_frame_matches_one_process(client: object) -> None:
    lines = archive_lines()
    frame = findings_frame(db.from_sequence(lines, npartitions=3), POLICY).compute()
    alone = findings_table(judge_partition(lines, POLICY))
    assert list(frame.columns) == [name for name, _, _ in FINDINGS_COLUMNS]
    cols = [c for c in frame.columns if c not in ("record", "error")]
    assert frame[cols].reset_index(drop=True).equals(alone[cols].reset_index(drop=True))
    assert frame["rule_id"].notna().sum() > 0 and frame["error_code"].notna().sum() == 2
    assert set(frame["record"].str.split(":").str[0]) == {"0", "1", "2"}
    assert json.loads(lines[0])  # the archive is JSON lines, read as text by the workers


def test_the_policy_is_one_node_of_the_graph() -> None:
    """Every partition's task refers to one shared policy node: the policy's pickle (its pack's
    content, about 380 KB) is not copied into each task the scheduler sends to a worker."""
    lines = [str(i) for i in range(8)]
    for collection in (
        judge_bag(db.from_sequence(lines, npartitions=8), POLICY),
        findings_frame(db.from_sequence(lines, npartitions=8), POLICY),
    ):
        graph = dict(collection.__dask_graph__())
        sizes = sorted(len(pickle.dumps(task)) for task in graph.values())
        assert sizes[-1] > 100_000  # the policy itself, once
        assert sizes[-2] < 10_000, sizes[-3:]  # every task without it


def test_prepared_workers_hold_the_policy_compiled_and_frozen_and_judge_the_same(
    client: object,
) -> None:
    from socialpolicy.scale.dask_workers import prepare_workers

    before = client.run(_frozen)  # type: ignore[attr-defined]
    prepare_workers(client, POLICY)
    prepare_workers(client, POLICY)  # registered again: still one compiled policy
    after = client.run(_frozen)  # type: ignore[attr-defined]
    assert len(after) == 2
    for worker, (frozen, digests) in after.items():
        assert before[worker][0] == 0 and frozen > 10_000  # its start-up heap, out of sight
        assert digests == [POLICY.digest]  # compiled once, kept for the tasks
    lines = archive_lines()
    got = judge_bag(db.from_sequence(lines, npartitions=4), POLICY).compute()
    for frozen, digests in client.run(_frozen).values():  # type: ignore[attr-defined]
        assert frozen > 10_000 and digests == [POLICY.digest]  # the tasks found that policy
    alone = judge_partition(lines, POLICY)
    assert [d for d in got if isinstance(d, Decision)] == [
        d for d in alone if isinstance(d, Decision)
    ]


def _frozen() -> tuple[int, list[str]]:
    import gc

    from socialpolicy.scale import pool, shipping

    assert gc.get_threshold()[0] == pool.YOUNG_COLLECTION_AT or not gc.get_freeze_count()
    with shipping._lock:
        digests = sorted(digest for digest, _ in shipping._cache)
    return gc.get_freeze_count(), digests


def test_the_cluster_config_set_before_a_local_cluster_reaches_its_workers() -> None:
    """As `dask_workers` tells its users: set before the cluster starts, the settings are the
    workers' own (their profiler off, their event loop's tick a second)."""
    import dask

    from socialpolicy.scale.dask_workers import CLUSTER_CONFIG

    with dask.config.set(CLUSTER_CONFIG):
        cluster = distributed.LocalCluster(
            n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0"
        )
    try:
        with distributed.Client(cluster) as c:
            (seen,) = c.run(_settings, list(CLUSTER_CONFIG)).values()
    finally:
        cluster.close()
    assert seen == CLUSTER_CONFIG
    assert dask.config.get("distributed.worker.profile.enabled") is True  # only while set


def _settings(keys: list[str]) -> dict[str, object]:
    import dask

    return {key: dask.config.get(key) for key in keys}
