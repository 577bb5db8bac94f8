#!/usr/bin/env python3
"""Judge the UK police tweets a given number of times, and nothing else: a load for an
instruction counter, whose counts do not drift with other processes the way timings do on a
shared machine.

    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \\
        python benchmarks/evaluate_passes.py --pack toronto --passes 0      # load and warm-up
    (the same with --passes 2)                                            # two more passes

(instructions with 2 passes - instructions with 0) / (2 x posts) is the instruction count of
one `evaluate`. Set `PYTHONHASHSEED=0` for repeatable counts, and `PYTHONPATH=<tree>/src` to
count another checkout. `--stage signals` counts `Policy.signals_for` alone (no engine,
decision or digest); `--stage normalise` counts `normalise` of the post text alone.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import _corpus  # noqa: E402
from _stages import police_posts  # noqa: E402

import socialpolicy as sp  # noqa: E402
from socialpolicy.inputs import Account, Post  # noqa: E402
from socialpolicy.normalise import normalise  # noqa: E402


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--pack", default="toronto", choices=("toronto", "edmonton"))
    ap.add_argument("--passes", type=int, default=2)
    ap.add_argument("--posts", type=int, default=500)
    ap.add_argument("--stage", default="evaluate", choices=("evaluate", "signals", "normalise"))
    ap.add_argument("--external", type=Path, default=HERE.parent.parent / "shared" / "external")
    args = ap.parse_args(argv)
    dicts = police_posts(args.external, args.posts)
    if dicts is None:
        print(f"police tweets not found in {args.external}", file=sys.stderr)
        return 1
    policy = sp.load_policy(args.pack)
    account = Account.model_validate(_corpus.ACCOUNTS[args.pack])
    posts = [Post.model_validate(d) for d in dicts]
    for p in posts:  # warm-up: lazy model loads, the engine's memo, the account's view
        policy.evaluate(p, account)
    for _ in range(args.passes):
        if args.stage == "evaluate":
            for d in dicts:
                policy.evaluate(d, account)
        elif args.stage == "signals":
            for p in posts:
                policy.signals_for(p, account)
        else:
            for p in posts:
                normalise(p.text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
