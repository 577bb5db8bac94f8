#!/usr/bin/env python3
"""The lexicon pass where it runs, inside `evaluate`: pyahocorasick's automaton against the C
extension's own (`_cngrams.ac_matches`), in CPU µs per UK police tweet.

    python benchmarks/scan_in_place.py [--pack toronto] [--posts 2000] [--rounds 4]
                                       [--external DIR]

A stage table times the scan over all the posts back to back, where the automaton stays in
the cache; inside `evaluate` the detectors run between two posts' scans and a scan walks cold
memory (docs/performance.md, "Session 12: one core"). Here one process judges the posts
`--rounds` times with each automaton, switching block by block (each first in every other
round), and times `matcher.find`'s call of the automaton with the thread's CPU clock
(`time.thread_time_ns`, a pair of calls a post), and each block's `evaluate`. Both give the
same matches (tests/detectors/test_matching.py), so the decisions are the same. Prints the best
and the median of the rounds. Nothing here is a timed test; it prints figures.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import _corpus  # noqa: E402
import _stages  # noqa: E402

import socialpolicy as sp  # noqa: E402
from socialpolicy.detectors import matching  # noqa: E402
from socialpolicy.inputs import Account  # noqa: E402

SIDES = ("pyahocorasick", "compact")


def measure(pack: str, external: Path, posts: int, rounds: int) -> dict[str, list[float]]:
    """µs per post of each side's scan and `evaluate`, one figure per round."""
    compact = matching._C_COMPACT  # noqa: SLF001
    if compact is None or matching._C_SORTED is None:  # noqa: SLF001
        raise SystemExit("the C extension is not built (or SOCIALPOLICY_PURE=1)")
    from socialpolicy import _cngrams

    dicts = _stages.police_posts(external, posts)
    if dicts is None:
        raise SystemExit(f"{_stages.POLICE_FILE} not found in {external}")
    policy = sp.load_policy(pack)
    account = Account.model_validate(_corpus.ACCOUNTS[pack])
    auto = policy.matcher._auto  # noqa: SLF001
    if auto is None:
        raise SystemExit(f"the {pack} pack has no lexicon terms")
    iterate = auto.iter
    clock = time.thread_time_ns
    side = [SIDES[1]]
    spent = [0]

    def scan(automaton: object, text: str, match_type: Any, out: list[Any]) -> int:
        t = clock()
        if side[0] == "compact":
            got = compact.matches(automaton, text, match_type, out)
        else:
            got = _cngrams.lexicon_matches(iterate(text), text, match_type, out)
        spent[0] += clock() - t
        return got

    matching._C_COMPACT = matching._Compact(compact.build, scan)  # noqa: SLF001
    try:
        for d in dicts:  # warm-up: lazy model loads, the engine's memo, the account's view
            policy.evaluate(d, account)
        out: dict[str, list[float]] = {}
        for r in range(rounds):
            for name in SIDES if r % 2 == 0 else SIDES[::-1]:
                side[0], spent[0] = name, 0
                t = clock()
                for d in dicts:
                    policy.evaluate(d, account)
                total = clock() - t
                out.setdefault(f"scan.{name}", []).append(spent[0] / len(dicts) / 1e3)
                out.setdefault(f"evaluate.{name}", []).append(total / len(dicts) / 1e3)
        return out
    finally:
        matching._C_COMPACT = compact  # noqa: SLF001


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--pack", default="toronto", choices=_stages.PACKS)
    ap.add_argument("--posts", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--external", type=Path, default=HERE.parent.parent / "shared" / "external")
    args = ap.parse_args(argv)
    got = measure(args.pack, args.external, args.posts, args.rounds)
    print(
        f"{args.pack}: µs per UK police tweet inside evaluate, thread CPU time, "
        f"{args.posts} posts, {args.rounds} rounds a side (best / median)"
    )
    for what in ("scan", "evaluate"):
        base, now = got[f"{what}.{SIDES[0]}"], got[f"{what}.{SIDES[1]}"]
        print(
            f"  {what:9} {SIDES[0]} {min(base):6.1f} / {statistics.median(base):6.1f}   "
            f"{SIDES[1]} {min(now):6.1f} / {statistics.median(now):6.1f}   "
            f"ratio {min(base) / min(now):4.2f}x / "
            f"{statistics.median(base) / statistics.median(now):4.2f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
