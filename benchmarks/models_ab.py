#!/usr/bin/env python3
"""The two learned models' detectors and `evaluate`, this checkout against another, in the
same window: a ratio that holds on a shared machine.

    python benchmarks/models_ab.py --base /path/to/other/checkout [--posts 1000] [--rounds 5]

Starts one worker process per tree (`PYTHONPATH=<tree>/src`), each holding the same UK police
tweets (`../shared/external/`), and asks them in turn to time one chunk of 50 posts, chunk by
chunk, alternating which goes first each round; each chunk keeps its best of the rounds (CPU
time of the worker). Two processes run minutes apart see different loads; chunks alternating
between two live processes see the same. Prints CPU microseconds per post, per pack, for:

* `offensive`, `clause_reader`: each detector alone on fresh contexts whose normalisation and
  lexicon pass are done (shared with every other detector), the models' word caches warm;
* `both`: the two detectors one after the other on the same fresh contexts (what `evaluate`
  runs: the second may read what the first left in the context);
* `both.cold`: the same with the models' word caches emptied before each chunk (every word of
  the chunk's posts computed once: fresh vocabulary);
* `evaluate`: `Policy.evaluate` on the post dicts, member account.

Only names that exist in older checkouts are used (`Context`, `DETECTORS`, the models' loaders
and their word caches).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CHUNK = 50
STAGES = ("offensive", "clause_reader", "both", "both.cold", "evaluate")
PACKS = ("toronto", "edmonton")


def worker(external: Path, posts: int) -> None:
    """Answer `pack stage chunk` lines with the CPU seconds of that chunk."""
    sys.path.insert(0, str(HERE))
    import _corpus
    import _stages

    import socialpolicy as sp
    from socialpolicy.detectors import DETECTORS
    from socialpolicy.detectors.context import Context
    from socialpolicy.inputs import Account, Post
    from socialpolicy.models.clauses import load_clause_reader
    from socialpolicy.models.offensive import load_offensive_model

    dicts = _stages.police_posts(external, posts) or []
    items = [Post.model_validate(d) for d in dicts]
    offensive = load_offensive_model()
    reader = load_clause_reader()

    def cold() -> None:
        offensive._words.clear()  # noqa: SLF001 - the per-word caches
        offensive._unmasked.clear()  # noqa: SLF001
        for scorer in getattr(reader, "scorers", {}).values():
            scorer._words.clear()  # noqa: SLF001
        for models in reader.packs.values():
            for m in models:
                m._words.clear()  # noqa: SLF001

    packs: dict[str, Any] = {}
    for name in PACKS:
        pol = sp.load_policy(name)
        acc = Account.model_validate(_corpus.ACCOUNTS[name])
        part = pol._account_part(acc, True)  # noqa: SLF001 - cached per account
        res = pol._resources  # noqa: SLF001
        template = [
            Context(post=p, author=acc, account_given=True, resources=res, view=part.view)
            for p in items
        ]
        for c in template:
            for field, raw in c.own_texts():
                c.grouped(field, raw)
        for p in items[:CHUNK]:
            pol.evaluate(p, acc)
        packs[name] = (pol, acc, part, res, template)
    by_name = {d.name: d for d in DETECTORS}

    def fresh(name: str, i: int) -> list[Context]:
        _, acc, part, res, template = packs[name]
        out = []
        for c in template[i * CHUNK : (i + 1) * CHUNK]:
            d = Context(post=c.post, author=acc, account_given=True, resources=res, view=part.view)
            d._texts = dict(c._texts)  # noqa: SLF001 - normalisation and scan done
            d._matches = dict(c._matches)  # noqa: SLF001
            d._grouped = dict(c._grouped)  # noqa: SLF001
            out.append(d)
        return out

    def run(name: str, stage: str, i: int) -> float:
        if stage == "evaluate":
            pol, acc = packs[name][:2]
            chunk = dicts[i * CHUNK : (i + 1) * CHUNK]
            t0 = time.process_time()
            for d in chunk:
                pol.evaluate(d, acc)
            return time.process_time() - t0
        which = stage.split(".")[0]
        dets = (
            [by_name["offensive"], by_name["clause_reader"]]
            if which == "both"
            else [by_name[which]]
        )
        contexts = fresh(name, i)
        if stage.endswith(".cold"):
            cold()
        t0 = time.process_time()
        for c in contexts:
            for det in dets:
                list(det.detect(c))
        return time.process_time() - t0

    print("ready", flush=True)
    for line in sys.stdin:
        name, stage, i = line.split()
        print(run(name, stage, int(i)), flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--base", type=Path, required=True, help="the other checkout (its src/)")
    ap.add_argument("--posts", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--external", type=Path, default=HERE.parent.parent / "shared" / "external")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        worker(args.external, args.posts)
        return 0
    trees = {"base": args.base.resolve() / "src", "this": HERE.parent / "src"}
    procs = {}
    for key, src in trees.items():
        cmd = [sys.executable, __file__, "--worker", "--base", str(args.base)]
        cmd += ["--posts", str(args.posts), "--external", str(args.external)]
        env = dict(os.environ, PYTHONPATH=str(src))
        procs[key] = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env
        )
    for proc in procs.values():
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    chunks = args.posts // CHUNK

    def ask(key: str, name: str, stage: str, i: int) -> float:
        proc = procs[key]
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(f"{name} {stage} {i}\n")
        proc.stdin.flush()
        return float(proc.stdout.readline())

    print(f"{args.posts} police tweets, CPU us per post, best of {args.rounds} per chunk")
    print(f"{'pack':9} {'stage':14} {'base':>8} {'this':>8} {'ratio':>6}")
    for name in PACKS:
        for stage in STAGES:
            best = {k: [float("inf")] * chunks for k in trees}
            for r in range(args.rounds):
                order = list(trees) if r % 2 == 0 else list(trees)[::-1]
                for i in range(chunks):
                    for key in order:
                        best[key][i] = min(best[key][i], ask(key, name, stage, i))
            base, this = (sum(best[k]) / (chunks * CHUNK) * 1e6 for k in ("base", "this"))
            print(f"{name:9} {stage:14} {base:8.1f} {this:8.1f} {this / base:6.2f}", flush=True)
    for proc in procs.values():
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
