#!/usr/bin/env python3
"""The lexicon scan's parts, and two boundary-aware alternatives, in CPU µs per post.

    python benchmarks/scan_variants.py [--posts N] [--repeats R] [--external DIR]

On the UK police tweets (normalised once beforehand), for each pack, prints:

* `bare`: iterating the pack's Aho-Corasick automaton, nothing else (the floor);
* `_scan_plain`: the matcher's scan (per raw hit: a boundary test; per match: a tuple);
* `find`: the whole `LexiconMatcher.find` (scan, prefix de-duplication, sort);
* `grouping`: `Context.grouped`'s loop over the matches;
* the raw hits and the matches per post;
* alternative A, "marked text": a marker at every edge of a word run (`re.split` with a
  captured word class, rejoined), terms marked alike, so only whole-word hits come out: the
  marking alone, and marking plus iterating the marked automaton;
* alternative B, "mapped text": every non-word character mapped to one sentinel by
  `str.translate` (same length, no position map), terms of word characters and spaces padded
  with a space or the sentinel on each side (four keys a term), the other terms in a second
  automaton over the raw text: the mapping alone, and both passes.

Both alternatives only iterate (no match tuples): if that alone is not below `_scan_plain`,
the alternative cannot pay. Nothing here is a timed test; it prints figures.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, cast

import ahocorasick  # type: ignore[import-untyped,unused-ignore]

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import _stages  # noqa: E402

import socialpolicy as sp  # noqa: E402
from socialpolicy.detectors.matching import LexiconMatch, LexiconMatcher  # noqa: E402
from socialpolicy.normalise import normalise  # noqa: E402

WORD_RUNS = re.compile(r"((?:[^\W_]|\*)+)")
MARK = "\x01"


def _word_or_space(c: str) -> bool:
    return c.isalnum() or c == "*" or c == " "


class _Bounds(dict[int, int]):
    """`str.translate` table: word characters and spaces stay, the rest become the sentinel."""

    def __missing__(self, key: int) -> int:
        value = key if _word_or_space(chr(key)) else ord(MARK)
        self[key] = value
        return value


def _best(texts: int, repeats: int, fn: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeats):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best / texts * 1e6


def _group(ms: list[LexiconMatch]) -> dict[str, list[LexiconMatch]]:
    cached: dict[str, list[LexiconMatch]] = {}
    for m in ms:
        got = cached.get(m.lexicon_id)
        if got is None:
            cached[m.lexicon_id] = [m]
        else:
            got.append(m)
    return cached


def measure(name: str, texts: list[str], repeats: int) -> dict[str, float]:
    matcher = sp.load_policy(name).matcher
    auto = matcher._auto  # noqa: SLF001 - the bare automaton
    if auto is None:
        raise SystemExit(f"{name}: the pack has no lexicon terms")
    nts = [normalise(t) for t in texts]
    plain = [nt.text for nt in nts]
    n = len(plain)
    stored = cast(Any, auto).keys()  # the normalised terms
    keys = [str(k) for k in stored]

    marked_auto = ahocorasick.Automaton()
    pure = ahocorasick.Automaton()
    impure = ahocorasick.Automaton()
    for k in keys:
        marked_auto.add_word(MARK.join(WORD_RUNS.split(k)), 1)
        if all(map(_word_or_space, k)):
            for left in " " + MARK:
                for right in " " + MARK:
                    pure.add_word(left + k + right, 1)
        else:
            impure.add_word(k, 1)
    for a in (marked_auto, pure, impure):
        a.make_automaton()
    table = _Bounds()

    def mark(t: str) -> str:
        return MARK.join(WORD_RUNS.split(t))

    def mapped(t: str) -> str:
        return MARK + t.translate(table) + MARK

    found = [matcher.find(nt) for nt in nts]
    out = {
        "raw hits/post": sum(1 for t in plain for _ in auto.iter(t)) / n,
        "matches/post": sum(map(len, found)) / n,
        "bare": _best(n, repeats, lambda: [None for t in plain for _ in auto.iter(t)]),
        "_scan_plain": _best(
            n,
            repeats,
            lambda: [LexiconMatcher._scan_plain(auto, t, []) for t in plain],  # noqa: SLF001
        ),
        "find": _best(n, repeats, lambda: [matcher.find(nt) for nt in nts]),
        "grouping": _best(n, repeats, lambda: [_group(ms) for ms in found]),
        "A: mark text": _best(n, repeats, lambda: [mark(t) for t in plain]),
        "A: mark + iterate": _best(
            n, repeats, lambda: [None for t in plain for _ in marked_auto.iter(mark(t))]
        ),
        "B: map text": _best(n, repeats, lambda: [mapped(t) for t in plain]),
        "B: map + iterate both": _best(
            n,
            repeats,
            lambda: [(list(pure.iter(mapped(t))), list(impure.iter(t))) for t in plain],
        ),
    }
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--external", type=Path, default=HERE.parent.parent / "shared" / "external")
    ap.add_argument("--posts", type=int, default=3000)
    ap.add_argument("--repeats", type=int, default=7)
    args = ap.parse_args(argv)
    posts = _stages.police_posts(args.external, args.posts)
    if posts is None:
        print(f"skipped: {_stages.POLICE_FILE} not found in {args.external}")
        return 0
    texts = [str(p["text"]) for p in posts]
    for name in _stages.PACKS:
        print(name)
        for k, v in measure(name, texts, args.repeats).items():
            print(f"  {k:24} {v:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
