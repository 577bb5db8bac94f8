#!/usr/bin/env python3
"""Which stage grows faster than the text, by the Python lines it executes per character.

The count `tests/detectors/test_linear_cost.py` holds to 1.3x (`sys.settrace`, every line of
every Python function a stage runs): machine load cannot change it, so one run per size is a
figure, not a screening. For each pack, each kind of text and each stage (normalise, scan,
every detector, the engine, the decision around it, and `evaluate` whole on a fresh post), the
lines per character at `--small` and `--large` characters; a stage whose count per character
grows by more than `--flag` (default 1.3x) is printed with the functions (code objects) whose
lines per character rose most between the two sizes, which is where a per-match re-read lives.

Kinds of text, each exactly the size asked:
- `ordinary`: UK police tweets joined (the police-like text of `benchmarks/throughput.py`);
- the adversarial repeats of `throughput.py`'s cost-per-character section (phones, names,
  elongations, every pack term, the terms of each kind) and e-mail addresses;
- `<kind> repeated`: each of those cut to `--small` characters and repeated to both sizes
  (the same cues at both: growth alone, where the plain kind also meets more kinds of cue
  in its longer cut, as `throughput.py`'s "growth alone" line does);
- `lex:<id>`: each lexicon of the pack, its terms as one run-on text (as `linear_screen.py`
  does for time). A lexicon longer than a third of `--small` is sampled (every k-th term) to
  that length, so that both sizes repeat the same mix: what grows is then growth, not more
  kinds of cue in the longer text.

    python benchmarks/line_screen.py [--pack toronto] [--small 3000 --large 30000]
        [--kinds ordinary phones lex:slurs ...] [--stages scan role ...] [--all]

A 30k text costs about 1-3 s per pack and kind under the tracer (the whole screen, both packs
and every lexicon: about 20 minutes on one core). The engine's memo is cleared before the
engine and `evaluate` are counted (its answer for a fact set met at the small size would
otherwise hide the large size's work).
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from types import CodeType, FrameType
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import _corpus  # noqa: E402
import _stages  # noqa: E402

import socialpolicy as sp  # noqa: E402
from socialpolicy.detectors import DETECTORS, Detector, Hit  # noqa: E402
from socialpolicy.detectors.context import Context  # noqa: E402
from socialpolicy.inputs import Account  # noqa: E402

EXTERNAL = HERE.parent.parent / "shared" / "external"
EMAILS = "Write to a.b@example.org or media@tps.ca, thanks @TorontoPolice @user "
# A stage or function under this many lines per character at the large size is noise (a
# constant per post spread thin), whatever its ratio.
MIN_LINES_PER_CHAR = 0.02

Counts = dict[CodeType, int]


def traced(run: Callable[[], object]) -> Counts:
    """The Python lines `run` executes, per code object (every function it calls)."""
    counts: defaultdict[CodeType, int] = defaultdict(int)

    def local(frame: FrameType, event: str, arg: object) -> Any:
        if event == "line":
            counts[frame.f_code] += 1
        return local

    def calls(frame: FrameType, event: str, arg: object) -> Any:
        return local

    previous = sys.gettrace()
    sys.settrace(calls)
    try:
        run()
    finally:
        sys.settrace(previous)
    return dict(counts)


def _detect(det: Detector, ctx: Context) -> list[Hit]:
    return list(det.detect(ctx))


def _where(code: CodeType) -> str:
    path = Path(code.co_filename)
    parts = path.parts
    short = (
        "/".join(parts[parts.index("socialpolicy") + 1 :]) if "socialpolicy" in parts else path.name
    )
    return f"{short}:{code.co_firstlineno} {code.co_qualname}"


def _sampled(terms: Sequence[str], budget: int) -> str:
    """Terms of a lexicon as one run-on unit of at most `budget` characters (every k-th term
    when the whole lexicon is longer), ending in a space."""
    unit = " ".join(terms) + " "
    if len(unit) <= budget:
        return unit
    step = len(unit) / budget + 1
    picked = [terms[int(i * step)] for i in range(int(len(terms) / step))]
    out = ""
    for t in picked:
        if len(out) + len(t) + 1 > budget:
            break
        out += t + " "
    return out or terms[0][: budget - 1] + " "


def kinds(policy: sp.Policy, ordinary: str, small: int, large: int) -> dict[str, str]:
    """Every kind of text: a unit (repeated to each size) or, for the throughput kinds that
    are built per size, the text at the largest size (cut to each size)."""
    units = dict(_stages.texts(policy, ordinary, large))
    # Growth alone: each of those cut to `small` characters and repeated (the same cues at both
    # sizes; the text cut at each size meets more kinds of cue in its longer cut).
    for kind in list(units):
        head = _fill(units[kind], small)
        units[f"{kind} repeated"] = head[: head.rfind(" ") + 1] or head
    units["emails"] = EMAILS
    for lex in policy.pack.lexicons:
        units[f"lex:{lex.id}"] = _sampled(lex.terms, small // 3)
    return units


def _fill(unit: str, length: int) -> str:
    return _stages._fill(unit, length)  # noqa: SLF001 - cut at a word, padded to `length`


@dataclass
class Screen:
    """Lines per stage (and per code object within it) at one size."""

    length: int
    stages: dict[str, Counts] = field(default_factory=dict)

    def per_char(self, stage: str) -> float:
        return sum(self.stages[stage].values()) / self.length


def screen(
    policy: sp.Policy, account: Account, text: str, only: set[str] | None, whole: bool
) -> Screen:
    """Count every stage on one post of `text` (the detectors share one context's caches)."""
    out = Screen(len(text))

    def want(stage: str) -> bool:
        return only is None or stage in only

    ctx = _stages.context_for(policy, account, text)

    def normalise() -> None:
        for f, raw in ctx.own_texts():
            ctx.normalised(f, raw)

    def scan() -> None:
        for f, raw in ctx.own_texts():
            ctx.matches(f, raw)

    # normalise and scan always run (the detectors read their caches); counted if asked
    for name, run in (("normalise", normalise), ("scan", scan)):
        counts = traced(run)
        if want(name):
            out.stages[name] = counts
    for det in DETECTORS:
        if want(det.name):
            out.stages[det.name] = traced(partial(_detect, det, ctx))
    engine = policy._engine  # noqa: SLF001
    clear = getattr(engine, "clear_memo", lambda: None)
    if want("engine") or want("decision"):
        facts, signals = policy.signals_for(ctx.post, account)
        clear()
        out.stages["engine"] = traced(lambda: engine.fired(facts, signals.values, trusted=True))
    if whole or (only is not None and "evaluate" in only):
        clear()
        fresh = {"id": "y", "text": text, "created_at": _stages.CREATED_AT}
        out.stages["evaluate"] = traced(lambda: policy.evaluate(fresh, account))
        rest: dict[CodeType, int] = dict(out.stages["evaluate"])
        for stage, counts in list(out.stages.items()):
            if stage != "evaluate":
                for code, n in counts.items():
                    rest[code] = rest.get(code, 0) - n
        # what `evaluate` runs beyond the stages counted one by one: the post's coercion, the
        # facts, folding hits into signals, the findings and the decision around the engine
        if only is None:
            out.stages["decision"] = {c: n for c, n in rest.items() if n > 0}
    return out


@dataclass(frozen=True)
class Growth:
    pack: str
    kind: str
    stage: str
    small: float
    large: float
    functions: tuple[tuple[str, float, float], ...]

    @property
    def ratio(self) -> float:
        return self.large / self.small if self.small > 0 else float("inf")


def growths(pack: str, kind: str, a: Screen, b: Screen, flag: float, top: int) -> Iterable[Growth]:
    for stage in b.stages:
        pa, pb = a.per_char(stage), b.per_char(stage)
        if pb < MIN_LINES_PER_CHAR or pb <= flag * pa:
            continue
        ca, cb = a.stages[stage], b.stages[stage]
        rise = sorted(
            ((cb.get(c, 0) / b.length - ca.get(c, 0) / a.length, c) for c in set(ca) | set(cb)),
            key=lambda x: -x[0],
        )[:top]
        yield Growth(
            pack,
            kind,
            stage,
            pa,
            pb,
            tuple(
                (_where(c), ca.get(c, 0) / a.length, cb.get(c, 0) / b.length)
                for r, c in rise
                if r > 0
            ),
        )


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    ap.add_argument("--pack", action="append", help="toronto, edmonton (default both)")
    ap.add_argument("--small", type=int, default=3_000)
    ap.add_argument("--large", type=int, default=30_000)
    ap.add_argument("--flag", type=float, default=1.3, help="growth printed above this")
    ap.add_argument("--top", type=int, default=4, help="functions shown per growth")
    ap.add_argument("--kinds", nargs="*", help="only these kinds (lex:<id> for a lexicon)")
    ap.add_argument("--no-lexicons", action="store_true", help="skip the lex:<id> kinds")
    ap.add_argument("--stages", nargs="*", help="only these stages (detector names, ...)")
    ap.add_argument("--all", action="store_true", help="print every kind's stages, not only growth")
    ap.add_argument("--external", type=Path, default=EXTERNAL)
    args = ap.parse_args(argv)
    posts = _stages.police_posts(args.external, 600)
    ordinary = " ".join(p["text"] for p in posts) if posts else _corpus_ordinary()
    only = set(args.stages) if args.stages else None
    found: list[Growth] = []
    for pack in args.pack or ["toronto", "edmonton"]:
        policy = sp.load_policy(pack)
        account = Account.model_validate(_corpus.ACCOUNTS[pack])
        screen(policy, account, "a few words to warm up, you idiot", None, True)
        for kind, unit in kinds(policy, ordinary, args.small, args.large).items():
            if args.kinds and kind not in args.kinds:
                continue
            if args.no_lexicons and kind.startswith("lex:"):
                continue
            a = screen(policy, account, _fill(unit, args.small), only, only is None)
            b = screen(policy, account, _fill(unit, args.large), only, only is None)
            grew = list(growths(pack, kind, a, b, args.flag, args.top))
            found.extend(grew)
            if args.all:
                cells = "  ".join(
                    f"{s} {a.per_char(s):.2f}>{b.per_char(s):.2f}"
                    for s in b.stages
                    if b.per_char(s) >= MIN_LINES_PER_CHAR
                )
                print(f"{pack:9} {kind:32} {cells}", flush=True)
            for g in grew:
                print(
                    f"GROW {g.pack:9} {g.kind:32} {g.stage:16} {g.small:8.2f} {g.large:8.2f} "
                    f"lines/char  {g.ratio:5.2f}x",
                    flush=True,
                )
                for where, x, y in g.functions:
                    print(f"       {y - x:+8.3f}  {x:8.3f} > {y:8.3f}  {where}", flush=True)
    print(
        f"\n{len(found)} stage(s) over {args.flag}x in lines per character from "
        f"{args.small:,} to {args.large:,} characters"
    )
    for g in sorted(found, key=lambda g: -g.ratio):
        top = g.functions[0][0] if g.functions else "?"
        print(f"  {g.ratio:6.2f}x {g.pack:9} {g.kind:32} {g.stage:16} {top}")
    return 1 if found else 0


def _corpus_ordinary() -> str:
    return (
        "Officers attended a collision on the ring road this morning; the road is now open "
        "again. Thanks for your patience, and please drive safely in the rain."
    )


if __name__ == "__main__":
    sys.exit(main())
