#!/usr/bin/env python3
"""`evaluate`'s instructions per real police tweet (valgrind's callgrind), this checkout against
a commit: a count that load on a shared machine does not move.

    python benchmarks/evaluate_instructions.py [--base 64b5994] [--pack toronto] [--posts 400]
                                               [--external DIR]

Each side runs this script's `--worker` mode under `valgrind --tool=callgrind
--toggle-collect=functools_reduce` with `PYTHONPATH=<side>/src`: the worker loads the pack,
evaluates the posts once (warm-up: lazy model loads, the engine's memo, the account's view),
then evaluates them again inside one `functools.reduce`, the only part counted. The report
is instructions per post on each side and base / now (above 1 is fewer now). One worker
takes one to three minutes (callgrind runs Python about fifty times slower). Instructions
are not time (a cache miss costs more than an add), but on a loaded two-core machine they
are the figure that repeats to the instruction; `evaluate_ab.py` gives CPU time.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from functools import reduce
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import _speed  # noqa: E402
import _stages  # noqa: E402

_COLLECTED = re.compile(r"Collected : (\d+)")


def work(pack: str, external: Path, posts: int) -> None:
    """The counted part: `evaluate` of each post, after a warm-up on the same posts."""
    import _corpus

    import socialpolicy as sp
    from socialpolicy.inputs import Account

    dicts = _stages.police_posts(external, posts)
    if dicts is None:
        raise SystemExit(f"{_stages.POLICE_FILE} not found in {external}")
    policy = sp.load_policy(pack)
    account = Account.model_validate(_corpus.ACCOUNTS[pack])
    for d in dicts:
        policy.evaluate(d, account)
    reduce(lambda _, d: policy.evaluate(d, account), dicts, None)


def count(src: Path, args: argparse.Namespace) -> float:
    """Instructions per post of `work` for the `socialpolicy` in `src`."""
    env = dict(os.environ, PYTHONPATH=str(src), PYTHONHASHSEED="0")
    cmd = [
        "valgrind",
        "--tool=callgrind",
        "--toggle-collect=functools_reduce",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        str(Path(__file__).resolve()),
        "--worker",
        "--pack",
        args.pack,
        "--posts",
        str(args.posts),
        "--external",
        str(args.external),
    ]
    got = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    found = _COLLECTED.findall(got.stderr)
    if not found:
        raise SystemExit(f"no instruction count from callgrind: {got.stderr[-400:]}")
    return int(found[-1]) / args.posts


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--base", default=None, help="commit to compare with (e.g. 64b5994)")
    ap.add_argument("--pack", default="toronto", choices=_stages.PACKS)
    ap.add_argument("--posts", type=int, default=400)
    ap.add_argument("--external", type=Path, default=ROOT.parent / "shared" / "external")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        work(args.pack, args.external, args.posts)
        return 0
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed")
    now = count(ROOT / "src", args)
    base = None
    with _speed.baseline_src(args.base) as (src, note):
        if note is not None:
            raise SystemExit(note)
        if src is not None:
            base = count(src, args)
    print(
        f"{args.pack}: evaluate, instructions per UK police tweet ({args.posts} posts, callgrind)"
    )
    print(f"  now  {now:12,.0f}")
    if base is not None:
        print(f"  base {base:12,.0f}  {args.base}   base/now {base / now:.3f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
