#!/usr/bin/env python3
"""The judging path's own overhead (what `evaluate` does besides normalising, scanning and the
detectors), this checkout against another source tree, alternating in the same window.

    python benchmarks/judging_ab.py --base /work/main [--pack toronto] [--posts 2000] [--rounds 3]

Each side runs this script's `--worker` mode in its own interpreter (`PYTHONPATH=<tree>/src`),
the two alternating round by round. A worker times, in CPU time, best of 5, µs per police tweet:

* `judge_own`: `Policy._judge` with its signals given (cached per post), less the engine's
  `fired` and `digest_of` timed alone: finding and Decision building, the verdict, notes;
* `engine`, `digest`: those two alone;
* `signals_batch`: `Policy._signals` over all the posts, one after another (what `evaluate` runs);
* `signals_hot`: the same work per post, timed on its third run in a row (every cache of the
  machine warm for that post): `signals_batch - signals_hot` is what running eleven detectors
  and their tables per post costs in cold caches, the bulk of the stage table's "fold".
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
KEYS = ("judge_own", "engine", "digest", "signals_batch", "signals_hot")


def measure(pack: str, external: Path, posts: int) -> dict[str, float]:
    sys.path.insert(0, str(HERE))
    import _corpus
    import _stages

    import socialpolicy as sp
    from socialpolicy.decisions import digest_of
    from socialpolicy.inputs import Account, Post

    dicts = _stages.police_posts(external, posts) or []
    pol = sp.load_policy(pack)
    acc = Account.model_validate(_corpus.ACCOUNTS[pack])
    ps = [Post.model_validate(d) for d in dicts]
    n = len(ps)
    judged, reads = pol._judging, pol._reads  # noqa: SLF001
    signals = pol._signals  # noqa: SLF001
    for p in ps[:300]:
        pol.evaluate(p, acc)

    def best(fn: Callable[[], object]) -> float:
        out = float("inf")
        for _ in range(5):
            t0 = time.process_time()
            fn()
            out = min(out, time.process_time() - t0)
        return out / n * 1e6

    res: dict[str, float] = {}
    res["signals_batch"] = best(lambda: [signals(p, acc, judged, reads) for p in ps])

    def hot() -> float:
        total = 0.0
        for p in ps:
            signals(p, acc, judged, reads)
            signals(p, acc, judged, reads)
            t0 = time.process_time()
            signals(p, acc, judged, reads)
            total += time.process_time() - t0
        return total / n * 1e6

    res["signals_hot"] = min(hot() for _ in range(2))
    known = {id(p): signals(p, acc, judged, reads) for p in ps}
    pol._signals = lambda p, a, j, r: known[id(p)]  # type: ignore[method-assign]  # noqa: SLF001
    whole = best(lambda: [pol._judge(p, acc, None) for p in ps])  # noqa: SLF001
    engine = pol._engine  # noqa: SLF001
    res["engine"] = best(
        lambda: [engine.fired(f, s.values, trusted=True) for f, s in known.values()]
    )
    account_json = pol._account_part(acc, True).json  # noqa: SLF001
    res["digest"] = best(lambda: [digest_of(p, account_json) for p in ps])
    res["judge_own"] = whole - res["engine"] - res["digest"]
    return res


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--base", type=Path, help="another checkout (its src/ is imported)")
    ap.add_argument("--pack", default="toronto")
    ap.add_argument("--posts", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--external", type=Path, default=HERE.parent.parent / "shared" / "external")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(measure(args.pack, args.external, args.posts)))
        return 0
    sides = {"now": HERE.parent}
    if args.base is not None:
        sides["base"] = args.base.resolve()
    got: dict[str, dict[str, float]] = {s: {} for s in sides}
    order = list(sides)
    for r in range(args.rounds):
        print(f"round {r + 1} of {args.rounds}", file=sys.stderr)
        for side in order if r % 2 == 0 else order[::-1]:
            env = dict(os.environ, PYTHONPATH=str(sides[side] / "src"))
            cmd = [sys.executable, __file__, "--worker", "--pack", args.pack]
            cmd += ["--posts", str(args.posts), "--external", str(args.external)]
            out = json.loads(subprocess.run(cmd, env=env, check=True, capture_output=True).stdout)
            for k in KEYS:
                got[side][k] = min(got[side].get(k, float("inf")), out[k])
    print(f"{args.pack}: µs per police tweet, CPU time, best of {args.rounds} rounds x 5")
    print(f"  {'':16}" + "".join(f"{s:>10}" for s in sides))
    for k in KEYS:
        print(f"  {k:16}" + "".join(f"{got[s][k]:10.2f}" for s in sides))
    return 0


if __name__ == "__main__":
    sys.exit(main())
