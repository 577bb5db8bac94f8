#!/usr/bin/env python3
"""What a pool's or a Dask cluster's workers spend besides judging (issue 13, session 12).

    python benchmarks/worker_overheads.py [--posts 20000] [--workers 2] [--external DIR]
                                          [--no-dask] [--rounds 2]
    python benchmarks/worker_overheads.py --in-process 6000

Figures that a machine shared with other work moves much less than the CPU per post of the
whole job (workers_ab.py), because each isolates one cost:

* pool: the CPU the pool's workers spend in the cyclic collector's full and young
  collections (gc callbacks in each worker, time.thread_time), per post of
  `evaluate_many(workers=N)` on the police tweets, this checkout's pool (which freezes a
  worker's start-up heap and raises its young collection's threshold) beside the same pool
  with both undone in each worker at its first task (Python's defaults);
* dask: per post of `judge_bag` on the same posts as JSON lines, 4 partitions on N workers of
  one thread: the full and young collections inside the tasks, the workers' other threads (the event
  loop: its ticks, the profiler, the system monitor; CPU per second of the job's wall clock,
  as they run by the clock), and the driver (client, scheduler, nannies), with the cluster
  as Dask starts it and as `socialpolicy.scale.dask_workers` sets it up (`CLUSTER_CONFIG`,
  `prepare_workers`). The runs alternate over the rounds.

`--driver ROUNDS`: the caller's side of `evaluate_many(workers=N)` on the police tweets (this
process warmed first, as `_speed.scale_job` warms it): its CPU per post (all its threads:
feeding the pool, the executor's helper threads, rebuilding the decisions) and the cyclic
collector's young and full collections in it, counted and timed by gc callbacks (session 13).
Run it with `PYTHONPATH` of each tree to compare two commits, one round per interpreter:
a full collection comes once enough objects were promoted since the last, by anything, so
a later round in the same interpreter inherits what the earlier ones promoted.

`--in-process N`: the whole CPU per post of `evaluate_many` on N posts in this process, with
Python's collector settings and with a pool worker's, alternating over 12 rounds (the same
work on both sides, so a shared machine's noise falls on both).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import _speed  # noqa: E402

import socialpolicy as sp  # noqa: E402

_FULL: list[float] = [0, 0.0, 0.0]  # full collections, their thread CPU, start of the current one
_YOUNG: list[float] = [0, 0.0, 0.0]  # the same for the young generations (0 and 1)
_OUT: str | None = None  # where a pool worker writes its figures (set before the fork)
_REAL_TASK: dict[str, Any] = {}  # the pool's own task function, wrapped once per run


def _on_gc(phase: str, info: dict[str, Any]) -> None:
    acc = _FULL if info["generation"] == 2 else _YOUNG
    if phase == "start":
        acc[2] = time.thread_time()
        return
    acc[0] += 1
    acc[1] += time.thread_time() - acc[2]


def _after_fork() -> None:
    _FULL[0], _FULL[1] = 0, 0.0
    _YOUNG[0], _YOUNG[1] = 0, 0.0


_UNDO_FREEZE = [False]  # set before the pool forks: its workers read it


def _pool_task(*args: Any) -> Any:
    """The pool's task (in its module's name, `pool._judge_in_worker`: pickled by reference
    as this module's, which the forked workers hold too), writing the worker's full-collection
    figures as it goes (a worker ends with os._exit: no atexit runs), after undoing the
    freeze and the young collection's threshold first if asked (Python's defaults)."""
    if _UNDO_FREEZE[0] and gc.get_freeze_count():
        gc.unfreeze()
        gc.set_threshold(700, 10, 10)
    out = _REAL_TASK["task"](*args)
    if _OUT is not None:
        Path(_OUT, f"{os.getpid()}.json").write_text(json.dumps([_FULL[1], _YOUNG[1]]))
    return out


def _pool_task_hook(undo_freeze: bool) -> None:
    from socialpolicy.scale import pool

    _REAL_TASK.setdefault("task", pool._judge_in_worker)  # noqa: SLF001
    _UNDO_FREEZE[0] = undo_freeze
    pool._judge_in_worker = _pool_task  # type: ignore[assignment]  # noqa: SLF001


def pool_collections(items: list[dict[str, Any]], workers: int, undo: bool) -> tuple[float, float]:
    """µs per post the pool's workers spent in full and in young collections (this process
    warmed first)."""
    global _OUT
    pol = sp.load_policy("toronto")
    list(pol.evaluate_many(items[: _speed.WARM_POSTS]))
    with tempfile.TemporaryDirectory() as tmp:
        _OUT = tmp
        try:
            list(pol.evaluate_many(items, workers=workers))
        finally:
            _OUT = None
        got = [json.loads(p.read_text()) for p in Path(tmp).glob("*.json")]
    return (
        sum(full for full, _ in got) / len(items) * 1e6,
        sum(young for _, young in got) / len(items) * 1e6,
    )


def driver_run(items: list[dict[str, Any]], workers: int) -> dict[str, float]:
    """The caller's CPU µs per post in `evaluate_many(items, workers=workers)`, and its
    collections: how many young and full ones, and their µs of CPU per post."""
    pol = sp.load_policy("toronto")
    list(pol.evaluate_many(items[: _speed.WARM_POSTS]))
    list(pol.evaluate_many(items[:500], workers=workers))
    _after_fork()  # counts from zero
    gc.callbacks.append(_on_gc)
    c0 = _speed.tree_cpu_parts()
    try:
        for _ in pol.evaluate_many(items, workers=workers):
            pass
    finally:
        gc.callbacks.remove(_on_gc)
    c1 = _speed.tree_cpu_parts()
    if c0 is None or c1 is None:
        raise SystemExit("psutil is needed to count the caller's CPU time")
    n = len(items)
    driver = sum(v - c0.get(k, 0.0) for k, v in c1.items() if k[0] == "driver")
    return {
        "driver_us": driver / n * 1e6,
        "young": _YOUNG[0],
        "full": _FULL[0],
        "collections_us": (_YOUNG[1] + _FULL[1]) / n * 1e6,
    }


def _dask_task(records: Any, policy: Any, account: Any, as_of: Any, number: Any) -> Any:
    from socialpolicy.scale import on_dask

    if _on_gc not in gc.callbacks:
        gc.callbacks.append(_on_gc)
    full, young, t0 = _FULL[1], _YOUNG[1], time.thread_time()
    out = on_dask._judge_labelled(records, policy, account, as_of, number)  # noqa: SLF001
    return [(len(out), time.thread_time() - t0, _FULL[1] - full, _YOUNG[1] - young)]


def dask_run(lines: list[str], workers: int, prepared: bool) -> dict[str, float] | None:
    """One Dask job: µs per post in full collections inside the tasks, and the CPU per
    second of wall clock of the workers' other threads and of the driver."""
    try:
        import dask
        import dask.bag as db
        import distributed
        import psutil
    except ImportError:
        return None
    from socialpolicy.scale import dask_workers, on_dask

    pol = sp.load_policy("toronto")
    with dask.config.set(dask_workers.CLUSTER_CONFIG if prepared else {}):
        cluster = distributed.LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
        )
    try:
        with distributed.Client(cluster) as client:
            if prepared:
                dask_workers.prepare_workers(client, pol)

            def run(part: list[str], n: int) -> list[Any]:
                bag = db.from_sequence(part, npartitions=n)
                numbers = on_dask._partition_numbers(bag)  # noqa: SLF001
                once = on_dask._once(pol)  # noqa: SLF001
                return bag.map_partitions(_dask_task, once, None, None, numbers).compute()  # type: ignore[no-any-return]

            run(lines[: _speed.WARM_POSTS * workers], workers)  # each worker warmed
            procs = [psutil.Process(pid) for pid in client.run(os.getpid).values()]
            me = psutil.Process()
            w0 = [sum(p.cpu_times()[:2]) for p in procs]
            d0, t0 = sum(me.cpu_times()[:2]), time.perf_counter()
            got = run(lines, 4)
            wall = time.perf_counter() - t0
            d1 = sum(me.cpu_times()[:2])
            w1 = [sum(p.cpu_times()[:2]) for p in procs]
    finally:
        cluster.close()
    n = len(lines)
    tasks = sum(thread for _, thread, _, _ in got)
    return {
        "full_collections_us": sum(full for _, _, full, _ in got) / n * 1e6,
        "young_collections_us": sum(young for _, _, _, young in got) / n * 1e6,
        "tasks_us": tasks / n * 1e6,
        "other_threads_pct": (sum(w1) - sum(w0) - tasks) / wall * 100,
        "driver_pct": (d1 - d0) / wall * 100,
        "rate": n / wall,
    }


def in_process_ab(items: list[dict[str, Any]], rounds: int) -> dict[str, list[float]]:
    """CPU µs per post of `evaluate_many` over `items` in this process, alternately with
    Python's collector settings and with a pool worker's (its heap frozen, young collections
    at `pool.YOUNG_COLLECTION_AT`): the same work, so the difference is what those settings
    save in judging, not only the collections' own time. The settings are restored after."""
    from socialpolicy.scale.pool import YOUNG_COLLECTION_AT

    pol = sp.load_policy("toronto")
    list(pol.evaluate_many(items[: _speed.WARM_POSTS]))
    threshold = gc.get_threshold()
    out: dict[str, list[float]] = {"python": [], "worker": []}
    try:
        for rnd in range(rounds):
            for mode in ("python", "worker") if rnd % 2 == 0 else ("worker", "python"):
                if mode == "worker":
                    gc.freeze()
                    gc.set_threshold(YOUNG_COLLECTION_AT, *threshold[1:])
                else:
                    gc.unfreeze()
                    gc.set_threshold(*threshold)
                t0 = time.process_time()
                for _ in pol.evaluate_many(items):
                    pass
                out[mode].append((time.process_time() - t0) / len(items) * 1e6)
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--external", type=Path, default=HERE.parent.parent / "shared" / "external")
    ap.add_argument("--posts", type=int, default=20_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--no-dask", action="store_true")
    ap.add_argument(
        "--in-process",
        type=int,
        default=0,
        metavar="N",
        help="only the in-process A/B of the collector settings, on N posts (12 rounds)",
    )
    ap.add_argument(
        "--driver",
        type=int,
        default=0,
        metavar="ROUNDS",
        help="only the caller's CPU and collections in evaluate_many(workers=N), ROUNDS runs",
    )
    args = ap.parse_args(argv)
    lines = _speed._archive(args.external, args.posts)  # noqa: SLF001
    if lines is None:
        print(f"no police tweets in {args.external}", file=sys.stderr)
        return 1
    items = [json.loads(line) for line in lines]
    if args.in_process:
        got = in_process_ab(items[: args.in_process], 12)
        pairs = list(zip(got["python"], got["worker"], strict=True))
        print(
            f"evaluate_many on {args.in_process:,} police tweets in one process, CPU µs per post, "
            "12 rounds alternating"
        )
        for mode, runs in got.items():
            print(f"  {mode:6} {_fig(runs)}   median {statistics.median(runs):.1f}")
        lower = sum(w < p for p, w in pairs)
        print(f"  the worker's settings cheaper in {lower} of {len(pairs)} rounds")
        return 0
    if args.driver:
        print(f"evaluate_many on {args.posts:,} police tweets, {args.workers} workers: the caller")
        for _ in range(args.driver):
            d = driver_run(items, args.workers)
            print(
                f"  CPU {d['driver_us']:.1f} µs/post; collections: {d['young']:.0f} young, "
                f"{d['full']:.0f} full, {d['collections_us']:.2f} µs/post"
            )
        return 0
    gc.callbacks.append(_on_gc)  # inherited by the pool's forked workers
    os.register_at_fork(after_in_child=_after_fork)
    pool: dict[bool, list[tuple[float, float]]] = {False: [], True: []}
    dask: dict[bool, list[dict[str, float]]] = {False: [], True: []}
    for rnd in range(args.rounds):
        for flag in (False, True) if rnd % 2 == 0 else (True, False):
            print(
                f"[round {rnd + 1}: pool, freeze {'undone' if flag else 'kept'}]", file=sys.stderr
            )
            _pool_task_hook(flag)
            pool[flag].append(pool_collections(items, args.workers, flag))
            if not args.no_dask:
                print(
                    f"[round {rnd + 1}: dask, {'prepared' if not flag else 'as started'}]",
                    file=sys.stderr,
                )
                got = dask_run(lines, args.workers, prepared=not flag)
                if got is not None:
                    dask[not flag].append(got)
    print(f"\n{args.posts:,} police tweets (Toronto), {args.workers} workers, {args.rounds} rounds")
    for i, kind in enumerate(("full", "young")):
        print(
            f"pool: {kind} collections in the workers, µs of CPU per post: as set up "
            f"{_fig([r[i] for r in pool[False]])}   Python's defaults "
            f"{_fig([r[i] for r in pool[True]])}"
        )
    for prepared in (False, True):
        runs = dask[prepared]
        if not runs:
            continue
        label = "prepared (CLUSTER_CONFIG, prepare_workers)" if prepared else "as Dask starts it"
        print(
            f"dask, {label}:\n"
            f"    tasks {_fig([r['tasks_us'] for r in runs])} µs/post, of which full collections "
            f"{_fig([r['full_collections_us'] for r in runs])}, young collections "
            f"{_fig([r['young_collections_us'] for r in runs])}\n"
            f"    the workers' other threads {_fig([r['other_threads_pct'] for r in runs])} % of a "
            f"core, the driver {_fig([r['driver_pct'] for r in runs])} %   "
            f"posts/s {_fig([r['rate'] for r in runs], 0)}"
        )
    if args.no_dask:
        print("dask: not run (--no-dask)")
    return 0


def _fig(values: Sequence[float], digits: int = 1) -> str:
    return " / ".join(f"{v:,.{digits}f}" for v in values) or "n/a"


if __name__ == "__main__":
    sys.exit(main())
