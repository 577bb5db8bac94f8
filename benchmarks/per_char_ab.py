#!/usr/bin/env python3
"""Cost per character of this checkout against a baseline commit, in one run.

The cost-per-character section of `throughput.py` (`_speed.per_char`: each kind's 100k text
as one post, the same text cut into posts of 1k and 10k, and the prefix texts of 1k and 10k)
for `--base` (checked out in a temporary worktree, its C extension built) and this checkout,
each in its own interpreter, alternating over `--rounds`; the smallest figure of each. Prints
`evaluate` ns per character and the ratios (same words, target <= 1.3x; prefix beside it).

    python benchmarks/per_char_ab.py [--base main] [--rounds 2] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
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
import _stages  # noqa: E402

_CHILD = """
import json, sys
sys.path.insert(0, {here!r})
import _speed
from pathlib import Path
print(json.dumps(_speed.per_char(Path({external!r}), {repeats}, lambda m: None)))
"""


def measure(src: Path, external: Path, repeats: int) -> dict[str, Any]:
    """`_speed.per_char` with `src` first on the path, in a fresh interpreter."""
    env = dict(os.environ, PYTHONPATH=str(src))
    code = _CHILD.format(here=str(HERE), external=str(external), repeats=repeats)
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    data: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return data


def best(runs: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Per kind, size and stage, the smallest figure over the runs."""

    def low(items: Sequence[Any]) -> Any:
        if isinstance(items[0], dict):
            return {k: low([i[k] for i in items]) for k in items[0]}
        return min(items)

    return low(list(runs))


def figures(pc: dict[str, Any]) -> dict[str, tuple[float, ...]]:
    """Per kind: same-words 1k, 10k, the 100k post, then prefix 1k and 10k (evaluate)."""
    out = {}
    for kind, by in pc.items():
        same = by["same"]
        out[kind] = (
            same["1000"]["evaluate"],
            same["10000"]["evaluate"],
            by["100000"]["evaluate"],
            by["1000"]["evaluate"],
            by["10000"]["evaluate"],
        )
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    ap.add_argument("--base", default="main")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--external", type=Path, default=ROOT.parent / "shared" / "external")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    if _stages.police_posts(args.external, 1) is None:
        print(f"skipped: {_stages.POLICE_FILE} not found in {args.external}")
        return 0
    runs: dict[str, list[dict[str, Any]]] = {"base": [], "branch": []}
    with _speed.baseline_src(args.base) as (src, note):
        if src is None:
            print(note or "no baseline", file=sys.stderr)
            return 1
        for i in range(args.rounds):
            for side, tree in (("base", src), ("branch", ROOT / "src")):
                print(f"round {i + 1}: {side}", file=sys.stderr, flush=True)
                runs[side].append(measure(tree, args.external, args.repeats))
    res = {side: best(r) for side, r in runs.items()}
    if args.json:
        args.json.write_text(json.dumps(res) + "\n", encoding="utf-8")
    print(
        f"evaluate, ns per character (Toronto; best of {args.rounds} rounds): same words "
        "1k / 10k pieces / 100k post, ratio; prefix 1k / 10k, ratio"
    )
    fb, fn = figures(res["base"]), figures(res["branch"])
    print(
        f"| kind | {args.base}: same 1k / 10k / 100k | ratio | prefix ratio | branch: same "
        "1k / 10k / 100k | ratio | prefix ratio |"
    )
    print("| --- | --- | ---: | ---: | --- | ---: | ---: |")
    for kind in fn:
        rows = []
        for f in (fb[kind], fn[kind]):
            s1, s10, whole, p1, _ = f
            rows.append(
                f"{s1:,.0f} / {s10:,.0f} / {whole:,.0f} | {whole / s1:.2f}x | {whole / p1:.2f}x"
            )
        print(f"| {kind} | {rows[0]} | {rows[1]} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
