#!/usr/bin/env python3
"""Which stage grows faster than the text, lexicon by lexicon.

For every lexicon of a pack, one post made of that lexicon's terms repeated to `--small` and to
`--large` characters; each stage (normalisation, the lexicon scan, each detector) is timed on
both, in CPU time with the garbage collector paused, and the growth of its cost per character
is printed. A stage whose cost per character grows by more than `--flag` (default 1.3x) on a
lexicon's terms is marked GROW with the stages that grew most. This is how the super-linear
paths of issue 13 were found: a check that looks at every match of one pool for each match of
another only shows when a text holds many of both.

    python benchmarks/linear_screen.py --pack edmonton [--small 2000 --large 20000] [LEXICON ...]

One run per size (seconds per lexicon at 20k, minutes for a pack): a screening, not a figure;
`throughput.py` prints the cost per character at 1k, 10k and 100k with its target.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import _corpus  # noqa: E402
import _stages  # noqa: E402

import socialpolicy as sp  # noqa: E402
from socialpolicy.detectors import DETECTORS  # noqa: E402
from socialpolicy.inputs import Account  # noqa: E402


def stage_seconds(policy: sp.Policy, account: Account, text: str) -> dict[str, float]:
    """CPU seconds of each stage for one post of `text`."""
    ctx = _stages.context_for(policy, account, text)
    row: dict[str, float] = {}
    gc.collect()
    gc.disable()
    try:
        t0 = time.process_time()
        for field, raw in ctx.own_texts():
            ctx.normalised(field, raw)
        t1 = time.process_time()
        for field, raw in ctx.own_texts():
            ctx.matches(field, raw)
        row["normalise"], row["scan"] = t1 - t0, time.process_time() - t1
        for det in DETECTORS:
            t = time.process_time()
            list(det.detect(ctx))
            row[det.name] = time.process_time() - t
    finally:
        gc.enable()
    return row


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    ap.add_argument("--pack", default="toronto")
    ap.add_argument("--small", type=int, default=2_000)
    ap.add_argument("--large", type=int, default=20_000)
    ap.add_argument("--flag", type=float, default=1.3, help="growth marked GROW above this")
    ap.add_argument("lexicons", nargs="*", help="only these lexicon ids")
    args = ap.parse_args(argv)
    policy = sp.load_policy(args.pack)
    account = Account.model_validate(_corpus.ACCOUNTS[args.pack])
    stage_seconds(policy, account, "a few words to warm up, you idiot")
    print(f"{'lexicon':28} {'ns/char':>8} {'ns/char':>8} {'growth':>6}")
    print(f"{'':28} {args.small:>8,} {args.large:>8,}")
    for lex in policy.pack.lexicons:
        if args.lexicons and lex.id not in args.lexicons:
            continue
        unit = " ".join(lex.terms) + " "
        a = stage_seconds(policy, account, _stages._fill(unit, args.small))  # noqa: SLF001
        b = stage_seconds(policy, account, _stages._fill(unit, args.large))  # noqa: SLF001
        per_a, per_b = sum(a.values()) / args.small, sum(b.values()) / args.large
        growth = per_b / per_a if per_a > 0 else float("nan")
        worst = sorted(
            ((b[k] / args.large) / max(a[k] / args.small, 1e-12), k) for k in a if b[k] > 0.002
        )[-3:]
        flag = "GROW" if growth > args.flag else ""
        grew = " ".join(f"{k} {x:.1f}x ({b[k] * 1e3:.0f} ms)" for x, k in reversed(worst))
        print(
            f"{lex.id:28} {per_a * 1e9:8.0f} {per_b * 1e9:8.0f} {growth:5.2f}x {flag:4} {grew}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
