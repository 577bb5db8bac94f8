#!/usr/bin/env python3
"""Where `evaluate`'s time goes, stage by stage, with the floors beside them.

Runs against whichever `socialpolicy` is importable, so that `throughput.py` can run the same
measurement on an older checkout in a subprocess (`PYTHONPATH=<checkout>/src`) and print a
ratio from one run rather than two numbers from different days. Only names that have existed
since the first release of the library are used (`Context`, `DETECTORS`, `post_facts`,
`digest_of`, `Policy._account_part`, the engine's `fired`).

Every stage is timed over the whole batch at once (all posts through one stage, then the next
stage), in CPU time of this process, best of `repeats` rounds: no timer call per post.

    python benchmarks/_stages.py --json [--posts N] [--repeats R] [--external DIR]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import _corpus  # noqa: E402

import socialpolicy as sp  # noqa: E402
from socialpolicy.decisions import digest_of  # noqa: E402
from socialpolicy.detectors import DETECTORS  # noqa: E402
from socialpolicy.detectors.context import Context  # noqa: E402
from socialpolicy.facts import post_facts  # noqa: E402
from socialpolicy.inputs import Account, Post  # noqa: E402

PACKS: tuple[str, ...] = ("toronto", "edmonton")
POLICE_FILE = "uk_police_tweets_labeled_training.csv"
CREATED_AT = "2025-06-02T12:00:00+00:00"


def context_for(policy: sp.Policy, account: Account, text: str) -> Context:
    """A fresh detector context for one post of `text` by `account` (nothing read yet)."""
    part = policy._account_part(account, True)  # noqa: SLF001 - cached per account
    post = Post.model_validate({"id": "x", "text": text, "created_at": CREATED_AT})
    return Context(
        post=post,
        author=account,
        account_given=True,
        resources=policy._resources,  # noqa: SLF001
        view=part.view,
    )


def police_posts(external: Path, limit: int | None = None) -> list[dict[str, Any]] | None:
    """The UK police tweets as post dicts (duplicates, class 100, dropped), or None."""
    path = external / POLICE_FILE
    if not path.is_file():
        return None
    with path.open(newline="", encoding="utf-8") as fh:
        rows = [
            r["base_text"]
            for r in csv.DictReader(fh)
            if r.get("base_text") and r.get("tweet_class") != "100"
        ]
    if limit is not None and limit < len(rows):
        step = len(rows) / limit
        rows = [rows[int(i * step)] for i in range(limit)]
    return [{"id": f"police-{i}", "text": t, "created_at": CREATED_AT} for i, t in enumerate(rows)]


def _best(repeats: int, fn: Callable[[], object]) -> float:
    """Best CPU seconds of `repeats` calls."""
    best = float("inf")
    for _ in range(repeats):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def _fresh_models(c: Context) -> Context:
    # The model tokens and speech layouts a context shares between detectors are part of
    # a detector's own work: dropped before each round (a dict's clear per post).
    for attr in ("_tokens", "_layouts"):
        getattr(c, attr, {}).clear()
    # So are the views derived from a field's normalised text and shared (its plain view and
    # sentences, `NormalisedText.derived`, since session 11): the first detector to ask pays.
    for nt in getattr(c, "_texts", {}).values():
        derived = getattr(nt, "_derived", None)
        if derived:
            derived.clear()
    return c


def detector_seconds(
    ctxs: Sequence[Context], repeats: int = 3, detectors: Sequence[Any] | None = None
) -> dict[str, float]:
    """Best CPU seconds of each detector over all of `ctxs`, by detector name (every detector,
    or those given: `evaluate` runs only the ones whose signals some rule reads).

    Detectors read shared per-context caches (normalised text, matches, groups), which the
    first round fills: best of the rounds is a detector's own work.
    """
    return {
        det.name: _best(repeats, lambda det=det: [list(det.detect(_fresh_models(c))) for c in ctxs])
        for det in (DETECTORS if detectors is None else detectors)
    }


def judging(policy: sp.Policy) -> tuple[Sequence[Any], frozenset[str] | None]:
    """The detectors `evaluate` runs and the signals it asks of them (a Policy from before
    judging was narrowed to what the rules read runs every detector for every signal)."""
    return getattr(policy, "_judging", DETECTORS), getattr(policy, "_reads", None)


def stages(
    policy: sp.Policy,
    account: Account,
    dicts: Sequence[Mapping[str, Any]],
    repeats: int = 3,
) -> dict[str, float]:
    """Microseconds per post for each stage of `evaluate` and for the floors."""
    n = len(dicts)
    lines = [json.dumps(d) for d in dicts]
    posts = [Post.model_validate(d) for d in dicts]
    res = policy._resources  # noqa: SLF001 - the pack's matcher and contacts
    part = policy._account_part(account, True)  # noqa: SLF001 - cached per account
    engine = policy._engine  # noqa: SLF001
    catalogue = policy._catalogue  # noqa: SLF001
    auto = policy.matcher._auto  # noqa: SLF001 - the bare Aho-Corasick automaton

    judged, reads = judging(policy)
    extra = {} if reads is None else {"reads": reads}

    def contexts() -> list[Context]:
        return [
            Context(
                post=p, author=account, account_given=True, resources=res, view=part.view, **extra
            )
            for p in posts
        ]

    out: dict[str, float] = {}

    def put(key: str, seconds: float) -> None:
        out[key] = seconds / n * 1e6

    # Every stage runs once before it is timed (caches, first-call imports).
    for p in posts[:50]:
        policy.evaluate(p, account)
    put("json", _best(repeats, lambda: [json.loads(line) for line in lines]))
    put("validate", _best(repeats, lambda: [Post.model_validate(d) for d in dicts]))
    ctxs: list[Context] = []

    def normalise_all() -> None:
        ctxs[:] = contexts()
        for c in ctxs:
            for field, raw in c.own_texts():
                c.normalised(field, raw)

    put("normalise", _best(repeats, normalise_all))
    texts = [c.normalised("text", c.post.text).text for c in ctxs]
    put("normalise_floor", _best(repeats, lambda: [p.text.casefold() for p in posts]))

    def scan_all() -> None:
        for c in ctxs:
            c._matches.clear()  # noqa: SLF001 - time the scan, not the cache
            for field, raw in c.own_texts():
                c.matches(field, raw)

    put("scan", _best(repeats, scan_all))
    put("scan_floor", _best(repeats, lambda: [list(auto.iter(t)) for t in texts]))

    for name, seconds in detector_seconds(ctxs, repeats, judged).items():
        put(f"detector.{name}", seconds)
    signals = getattr(policy, "_signals", None)

    def judge_signals(p: Post) -> Any:
        # What `evaluate` computes before the engine: the judged detectors and read signals.
        if signals is None or reads is None:
            return policy.signals_for(p, account)
        return signals(p, account, judged, reads)

    put("signals_for", _best(repeats, lambda: [judge_signals(p) for p in posts]))
    inputs = [judge_signals(p) for p in posts]
    prepared = [(facts, sig.values) for facts, sig in inputs]
    put(
        "engine",
        _best(repeats, lambda: [engine.fired(f, v, trusted=True) for f, v in prepared]),
    )
    clear = getattr(engine, "clear_memo", None)
    if clear is not None:

        def cold() -> None:
            for f, v in prepared:
                clear()
                engine.fired(f, v, trusted=True)

        put("engine_unmemoised", _best(repeats, cold))
    else:
        out["engine_unmemoised"] = out["engine"]
    acc_json = part.json
    put("digest", _best(repeats, lambda: [digest_of(p, acc_json) for p in posts]))
    raw_lines = [line.encode() for line in lines]
    put("digest_floor", _best(repeats, lambda: [hashlib.sha256(b).hexdigest() for b in raw_lines]))
    put("evaluate_model", _best(repeats, lambda: [policy.evaluate(p, account) for p in posts]))
    put("evaluate", _best(repeats, lambda: [policy.evaluate(d, account) for d in dicts]))
    # The same posts as one stream: since session 10 judged a batch at a time, each detector
    # over the batch (`Policy._judge_many`), so the cold-cache part of "fold" is not paid.
    put(
        "evaluate_many",
        _best(repeats, lambda: deque(policy.evaluate_many(dicts, account), maxlen=0)),
    )
    put(
        "evaluate_json",
        _best(repeats, lambda: [policy.evaluate(json.loads(line), account) for line in lines]),
    )
    put("facts", _best(repeats, lambda: [post_facts(p) for p in posts]))
    detectors = sum(v for k, v in out.items() if k.startswith("detector."))
    out["detectors"] = detectors
    # What signals_for does beyond normalising, scanning and the detectors: facts, hit folding.
    out["fold"] = max(0.0, out["signals_for"] - out["normalise"] - out["scan"] - detectors)
    out["decision"] = max(
        0.0, out["evaluate_model"] - out["signals_for"] - out["engine"] - out["digest"]
    )
    out["floor"] = out["json"] + out["validate"] + out["scan_floor"]
    out["posts"] = float(n)
    out["chars"] = sum(len(p.text) for p in posts) / n
    _ = catalogue
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--external", type=Path, default=HERE.parent.parent / "shared" / "external")
    ap.add_argument("--posts", type=int, default=3000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args(argv)
    posts = police_posts(args.external, args.posts)
    if posts is None:
        print(json.dumps({"skipped": f"{POLICE_FILE} not found in {args.external}"}))
        return 0
    result: dict[str, Any] = {"version": getattr(sp, "__version__", "?")}
    for name in PACKS:
        pol = sp.load_policy(name)
        acc = Account.model_validate(_corpus.ACCOUNTS[name])
        result[name] = stages(pol, acc, posts, args.repeats)
    if args.json:
        print(json.dumps(result))
    else:
        for name in PACKS:
            print(name)
            for k, v in result[name].items():
                print(f"  {k:32} {v:10.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())


# -- cost per character --------------------------------------------------------------------

LENGTHS: tuple[int, ...] = (1_000, 10_000, 100_000)


def _fill(unit: str, length: int) -> str:
    text = (unit * (length // len(unit) + 1))[:length]
    return text[: text.rfind(" ")].ljust(length, ".") if " " in text else text


# Kinds of pack term, by lexicon id prefix: each detector family reads its own, and a text
# repeating one kind's terms is what makes that family's checks meet many cues at once (the
# respect, offence and speech lexicons are the rest).
TERM_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("operational terms", ("ops_", "inv_")),
    ("policy terms", ("policy_", "advisory_", "comms_")),
    ("role terms", ("role_",)),
    ("identity terms", ("identity_", "pd_", "org_")),
)


def _kind_of(lexicon_id: str) -> str:
    for kind, prefixes in TERM_KINDS:
        if lexicon_id.startswith(prefixes):
            return kind
    return "respect terms"


def texts(policy: sp.Policy, ordinary: str, length: int) -> dict[str, str]:
    """Ordinary text and adversarial repeats, each exactly `length` characters: phone
    numbers, names, elongations, every pack term, and the terms of each kind (`TERM_KINDS`)."""
    terms = [t for lex in policy.pack.lexicons for t in lex.terms]
    by_kind: dict[str, list[str]] = {}
    for lex in policy.pack.lexicons:
        by_kind.setdefault(_kind_of(lex.id), []).extend(lex.terms)
    out = {
        "ordinary": _fill(ordinary + " ", length),
        "phones": _fill("Call 416-555-0199 or 647-555-0148, ext 12. ", length),
        "names": _fill("Officer John Smith met Maria Lopez, 34, of 12 Main St. Kevin Wu ", length),
        "elongations": _fill("soooo goooood, fuuuuck noooo wayyyy!!! ", length),
        "lexicon terms": _fill(" ".join(terms) + " ", length),
    }
    for kind in (*(k for k, _ in TERM_KINDS), "respect terms"):
        out[kind] = _fill(" ".join(by_kind.get(kind, ())) + " ", length)
    return out


def per_char(policy: sp.Policy, account: Account, text: str, repeats: int = 3) -> dict[str, float]:
    """Nanoseconds per character of each stage, for one post of `text`."""
    post = {"id": "long", "text": text, "created_at": CREATED_AT}
    us = stages(policy, account, [post], repeats)
    return {k: v * 1000 / len(text) for k, v in us.items() if k not in ("posts", "chars")}


def pieces(text: str, size: int) -> list[str]:
    """`text` cut into consecutive pieces of at most `size` characters, each cut at a space
    (the space dropped), so that together they hold the same words as `text`."""
    out: list[str] = []
    start, n = 0, len(text)
    while start < n:
        end = n if n - start <= size else text.rfind(" ", start, start + size + 1)
        if end <= start:  # no space within reach: cut inside the run
            end = min(n, start + size)
        if end > start:
            out.append(text[start:end])
        start = end + 1 if end < n and text[end] == " " else end
    return [p for p in out if p.strip()]


def per_char_pieces(
    policy: sp.Policy, account: Account, text: str, size: int, repeats: int = 3
) -> dict[str, float]:
    """Nanoseconds per character of each stage, for `text` cut into posts of about `size`
    characters (`pieces`) and judged one by one: total time over total characters. Against
    `per_char` of the whole `text`, the same words are judged at both sizes, so a ratio above
    1 is a stage growing faster than the text, not a longer text holding more cues."""
    posts = [
        {"id": f"piece-{i}", "text": t, "created_at": CREATED_AT}
        for i, t in enumerate(pieces(text, size))
    ]
    us = stages(policy, account, posts, repeats)
    chars = us["chars"]  # mean characters per post: µs per post / chars = µs per character
    return {k: v * 1000 / chars for k, v in us.items() if k not in ("posts", "chars")}
