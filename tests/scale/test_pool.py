"""Judging in several processes: the same decisions in the same order, errors in their place,
memory bounded by the in-flight window, and `check --workers`."""

from __future__ import annotations

import gc
import json
import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import socialpolicy as sp
from _paths import REPO
from socialpolicy.cli import app
from socialpolicy.decisions import Decision
from socialpolicy.errors import InputValidationError, Location, RecordFailedError, SocialPolicyError
from socialpolicy.scale import default_workers, judge_outcomes, pool
from socialpolicy.scale.pool import resolve_workers

POLICY = sp.load_policy("toronto")


def records() -> list[dict[str, Any]]:
    """The example posts, some with an account of their own, repeated to a few chunks."""
    lines = (REPO / "examples" / "toronto-posts.jsonl").read_text("utf-8").splitlines()
    base = [json.loads(line) for line in lines if line.strip()]
    out: list[dict[str, Any]] = []
    for i in range(60):
        example = base[i % len(base)]
        rec = {**example.get("post", example), "id": f"p{i}"}
        # some with the example's account, some with none (the pack's assumed author)
        acc = example.get("account")
        out.append({"post": rec, "account": acc} if acc and i % 3 else rec)
    return out


def test_two_workers_give_the_same_decisions_in_order() -> None:
    items = records()
    one = list(POLICY.evaluate_many(items))
    two = list(POLICY.evaluate_many(items, workers=2))
    assert [d.post_id for d in two] == [f"p{i}" for i in range(len(items))]
    assert two == one  # digests, findings, evidence and notes alike


def test_workers_decide_as_each_record_judged_alone_across_chunks_and_batches() -> None:
    items = records() * 3  # 180 records: chunks of 50, each two batches (32 and 18)
    got = list(judge_outcomes(POLICY, enumerate(items), workers=2, chunk_size=50))
    assert [k for k, _ in got] == list(range(len(items)))
    for item, (_, outcome) in zip(items, got, strict=True):
        alone = POLICY.evaluate(item.get("post", item), item.get("account"))
        assert isinstance(outcome, Decision)
        assert outcome.model_dump_json() == alone.model_dump_json()


def test_outcomes_keep_each_bad_record_in_its_place() -> None:
    items = records()[:20]
    items[4] = {"id": "bad", "text": 7, "created_at": "2025-01-01T00:00:00Z"}
    items[11] = ["not", "a", "post"]  # type: ignore[call-overload]
    got = list(judge_outcomes(POLICY, enumerate(items, start=1), workers=2, chunk_size=3))
    assert [k for k, _ in got] == list(range(1, 21))
    errors = {k: o for k, o in got if isinstance(o, SocialPolicyError)}
    assert sorted(errors) == [5, 12]
    assert isinstance(errors[5], InputValidationError)
    assert errors[5].location.record == "5" and errors[5].location.field == "post.text"
    assert "record 12" in str(errors[12])
    one = dict(judge_outcomes(POLICY, enumerate(items, start=1), workers=1))
    assert {k: str(o) for k, o in one.items() if k in errors} == {
        k: str(o) for k, o in errors.items()
    }
    assert all(one[k] == o for k, o in got if k not in errors)


def test_a_chunk_is_judged_in_batches_as_evaluate_many_judges_in_one_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[int] = []
    real_many = POLICY._judge_many

    def judge_many(items: Any, as_of: Any) -> Any:
        calls.append(len(items))
        return real_many(items, as_of)

    def judge_one(*args: Any) -> Any:
        raise AssertionError("no record is judged alone when every batch succeeds")

    items = (records() * 2)[:70]
    items[40] = {"id": "bad", "text": 7, "created_at": "2025-01-01T00:00:00Z"}
    expected = list(judge_outcomes(POLICY, enumerate(items, start=1), workers=1))
    monkeypatch.setattr(POLICY, "_judge_many", judge_many)
    monkeypatch.setattr(POLICY, "_judge", judge_one)
    got = pool.judge_chunk(POLICY, [(str(i), x) for i, x in enumerate(items, start=1)])
    # 69 readable records: two batches of BATCH (32) and one of 5; the bad one in its place
    assert calls == [32, 32, 5]
    assert isinstance(got[40], InputValidationError) and got[40].location.record == "41"
    assert [str(o) for o in got] == [str(o) for _, o in expected]
    assert [o for o in got if isinstance(o, Decision)] == [
        o for _, o in expected if isinstance(o, Decision)
    ]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failure_in_the_middle_of_a_batch_costs_only_its_record(
    booms: None, workers: int
) -> None:
    items = records()[:40]
    items[12] = {**items[12], "id": "boom", "text": "BOOM goes the post"}  # a bare post
    got = list(
        judge_outcomes(
            POLICY, enumerate(items, start=1), workers=workers, chunk_size=20, start_method="fork"
        )
    )
    assert [k for k, _ in got] == list(range(1, 41))
    boom = got[12][1]
    assert isinstance(boom, RecordFailedError) and "ZeroDivisionError" in boom.message
    assert boom.location.record == "13"
    plain = list(POLICY.evaluate_many(items[:12] + items[13:]))
    assert [o for k, o in got if k != 13] == plain


def test_decisions_cross_from_a_worker_as_values_and_come_back_equal() -> None:
    from socialpolicy.decisions import Decision as D

    decisions = list(POLICY.evaluate_many(records()))
    assert any(d.findings for d in decisions) and any(not d.findings for d in decisions)
    validated = D(**decisions[0].__dict__)  # built by pydantic's own validation
    error = InputValidationError("unknown field", Location(record="3"))
    outcomes: list[Any] = [*decisions, validated, error]
    sent = pool.packed(outcomes)
    assert all(type(o) is tuple for o in sent[: len(decisions) + 1])
    assert sent[-1] is error
    back = pool.unpacked(pickle.loads(pickle.dumps(sent)))
    assert back[:-1] == outcomes[:-1]
    assert (
        [d.model_dump_json() for d in back[:-1]]
        == [  # type: ignore[union-attr]
            d.model_dump_json() for d in outcomes[:-1]
        ]
    )
    assert (
        [d.model_fields_set for d in back[:-1]]
        == [  # type: ignore[union-attr]
            d.model_fields_set for d in outcomes[:-1]
        ]
    )
    assert str(back[-1]) == str(error)
    # a Decision missing a field's default is sent as the model, not as values
    partial = D.model_validate({k: v for k, v in decisions[0].__dict__.items() if k != "notes"})
    assert pool.packed([partial])[0] is partial


def test_evaluate_many_raises_at_the_bad_record_after_the_good_ones() -> None:
    items = records()[:10]
    items[6] = {"id": "x"}
    seen: list[str] = []
    with pytest.raises(InputValidationError, match="record 7"):
        for d in POLICY.evaluate_many(items, workers=2):
            seen.append(d.post_id)
    assert seen == [f"p{i}" for i in range(6)]


def test_the_stream_is_read_only_as_far_as_the_window() -> None:
    pulled = 0

    def stream() -> Iterator[tuple[int, dict[str, Any]]]:
        nonlocal pulled
        for i, rec in enumerate(records() * 10):
            pulled += 1
            yield i, rec

    it = judge_outcomes(POLICY, stream(), workers=2, chunk_size=4, window=3)
    next(it)
    # three chunks in flight, the one submitted when the first came back, and the reserve
    # held back for the stream's end (a chunk for the other worker: `pool.chunked`)
    assert pulled <= 4 * 4 + 4
    rest = list(it)
    assert len(rest) == 599
    it.close()


def test_a_forked_worker_takes_the_callers_policy_over_and_others_compile() -> None:
    from socialpolicy.scale import pool, shipping

    threshold = gc.get_threshold()
    try:
        pool._inherited = POLICY  # what a fork from a single-threaded caller leaves behind
        pool._start_worker(shipping.shipped(POLICY), None, None)
        assert pool._worker is not None and pool._worker[0] is POLICY
        other = sp.load_policy("edmonton")
        pool._start_worker(shipping.shipped(other), None, None)  # not the inherited pack
        assert pool._worker[0] is not POLICY and pool._worker[0].digest == other.digest
        pool._inherited = None  # spawn, or threads alive at the fork: compiled from content
        pool._start_worker(shipping.shipped(POLICY), None, None)
        assert pool._worker[0].digest == POLICY.digest
    finally:
        pool._inherited = None
        pool._worker = None
        gc.unfreeze()  # `_start_worker` froze this process's objects, as a worker's
        gc.set_threshold(*threshold)  # and set its young collection's threshold


def test_a_worker_puts_what_it_starts_with_out_of_the_collectors_sight() -> None:
    from concurrent.futures import ProcessPoolExecutor

    from socialpolicy.scale import shipping

    before = gc.get_freeze_count()
    ctx = pool._context(None)
    with ProcessPoolExecutor(
        1,
        mp_context=ctx,
        initializer=pool._start_worker,
        initargs=(shipping.shipped(POLICY), None, None),
    ) as workers:
        frozen, tracked = workers.submit(_frozen_and_tracked).result()
    # The interpreter, its imports and the compiled policy: no full collection walks them.
    assert frozen > 10_000
    assert tracked < frozen / 10
    assert gc.get_freeze_count() == before  # the caller's own collector is left alone


def _frozen_and_tracked() -> tuple[int, int]:
    return gc.get_freeze_count(), len(gc.get_objects())


def test_a_worker_runs_no_young_collection_for_what_a_batch_holds_and_frees() -> None:
    from concurrent.futures import ProcessPoolExecutor

    from socialpolicy.scale import shipping

    threshold = gc.get_threshold()
    items = [(str(i), item) for i, item in enumerate(records() * 5)]  # 300 records
    with ProcessPoolExecutor(
        1,
        mp_context=pool._context(None),
        initializer=pool._start_worker,
        initargs=(shipping.shipped(POLICY), None, None),
    ) as workers:
        young, judged = workers.submit(_young_collections_judging, items).result()
    assert judged == len(items)
    # At Python's default (700) this worker ran 26 on the same pass.
    assert young <= 1
    assert gc.get_threshold() == threshold  # the caller's own collector is left alone


def _young_collections_judging(items: list[tuple[str, Any]]) -> tuple[int, int]:
    assert gc.get_threshold()[0] == pool.YOUNG_COLLECTION_AT
    assert pool._worker is not None
    policy = pool._worker[0]
    pool.judge_chunk(policy, items)  # a first judgement loads (and keeps) what it needs
    before = gc.get_stats()[0]["collections"]
    outcomes = pool.judge_chunk(policy, items)
    judged = sum(isinstance(o, Decision) for o in outcomes)
    return gc.get_stats()[0]["collections"] - before, judged


def test_a_pool_forgets_the_callers_policy_once_its_workers_are_forked() -> None:
    from socialpolicy.scale import pool

    list(POLICY.evaluate_many(records()[:8], workers=2))
    assert pool._inherited is None


def test_workers_zero_is_one_per_cpu_and_negative_is_refused() -> None:
    assert resolve_workers(0) == default_workers() >= 1
    assert resolve_workers(3) == 3
    with pytest.raises(ValueError, match="workers"):
        resolve_workers(-1)


def test_errors_read_the_same_after_crossing_a_process() -> None:
    try:
        sp.Policy.evaluate(POLICY, {"id": 1, "text": 2})
    except SocialPolicyError as exc:
        again = pickle.loads(pickle.dumps(exc))
        assert str(again) == str(exc) and again.to_dict() == exc.to_dict()
        assert type(again) is type(exc)
    else:
        pytest.fail("no error")


runner = CliRunner()


def test_check_workers_prints_what_one_process_prints(tmp_path: Path) -> None:
    lines = [json.dumps(r) for r in records()[:30]]
    lines.insert(7, "{not json")
    lines.insert(15, json.dumps({"id": "no-text", "created_at": "2025-01-01T00:00:00Z"}))
    path = tmp_path / "posts.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    outs = []
    for workers in ("1", "2"):
        res = runner.invoke(
            app,
            ["check", "--policy", "toronto", "--format", "jsonl", "--workers", workers, str(path)],
        )
        assert res.exit_code == 2  # the two bad records
        outs.append(res.stdout)
    assert outs[0] == outs[1]
    rows = [json.loads(line) for line in outs[1].splitlines()]
    assert len(rows) == 32
    assert rows[7]["error"]["location"]["line"] == 8
    assert rows[15]["error"]["location"]["line"] == 16
    assert rows[15]["error"]["code"] == "input_validation_error"


def test_check_refuses_negative_workers(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps(records()[1]) + "\n", "utf-8")
    res = runner.invoke(app, ["check", "--policy", "toronto", "--workers", "-2", str(path)])
    assert res.exit_code == 2


@settings(max_examples=200, deadline=None)
@given(
    n=st.integers(0, 120),
    size=st.integers(1, 20),
    reserve=st.integers(0, 30),
    piece=st.integers(1, 20),
)
def test_a_stream_comes_in_chunks_and_its_end_in_pieces(
    n: int, size: int, reserve: int, piece: int
) -> None:
    got = list(pool.chunked(iter(range(n)), size, reserve, piece))
    assert [x for chunk in got for x in chunk] == list(range(n))  # every record, in order
    whole = 0
    while whole < len(got) and len(got[whole]) == size and n - size * (whole + 1) >= reserve:
        whole += 1
    tail = got[whole:]
    # chunks while at least `reserve` records followed, then pieces of `piece`
    assert all(len(chunk) == size for chunk in got[:whole])
    assert all(len(p) == piece for p in tail[:-1]) and all(0 < len(p) <= piece for p in tail)
    assert min(n, reserve) <= sum(map(len, tail)) < size + reserve or n == 0


def test_a_stream_is_read_only_as_far_as_the_reserve() -> None:
    pulled = 0

    def stream() -> Iterator[int]:
        nonlocal pulled
        for i in range(1_000):
            pulled += 1
            yield i

    chunks = pool.chunked(stream(), 10, 25, 4)
    assert next(chunks) == list(range(10))
    assert pulled == 35  # the chunk and the reserve behind it, no further


def test_a_task_carries_the_callers_records_and_brings_back_one_bytes_object(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Structural: no object per record is built to send it (a (label, record) pair per
    record, held by the executor until its chunk is back, was promoted by the caller's
    collector and met by its full collections), and a chunk's decisions come back as one
    bytes object, unpickled only when the caller reaches that chunk; the last records come
    in pieces."""
    from concurrent.futures import ProcessPoolExecutor

    items = records() * 5  # 300 records
    sent: list[tuple[Any, ...]] = []
    results: list[Any] = []
    real = ProcessPoolExecutor.submit

    def submit(self: Any, fn: Any, /, *args: Any) -> Any:
        sent.append(args)
        fut = real(self, fn, *args)
        fut.add_done_callback(lambda f: results.append(f.result()))
        return fut

    monkeypatch.setattr(ProcessPoolExecutor, "submit", submit)
    got = list(judge_outcomes(POLICY, enumerate(items), workers=2, chunk_size=128))
    assert [len(records_) for _, records_ in sent] == [128, 64, 64, 44]
    assert [label for labels, _ in sent for label in labels] == [str(i) for i in range(300)]
    shipped = [record for _, records_ in sent for record in records_]
    assert all(a is b for a, b in zip(shipped, items, strict=True))  # the caller's own
    assert len(results) == 4 and all(type(r) is bytes for r in results)
    assert [o for _, o in got] == list(POLICY.evaluate_many(items))


@settings(max_examples=8, deadline=None)
@given(
    picks=st.lists(st.integers(0, 59), max_size=45),
    bad=st.sets(st.integers(0, 44), max_size=3),
    chunk_size=st.integers(1, 9),
    window=st.integers(1, 3),
)
def test_two_workers_give_one_process_outcomes_whatever_the_chunks(
    picks: list[int], bad: set[int], chunk_size: int, window: int
) -> None:
    base = records()
    items: list[Any] = [base[i] for i in picks]
    for i in bad & set(range(len(items))):
        items[i] = {"id": f"bad{i}", "text": i}  # fails validation: its error in its place
    one = list(judge_outcomes(POLICY, enumerate(items), workers=1))
    two = list(
        judge_outcomes(POLICY, enumerate(items), workers=2, chunk_size=chunk_size, window=window)
    )
    assert [k for k, _ in two] == [k for k, _ in one] == list(range(len(items)))
    for (_, a), (_, b) in zip(one, two, strict=True):
        if isinstance(a, Decision):
            assert isinstance(b, Decision) and b.model_dump_json() == a.model_dump_json()
        else:
            assert type(b) is type(a) and str(b) == str(a)


def _awkward_lines() -> bytes:
    """JSONL whose lines each test a way of reading one: blank by ASCII or by Unicode
    whitespace, not JSON, a lone '{', not UTF-8, a BOM, too deep, not a post."""
    good = [json.dumps(r).encode() for r in records()[:12]]
    odd = [
        b"",
        b"   \t",
        "\u00a0\u2028".encode(),  # blank once decoded
        b"\x1c\x1f",  # ASCII, yet whitespace to str.strip
        b"{not json",
        b"{",
        b'{"id": "x", "text": "caf\xe9"}',  # Latin-1, not UTF-8
        "\ufeff".encode() + good[0],  # a later line's BOM (files joined with cat)
        b'{"id": "deep", "text": "t", "extra": ' + b"[" * 200 + b"]" * 200 + b"}",
        json.dumps({"id": "no-text", "created_at": "2025-01-01T00:00:00Z"}).encode(),
        b'["not", "a", "post"]',
    ]
    lines = [x for pair in zip(good, odd, strict=False) for x in pair] + good[len(odd) :]
    return b"\n".join(lines) + b"\r\n"


@pytest.mark.parametrize("fmt", ["jsonl", "table"])
def test_check_workers_reads_every_kind_of_line_as_one_process(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "odd.jsonl"
    path.write_bytes(_awkward_lines())
    got = []
    for workers in ("1", "2"):
        res = runner.invoke(
            app, ["check", "--policy", "toronto", "--format", fmt, "--workers", workers, str(path)]
        )
        got.append((res.exit_code, res.stdout, res.stderr))
    assert got[0] == got[1]
    assert got[1][0] == 2  # bad records reported, the rest judged


def test_check_workers_leaves_each_line_to_its_worker_to_parse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counted: with workers and no log, the caller parses no JSONL line (each is parsed in
    the worker that judges it, forked after this patch, so counted there, not here)."""
    from socialpolicy import batch

    parsed: list[int] = []
    real = batch.loads

    def counting(*args: Any, **kwargs: Any) -> Any:
        parsed.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(batch, "loads", counting)
    path = tmp_path / "posts.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records()) + "\n", "utf-8")
    res = runner.invoke(app, ["check", "--policy", "toronto", "--format", "jsonl", str(path)])
    assert res.exit_code in (0, 1) and len(parsed) == 60  # one process: every line, here
    one = res.stdout
    parsed.clear()
    res = runner.invoke(
        app, ["check", "--policy", "toronto", "--format", "jsonl", "--workers", "2", str(path)]
    )
    assert res.stdout == one and parsed == []
    log = tmp_path / "log.db"
    res = runner.invoke(
        app,
        ["check", "--policy", "toronto", "--format", "jsonl", "--workers", "2"]
        + ["--log", str(log), str(path)],
    )
    assert res.stdout == one and len(parsed) == 60  # the log needs each post here
