#!/usr/bin/env python3
"""The learned models' n-gram sums, pure Python against the C extension (`socialpolicy._cngrams`),
in CPU microseconds per UK police tweet.

    python benchmarks/cngrams_check.py [--posts 3000] [--rounds 7] [--external DIR]

Reads the tweets in place from `../shared/external/` (skips, exit 0, when they are absent). One
process times both paths, switching `socialpolicy.models._ngrams._C` between them, alternating
which goes first each round, and keeps the best round of each (`time.process_time`): on a
shared machine both paths then see the same load. Per post:

* `tokens`: both readings of the post's normalised text (`readings`: plain, and with
  declarative denial), which the two models share;

and for each model:

* `warm`: the sums over the post's tokens with the per-word caches filled (tokens read once
  beforehand: the offensive model's with declarative denial, the clause reader's plain);
* `cold`: the same with the word caches emptied before each pass (every word's unigram and
  character n-grams summed anew once per pass);

and `evaluate` for each pack (`Policy.evaluate` on the post dicts, member account), where the
models' sums are one part among many. It also checks that both paths give the same scores.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import _corpus  # noqa: E402
from _stages import police_posts  # noqa: E402

import socialpolicy as sp  # noqa: E402
from socialpolicy.inputs import Account, Post  # noqa: E402
from socialpolicy.models import _ngrams  # noqa: E402
from socialpolicy.models.clauses import load_clause_reader  # noqa: E402
from socialpolicy.models.offensive import load_offensive_model  # noqa: E402
from socialpolicy.normalise import normalise  # noqa: E402

PACKS = ("toronto", "edmonton")


def alternate(
    rounds: int,
    compiled: ModuleType | None,
    run: Callable[[], object],
    before: Callable[[], object] = lambda: None,
) -> dict[str, float]:
    """Best CPU seconds of `run` per path over `rounds` rounds, the paths alternating."""
    paths = {"pure": None, "C": compiled} if compiled is not None else {"pure": None}
    best = dict.fromkeys(paths, float("inf"))
    for r in range(rounds):
        order = list(paths) if r % 2 == 0 else list(paths)[::-1]
        for name in order:
            _ngrams._C = paths[name]
            before()
            t0 = time.process_time()
            run()
            best[name] = min(best[name], time.process_time() - t0)
    _ngrams._C = compiled
    return best


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--posts", type=int, default=3000)
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--external", type=Path, default=HERE.parent.parent / "shared" / "external")
    args = ap.parse_args(argv)
    dicts = police_posts(args.external, args.posts)
    if dicts is None:
        print(f"UK police tweets not found in {args.external}: skipped")
        return 0
    compiled = _ngrams._C
    if compiled is None:
        print("the C extension is not in use (not built, or SOCIALPOLICY_PURE=1): pure only")
    n = len(dicts)
    offensive = load_offensive_model()
    reader = load_clause_reader()
    normalised = [normalise(d["text"]) for d in dicts]
    denied = [
        [_ngrams.tokens(nt, deny=True, offensive=offensive.leans_offensive)] for nt in normalised
    ]
    plain = [[_ngrams.tokens(nt)] for nt in normalised]

    # Both paths must agree before their times mean anything.
    for path in (None, compiled):
        _ngrams._C = path
        offensive.clear_cache()
        got: list[object] = [
            _ngrams.readings(nt, offensive=offensive.leans_offensive) for nt in normalised
        ]
        got += [offensive.raw(s) for s in denied] + [
            tuple(reader.scorers[p].logits(s)) for p in PACKS for s in plain
        ]
        if path is None:
            expected = got
        elif got != expected:
            print("the C path's scores differ from the pure path's", file=sys.stderr)
            return 1
    _ngrams._C = compiled

    print(f"{n} UK police tweets, CPU us per post, best of {args.rounds} alternating rounds")
    print(f"{'model':22} {'pure':>8} {'C':>8} {'C/pure':>7}")

    def show(label: str, best: dict[str, float]) -> None:
        pure = best["pure"] / n * 1e6
        line = f"{label:22} {pure:8.2f}"
        if "C" in best:
            c = best["C"] / n * 1e6
            line += f" {c:8.2f} {c / pure:7.2f}"
        print(line, flush=True)

    def read_tokens() -> None:
        for nt in normalised:
            _ngrams.readings(nt, offensive=offensive.leans_offensive)

    show("tokens (both readings)", alternate(args.rounds, compiled, read_tokens))

    def score_offensive() -> None:
        for s in denied:
            offensive.raw(s)

    for label, before in (
        ("offensive warm", lambda: None),
        ("offensive cold", offensive.clear_cache),
    ):
        show(label, alternate(args.rounds, compiled, score_offensive, before))
    for pack in PACKS:
        scorer = reader.scorers[pack]

        def score_clauses(logits: Callable[..., object] = scorer.logits) -> None:
            for s in plain:
                logits(s)

        show(f"clauses {pack} warm", alternate(args.rounds, compiled, score_clauses))
        show(
            f"clauses {pack} cold",
            alternate(args.rounds, compiled, score_clauses, scorer._words.clear),
        )
    posts = [Post.model_validate(d) for d in dicts]
    for pack in PACKS:
        policy = sp.load_policy(pack)
        account = Account.model_validate(_corpus.ACCOUNTS[pack])
        for p in posts:  # warm-up: the account's view, the engine's memo, the caches
            policy.evaluate(p, account)

        def judge(policy: sp.Policy = policy, account: Account = account) -> None:
            for d in dicts:
                policy.evaluate(d, account)

        show(f"evaluate {pack}", alternate(max(3, args.rounds // 2), compiled, judge))
    return 0


if __name__ == "__main__":
    sys.exit(main())
