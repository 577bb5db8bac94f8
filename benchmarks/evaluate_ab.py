#!/usr/bin/env python3
"""`evaluate` and each detector, µs per real police tweet, this checkout against a commit.

    python benchmarks/evaluate_ab.py [--base fc05cf3] [--pack toronto] [--posts 2000]
                                     [--rounds 3] [--repeats 2] [--external DIR]

The commit is checked out with `git worktree add` into a temporary folder; each side runs this
script's `--worker` mode in its own interpreter with `PYTHONPATH=<side>/src`, the two sides
alternating round by round and each going first in every other round (the machine is
shared: a burst of load then hits both). A worker
times, in CPU time of its process (`time.process_time`), `evaluate` on post dicts and each
detector over the same posts' contexts (`_stages.detector_seconds`: the shared normalisation
and lexicon pass already done, so a detector's figure is its own work), best of `--repeats`.
The report is the best of the rounds per figure, both sides and base / now (above 1 is faster
now). Without `--base` only this checkout is measured.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import _speed  # noqa: E402
import _stages  # noqa: E402


def measure(pack: str, external: Path, posts: int, repeats: int) -> dict[str, float]:
    """µs per post: `evaluate` and `detector.<name>` for the importable `socialpolicy`."""
    import _corpus

    import socialpolicy as sp
    from socialpolicy.inputs import Account

    dicts = _stages.police_posts(external, posts)
    if dicts is None:
        raise SystemExit(f"{_stages.POLICE_FILE} not found in {external}")
    policy = sp.load_policy(pack)
    account = Account.model_validate(_corpus.ACCOUNTS[pack])
    for d in dicts:  # warm-up: lazy model loads, the engine's memo, the account's view
        policy.evaluate(d, account)
    ctxs = [_stages.context_for(policy, account, d["text"]) for d in dicts]
    for c in ctxs:  # the shared passes every detector reads, outside the detectors' figures
        for field, raw in c.own_texts():
            c.matches(field, raw)
    n = len(dicts)
    out = {
        f"detector.{name}": sec / n * 1e6
        for name, sec in _stages.detector_seconds(ctxs, repeats).items()
    }
    out["detectors"] = sum(out.values())
    evaluate = policy.evaluate
    out["evaluate"] = (
        _stages._best(repeats, lambda: [evaluate(d, account) for d in dicts]) / n * 1e6  # noqa: SLF001
    )
    return out


def _worker(src: Path, args: argparse.Namespace) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=str(src), PYTHONHASHSEED="0")
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", "--pack", args.pack]
    cmd += ["--posts", str(args.posts), "--repeats", str(args.repeats)]
    cmd += ["--external", str(args.external)]
    got = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    data: dict[str, float] = json.loads(got.stdout.strip().splitlines()[-1])
    return data


def _best(rounds: Sequence[dict[str, float]]) -> dict[str, float]:
    return {k: min(r[k] for r in rounds if k in r) for k in rounds[0]}


def compare(args: argparse.Namespace) -> tuple[dict[str, float], dict[str, float] | None]:
    """Best-of-rounds figures for this checkout and for `args.base` (None without one)."""
    now: list[dict[str, float]] = []
    base: list[dict[str, float]] = []
    with _speed.baseline_src(args.base) as (src, note):
        if note is not None:
            raise SystemExit(note)
        for i in range(args.rounds):
            print(f"round {i + 1} of {args.rounds}", file=sys.stderr)
            # Each side goes first in every other round: a side that always ran second
            # would meet more of whatever load the first one started under.
            if src is not None and i % 2 == 0:
                base.append(_worker(src, args))
            now.append(_worker(ROOT / "src", args))
            if src is not None and i % 2 == 1:
                base.append(_worker(src, args))
    return _best(now), (_best(base) if base else None)


def report(args: argparse.Namespace, now: dict[str, float], base: dict[str, float] | None) -> None:
    label = f"base {args.base}" if base else ""
    print(
        f"{args.pack}: µs per UK police tweet, CPU time, best of {args.rounds} rounds "
        f"x {args.repeats} repeats, {args.posts} posts"
    )
    print(f"  {'':18} {'now':>9} {label:>14} {'base/now':>9}")
    keys = ["evaluate", "detectors"]
    keys += sorted((k for k in now if k.startswith("detector.")), key=lambda k: -now[k])
    if base:
        keys += sorted(k for k in base if k not in now)  # detectors only the base has
    for k in keys:
        name = k.removeprefix("detector.")
        indent = "    " if k.startswith("detector.") else "  "
        cur = f"{now[k]:9.1f}" if k in now else f"{'-':>9}"
        b = f"{base[k]:14.1f}" if base and k in base else f"{'':14}"
        ratio = f"{base[k] / now[k]:8.2f}x" if base and k in base and now.get(k) else ""
        print(f"{indent}{name:<{20 - len(indent)}} {cur} {b} {ratio}")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--base", default=None, help="commit to compare with (e.g. fc05cf3)")
    ap.add_argument("--pack", default="toronto", choices=_stages.PACKS)
    ap.add_argument("--posts", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--external", type=Path, default=ROOT.parent / "shared" / "external")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(measure(args.pack, args.external, args.posts, args.repeats)))
        return 0
    now, base = compare(args)
    report(args, now, base)
    return 0


if __name__ == "__main__":
    sys.exit(main())
