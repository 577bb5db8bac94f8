#!/usr/bin/env python3
"""CPU per post of `evaluate_many` in 1 and N processes, this checkout against a commit (issue 13).

    python benchmarks/workers_ab.py [--base 9bc9a29] [--posts 20000] [--workers 2]
                                    [--rounds 3] [--external DIR]
    python benchmarks/workers_ab.py --jobs 1,N,dask [--base ...]
    python benchmarks/workers_ab.py --shipping

Each job is `_speed.scale_job` ("1" or "N": the archive's lines parsed, the process warmed on
`_speed.WARM_POSTS` posts, then `evaluate_many(items, workers=n)` timed) run by this checkout's
`benchmarks/_speed.py` in a fresh interpreter with `PYTHONPATH=<side>/src`, so both sides run
the same job and differ only in the library. The commit is checked out with `git worktree add`
into a temporary folder (its C extension built). The four jobs (two sides, 1 and N) alternate,
in reversed order every other round. Each job reports the CPU time of its whole process tree
per post (`_speed.tree_cpu_parts`: the driver, and the pool's workers once reaped), which load
changes much less than the wall clock on a shared machine; the driver's own share is printed
beside it (in the N-process job it feeds the pool and rebuilds the decisions).

Printed per side: the median and the best CPU µs per post of each job over the rounds, the
N-process job's CPU over the 1-process one's (the pool's overhead: 1.00 is none), and
`N x cpu(1) / cpu(N)`, the speed-up N processes would reach on N idle cores if the work split
evenly (the wall-clock target is 2 processes >= 1.7x one, on an idle machine).

`--jobs` adds `dask` or `spark` (`_speed.scale_job`: a local cluster of `--workers` judging the
archive's JSON lines; this checkout's `_speed.py` sets the workers up as the library
recommends where the side's library has it, `socialpolicy.scale.dask_workers`); each is
printed beside the N-process job, with its CPU split into the driver (scheduler and nannies
too) and the workers.

`--shipping` prints only what crossing the process boundary costs, in this process (CPU µs per
post: a chunk of records pickled and unpickled, and a chunk of decisions, as models and as
`pool.packed` values rebuilt by `pool.unpacked`).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import _speed  # noqa: E402


def run_job(src: Path, job: str, args: argparse.Namespace) -> dict[str, Any] | None:
    """One `_speed.scale_job` with `src` first on the path; None when it failed."""
    env = dict(os.environ, PYTHONPATH=str(src))
    cmd = [sys.executable, str(HERE / "_speed.py"), job, "--external", str(args.external)]
    cmd += ["--posts", str(args.posts), "--workers", str(args.workers)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"job {job} ({src}): failed ({tail})", file=sys.stderr)
        return None
    data: dict[str, Any] | None = json.loads(lines[-1])
    return data


def summary(runs: Sequence[dict[str, Any]]) -> dict[str, float]:
    """Median and best CPU µs per post, the median of each kind of process, the best rate."""
    cpu = [r["cpu_us"] for r in runs if r.get("cpu_us") is not None]
    rate = [r["rate"] for r in runs]
    out = {
        "cpu_median": statistics.median(cpu) if cpu else float("nan"),
        "cpu_best": min(cpu) if cpu else float("nan"),
        "rate_best": max(rate) if rate else float("nan"),
    }
    for kind in ("driver", "workers"):
        got = [r["cpu_parts_us"].get(kind, 0.0) for r in runs if r.get("cpu_parts_us")]
        if got:
            out[kind] = statistics.median(got)
    return out


def shipping_cost(external: Path, posts: int = 4_000, repeats: int = 5) -> dict[str, float]:
    """CPU µs per post, in this process, of sending a chunk's decisions back from a worker: the
    Decision models pickled and unpickled ("models"), and `pool.packed` values pickled,
    unpickled and rebuilt by `pool.unpacked` ("packed"), in chunks of `CHUNK_SIZE`; and the
    records sent the other way ("records": post dicts with their labels)."""
    import pickle
    import time

    import socialpolicy as sp
    from socialpolicy.scale import pool

    lines = _speed._archive(external, posts)
    if lines is None:
        raise SystemExit(f"no police tweets in {external}")
    items = [json.loads(line) for line in lines]
    decisions = list(sp.load_policy("toronto").evaluate_many(items))
    size = pool.CHUNK_SIZE
    chunks = [decisions[i : i + size] for i in range(0, len(decisions), size)]
    sent = [[(str(i), x) for i, x in enumerate(items[j : j + size])] for j in range(0, posts, size)]
    proto = pickle.HIGHEST_PROTOCOL

    def best(fn: Any) -> float:
        times = []
        for _ in range(repeats):
            t0 = time.process_time()
            fn()
            times.append(time.process_time() - t0)
        return min(times) / posts * 1e6

    out = {
        "models": best(lambda: [pickle.loads(pickle.dumps(c, proto)) for c in chunks]),
        "records": best(lambda: [pickle.loads(pickle.dumps(c, proto)) for c in sent]),
    }
    if hasattr(pool, "packed"):
        out["packed"] = best(
            lambda: [
                pool.unpacked(pickle.loads(pickle.dumps(pool.packed(c), proto))) for c in chunks
            ]
        )
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", default=None, help="a commit to compare with (default: none)")
    ap.add_argument("--posts", type=int, default=20_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument(
        "--jobs", default="1,N", help="comma-separated jobs of _speed.SCALE_JOBS (default 1,N)"
    )
    ap.add_argument("--external", type=Path, default=ROOT.parent / "shared" / "external")
    ap.add_argument(
        "--shipping",
        action="store_true",
        help="only the in-process cost of pickling a chunk's records and decisions",
    )
    args = ap.parse_args(argv)
    if args.shipping:
        cost = shipping_cost(args.external)
        print(
            "CPU µs per post to pickle and unpickle a chunk of "
            + ", ".join(f"{k} {v:.2f}" for k, v in cost.items())
        )
        return 0
    if _speed.tree_cpu_parts() is None:
        raise SystemExit("psutil is needed to count the CPU time of the pool's processes")
    results: dict[str, dict[str, list[dict[str, Any]]]] = {}
    with _speed.baseline_src(args.base) as (base_src, note):
        if note:
            print(note, file=sys.stderr)
        sides = [("this", ROOT / "src")] + ([("base", base_src)] if base_src else [])
        wanted = [j for j in args.jobs.split(",") if j]
        if not {"1", "N"} <= set(wanted) or not set(wanted) <= set(_speed.SCALE_JOBS):
            raise SystemExit(f"--jobs: 1 and N, and any of {', '.join(_speed.SCALE_JOBS[2:])}")
        jobs = [(side, src, job) for side, src in sides for job in wanted]
        for i in range(args.rounds):
            for side, src, job in jobs if i % 2 == 0 else list(reversed(jobs)):
                print(f"round {i + 1} of {args.rounds}: {side}, job {job}", file=sys.stderr)
                got = run_job(src, job, args)
                if got is not None:
                    results.setdefault(side, {}).setdefault(job, []).append(got)
    n = args.workers
    print(
        f"\nevaluate_many on {args.posts:,} police tweets (Toronto): CPU µs per post over the "
        f"process tree, {args.rounds} rounds, median (best)"
    )
    out: dict[str, Any] = {}
    for side, by_job in results.items():
        if "1" not in by_job or "N" not in by_job:
            print(f"  {side}: a job failed every round")
            continue
        one, many = summary(by_job["1"]), summary(by_job["N"])
        overhead = many["cpu_median"] / one["cpu_median"]
        ideal = n * one["cpu_median"] / many["cpu_median"]
        label = "this" if side == "this" else f"base {args.base}"
        print(
            f"  {label:14} 1 process {one['cpu_median']:6.1f} ({one['cpu_best']:6.1f})   "
            f"{n} processes {many['cpu_median']:6.1f} ({many['cpu_best']:6.1f})   "
            f"{n}-process CPU / 1-process {overhead:4.2f}x   "
            f"{n} x cpu(1)/cpu({n}) = {ideal:4.2f}x"
        )
        print(
            f"  {'':14} of which the driver {one.get('driver', float('nan')):6.1f} and "
            f"{many.get('driver', float('nan')):6.1f}, the workers {many.get('workers', 0.0):6.1f}"
        )
        print(
            f"  {'':14} posts/s (best, wall clock, shared machine): 1 process "
            f"{one['rate_best']:,.0f}   {n} processes {many['rate_best']:,.0f}"
        )
        out[side] = {"1": one, "N": many, "overhead": overhead, "ideal": ideal}
        for job in [j for j in wanted if j not in ("1", "N")]:
            if job not in by_job:
                print(f"  {'':14} {job}: failed or skipped every round")
                continue
            got = summary(by_job[job])
            print(
                f"  {'':14} {job:6} {got['cpu_median']:6.1f} ({got['cpu_best']:6.1f})   "
                f"of which the driver {got.get('driver', float('nan')):6.1f}, the workers "
                f"{got.get('workers', 0.0):6.1f}   vs {n} processes' CPU "
                f"{got['cpu_median'] / many['cpu_median']:4.2f}x   posts/s (best) "
                f"{got['rate_best']:,.0f}"
            )
            out[side][job] = got
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
