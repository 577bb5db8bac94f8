#!/usr/bin/env python3
"""The sentence-boundary pattern and the layout's quotation gate, before and after session 9.

    python benchmarks/sentences_ab.py [--posts 2000] [--repeats 7] [--external DIR]

In one process, on the normalised texts of the UK police tweets: `_windows._BOUNDARY` and
`_sentences._SENT_END` against the patterns they replaced (led by a lookbehind), and
`SpeechLayout.build`'s quotation search gated by `may_quote` against the looser test it
replaced (any `"`, `'` or `«`). CPU µs per text, best of `--repeats`, the two sides
alternating; the answers are checked equal first.
Also how many `Sentences` and layouts `evaluate` builds per tweet (Toronto, Edmonton).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import _corpus  # noqa: E402
import _stages  # noqa: E402

import socialpolicy as sp  # noqa: E402
from socialpolicy.detectors import _sentences, _windows  # noqa: E402
from socialpolicy.detectors.respect import speech  # noqa: E402
from socialpolicy.inputs import Account  # noqa: E402
from socialpolicy.normalise import normalise  # noqa: E402

_OLD_BOUNDARY = re.compile(
    r"(?<![.!?\u2026])[.!?\u2026]++[\"')\]]*+(?= |$)| (?=\d{1,2}[).] )| (?=[\u2022*\-] )"
)
_OLD_SENT_END = re.compile(r"(?<![.!?])[.!?]++(?=[\s\"')\]]|$)")


def _old_gate(text: str) -> bool:
    return '"' in text or "'" in text or "«" in text


def _ends(pattern: re.Pattern[str], texts: Sequence[str]) -> list[list[int]]:
    return [[m.end() for m in pattern.finditer(t)] for t in texts]


def _quotes(gate: Callable[[str], bool], texts: Sequence[str]) -> list[tuple[tuple[int, int], ...]]:
    q = speech._QUOTED
    return [tuple(m.span() for m in q.finditer(t)) if gate(t) else () for t in texts]


def _ab(
    repeats: int, n: int, old: Callable[[], object], new: Callable[[], object]
) -> tuple[float, float]:
    best = [float("inf"), float("inf")]
    for r in range(repeats):
        for i, fn in ((0, old), (1, new)) if r % 2 == 0 else ((1, new), (0, old)):
            t0 = time.process_time()
            fn()
            best[i] = min(best[i], time.process_time() - t0)
    return best[0] / n * 1e6, best[1] / n * 1e6


def _built_per_post(pack: str, dicts: Sequence[dict[str, object]]) -> tuple[float, float]:
    """`Sentences` and `SpeechLayout`s built per post by `evaluate` (counted, not timed)."""
    count = [0, 0]
    init = _windows.Sentences.__init__
    build = speech.SpeechLayout.build.__func__  # type: ignore[attr-defined]

    def counted_init(self: _windows.Sentences, text: str) -> None:
        count[0] += 1
        init(self, text)

    def counted_build(cls: type, nt: object, matches: object) -> object:
        count[1] += 1
        return build(cls, nt, matches)

    policy = sp.load_policy(pack)
    account = Account.model_validate(_corpus.ACCOUNTS[pack])
    _windows.Sentences.__init__ = counted_init  # type: ignore[method-assign]
    speech.SpeechLayout.build = classmethod(counted_build)  # type: ignore[assignment,method-assign]
    try:
        for d in dicts:
            policy.evaluate(d, account)
    finally:
        _windows.Sentences.__init__ = init  # type: ignore[method-assign]
        speech.SpeechLayout.build = classmethod(build)  # type: ignore[assignment,method-assign]
    return count[0] / len(dicts), count[1] / len(dicts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=2000)
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--external", type=Path, default=HERE.parent.parent / "shared" / "external")
    args = ap.parse_args()
    dicts = _stages.police_posts(args.external, args.posts)
    if dicts is None:
        raise SystemExit(f"{_stages.POLICE_FILE} not found in {args.external}")
    texts = [normalise(str(d["text"])).text for d in dicts]
    new_b = _windows._BOUNDARY
    new_s = _sentences._SENT_END
    assert _ends(_OLD_BOUNDARY, texts) == _ends(new_b, texts)
    assert _ends(_OLD_SENT_END, texts) == _ends(new_s, texts)
    assert _quotes(_old_gate, texts) == _quotes(speech.may_quote, texts)
    n = len(texts)
    print(f"{n} police tweets, CPU µs per text, best of {args.repeats}")
    b = _ab(args.repeats, n, lambda: _ends(_OLD_BOUNDARY, texts), lambda: _ends(new_b, texts))
    e = _ab(args.repeats, n, lambda: _ends(_OLD_SENT_END, texts), lambda: _ends(new_s, texts))
    q = _ab(
        args.repeats,
        n,
        lambda: _quotes(_old_gate, texts),
        lambda: _quotes(speech.may_quote, texts),
    )
    print(f"  {'':28} {'before':>7} {'after':>7}  before/after")
    print(f"  {'sentence boundaries':28} {b[0]:7.2f} {b[1]:7.2f}  {b[0] / b[1]:.2f}x")
    print(f"  {'sentence ends (_sentences)':28} {e[0]:7.2f} {e[1]:7.2f}  {e[0] / e[1]:.2f}x")
    print(f"  {'layout quotation search':28} {q[0]:7.2f} {q[1]:7.2f}  {q[0] / q[1]:.2f}x")
    for pack in ("toronto", "edmonton"):
        s, lay = _built_per_post(pack, dicts)
        print(f"  {pack}: evaluate builds {s:.2f} Sentences and {lay:.2f} layouts per tweet")


if __name__ == "__main__":
    main()
