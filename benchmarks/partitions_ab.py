#!/usr/bin/env python3
"""Dask and Spark with many small partitions against a few large ones, in the same window.

    python benchmarks/partitions_ab.py [--posts 20000] [--workers 2] [--small 16] [--rounds 2]

Each round judges the same police tweets with `evaluate_many(workers=N)`, then on Dask and on
Spark in `--small` partitions and in the benchmark's partitions of `_speed.PARTITION_POSTS`
posts, and prints posts/s and the CPU per post of the whole process tree, split into the
driver (with its reaped children: the pool's workers), the live Python workers and Spark's
JVM. On a machine shared with other work, the CPU figures are the ones to read.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import _speed  # noqa: E402


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    ap.add_argument("--external", type=Path, default=HERE.parent.parent / "shared" / "external")
    ap.add_argument("--posts", type=int, default=20_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--small", type=int, default=16, help="partitions of the small-task runs")
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args(argv)
    lines = _speed._archive(args.external, args.posts)  # noqa: SLF001
    if lines is None:
        print("no police tweets", file=sys.stderr)
        return 1

    def say(msg: str) -> None:
        print(f"[{msg}]", file=sys.stderr, flush=True)

    large = _speed.partitions(args.posts, args.workers)
    for rnd in range(args.rounds):
        procs = _speed.processes(args.external, args.posts, args.workers, say)
        assert procs is not None
        ref = procs[str(args.workers)]
        for parts in (args.small, large):
            _speed.FIXED_PARTITIONS = parts
            try:
                dask = _speed.on_dask(lines, args.workers)
                spark = _speed.on_spark(lines, args.workers)
            finally:
                _speed.FIXED_PARTITIONS = None
            rates = f"{args.workers} processes {ref:,.0f}/s"
            for name, rate in (("dask", dask), ("spark", spark)):
                rates += f"   {name} " + ("skipped" if rate is None else f"{rate:,.0f}/s")
                rates += "" if rate is None else f" ({rate / ref:.2f}x)"
            print(f"round {rnd}, {parts} partitions: {rates}")
            for key in (str(args.workers), "dask", "spark"):
                if key in _speed.CPU:
                    split = "  ".join(
                        f"{k} {v:,.0f}" for k, v in sorted(_speed.CPU_PARTS[key].items())
                    )
                    print(f"    {key:6} tree {_speed.CPU[key]:5,.0f} µs/post   {split}", flush=True)
            _speed.CPU.pop("dask", None)
            _speed.CPU.pop("spark", None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
