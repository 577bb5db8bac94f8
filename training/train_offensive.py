#!/usr/bin/env python3
"""Train the offensive-language model that ships in socialpolicy, bit for bit reproducibly.

    python training/train_offensive.py             train on both files, calibrate, write the model
    python training/train_offensive.py --out DIR   write it to DIR instead (the reproducibility test)
    python training/train_offensive.py --compare   compare feature sets on a held-out split

Training data (../shared/external/SOURCES.md allows these two external files and nothing else):

- davidson_labeled_data.csv (Davidson et al., ICWSM 2017; MIT): class 0 hate or 1 offensive is
  positive, 2 neither is negative;
- olid_training_v1.tsv (OLID, Zampieri et al., NAACL 2019; CC BY 4.0): subtask_a OFF / NOT;
- in-domain negatives (with `--no-members`, left out): the project's own ordinary member and
  Commissioner posts, the lines of training/data/clauses/*.jsonl that breach no clause. They
  share OLID's source column, so the column cannot absorb them and the n-grams learn that a
  member's casual words ("legs are destroyed", "a lost little boy home to his mom") are not
  offensive; as a (corpus, class) group they weigh what each other group weighs.

Every text goes through `socialpolicy.normalise` and the model's own `tokens` (mentions read as
`@user`, links as `url`, HTML entities decoded, the retweet marker dropped: Davidson's raw
handles and links read like OLID's `@USER` and `URL`). A source indicator, one column per
corpus, is trained with the n-grams and dropped from the shipped model (its bias is OLID's):
it absorbs the corpora's different shares of positives (Davidson 83%, OLID 33%), so the
n-gram weights do not learn which corpus a tweet came from.

The threshold is calibrated on the only file allowed for it: the rows of
uk_police_tweets_labeled_training.csv at even positions (0, 2, 4, ... after dropping
tweet_class 100). Each is read as the offensive detector reads a post (its own words only:
quoted, reported, counter-speech and crime-report sentences left out, declarative negations
denied, by the cue lexicons of policies/toronto/), and the threshold is set so the detector
fires on at most half of its rules' 1% budget of them (0.5%: as for the clause reader, so that
the odd rows, which report the rate, stay within the budget). The manifest records the hashes
of those lexicons: edit one and the reproducibility test asks for a retrain. The odd rows are
never read here.

Determinism: rows are read in file order; features are sorted before they get indexes; the
examples are visited in an order drawn from `random.Random(SEED)`; sums of floats use
`math.fsum` (exactly rounded, so independent of the Python version); weights are quantised to
int16 and written sorted; the manifest holds no time, path or version of anything. Nothing
iterates over a set or a dict of strings to decide an order.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))
if str(ROOT / "training") not in sys.path:
    sys.path.insert(0, str(ROOT / "training"))

import _linear  # noqa: E402
from _linear import Dataset  # noqa: E402

from socialpolicy.models.offensive import (  # noqa: E402
    FORMAT,
    MANIFEST,
    FeatureConfig,
    OffensiveModel,
    feature_counts,
    tokens,
)
from socialpolicy.normalise import normalise  # noqa: E402

EXTERNAL = ROOT.parent / "shared" / "external"
OUT = ROOT / "src" / "socialpolicy" / "models"
WEIGHTS = "offensive.weights.tsv"
MEMBERS = "members"  # the project's in-domain negatives, as a source name
# The project's own posts read as negatives: the clause reader's training posts that breach no
# clause (members' and Commissioners' ordinary posts, written from the policy texts).
MEMBER_POSTS = ROOT / "training" / "data" / "clauses"

DAVIDSON = "davidson_labeled_data.csv"
OLID = "olid_training_v1.tsv"
POLICE = "uk_police_tweets_labeled_training.csv"
# The provenance hashes of ../shared/external/SOURCES.md: training refuses any other bytes.
SHA256 = {
    DAVIDSON: "fcb8bc7c68120ae4af04a5b9acd58585513ede11e1548ebf36a5c2040b6f6281",
    OLID: "d976bd6faf7800571d06aa4fda00c11c1d39e6fd139747067f683d0c6e76d31f",
    POLICE: "dd52deac25f0dd9e2d385fccf3670bf7333555f245b4f15eca078c927f16091f",
}
CREDITS = {
    DAVIDSON: {
        "licence": "MIT",
        "credit": "Davidson, Warmsley, Macy and Weber, Automated Hate Speech Detection and the "
        "Problem of Offensive Language, ICWSM 2017",
        "source": "github.com/t-davidson/hate-speech-and-offensive-language data/labeled_data.csv",
        "positive": "class 0 (hate speech) or 1 (offensive language)",
    },
    OLID: {
        "licence": "CC BY 4.0",
        "credit": "Zampieri, Malmasi, Nakov, Rosenthal, Farra and Kumar, Predicting the Type "
        "and Target of Offensive Posts in Social Media, NAACL 2019 (OLID v1.0)",
        "source": "github.com/wenliangdai/multi-task-offensive-language-detection "
        "OLIDv1.0/olid-training-v1.0.tsv",
        "positive": "subtask_a OFF",
    },
}

# Chosen with --compare (see training/README.md); every value is recorded in the manifest.
CONFIG = FeatureConfig(word_ngrams=2, char_min=2, char_max=5, max_word_chars=30)
MIN_DF = 3  # a feature must occur in at least this many training tweets
EPOCHS = 4
LEARNING_RATE = 0.1
L2 = 0.01
SEED = 2019
BUDGET = 0.01  # share of calibration rows the model may fire on (the rules' budget)
CALIBRATE_AT = BUDGET / 2  # as the clause reader: half, so the odd rows stay within it
CALIBRATION_PACK = ROOT / "policies" / "toronto"  # whose cue lexicons the detector reads
CREATED_AT = "2025-06-02T12:00:00+00:00"
MAX_BYTES = 2_000_000  # the shipped weights file


class TrainingError(Exception):
    """The data is missing or is not the data the model may be trained on."""


@dataclass(frozen=True, slots=True)
class Example:
    source: str  # file name
    position: int  # row position in its file
    text: str
    positive: bool


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def checked(external: Path, name: str) -> Path:
    path = external / name
    if not path.is_file():
        raise TrainingError(f"{path} not found")
    got = sha256(path)
    if got != SHA256[name]:
        raise TrainingError(f"{path}: sha256 {got} is not the pinned {SHA256[name]}")
    return path


def read_training(external: Path) -> list[Example]:
    """Both training files, in file order."""
    out: list[Example] = []
    with checked(external, DAVIDSON).open(newline="", encoding="utf-8") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            out.append(Example(DAVIDSON, i, row["tweet"], row["class"].strip() in ("0", "1")))
    with checked(external, OLID).open(newline="", encoding="utf-8") as fh:
        for i, row in enumerate(csv.DictReader(fh, delimiter="\t")):
            out.append(Example(OLID, i, row["tweet"], row["subtask_a"].strip() == "OFF"))
    return out


def read_members(folder: Path = MEMBER_POSTS) -> tuple[list[Example], list[dict[str, Any]]]:
    """The project's ordinary posts (no clause breached), in file and line order, with each
    file's sha256 and count for the manifest. Each file is read and validated by the
    clause reader's trainer (`train_clauses.read_file`), its one reader of these posts."""
    import train_clauses

    out: list[Example] = []
    files: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.jsonl")):
        try:
            posts = train_clauses.read_file(path)
        except train_clauses.TrainingError as exc:
            raise TrainingError(str(exc)) from None
        taken = 0
        for post in posts:
            if not post.clauses:
                out.append(Example(MEMBERS, len(out), post.text, False))
                taken += 1
        files.append(
            {
                "file": path.relative_to(ROOT).as_posix(),
                "sha256": sha256(path),
                "negatives": taken,
            }
        )
    return out, files


def read_calibration(external: Path) -> list[str]:
    """Police tweets at even positions once duplicates (tweet_class 100) are dropped."""
    csv.field_size_limit(2**31 - 1)
    with checked(external, POLICE).open(newline="", encoding="utf-8") as fh:
        rows = [r["base_text"] or "" for r in csv.DictReader(fh) if r["tweet_class"] != "100"]
    return rows[0::2]


def doc_tokens(text: str) -> list[str]:
    return tokens(normalise(text))


# --- training -------------------------------------------------------------------------------


def build(examples: Sequence[Example], config: FeatureConfig, sources: Sequence[str]) -> Dataset:
    """Index the features seen in at least MIN_DF examples (see `_linear.build`), with one
    source column per corpus."""
    counts = [feature_counts((doc_tokens(ex.text),), config) for ex in examples]
    labels = [float(ex.positive) for ex in examples]
    column = {s: i for i, s in enumerate(sources)}
    column[MEMBERS] = column[OLID]  # in-domain negatives must not be absorbed by a column
    return _linear.build(
        counts,
        labels,
        MIN_DF,
        [f"source\t{s}" for s in sources],
        [column[ex.source] for ex in examples],
    )


def group_weights(examples: Sequence[Example]) -> list[float]:
    """Example weights giving each (corpus, class) group the same total weight, so neither
    corpus's size nor its share of positives dominates (Davidson's 4,163 negatives weigh as
    much as its 20,620 positives)."""
    return _linear.group_weights([(ex.source, ex.positive) for ex in examples])


def train(data: Dataset, examples: Sequence[Example]) -> tuple[list[float], float]:
    """Logistic regression, L2 on the weights an example touches, Adagrad, fixed order."""
    return _linear.train(
        data,
        group_weights(examples),
        epochs=EPOCHS,
        learning_rate=LEARNING_RATE,
        l2=L2,
        seed=SEED,
    )


def quantise(vocab: Sequence[str], weights: Sequence[float]) -> tuple[list[tuple[str, int]], float]:
    """int16 weights sorted by feature, zeros dropped, the largest kept within MAX_BYTES."""
    return _linear.quantise(vocab, weights, MAX_BYTES)


def to_model(
    entries: Sequence[tuple[str, int]], bias: float, scale: float, config: FeatureConfig
) -> OffensiveModel:
    tables: dict[str, dict[str, int]] = {"u": {}, "b": {}, "c": {}}
    for key, v in entries:
        kind, feature = key.split("\t", 1)
        tables[kind][feature] = v
    manifest = {
        "features": config.to_dict(),
        "bias": bias,
        "scale": scale,
        "threshold": {"logit": math.inf},
    }
    return OffensiveModel(manifest, tables["u"], tables["b"], tables["c"])


class Calibrator:
    """Scores calibration tweets as the detector does, with one pack's cue lexicons."""

    def __init__(self, pack_dir: Path) -> None:
        import socialpolicy as sp
        from socialpolicy.detectors.offensive import CUE_LEXICONS

        self.pack_dir = pack_dir
        self.policy = sp.load_policy(pack_dir)
        lex = pack_dir / "lexicons"
        self.lexicons = {name: sha256(lex / f"{name}.yaml") for name in sorted(CUE_LEXICONS)}

    def logits(self, model: OffensiveModel, texts: Sequence[str]) -> list[float]:
        from socialpolicy.detectors.context import Context
        from socialpolicy.detectors.offensive import OffensiveDetector
        from socialpolicy.inputs import Post

        detector = OffensiveDetector(model)
        pack = self.policy.pack
        resources = self.policy._resources
        out = []
        for n, text in enumerate(texts):
            post = Post.model_validate({"id": str(n), "text": text, "created_at": CREATED_AT})
            ctx = Context(
                post=post, author=pack.assumed_account, account_given=False, resources=resources
            )
            out.append(detector.field_score(ctx, "text", text).logit)
        return out


def calibrate(logits: Sequence[float]) -> tuple[float, int]:
    """The threshold above which at most CALIBRATE_AT of the texts score, and how many do."""
    ranked = sorted(logits, reverse=True)
    threshold = ranked[math.floor(CALIBRATE_AT * len(ranked))]
    return threshold, sum(1 for x in ranked if x > threshold)


@dataclass(slots=True)
class Trained:
    entries: list[tuple[str, int]]
    bias: float
    scale: float
    model: OffensiveModel
    threshold: float
    fired: int
    features: int  # before quantisation and the size cap


def fit(
    examples: Sequence[Example],
    config: FeatureConfig,
    calibration: Sequence[str],
    calibrator: Calibrator,
) -> Trained:
    sources = [DAVIDSON, OLID]
    data = build(examples, config, sources)
    w, b = train(data, examples)
    n = len(data.vocab) - len(sources)
    # The source columns stay behind; the shipped bias is OLID's (the cleaner, newer corpus).
    bias = b + w[n + sources.index(OLID)]
    entries, scale = quantise(data.vocab[:n], w[:n])
    model = to_model(entries, bias, scale, config)
    threshold, fired = calibrate(calibrator.logits(model, calibration))
    model.threshold = threshold
    return Trained(entries, bias, scale, model, threshold, fired, n)


# --- output ---------------------------------------------------------------------------------


def write(
    trained: Trained,
    examples: Sequence[Example],
    calibration_count: int,
    calibrator: Calibrator,
    out: Path,
    member_files: Sequence[dict[str, Any]] = (),
) -> None:
    out.mkdir(parents=True, exist_ok=True)
    body = "".join(f"{key}\t{v}\n" for key, v in trained.entries).encode("utf-8")
    (out / WEIGHTS).write_bytes(body)
    kinds = {"u": 0, "b": 0, "c": 0}
    for key, _ in trained.entries:
        kinds[key[0]] += 1
    files = []
    for name in (DAVIDSON, OLID):
        rows = [ex for ex in examples if ex.source == name]
        files.append(
            {
                "file": name,
                "sha256": SHA256[name],
                "rows": len(rows),
                "positives": sum(ex.positive for ex in rows),
                **CREDITS[name],
            }
        )
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "name": "offensive",
        "description": "Linear offensive-language reader over word and character n-grams "
        "(socialpolicy.models.offensive).",
        "weights": {
            "file": WEIGHTS,
            "sha256": hashlib.sha256(body).hexdigest(),
            "bytes": len(body),
            "unigrams": kinds["u"],
            "bigrams": kinds["b"],
            "chars": kinds["c"],
            "features_trained": trained.features,
        },
        "features": CONFIG.to_dict(),
        "bias": trained.bias,
        "scale": trained.scale,
        "threshold": {
            "logit": trained.threshold,
            "probability": trained.model.probability(trained.threshold),
            "calibration": {
                "file": POLICE,
                "sha256": SHA256[POLICE],
                "rows": "even positions (0, 2, 4, ...) after dropping tweet_class 100",
                "count": calibration_count,
                "budget": BUDGET,
                "calibrated_at": CALIBRATE_AT,
                "fired": trained.fired,
                "read": "as the offensive detector reads a post's text: its own words only, "
                "with the cue lexicons of the pack below",
                "pack": calibrator.pack_dir.name,
                "lexicons": calibrator.lexicons,
            },
        },
        "training": {
            "trainer": "training/train_offensive.py",
            "files": files,
            "project_negatives": {
                "rows": sum(1 for ex in examples if ex.source == MEMBERS),
                "read": "the lines of training/data/clauses/*.jsonl that breach no clause, as "
                "negatives in OLID's source column; one (corpus, class) group",
                "files": list(member_files),
            },
            "min_df": MIN_DF,
            "epochs": EPOCHS,
            "learning_rate": LEARNING_RATE,
            "l2": L2,
            "seed": SEED,
            "optimiser": "logistic regression, Adagrad over examples in a seeded order; "
            "L2 on the weights each example touches",
            "values": "feature counts / sqrt(feature occurrences in the tweet)",
            "source_indicator": "one column per corpus, trained and dropped; bias is OLID's; "
            "the project's in-domain negatives share OLID's column",
            "example_weights": "each (corpus, class) group weighs the same in total",
            "quantisation": "int16: weight = round(float / scale)",
        },
    }
    text = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    (out / MANIFEST).write_text(text, encoding="utf-8")


# --- comparison -----------------------------------------------------------------------------

COMPARE: tuple[tuple[str, FeatureConfig], ...] = (
    ("word 1-2", FeatureConfig(word_ngrams=2, char_min=2, char_max=0)),
    ("char 2-5", FeatureConfig(word_ngrams=0, char_min=2, char_max=5)),
    ("word 1-2 + char 2-5", FeatureConfig(word_ngrams=2, char_min=2, char_max=5)),
)


def prf(pairs: Iterator[tuple[bool, bool]]) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for gold, hit in pairs:
        tp += gold and hit
        fp += hit and not gold
        fn += gold and not hit
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def compare(external: Path) -> None:
    """Held-out comparison: every 5th row of each training file is held out; the threshold is
    calibrated on the police even rows as for the shipped model."""
    examples = read_training(external)
    members, _ = read_members()
    calibration = read_calibration(external)
    calibrator = Calibrator(CALIBRATION_PACK)
    train_part = [ex for ex in examples if ex.position % 5 != 0]
    held = [ex for ex in examples if ex.position % 5 == 0]
    member_train = [ex for ex in members if ex.position % 5 != 0]
    member_held = [ex for ex in members if ex.position % 5 == 0]
    print(
        f"train {len(train_part)} tweets (+{len(member_train)} member posts), held out "
        f"{len(held)} (+{len(member_held)}), calibration {len(calibration)}"
    )
    print(
        f"{'features':<22}{'kept':>8}{'bytes':>10}  {'OLID held-out P / R / F1':<26}"
        f"{'Davidson held-out P / R / F1':<30}{'members fired':>14}{'us/post':>8}  "
        "(scorer, warm, CPU)"
    )
    runs = [(label, config, False) for label, config in COMPARE]
    runs.append((f"{COMPARE[-1][0]} +members", COMPARE[-1][1], True))
    for label, config, with_members in runs:
        t0 = time.perf_counter()
        part = train_part + member_train if with_members else train_part
        trained = fit(part, config, calibration, calibrator)
        size = sum(len(f"{k}\t{v}\n".encode()) for k, v in trained.entries)
        cells = []
        for name in (OLID, DAVIDSON):
            rows = [ex for ex in held if ex.source == name]
            logits = calibrator.logits(trained.model, [ex.text for ex in rows])
            p, r, f = prf(
                (ex.positive, trained.model.flags(x)) for ex, x in zip(rows, logits, strict=True)
            )
            cells.append(f"{p:.3f} / {r:.3f} / {f:.3f}")
        member_logits = calibrator.logits(trained.model, [ex.text for ex in member_held])
        fired = sum(1 for x in member_logits if trained.model.flags(x)) / len(member_held)
        t1 = time.perf_counter()
        normalised = [normalise(text) for text in calibration[:2000]]
        for nt in normalised:  # warm the per-word cache, then time the scorer alone
            trained.model.logit((tokens(nt),))
        c0 = time.process_time()
        for nt in normalised:
            trained.model.logit((tokens(nt),))
        us = (time.process_time() - c0) / len(normalised) * 1e6
        print(
            f"{label:<22}{len(trained.entries):>8}{size:>10}  {cells[0]:<26}{cells[1]:<30}"
            f"{fired:>13.1%} {us:>8.1f}   [{t1 - t0:.0f}s]",
            flush=True,
        )


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--external", type=Path, default=EXTERNAL, help="folder of the data sets")
    ap.add_argument("--out", type=Path, default=OUT, help="where to write the model files")
    ap.add_argument("--compare", action="store_true", help="compare feature sets, write nothing")
    ap.add_argument(
        "--no-members",
        action="store_true",
        help="leave out the project's in-domain negatives (training/data/clauses)",
    )
    args = ap.parse_args(argv)
    try:
        if args.compare:
            compare(args.external)
            return 0
        t0 = time.perf_counter()
        examples = read_training(args.external)
        member_files: list[dict[str, Any]] = []
        if not args.no_members:
            members, member_files = read_members()
            examples += members
        calibration = read_calibration(args.external)
        calibrator = Calibrator(CALIBRATION_PACK)
        trained = fit(examples, CONFIG, calibration, calibrator)
        write(trained, examples, len(calibration), calibrator, args.out, member_files)
    except TrainingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(
        f"wrote {args.out / WEIGHTS} ({len(trained.entries)} features) and {args.out / MANIFEST}; "
        f"threshold {trained.threshold:.4f} (fires on {trained.fired}/{len(calibration)} "
        f"calibration tweets) [{time.perf_counter() - t0:.0f}s]"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
