#!/usr/bin/env python3
"""Growth at the same density: a kind's first 25k characters as one post against them repeated
to 100k, each detector timed alone (ns per character, CPU time, best of `--repeats`).

Every per-post gate is open at both sizes and the cues per character are the same, so a ratio
above 1.3x is work growing faster than the text (a re-read per match), not a gate opening
(`_speed.per_char`'s same-words figure counts both). Kinds are `_stages.texts`'s (Toronto).

    python benchmarks/density.py ["role terms" ordinary ...] [--repeats 3]
"""

from __future__ import annotations

import argparse
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
from socialpolicy.detectors.context import Context  # noqa: E402
from socialpolicy.inputs import Account  # noqa: E402

UNIT, FACTOR = 25_000, 4


def per_char(contexts: Sequence[Context], repeats: int) -> dict[str, float]:
    """ns per character of each detector over `contexts` (caches filled by a first pass)."""
    chars = sum(len(c.post.text) for c in contexts)
    for c in contexts:
        for det in DETECTORS:
            list(det.detect(c))
    out = {}
    for det in DETECTORS:
        best = float("inf")
        for _ in range(repeats):
            t0 = time.process_time()
            for c in contexts:
                list(det.detect(_stages._fresh_models(c)))  # noqa: SLF001
            best = min(best, time.process_time() - t0)
        out[det.name] = best / chars * 1e9
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    ap.add_argument("kinds", nargs="*")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--external", type=Path, default=HERE.parent.parent / "shared" / "external")
    args = ap.parse_args(argv)
    posts = _stages.police_posts(args.external, 600)
    if posts is None:
        print(f"skipped: {_stages.POLICE_FILE} not found in {args.external}")
        return 0
    pol = sp.load_policy("toronto")
    acc = Account.model_validate(_corpus.ACCOUNTS["toronto"])
    texts = _stages.texts(pol, " ".join(p["text"] for p in posts), UNIT * FACTOR)
    print(f"ns per character, detector alone: {UNIT:,} characters / repeated to {UNIT * FACTOR:,}")
    for kind in args.kinds or list(texts):
        text = texts[kind]
        unit = text[: text.rfind(" ", 0, UNIT)]
        small = per_char([_stages.context_for(pol, acc, unit)], args.repeats)
        large = per_char([_stages.context_for(pol, acc, " ".join([unit] * FACTOR))], args.repeats)
        print(kind)
        for name, a in small.items():
            b = large[name]
            flag = "  GROWS" if b > 1.3 * a and b > 20 else ""
            print(f"  {name:16} {a:8.0f} {b:8.0f} {b / max(a, 1e-9):6.2f}x{flag}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
