#!/usr/bin/env python3
"""The models' n-gram sums through the C tables (`_cngrams.table_sums`, this checkout) against
the per-word entries they replaced (`_cngrams.sums` of a checkout at API 1, e.g. main `9bc9a29`),
in one process, on real UK police tweets.

    python benchmarks/tables_ab.py --base /work/main [--pack toronto] [--posts 3000]
                                   [--rounds 7] [--external DIR]

`--base` is a checkout whose `src/socialpolicy/_cngrams*.so` is built at API 1 (its `sums`
reads a word's `(bytes, pair dict)` entry, filled on first sight): that module is loaded beside
this checkout's, and the entries are built here as that checkout built them (`c_pairs`,
`_c_entry`). `NgramSums.raw` and `PackScorer.logits` are switched between the two, round by
round, each side going first in every other round. Printed, best and median of the rounds:

* `replay`: every sums call `evaluate` makes on the posts (both models), recorded and replayed
  on fresh token strings (as `evaluate` makes them: not interned, no cached hash), CPU µs per
  post, the Python around the C call included;
* `first call in evaluate`: the wall time of each model's first sums call per post inside
  `evaluate` (median over the posts, µs; the caches are as `evaluate` leaves them, mostly cold),
  and `evaluate` itself, CPU µs per post.

Both sides must give the same sums on every call (checked). Skips (exit 0) without the tweets or
without a base module at API 1.
"""

from __future__ import annotations

import argparse
import importlib.machinery
import importlib.util
import statistics
import struct
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import _corpus  # noqa: E402
from _stages import police_posts  # noqa: E402

import socialpolicy as sp  # noqa: E402
from socialpolicy.inputs import Account  # noqa: E402
from socialpolicy.models._ngrams import _INT64_2, _PACK, NgramSums, as_segments  # noqa: E402
from socialpolicy.models.clauses import PackScorer, _unpack  # noqa: E402

_INT64 = struct.Struct("=q")


def load_base(base: Path) -> Any | None:
    """The base checkout's compiled module, if it is built at API 1 (with `sums`)."""
    found = sorted((base / "src" / "socialpolicy").glob("_cngrams*.so"))
    if not found:
        return None
    name = "socialpolicy_base._cngrams"
    loader = importlib.machinery.ExtensionFileLoader(name, str(found[0]))
    spec = importlib.util.spec_from_file_location(name, str(found[0]), loader=loader)
    if spec is None:
        return None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module if getattr(module, "API", None) == 1 and hasattr(module, "sums") else None


def _c_pairs(
    pairs: dict[tuple[str, str], int], unpack: Callable[[int], bytes]
) -> dict[str, dict[str, bytes]]:
    out: dict[str, dict[str, bytes]] = {}
    for (a, b), w in pairs.items():
        out.setdefault(a, {})[b] = unpack(w)
    return out


class Entries:
    """The base's per-word entries of the models, built as the base checkout builds them."""

    def __init__(self, base: Any) -> None:
        self.base = base
        self.state: dict[int, tuple[dict[str, Any], Callable[[str], Any]]] = {}
        # As functions, to be set on the classes (a bound method would not be bound again).
        self.methods = (
            lambda model, segments: self.raw(model, segments),
            lambda scorer, segments: self.logits(scorer, segments),
        )

    def raw(self, model: NgramSums, segments: Iterable[Sequence[str]]) -> tuple[int, int]:
        st = self.state.get(id(model))
        if st is None:
            cp = _c_pairs(model._pairs, lambda w: _INT64.pack(w // _PACK))
            fields: dict[str, Any] = {}

            def entry(token: str) -> Any:
                total, count = model._word(token)
                fields[token] = e = (_INT64_2.pack(count, total), cp.get(token))
                return e

            st = self.state[id(model)] = (fields, entry)
        segments = as_segments(segments)
        got = self.base.sums(segments, st[0], st[1], 1, model._pairs_on)
        if got is not None and got[0] < _PACK:
            return got[1], got[0]
        return model._raw_pure(segments)

    def logits(self, scorer: PackScorer, segments: Iterable[Sequence[str]]) -> list[float]:
        st = self.state.get(id(scorer))
        if st is None:
            n = len(scorer.models)
            pack = struct.Struct(f"={n}q").pack
            cp = _c_pairs(scorer._pairs, lambda w: pack(*_unpack(w, n)[1]))
            fields: dict[str, Any] = {}

            def entry(token: str) -> Any:
                count, totals = scorer._words.sums(token)
                fields[token] = e = (scorer._struct.pack(count, *totals), cp.get(token))
                return e

            st = self.state[id(scorer)] = (fields, entry)
        segments = as_segments(segments)
        got = self.base.sums(segments, st[0], st[1], len(scorer._terms), scorer._pairs_on)
        if got is not None:
            return scorer._logits_of(got[0], got[1:])
        return scorer._logits_pure(segments)


TABLES = (NgramSums.raw, PackScorer.logits)


def use(side: str, entries: Entries) -> None:
    if side == "tables":
        NgramSums.raw, PackScorer.logits = TABLES  # type: ignore[method-assign]
    else:
        NgramSums.raw, PackScorer.logits = entries.methods  # type: ignore[method-assign]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", type=Path, required=True)
    ap.add_argument("--pack", default="toronto")
    ap.add_argument("--posts", type=int, default=3000)
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--external", type=Path, default=HERE.parent.parent / "shared" / "external")
    args = ap.parse_args(argv)
    dicts = police_posts(args.external, args.posts)
    if dicts is None:
        print(f"police tweets not found in {args.external}: skipped")
        return 0
    base = load_base(args.base)
    if base is None:
        print(f"no compiled _cngrams at API 1 under {args.base}/src: skipped")
        return 0
    try:
        return _compare(args, Entries(base))
    finally:  # the classes' own methods back, whatever happened
        NgramSums.raw, PackScorer.logits = TABLES  # type: ignore[method-assign]


def _compare(args: argparse.Namespace, entries: Entries) -> int:
    dicts = police_posts(args.external, args.posts) or []
    policy = sp.load_policy(args.pack)
    account = Account.model_validate(_corpus.ACCOUNTS[args.pack])
    calls: list[tuple[Any, list[list[str]]]] = []

    def record_raw(model: NgramSums, segments: Iterable[Sequence[str]]) -> tuple[int, int]:
        segments = as_segments(segments)
        calls.append((model, [list(s) for s in segments]))
        return TABLES[0](model, segments)

    def record_logits(scorer: PackScorer, segments: Iterable[Sequence[str]]) -> list[float]:
        segments = as_segments(segments)
        calls.append((scorer, [list(s) for s in segments]))
        return TABLES[1](scorer, segments)

    NgramSums.raw, PackScorer.logits = record_raw, record_logits  # type: ignore[method-assign,assignment]
    for d in dicts:
        policy.evaluate(d, account)
    for side in ("entries", "tables"):  # every word seen: the caches warm on both sides
        use(side, entries)
        for d in dicts:
            policy.evaluate(d, account)
    for obj, segs in calls:  # the same sums on both sides
        use("entries", entries)
        old = (PackScorer.logits if isinstance(obj, PackScorer) else NgramSums.raw)(obj, segs)
        use("tables", entries)
        new = (PackScorer.logits if isinstance(obj, PackScorer) else NgramSums.raw)(obj, segs)
        assert old == new, (segs, old, new)
    n = len(dicts)

    def replay(side: str) -> float:
        use(side, entries)
        fresh = [(o, [[t.encode().decode() for t in s] for s in segs]) for o, segs in calls]
        raw, logits = NgramSums.raw, PackScorer.logits
        start = time.process_time()
        for o, segs in fresh:
            (logits if isinstance(o, PackScorer) else raw)(o, segs)
        return (time.process_time() - start) / n * 1e6

    firsts: list[int] = []
    seen: set[int] = set()
    wrapped = dict.fromkeys(("entries", "tables"), TABLES)
    wrapped["entries"] = entries.methods

    def in_evaluate(side: str) -> dict[str, float]:
        raw, logits = wrapped[side]
        clock = time.perf_counter_ns

        def timed_raw(model: NgramSums, segments: Iterable[Sequence[str]]) -> tuple[int, int]:
            if id(model) in seen:
                return raw(model, segments)
            seen.add(id(model))
            t = clock()
            got = raw(model, segments)
            firsts.append(clock() - t)
            return got

        def timed_logits(scorer: PackScorer, segments: Iterable[Sequence[str]]) -> list[float]:
            if id(scorer) in seen:
                return logits(scorer, segments)
            seen.add(id(scorer))
            t = clock()
            got = logits(scorer, segments)
            firsts.append(clock() - t)
            return got

        NgramSums.raw, PackScorer.logits = timed_raw, timed_logits  # type: ignore[method-assign,assignment]
        firsts.clear()
        start = time.process_time()
        for d in dicts:
            seen.clear()
            policy.evaluate(d, account)
        cpu = (time.process_time() - start) / n * 1e6
        return {"first call": statistics.median(firsts) / 1000, "evaluate": cpu}

    got: dict[str, dict[str, list[float]]] = {"entries": {}, "tables": {}}
    for r in range(args.rounds):
        for side in ("entries", "tables") if r % 2 == 0 else ("tables", "entries"):
            row = {"replay": replay(side), **in_evaluate(side)}
            for k, v in row.items():
                got[side].setdefault(k, []).append(v)
    use("tables", entries)
    print(
        f"{args.pack}: {n} police tweets, {len(calls)} sums calls, {args.rounds} alternating "
        "rounds; best / median"
    )
    labels = {
        "replay": "replay, CPU µs per post",
        "first call": "first call in evaluate, wall µs (median)",
        "evaluate": "evaluate, CPU µs per post",
    }
    for k, label in labels.items():
        o, w = got["entries"][k], got["tables"][k]
        print(
            f"  {label:42s} entries {min(o):7.2f} / {statistics.median(o):7.2f}   "
            f"tables {min(w):7.2f} / {statistics.median(w):7.2f}   "
            f"entries/tables {min(o) / min(w):.2f}x / {statistics.median(o) / statistics.median(w):.2f}x"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
