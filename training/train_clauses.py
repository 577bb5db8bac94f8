#!/usr/bin/env python3
"""Train the clause reader that ships in socialpolicy, bit for bit reproducibly.

    python training/train_clauses.py             train, set thresholds, write the model
    python training/train_clauses.py --out DIR   write it to DIR instead (the reproducibility test)
    python training/train_clauses.py --compare   cross-validate feature sets, write nothing
    python training/train_clauses.py --by-writer held out by writer (file), write nothing

One linear model per checkable clause of each pack (Toronto tps.accounts-represent-us,
tps.always-the-police, tps.privacy, tps.treat-others; Edmonton epc.3a to epc.3e), trained
one-vs-rest on the pack's posts:

- training/data/clauses/*.jsonl: project-owned posts written for this model from the policy
  texts alone (one JSON object a line: id, pack, text, optional in_reply_to, clauses, why);
  every line is validated on load, a bad one stops training with its file, line and field;
- tests/data/ordinary/canadian_police_posts.jsonl: the pack's ordinary posts, as negatives;
- ../shared/external/davidson_labeled_data.csv (class 2) and olid_training_v1.tsv (NOT), the
  two files SOURCES.md allows training on: their non-offensive rows, every EXTRA_EVERY-th, as
  down-weighted negatives of the clauses in EXTRA_NEGATIVES (EXTRA_WHY says why each clause
  takes them or not); pinned by sha256, a missing or altered file stops training.

Nothing else is trained on: not the development corpora, not the blind sets, not the police
tweets.

Each clause's threshold (a logit) is the higher of:

(a) the police-tweet budget: the score above which at most CALIBRATE_AT (half the rules'
    BUDGET) of the calibration rows of ../shared/external/uk_police_tweets_labeled_training.csv
    (even positions after dropping tweet_class 100, as SOURCES.md allows) fire, each read as
    the detector reads a post;
(b) the development sets' precision: the lowest score above which the clause's model alone
    reaches PRECISION (STRICT for some clauses) on the cases of dev.jsonl (../shared/corpus),
    tests/data/fresh and the odd ids of tests/data/blind and tests/data/blind2 whose author the
    clause binds (a case labelled with the clause is a hit, any other a false alarm). When no
    cut reaches it, the threshold is the highest score there (the model never fires on them).

A clause in OFF ships switched off (threshold null). In a reply the text replied to is read as
context (REPLY_CONTEXT: its tokens marked, see `socialpolicy.models.clauses.reply_segment`).

The held-out sets (dev2.jsonl, the even ids of the blind sets) and the police odd rows are
never read here. The manifest records the sha256 of every file read and of the cue lexicons
that decide which sentences are the author's own.

Determinism: files and rows are read in order; features are sorted before they get indexes;
examples are visited in an order drawn from `random.Random(SEED)`; float sums use
`math.fsum`; weights are quantised to int16 and written sorted; the manifest holds no time,
path or version of anything.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))
if str(ROOT / "training") not in sys.path:
    sys.path.insert(0, str(ROOT / "training"))
if str(ROOT / "benchmarks") not in sys.path:
    sys.path.insert(0, str(ROOT / "benchmarks"))

import _linear  # noqa: E402
from accuracy import id_parity  # noqa: E402  (the benchmark's odd/even split of case ids)

from socialpolicy.detectors.clause_reader import CLAUSES  # noqa: E402
from socialpolicy.models._ngrams import FeatureConfig, feature_counts, tokens  # noqa: E402
from socialpolicy.models.clauses import (  # noqa: E402
    FORMAT,
    MANIFEST,
    WEIGHTS,
    ClauseModel,
    reply_segment,
)
from socialpolicy.normalise import normalise  # noqa: E402

EXTERNAL = ROOT.parent / "shared" / "external"
CORPUS = ROOT.parent / "shared" / "corpus"
DATA = ROOT / "training" / "data" / "clauses"
ORDINARY = ROOT / "tests" / "data" / "ordinary" / "canadian_police_posts.jsonl"
OUT = ROOT / "src" / "socialpolicy" / "models"
POLICE = "uk_police_tweets_labeled_training.csv"
POLICE_SHA256 = "dd52deac25f0dd9e2d385fccf3670bf7333555f245b4f15eca078c927f16091f"

# The checkable clauses each pack's reader scores (the detector's list, one source).
PACKS = CLAUSES
# Who each pack's clauses bind (as the packs' rules for these clauses apply).
BINDS: dict[str, tuple[str, tuple[str, ...], bool]] = {
    "toronto": ("tps", ("officer", "civilian"), False),
    "edmonton": ("epc", ("commissioner",), True),  # identifying as a member, or renamed
}
# Disrespect is read in the author's own sentences only (quotes, reports, counter-speech out).
OWN_WORDS = frozenset({"tps.treat-others", "epc.3b"})

# Development cases for thresholds (b): (label, path, id parity or "all").
DEV_SETS: tuple[tuple[str, Path, str], ...] = (
    ("dev", CORPUS / "dev.jsonl", "all"),
    ("fresh", ROOT / "tests" / "data" / "fresh", "all"),
    ("blind-odd", ROOT / "tests" / "data" / "blind", "odd"),
    ("blind2-odd", ROOT / "tests" / "data" / "blind2", "odd"),
)

# Chosen with --compare (see training/README.md); every value is recorded in the manifest.
CONFIG = FeatureConfig(word_ngrams=2, char_min=2, char_max=0, max_word_chars=30)
MIN_DF = 2
EPOCHS = 20
LEARNING_RATE = 0.1
L2 = 0.01
SEED = 2024
REPLY_CONTEXT = True  # read the text replied to as context (its words marked, see the model)
CROSS_PACK = False  # train on the other pack's posts that carry over (ANALOGUES)
BUDGET = 0.01  # a clause rule's false-positive budget (the rules declare it)
# The share of calibration rows a clause may fire on: half its budget, so that the odd rows,
# which report the rate, stay within it (the tail of 4,451 rows moves by a few rows).
CALIBRATE_AT = BUDGET / 2
# Clauses whose reader rule keeps a smaller budget: every heuristic always-the-police rule is
# held to 0.5% (tests/detectors/test_role.py). Calibrated at half, like the rest.
BUDGETS = {"tps.always-the-police": 0.005}


def budget_of(clause: str) -> float:
    return BUDGETS.get(clause, BUDGET)


PRECISION = 0.90  # on the development sets, the clause's model alone
# Clauses whose reader, at 0.90, added false alarms and no hit to the pack's findings on the
# development sets (benchmarks/accuracy.py, "clause reader" table): they may add no false alarm
# there at all (a reader that adds noise is worse than none). Measured with the extra
# negatives and the 1% budget: always-the-police at 0.90 added a false alarm on blind-odd and
# no hit, and fired on 0.29% of the police odd rows (0.07% held to 100%).
STRICT = {"tps.always-the-police": 1.0}
# Clauses whose reader ships switched off (threshold null: it never fires), and why. Measured
# with the extra negatives, the 1% budget and the detector reading them only where the
# author's own words address or talk about a person (benchmarks/accuracy.py --development):
# on the development sets neither reader added a hit to its pack; each added one false alarm
# (Toronto blind-odd 1.000 -> 0.875 on treat-others, Edmonton fresh 3b 1.000 -> 0.889); and
# on the police odd rows the 3b reader fired on 0.83%, taking Edmonton's review-or-violation
# share to 2.67%, over the 2.5% margin. HateCheck's targets held (identity-neutral 7.9%
# Toronto, 6.3% Edmonton; negated 7.5%; counter-quote 0%; counter-reference 4.96% counted).
# Session 12, retrained on 20 writers (tw14-tw20 added) with rules quiet beside the respect
# and offensive signals: Toronto concepts treat-others 0.855/0.711 -> 0.733/0.759 (4 hits, 13
# false alarms), blind-odd one false alarm; Edmonton concepts one hit, three false alarms, and
# the 3b reader on 0.61% of the police odd rows (the pack's share 1.62% -> 2.20%). Still off.
OFF: dict[str, str] = {
    "tps.treat-others": "on the development sets it adds few hits and more false alarms "
    "(session 12: concepts 4 hits, 13 false alarms; blind-odd one false alarm)",
    "epc.3b": "on the development sets it adds few hits and more false alarms (session 12: "
    "concepts one hit, three false alarms) and fires on 0.61% of the police odd rows",
}
# The shipped weights file, the largest weights kept (measured: 1.9 MB, which keeps them all,
# read no better on the development sets and let epc.3d over its budget on the odd rows).
MAX_BYTES = 1_000_000
CREATED_AT = "2025-06-02T12:00:00+00:00"

# Extra negatives: the non-offensive rows of the two public training files SOURCES.md allows
# (Davidson class 2 "neither", OLID subtask_a NOT), ordinary tweets by the public. A clause takes
# them where such a tweet, posted by anyone the clause binds, would still breach nothing of it.
DAVIDSON = "davidson_labeled_data.csv"
OLID = "olid_training_v1.tsv"
EXTRA_SHA256 = {
    DAVIDSON: "fcb8bc7c68120ae4af04a5b9acd58585513ede11e1548ebf36a5c2040b6f6281",
    OLID: "d976bd6faf7800571d06aa4fda00c11c1d39e6fd139747067f683d0c6e76d31f",
}
_PUBLIC = "an ordinary public tweet posted by a member would not breach it"
EXTRA_NEGATIVES: dict[str, tuple[str, ...]] = {
    "tps.accounts-represent-us": (DAVIDSON, OLID),
    "tps.privacy": (DAVIDSON, OLID),
    "tps.treat-others": (DAVIDSON, OLID),
    "epc.3a": (DAVIDSON,),
    "epc.3b": (DAVIDSON, OLID),
    "epc.3c": (DAVIDSON, OLID),
    "epc.3d": (DAVIDSON, OLID),
    "epc.3e": (DAVIDSON,),
}
EXTRA_WHY: dict[str, str] = {
    "tps.accounts-represent-us": _PUBLIC + " (none speaks about the Service's policies)",
    "tps.always-the-police": "none: partying, drinking and slang tweets are what a member "
    "setting the role aside writes; they are not negatives of this clause",
    "tps.privacy": _PUBLIC + " (none divulges police or private information)",
    "tps.treat-others": _PUBLIC + " (the files' non-offensive rows)",
    "epc.3a": "Davidson only: OLID's NOT rows are largely US political talk, which a "
    "Commissioner weighing in on an elected official's position would breach",
    "epc.3b": _PUBLIC + " (the files' non-offensive rows)",
    "epc.3c": _PUBLIC + " (none divulges confidential Commission matters)",
    "epc.3d": _PUBLIC + " (none divulges police information)",
    "epc.3e": "Davidson only: OLID's NOT rows are largely US political and campaign talk, "
    "which is what this clause is about",
}
EXTRA_LICENCE = {
    DAVIDSON: "MIT (Davidson et al., ICWSM 2017)",
    OLID: "CC BY 4.0 (Zampieri et al., NAACL 2019)",
}
# Their total weight, as a share of the clause's own negatives' (the project's posts dominate).
EXTRA_SHARE = 0.5
EXTRA_EVERY = 2  # every second kept row, in file order (6,502 rows of 13,003)


class TrainingError(Exception):
    """The data is missing, malformed, or not the data the model may be trained on."""


@dataclass(frozen=True, slots=True)
class Example:
    source: str  # file name
    line: int
    pack: str
    text: str
    clauses: frozenset[str]
    reply: str | None = None  # the text replied to, read as context
    # None: a row of the pack's own data, read for every clause. Otherwise a row of a public
    # training file (EXTRA_NEGATIVES), read only for these clauses, as a negative.
    counts_for: frozenset[str] | None = None


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- data -----------------------------------------------------------------------------------


def _field_error(path: Path, line: int, field: str, problem: str) -> TrainingError:
    return TrainingError(f"{path.name}:{line}: field {field!r}: {problem}")


def read_file(path: Path) -> list[Example]:
    """One training file, validated line by line (a bad line names its file, line and field)."""
    out: list[Example] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except ValueError as exc:
                raise TrainingError(f"{path.name}:{n}: not JSON ({exc})") from exc
            if not isinstance(rec, dict):
                raise TrainingError(f"{path.name}:{n}: not a JSON object")
            for key in ("id", "pack", "text", "why"):
                if not isinstance(rec.get(key), str) or not rec[key].strip():
                    raise _field_error(path, n, key, "missing or not a non-empty string")
            if rec["id"] in seen:
                raise _field_error(path, n, "id", f"{rec['id']!r} repeats an earlier line")
            seen.add(rec["id"])
            pack = rec["pack"]
            if pack not in PACKS:
                raise _field_error(path, n, "pack", f"{pack!r} is not one of {sorted(PACKS)}")
            reply = rec.get("in_reply_to")
            if reply is not None and not isinstance(reply, str):
                raise _field_error(path, n, "in_reply_to", "not a string")
            clauses = rec.get("clauses")
            if not isinstance(clauses, list) or not all(isinstance(c, str) for c in clauses):
                raise _field_error(path, n, "clauses", "not a list of clause ids")
            unknown = [c for c in clauses if c not in PACKS[pack]]
            if unknown:
                raise _field_error(path, n, "clauses", f"{unknown} not checkable in {pack}")
            if len(set(clauses)) != len(clauses):
                raise _field_error(path, n, "clauses", "a clause is listed twice")
            extra = sorted(set(rec) - {"id", "pack", "text", "in_reply_to", "clauses", "why"})
            if extra:
                raise _field_error(path, n, extra[0], "unknown field")
            out.append(Example(path.name, n, pack, rec["text"], frozenset(clauses), reply))
    return out


def read_training(data: Path) -> tuple[list[Example], list[tuple[str, str]]]:
    """Every training file in name order, then the ordinary posts; and (name, sha256) of each."""
    files = sorted(data.glob("*.jsonl"))
    if not files:
        raise TrainingError(f"no *.jsonl training files in {data}")
    out: list[Example] = []
    hashes: list[tuple[str, str]] = []
    for path in files:
        out.extend(read_file(path))
        hashes.append((path.name, sha256(path)))
    with ORDINARY.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                rec = json.loads(line)
                if rec.get("pack") in PACKS:
                    out.append(
                        Example(
                            ORDINARY.name,
                            n,
                            rec["pack"],
                            rec["post"]["text"],
                            frozenset(),
                            (rec["post"].get("in_reply_to") or {}).get("text"),
                        )
                    )
    hashes.append((ORDINARY.name, sha256(ORDINARY)))
    return out, hashes


def _checked(external: Path, name: str) -> Path:
    path = external / name
    if not path.is_file():
        raise TrainingError(
            f"{path} not found: the extra negatives (EXTRA_NEGATIVES) are read from "
            "shared/external (pass --external, or set EXTRA_NEGATIVES to {} to train without them)"
        )
    got = sha256(path)
    if got != EXTRA_SHA256[name]:
        raise TrainingError(f"{path}: sha256 {got} is not the pinned {EXTRA_SHA256[name]}")
    return path


def read_extra(external: Path) -> tuple[list[tuple[str, int, str]], list[tuple[str, str]]]:
    """The non-offensive rows of the public training files SOURCES.md allows (Davidson class 2
    "neither", OLID subtask_a NOT), every EXTRA_EVERY-th in file order: (file, row, text); and
    (file, sha256) of each file read. Nothing is read when no clause takes them."""
    wanted = sorted({name for names in EXTRA_NEGATIVES.values() for name in names})
    rows: list[tuple[str, int, str]] = []
    hashes: list[tuple[str, str]] = []
    csv.field_size_limit(2**31 - 1)
    for name in wanted:
        path = _checked(external, name)
        hashes.append((name, sha256(path)))
        with path.open(newline="", encoding="utf-8") as fh:
            if name == DAVIDSON:
                kept = [
                    (i, r["tweet"])
                    for i, r in enumerate(csv.DictReader(fh))
                    if r["class"].strip() == "2"
                ]
            else:
                kept = [
                    (i, r["tweet"])
                    for i, r in enumerate(csv.DictReader(fh, delimiter="\t"))
                    if r["subtask_a"].strip() == "NOT"
                ]
        rows.extend((name, i, text) for i, text in kept[::EXTRA_EVERY])
    return rows, hashes


def extra_rows(extra: Sequence[tuple[str, int, str]], pack: str) -> list[Example]:
    """The extra rows as negatives of the pack's clauses that take their file."""
    out = []
    for name, i, text in extra:
        takes = frozenset(c for c in PACKS[pack] if name in EXTRA_NEGATIVES.get(c, ()))
        if takes:
            out.append(Example(name, i, pack, text, frozenset(), None, takes))
    return out


def read_calibration(external: Path) -> list[str]:
    """Police tweets at even positions once duplicates (tweet_class 100) are dropped."""
    path = external / POLICE
    if not path.is_file():
        raise TrainingError(f"{path} not found")
    if sha256(path) != POLICE_SHA256:
        raise TrainingError(f"{path}: sha256 is not the pinned {POLICE_SHA256}")
    csv.field_size_limit(2**31 - 1)
    with path.open(newline="", encoding="utf-8") as fh:
        rows = [r["base_text"] or "" for r in csv.DictReader(fh) if r["tweet_class"] != "100"]
    return rows[0::2]


def read_dev_sets() -> tuple[list[tuple[str, dict[str, Any]]], list[tuple[str, str]]]:
    """The development cases (label, case) in file order, and (file, sha256) of each file."""
    cases: list[tuple[str, dict[str, Any]]] = []
    hashes: list[tuple[str, str]] = []
    for label, path, parity in DEV_SETS:
        files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
        for file in files:
            if not file.is_file():
                raise TrainingError(f"{file} not found (a development set for thresholds)")
            hashes.append((f"{label}/{file.name}", sha256(file)))
            with file.open(encoding="utf-8") as fh:
                for line in fh:
                    if line.strip():
                        case = json.loads(line)
                        if parity == "all" or id_parity(str(case.get("id", ""))) == parity:
                            cases.append((label, case))
    return cases, hashes


# --- reading as the detector reads ------------------------------------------------------------


class Reader:
    """Scores texts as the clause-reader detector does, with each pack's cue lexicons."""

    def __init__(self) -> None:
        import socialpolicy as sp
        from socialpolicy.detectors.offensive import SPEECH_CUES

        self.policies = {pack: sp.load_policy(ROOT / "policies" / pack) for pack in PACKS}
        self.lexicons = {
            pack: {
                name: sha256(ROOT / "policies" / pack / "lexicons" / f"{name}.yaml")
                for name in sorted(SPEECH_CUES + ("hate_references",))
            }
            for pack in PACKS
        }

    def context(self, pack: str, post: dict[str, Any], account: dict[str, Any] | None) -> Any:
        from socialpolicy.detectors.context import Context
        from socialpolicy.inputs import Account, Post

        policy = self.policies[pack]
        return Context(
            post=Post.model_validate(post),
            author=Account.model_validate(account) if account else policy.pack.assumed_account,
            account_given=account is not None,
            resources=policy._resources,
        )

    def scorer(
        self, pack: str, models: Sequence[ClauseModel]
    ) -> Callable[[Any], list[float | None]]:
        """A function of a context: each model's highest logit over the post's own-text fields
        (None when no field has three words to read)."""
        from socialpolicy.detectors.clause_reader import FieldScores
        from socialpolicy.detectors.context import own_text_fields
        from socialpolicy.detectors.offensive import _too_short

        def score(ctx: Any) -> list[float | None]:
            best: list[float | None] = [None] * len(models)
            for field, raw in own_text_fields(ctx):
                if not raw or raw.isspace():
                    continue
                fs = FieldScores(ctx, field, raw, REPLY_CONTEXT)
                for k, m in enumerate(models):
                    segs = fs.segments(m.own_words)
                    if _too_short(segs) or (m.own_words and not fs.aimed()):
                        continue
                    x = m.logit(segs + fs.context)
                    b = best[k]
                    best[k] = x if b is None else max(b, x)
            return best

        return score

    def bound(self, pack: str, ctx: Any) -> bool:
        """Whether the clauses of `pack` bind the case's author (as their rules apply)."""
        org, roles, member = BINDS[pack]
        owner = ctx.author.owner
        if str(getattr(owner.organisation, "value", owner.organisation)) != org:
            return False
        if str(getattr(owner.role, "value", owner.role)) not in roles:
            return False
        if not member:
            return True
        ident = ctx.account_view().identity
        return bool(ident.identifies or ident.renamed)


# --- training -------------------------------------------------------------------------------


def doc_tokens(text: str) -> list[str]:
    return tokens(normalise(text))


def doc_segments(ex: Example) -> list[list[str]]:
    """An example's token stretches as the detector reads its post text: the text, then (with
    REPLY_CONTEXT) the text replied to, its tokens marked as context (`reply_segment`)."""
    segs = [doc_tokens(ex.text)]
    if REPLY_CONTEXT and ex.reply:
        segs.append(reply_segment(normalise(ex.reply)))
    return segs


@dataclass(slots=True)
class ClauseFit:
    clause: str
    entries: list[tuple[str, int]]
    bias: float
    scale: float
    model: ClauseModel
    positives: int
    negatives: int
    features: int
    extra: int = 0  # of the negatives, rows of the public files


# The other pack's posts that carry over, by the concept both policies name: disrespect toward
# a person (Toronto "treat others", Edmonton 3 b) and, for Toronto, another person's or the
# police's information shared (Edmonton 3 c, 3 d). A post of the other pack counts for this
# pack when each of its clauses maps here (a breach of none is a negative here too); a post
# with a clause that has no counterpart (Edmonton 3 a, 3 e; Toronto's others) is left out.
ANALOGUES: dict[str, dict[str, str]] = {
    "toronto": {"epc.3b": "tps.treat-others", "epc.3c": "tps.privacy", "epc.3d": "tps.privacy"},
    "edmonton": {"tps.treat-others": "epc.3b"},
}


def pack_rows(examples: Sequence[Example], pack: str) -> list[Example]:
    """The pack's own examples, then the other pack's that carry over (see ANALOGUES)."""
    own = [ex for ex in examples if ex.pack == pack]
    if not CROSS_PACK:
        return own
    mapping = ANALOGUES.get(pack, {})
    other = []
    for ex in examples:
        if ex.pack == pack or ex.source == ORDINARY.name:
            continue
        if all(c in mapping for c in ex.clauses):
            mapped = frozenset(mapping[c] for c in ex.clauses)
            other.append(Example(ex.source, ex.line, pack, ex.text, mapped, ex.reply))
    return own + other


def example_weights(rows: Sequence[Example], labels: Sequence[float]) -> list[float]:
    """Positives and the pack's own negatives weigh the same in total; extra negatives (rows of
    the public files) weigh EXTRA_SHARE of the own negatives' total, shared evenly."""
    own = [lab for ex, lab in zip(rows, labels, strict=True) if ex.counts_for is None]
    base = _linear.group_weights(own)
    extra = sum(1 for ex in rows if ex.counts_for is not None)
    negatives = math.fsum(w for w, lab in zip(base, own, strict=True) if not lab)
    each = EXTRA_SHARE * negatives / extra if extra else 0.0
    it = iter(base)
    return [next(it) if ex.counts_for is None else each for ex in rows]


def fit_pack(
    examples: Sequence[Example],
    pack: str,
    config: FeatureConfig,
    clauses: Sequence[str],
    extra: Sequence[Example] = (),
) -> list[ClauseFit]:
    """One model per clause over the pack's examples (features indexed once), with the extra
    negatives of the clauses that take them."""
    every = pack_rows(examples, pack) + list(extra)
    counts_all = [feature_counts(doc_segments(ex), config) for ex in every]
    out: list[ClauseFit] = []
    for clause in clauses:
        keep = [j for j, ex in enumerate(every) if ex.counts_for is None or clause in ex.counts_for]
        rows = [every[j] for j in keep]
        counts = [counts_all[j] for j in keep]
        labels = [float(clause in ex.clauses) for ex in rows]
        data = _linear.build(counts, labels, MIN_DF)
        weight = example_weights(rows, labels)
        w, b = _linear.train(
            data, weight, epochs=EPOCHS, learning_rate=LEARNING_RATE, l2=L2, seed=SEED
        )
        entries, scale = _linear.quantise(
            data.vocab, w, MAX_BYTES // sum(map(len, PACKS.values())), prefix=clause + "\t"
        )
        tables: dict[str, dict[str, int]] = {"u": {}, "b": {}, "c": {}}
        for key, v in entries:
            kind, feature = key.split("\t", 1)
            tables[kind][feature] = v
        model = ClauseModel(
            clause,
            config,
            b,
            scale,
            math.inf,
            tables["u"],
            tables["b"],
            tables["c"],
            own_words=clause in OWN_WORDS,
        )
        out.append(
            ClauseFit(
                clause,
                entries,
                b,
                scale,
                model,
                int(sum(labels)),
                len(labels) - int(sum(labels)),
                len(data.vocab),
                sum(1 for ex in rows if ex.counts_for is not None),
            )
        )
    return out


def budget_threshold(
    logits: Sequence[float | None], calibrate_at: float | None = None
) -> tuple[float, int]:
    """The score above which at most `calibrate_at` (CALIBRATE_AT unless given) of the
    calibration rows fire, and how many."""
    ranked = sorted((x for x in logits if x is not None), reverse=True)
    k = math.floor((CALIBRATE_AT if calibrate_at is None else calibrate_at) * len(logits))
    if k >= len(ranked):
        return -math.inf, len(ranked)
    threshold = ranked[k]
    return threshold, sum(1 for x in ranked if x > threshold)


def precision_threshold(
    scored: Sequence[tuple[float, bool]], precision: float = PRECISION
) -> tuple[float, int, int]:
    """The lowest cut above which precision reaches PRECISION, with (hits, false alarms) above
    it; the highest score when no cut does (nothing fires)."""
    ranked = sorted(scored, key=lambda sg: (-sg[0], not sg[1]))
    best: tuple[float, int, int] | None = None
    tp = fp = 0
    for i, (score, gold) in enumerate(ranked):
        tp += gold
        fp += not gold
        nxt = ranked[i + 1][0] if i + 1 < len(ranked) else -math.inf
        if nxt == score:
            continue  # a cut cannot separate equal scores
        if tp and tp / (tp + fp) >= precision:
            best = (nxt, tp, fp)
    if best is None:
        return (ranked[0][0] if ranked else math.inf), 0, 0
    return best


@dataclass(slots=True)
class PackFit:
    pack: str
    fits: list[ClauseFit]
    thresholds: list[dict[str, Any]]
    # Per calibration row and per development case, each clause's logit (not written).
    police: list[list[float | None]]
    cases: list[tuple[list[float | None], frozenset[str]]]


def fit(
    examples: Sequence[Example],
    config: FeatureConfig,
    calibration: Sequence[str],
    dev: Sequence[tuple[str, dict[str, Any]]],
    reader: Reader,
    extra: Sequence[tuple[str, int, str]] = (),
) -> list[PackFit]:
    out: list[PackFit] = []
    for pack, clauses in PACKS.items():
        fits = fit_pack(examples, pack, config, clauses, extra_rows(extra, pack))
        models = [f.model for f in fits]
        score = reader.scorer(pack, models)
        police = [
            score(reader.context(pack, {"id": str(n), "text": t, "created_at": CREATED_AT}, None))
            for n, t in enumerate(calibration)
        ]
        cases = []
        for _, case in dev:
            if case.get("pack") != pack:
                continue
            ctx = reader.context(pack, case["post"], case.get("account"))
            if not reader.bound(pack, ctx):
                continue
            cases.append((score(ctx), frozenset(case["expect"].get("flag", ()))))
        thresholds = []
        for k, f in enumerate(fits):
            budget = budget_of(f.clause)
            a, fired = budget_threshold([row[k] for row in police], budget / 2)
            scored = [(x, f.clause in flags) for s, flags in cases if (x := s[k]) is not None]
            wanted = STRICT.get(f.clause, PRECISION)
            b, tp, fp = precision_threshold(scored, wanted)
            t = math.inf if f.clause in OFF else max(a, b)
            f.model.threshold = t
            thresholds.append(
                {
                    "logit": t,
                    "set_by": (
                        "off: " + OFF[f.clause]
                        if f.clause in OFF
                        else "police budget"
                        if a >= b
                        else "development precision"
                    ),
                    "police": {
                        "budget": budget,
                        "calibrated_at": budget / 2,
                        "logit": a,
                        "fired": sum(1 for row in police if (x := row[k]) is not None and x > t),
                        "fired_at_budget_logit": fired,
                        "rows": len(police),
                    },
                    "development": {
                        "precision": wanted,
                        "logit": b,
                        "cases": len(scored),
                        "positives": sum(1 for _, g in scored if g),
                        "hits": sum(1 for s, g in scored if g and s > t),
                        "false_alarms": sum(1 for s, g in scored if not g and s > t),
                        "hits_at_precision_logit": tp,
                        "false_alarms_at_precision_logit": fp,
                    },
                }
            )
        out.append(PackFit(pack, fits, thresholds, police, cases))
    return out


# --- output ---------------------------------------------------------------------------------


def _finite(x: float) -> float | None:
    return x if math.isfinite(x) else None


def write(
    packs: Sequence[PackFit],
    hashes: Sequence[tuple[str, str]],
    extra_hashes: Sequence[tuple[str, str]],
    dev_hashes: Sequence[tuple[str, str]],
    calibration_count: int,
    reader: Reader,
    out: Path,
) -> int:
    out.mkdir(parents=True, exist_ok=True)
    lines = sorted(
        f"{f.clause}\t{key}\t{v}\n" for p in packs for f in p.fits for key, v in f.entries
    )
    body = "".join(lines).encode("utf-8")
    (out / WEIGHTS).write_bytes(body)
    manifest_packs: dict[str, Any] = {}
    for p in packs:
        clauses: dict[str, Any] = {}
        for f, t in zip(p.fits, p.thresholds, strict=True):
            th = {
                **t,
                "logit": _finite(t["logit"]),
                "police": {**t["police"], "logit": _finite(t["police"]["logit"])},
                "development": {**t["development"], "logit": _finite(t["development"]["logit"])},
            }
            clauses[f.clause] = {
                "bias": f.bias,
                "scale": f.scale,
                "own_words": f.clause in OWN_WORDS,
                "positives": f.positives,
                "negatives": f.negatives,
                "extra_negatives": {
                    "files": list(EXTRA_NEGATIVES.get(f.clause, ())),
                    "rows": f.extra,
                    "why": EXTRA_WHY.get(f.clause, ""),
                },
                "features_trained": f.features,
                "weights": len(f.entries),
                "threshold": th,
            }
        manifest_packs[p.pack] = {"clauses": clauses, "cue_lexicons": reader.lexicons[p.pack]}
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "name": "clauses",
        "description": "Per-clause linear readers over word and character n-grams "
        "(socialpolicy.models.clauses): how much a post reads like a breach of each clause.",
        "weights": {
            "file": WEIGHTS,
            "sha256": hashlib.sha256(body).hexdigest(),
            "bytes": len(body),
            "lines": len(lines),
        },
        "features": CONFIG.to_dict(),
        "reply_context": REPLY_CONTEXT,
        "packs": manifest_packs,
        "training": {
            "trainer": "training/train_clauses.py",
            "files": [{"file": name, "sha256": h} for name, h in hashes],
            "licence": "project-owned: written for socialpolicy (training/data/clauses) and the "
            "project's ordinary posts (tests/data/ordinary)",
            "extra_negatives": {
                "files": [
                    {"file": name, "sha256": h, "licence": EXTRA_LICENCE[name]}
                    for name, h in extra_hashes
                ],
                "rows": "Davidson class 2 (neither), OLID subtask_a NOT: every "
                f"{EXTRA_EVERY}th kept row in file order; read as negatives only, by the clauses "
                "that name the file (packs.<pack>.clauses.<clause>.extra_negatives)",
                "every": EXTRA_EVERY,
                "share": EXTRA_SHARE,
                "weight": "their total weight is `share` of the clause's own negatives' total, "
                "spread evenly",
            },
            "min_df": MIN_DF,
            "epochs": EPOCHS,
            "learning_rate": LEARNING_RATE,
            "l2": L2,
            "seed": SEED,
            "optimiser": "one-vs-rest logistic regression per clause, Adagrad over the pack's "
            "examples in a seeded order; L2 on the weights each example touches",
            "values": "feature counts / sqrt(feature occurrences in the post)",
            "example_weights": "positives and the project's negatives of a clause weigh the "
            "same in total; extra negatives as training.extra_negatives says",
            "quantisation": "int16 per clause: weight = round(float / scale)",
        },
        "thresholds": {
            "rule": "the higher of the police budget cut and the development precision cut",
            "calibration": {
                "file": POLICE,
                "sha256": POLICE_SHA256,
                "rows": "even positions (0, 2, 4, ...) after dropping tweet_class 100",
                "count": calibration_count,
                "budget_per_clause": BUDGET,
                "calibrated_at": CALIBRATE_AT,
                "budget_overrides": dict(sorted(BUDGETS.items())),
            },
            "development": {
                "precision": PRECISION,
                "files": [{"file": name, "sha256": h} for name, h in dev_hashes],
                "cases": "the pack's cases whose author the clauses bind",
            },
        },
    }
    text = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    (out / MANIFEST).write_text(text, encoding="utf-8")
    return len(body)


# --- comparison -----------------------------------------------------------------------------

COMPARE: tuple[tuple[str, FeatureConfig], ...] = (
    ("word 1-2", FeatureConfig(word_ngrams=2, char_min=2, char_max=0)),
    ("word 1-2 + char 2-5", FeatureConfig(word_ngrams=2, char_min=2, char_max=5)),
    ("word 1-2 + char 3-5", FeatureConfig(word_ngrams=2, char_min=3, char_max=5)),
    ("word 1 + char 3-5", FeatureConfig(word_ngrams=1, char_min=3, char_max=5)),
)
FOLDS = 5


def score_held(
    fits: Sequence[ClauseFit],
    held: Sequence[Example],
    scores: dict[str, list[tuple[float, bool]]],
) -> None:
    """Add each held-out example's logit under each clause's model, with its gold label."""
    for f in fits:
        for ex in held:
            scores[f.clause].append((f.model.logit(doc_segments(ex)), f.clause in ex.clauses))


def ap_cells(scores: dict[str, list[tuple[float, bool]]]) -> list[str]:
    """One printed cell per clause: its short name and its average precision."""
    return [f"{c.split('.', 1)[1][:10]} {average_precision(s):.3f}" for c, s in scores.items()]


def compare(data: Path) -> None:
    """5-fold cross-validation on the training data (folds by line position): per clause, the
    average precision over the held-out folds (a threshold-free ranking figure)."""
    examples, _ = read_training(data)
    print(f"{len(examples)} examples, {FOLDS} folds; average precision per clause (held out)")
    for label, config in COMPARE:
        t0 = time.perf_counter()
        cells = []
        for pack, clauses in PACKS.items():
            rows = [ex for ex in examples if ex.pack == pack]
            scores: dict[str, list[tuple[float, bool]]] = {c: [] for c in clauses}
            for fold in range(FOLDS):
                train_part = [ex for i, ex in enumerate(rows) if i % FOLDS != fold]
                held = [ex for i, ex in enumerate(rows) if i % FOLDS == fold]
                score_held(fit_pack(train_part, pack, config, clauses), held, scores)
            cells += ap_cells(scores)
        print(f"{label:<22} " + "  ".join(cells) + f"  [{time.perf_counter() - t0:.0f}s]")


def by_writer(data: Path, curve: Sequence[float] = (0.25, 0.5, 1.0)) -> None:
    """Held out by writer: each training file (one writer's posts) is scored by models trained
    on the other files only, at a share of them (the learning curve: how much more writers
    help). Per clause, the average precision over all held-out posts. Line folds (compare)
    put a writer's own phrasing on both sides; this does not, as the held-out sets do not."""
    examples, _ = read_training(data)
    writers = sorted({ex.source for ex in examples} - {ORDINARY.name})
    print(f"{len(examples)} examples, {len(writers)} writers; average precision per clause")
    for label, config in COMPARE[:2]:
        for share in curve:
            t0 = time.perf_counter()
            cells = []
            for pack, clauses in PACKS.items():
                scores: dict[str, list[tuple[float, bool]]] = {c: [] for c in clauses}
                for held_out in writers:
                    others = [w for w in writers if w != held_out]
                    # Every k-th other writer, a fixed choice (deterministic, spread over rounds).
                    keep = set(others[:: max(1, round(1 / share))]) if share < 1 else set(others)
                    train_part = [
                        ex
                        for ex in examples
                        if ex.pack == pack and (ex.source in keep or ex.source == ORDINARY.name)
                    ]
                    held = [ex for ex in examples if ex.pack == pack and ex.source == held_out]
                    if not held:
                        continue
                    score_held(fit_pack(train_part, pack, config, clauses), held, scores)
                cells += ap_cells(scores)
            name = f"{label} @{share:.0%}"
            print(f"{name:<28} " + "  ".join(cells) + f"  [{time.perf_counter() - t0:.0f}s]")


def average_precision(scored: Sequence[tuple[float, bool]]) -> float:
    ranked = sorted(scored, key=lambda sg: (-sg[0], sg[1]))
    total = sum(1 for _, g in ranked if g)
    if not total:
        return 0.0
    tp = 0
    acc = []
    for i, (_, g) in enumerate(ranked, 1):
        if g:
            tp += 1
            acc.append(tp / i)
    return math.fsum(acc) / total


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--data", type=Path, default=DATA, help="folder of the training files")
    ap.add_argument("--external", type=Path, default=EXTERNAL, help="folder of the data sets")
    ap.add_argument("--out", type=Path, default=OUT, help="where to write the model files")
    ap.add_argument("--compare", action="store_true", help="compare feature sets, write nothing")
    ap.add_argument(
        "--by-writer", action="store_true", help="hold out each writer's file, write nothing"
    )
    args = ap.parse_args(argv)
    try:
        if args.compare:
            compare(args.data)
            return 0
        if args.by_writer:
            by_writer(args.data)
            return 0
        t0 = time.perf_counter()
        examples, hashes = read_training(args.data)
        calibration = read_calibration(args.external)
        extra, extra_hashes = read_extra(args.external)
        dev, dev_hashes = read_dev_sets()
        reader = Reader()
        packs = fit(examples, CONFIG, calibration, dev, reader, extra)
        size = write(packs, hashes, extra_hashes, dev_hashes, len(calibration), reader, args.out)
    except TrainingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {args.out / WEIGHTS} ({size} bytes) and {args.out / MANIFEST}")
    for p in packs:
        for f, t in zip(p.fits, p.thresholds, strict=True):
            d = t["development"]
            print(
                f"  {f.clause:<28} +{f.positives:<4} -{f.negatives:<5} threshold {t['logit']:8.3f}"
                f" ({t['set_by']}); police fired {t['police']['fired']}/{t['police']['rows']}; "
                f"dev hits {d['hits']}/{d['positives']}, false alarms {d['false_alarms']}"
            )
    print(f"[{time.perf_counter() - t0:.0f}s]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
