#!/usr/bin/env python3
"""The offensive-language model and detector, this checkout against a git revision, in one
process, interleaved: a ratio that holds on a shared machine.

    python benchmarks/offensive_ab.py [--ref main] [--posts police|ordinary] [--rounds 15]

Loads `models/offensive.py` and `detectors/offensive.py` as they are at `--ref` (from git, as
separate modules) beside this checkout's, checks that both give the same tokens, raw sums and
field scores on every post, then times both on the same posts, alternating per chunk of 50
posts, best of the rounds per chunk, CPU time. On a machine other jobs load, two processes
run minutes apart see different loads; chunks alternating within one process see the same.

Posts: the UK police tweets in `../shared/external/` (`police`), or the project's 400
ordinary Canadian police posts (`ordinary`). Prints microseconds per post for:

* tokens: `tokens(nt, deny=True, ...)` over the normalised text (what the detector reads);
* scorer: tokens and the logit (the issue's "model" figure, target 40 us per post);
* field_score: the detector's `field_score` on a context whose normalisation and lexicon pass
  are done (they are shared with every other detector).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import _corpus  # noqa: E402
import _stages  # noqa: E402

import socialpolicy as sp  # noqa: E402
from socialpolicy.detectors.context import Context  # noqa: E402
from socialpolicy.inputs import Account, Post  # noqa: E402
from socialpolicy.models.offensive import shipped_manifest  # noqa: E402

MODEL = "src/socialpolicy/models/offensive.py"
DETECTOR = "src/socialpolicy/detectors/offensive.py"
ORDINARY = ROOT / "tests" / "data" / "ordinary" / "canadian_police_posts.jsonl"
CHUNK = 50


def _module(name: str, source: str) -> ModuleType:
    spec = importlib.util.spec_from_loader(name, loader=None)
    assert spec is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    exec(compile(source, name, "exec"), mod.__dict__)  # noqa: S102 - a git revision's own source
    return mod


def _pair(tag: str, model_src: str, detector_src: str) -> tuple[ModuleType, Any]:
    """A model module and a detector built on it, loaded under names of their own."""
    model_mod = _module(f"_ab_model_{tag}", model_src)
    det_mod = _module(
        f"_ab_detector_{tag}",
        detector_src.replace(
            "from socialpolicy.models.offensive import", f"from _ab_model_{tag} import"
        ),
    )
    model = model_mod.OffensiveModel.from_files(shipped_manifest())
    return model_mod, det_mod.OffensiveDetector(model)


def _texts(which: str, external: Path) -> list[str]:
    if which == "ordinary":
        with ORDINARY.open(encoding="utf-8") as fh:
            return [json.loads(line)["post"]["text"] for line in fh if line.strip()]
    posts = _stages.police_posts(external, 3000)
    if posts is None:
        raise SystemExit(f"{_stages.POLICE_FILE} not found in {external}")
    return [p["text"] for p in posts]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--ref", default="main", help="git revision to compare with")
    ap.add_argument("--posts", choices=("police", "ordinary"), default="police")
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--external", type=Path, default=ROOT.parent / "shared" / "external")
    args = ap.parse_args(argv)

    def show(path: str) -> str:
        return subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{args.ref}:{path}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    ref_mod, ref_det = _pair("ref", show(MODEL), show(DETECTOR))
    cur_mod, cur_det = _pair(
        "cur", (ROOT / MODEL).read_text(encoding="utf-8"), (ROOT / DETECTOR).read_text("utf-8")
    )
    texts = _texts(args.posts, args.external)
    policy = sp.load_policy("toronto")
    account = Account.model_validate(_corpus.ACCOUNTS["toronto"])
    ctxs = []
    for i, text in enumerate(texts):
        post = Post.model_validate({"id": str(i), "text": text, "created_at": _stages.CREATED_AT})
        ctx = Context(
            post=post,
            author=account,
            account_given=True,
            resources=policy._resources,  # noqa: SLF001 - the pack's matcher
        )
        ctx.grouped("text", text)
        ctxs.append(ctx)
    nts = [c.normalised("text", c.post.text) for c in ctxs]

    sides = {"ref": (ref_mod, ref_det), "current": (cur_mod, cur_det)}
    # Same answers first: tokens, raw sums, field scores.
    got = {}
    for tag, (mod, det) in sides.items():
        model = det.model
        toks = [mod.tokens(nt, deny=True, offensive=model.leans_offensive) for nt in nts]
        scores = [det.field_score(c, "text", c.post.text) for c in ctxs]
        got[tag] = (
            toks,
            [model.raw((t,)) for t in toks],
            [(s.logit, s.fires, s.sentence) for s in scores],
        )
    if got["ref"] != got["current"]:
        print("DIFFERENT: tokens, sums or field scores differ from", args.ref)
        return 1
    fires = sum(f for _, f, _ in got["current"][2])
    print(f"{len(ctxs)} {args.posts} posts: same tokens, sums and field scores ({fires} fire)")

    def measures(mod: ModuleType, det: Any) -> dict[str, Callable[[int], object]]:
        model = det.model
        leans = model.leans_offensive

        def tokens(i: int) -> object:
            return [mod.tokens(nt, deny=True, offensive=leans) for nt in nts[i : i + CHUNK]]

        def scorer(i: int) -> object:
            return [
                model.logit((mod.tokens(nt, deny=True, offensive=leans),))
                for nt in nts[i : i + CHUNK]
            ]

        def field_score(i: int) -> object:
            return [det.field_score(c, "text", c.post.text) for c in ctxs[i : i + CHUNK]]

        return {"tokens": tokens, "scorer": scorer, "field_score": field_score}

    runs = {tag: measures(*pair) for tag, pair in sides.items()}
    best: dict[tuple[str, str, int], int] = {}
    for _ in range(args.rounds):
        for i in range(0, len(ctxs), CHUNK):
            for key in ("tokens", "scorer", "field_score"):
                for tag in sides:
                    t0 = time.process_time_ns()
                    runs[tag][key](i)
                    dt = time.process_time_ns() - t0
                    k = (tag, key, i)
                    best[k] = min(best.get(k, dt), dt)
    print(
        f"{'us per post (CPU, best of ' + str(args.rounds) + ')':<34}{args.ref:>10}{'this':>10}{'ratio':>8}"
    )
    for key in ("tokens", "scorer", "field_score"):
        ref = sum(v for (t, k, _), v in best.items() if t == "ref" and k == key) / len(ctxs) / 1e3
        cur = sum(v for (t, k, _), v in best.items() if t == "current" and k == key)
        cur = cur / len(ctxs) / 1e3
        print(f"{key:<34}{ref:>10.1f}{cur:>10.1f}{ref / cur:>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
