#!/usr/bin/env python3
"""Cost of `normalise` per post on real UK police tweets, against an earlier revision.

Run from a checkout:  python benchmarks/normalise.py [--baseline fc05cf3] [--rounds 5]

The earlier revision's `normalise.py` is read with `git show` and imported beside the current
one, so both are timed in the same run (CPU time, `time.process_time`, best of `--rounds`).
It also prints how many posts keep an identity offset map (no per-character map built) and
checks that both revisions give the same text on posts without markup or evasion (what the
normaliser now undoes is listed apart). Skips cleanly when ../shared is absent.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
POLICE = ROOT.parent / "shared" / "external" / "uk_police_tweets_labeled_training.csv"


# A blank line or any other run of two whitespace characters; typographic characters the
# fast path folds one for one (curly quotes and apostrophes, dashes, no-break spaces).
_RUN = re.compile(r"\s\s")
_TYPOGRAPHIC = frozenset("\u2018\u2019\u201c\u201d\u2013\u2014\u00a0\u202f\u2009")


def load_tweets() -> list[str]:
    with POLICE.open(encoding="utf-8", newline="") as fh:
        return [row["base_text"] for row in csv.DictReader(fh) if row["tweet_class"] != "100"]


def load_revision(rev: str) -> ModuleType:
    src = subprocess.run(
        ["git", "show", f"{rev}:src/socialpolicy/normalise.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    path = Path(tempfile.mkdtemp()) / "normalise_baseline.py"
    path.write_text(src, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("normalise_baseline", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


def per_post(fn: Callable[[str], object], texts: list[str], rounds: int) -> float:
    """Best CPU time per post, in microseconds."""
    best = float("inf")
    for _ in range(rounds):
        t0 = time.process_time()
        for t in texts:
            fn(t)
        best = min(best, time.process_time() - t0)
    return best / len(texts) * 1e6


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--baseline", default="fc05cf3", help="git revision to compare against")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    if not POLICE.exists():
        print(f"skipped: {POLICE} is absent")
        return 0
    from socialpolicy import normalise as current

    base = load_revision(args.baseline)
    texts = load_tweets()
    for fn in (base.normalise, current.normalise):  # warm the character caches
        for t in texts:
            fn(t)
    # Interleave the two, so that load on the machine hits both alike.
    b1 = per_post(base.normalise, texts, args.rounds)
    c1 = per_post(current.normalise, texts, args.rounds)
    b2 = per_post(base.normalise, texts, args.rounds)
    c2 = per_post(current.normalise, texts, args.rounds)
    b, c = min(b1, b2), min(c1, c2)
    ident_b = sum(base.normalise(t).starts is None for t in texts)
    ident_c = sum(current.normalise(t).is_identity for t in texts)
    differ = sum(base.normalise(t).text != current.normalise(t).text for t in texts)
    print(f"UK police tweets: {len(texts)} posts, CPU time per post, best of {args.rounds} x 2")
    print(f"  normalise at {args.baseline}: {b:6.2f} us   identity map: {ident_b / len(texts):.0%}")
    print(f"  normalise now:       {c:6.2f} us   identity map: {ident_c / len(texts):.0%}")
    print(f"  ratio now / {args.baseline}: {c / b:.2f}  (target: well under 0.5)")
    print(f"  posts whose normalised text changed: {differ} (markup and evasion undone)")
    # The fast path's cases: a whitespace run (a blank line, a double space) needs a map;
    # typographic quotes, dashes and no-break spaces fold one for one.
    groups: dict[str, list[str]] = {}
    for t in texts:
        ws = _RUN.search(t) is not None
        typo = any(c in _TYPOGRAPHIC for c in t)
        key = {
            (False, False): "neither",
            (True, False): "whitespace run",
            (False, True): "typographic",
        }.get((ws, typo), "both")
        groups.setdefault(key, []).append(t)
    for key in ("whitespace run", "typographic", "both", "neither"):
        g = groups.get(key, [])
        if not g:
            continue
        gb = min(per_post(base.normalise, g, args.rounds) for _ in range(2))
        gc = min(per_post(current.normalise, g, args.rounds) for _ in range(2))
        print(
            f"    {key:<15} {len(g):5} posts ({len(g) / len(texts):4.0%}): "
            f"{gb:6.2f} us at {args.baseline}, {gc:6.2f} us now (ratio {gc / gb:.2f})"
        )
    # `plain`, the pattern detectors' view (lookalikes read as Latin since issue 12).
    for fn in (base.plain, current.plain):
        for t in texts:
            fn(t)
    pb1 = per_post(base.plain, texts, args.rounds)
    pc1 = per_post(current.plain, texts, args.rounds)
    pb2 = per_post(base.plain, texts, args.rounds)
    pc2 = per_post(current.plain, texts, args.rounds)
    pb, pc = min(pb1, pb2), min(pc1, pc2)
    pdiffer = sum(base.plain(t).text != current.plain(t).text for t in texts)
    print(f"  plain at {args.baseline}:     {pb:6.2f} us")
    print(f"  plain now:           {pc:6.2f} us   ratio {pc / pb:.2f}")
    print(f"  posts whose plain text changed: {pdiffer}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
