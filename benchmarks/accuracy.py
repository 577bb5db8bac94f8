#!/usr/bin/env python3
"""Accuracy of the socialpolicy packs, measured on the dev corpus and on real external data.

Run from a checkout:  python benchmarks/accuracy.py [--pack both] [--verbose] [--json]

For each pack it prints clause-level precision / recall and verdict accuracy on each labelled
set apart: `../shared/corpus/dev.jsonl` (what the detectors were built against), `dev2.jsonl`
(written apart, the check that work carries over) and the cases written blind from the policy
texts (`tests/data/blind/`, odd ids and held-out even ids), with a per-clause matrix across
them; then the project's ordinary Canadian police posts (`tests/data/ordinary/`, negatives),
and the external evaluation sets in `../shared/external/` (each skipped cleanly when absent,
always read in place):

* UK police tweets: share judged violation, and review-or-violation, for a member's account,
  on the odd rows (reported, with targets) and the even rows (the only calibration rows), and
  the cost per post;
* Davidson and OLID: recall of the respect clause on hate / offensive rows, false-positive
  rate on the rest;
* the offensive-language model (issue 10): on the OLID test set, P / R / F1 of the respect
  clause with the model's rule, without it (the rule removed from the findings) and of the
  model alone; on HateCheck, the share flagged per functionality, the same three ways; the
  model alone on the police rows;
* political fundraising emails: recall of political solicitation (Edmonton 3e);
* presidio synthetic PII: span precision / recall of the personal-data detector.

The metric functions are importable (see tests/test_accuracy_script.py); nothing here needs
more than the standard library and socialpolicy itself. No data is ever copied or written.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "dev.jsonl"
DEFAULT_EXTERNAL = ROOT.parent / "shared" / "external"
# The labelled sets, each scored on its own: the corpus the detectors were built against, the
# one written apart to check that work carries over, and cases written blind from the policy
# texts alone (odd ids may be read when a detector misses; even ids stay held out), and a
# later set written the same way to develop against ("fresh": read by detector work), and a
# second blind set split like the first.
DEFAULT_CORPORA: tuple[tuple[str, Path, str], ...] = (
    ("dev", DEFAULT_CORPUS, "all"),
    ("dev2", ROOT.parent / "shared" / "corpus" / "dev2.jsonl", "all"),
    ("blind-odd", ROOT / "tests" / "data" / "blind", "odd"),
    ("blind-even", ROOT / "tests" / "data" / "blind", "even"),
    ("fresh", ROOT / "tests" / "data" / "fresh", "all"),
    # A second blind set, written later the same way: odd ids are read by detector work, even
    # ids stay held out.
    ("blind2-odd", ROOT / "tests" / "data" / "blind2", "odd"),
    ("blind2-even", ROOT / "tests" / "data" / "blind2", "even"),
    # A third blind set, written after the clause reader was chosen and measured once: held
    # out whole, nothing of it is read.
    ("blind3", ROOT / "tests" / "data" / "blind3", "held"),
    # Cases written from a clause's text by the helper who then reworked its detector (not blind:
    # development cases, reported apart).
    ("concepts", ROOT / "tests" / "data" / "concepts", "all"),
    # A fourth, written before the changes it measures: held out whole as well.
    ("blind4", ROOT / "tests" / "data" / "blind4", "held"),
    # A fifth, written at the start of session 6 from each clause's own sentence (no glosses).
    ("blind5", ROOT / "tests" / "data" / "blind5", "held"),
    # A sixth, written at the start of session 7 the same way, before any of its changes.
    ("blind6", ROOT / "tests" / "data" / "blind6", "held"),
    # A seventh, written at the start of session 9 the same way, before any of its changes, and
    # split like the first two: odd ids show the newest writers' reading of the levels to detector
    # work; even ids stay held out.
    ("blind7-odd", ROOT / "tests" / "data" / "blind7", "odd"),
    ("blind7-even", ROOT / "tests" / "data" / "blind7", "even"),
    # An eighth, written at the start of session 11 the same way, before any of its changes:
    # held out whole.
    ("blind8", ROOT / "tests" / "data" / "blind8", "held"),
    # A ninth, written at the start of session 12 the same way, before any of its changes:
    # held out whole.
    ("blind9", ROOT / "tests" / "data" / "blind9", "held"),
    # A tenth, written at the start of session 13 the same way, before any of its changes:
    # held out whole.
    ("blind10", ROOT / "tests" / "data" / "blind10", "held"),
)
# Held-out sets labelled a second time, apart, by a reader who saw only the policy texts, DESIGN.md,
# the corpus README, the blind brief and the cases without their labels
# (tests/data/second-reader/<set>-<pack>.jsonl: id, expect, why). The script reports how far the
# two readers agree and scores the pack against each and against their consensus.
SECOND_READER = ROOT / "tests" / "data" / "second-reader"
# What detector work may read: its cases can be listed with --verbose. Every other set is
# held out (figures only).
READABLE: frozenset[str] = frozenset({"all", "odd"})
# Ordinary posts by Canadian police services, their members and a commission, written for
# the project (negatives: nothing there should be flagged).
DEFAULT_ORDINARY = ROOT / "tests" / "data" / "ordinary"

PACKS: tuple[str, ...] = ("toronto", "edmonton")
FLAG_LEVELS = frozenset({"review", "violation"})
MAX_TEXT = 100_000  # the Post model's text limit
CREATED_AT = "2025-06-02T12:00:00+00:00"  # a fixed date for external rows (rules in force)

# Targets (issue 10): on labelled cases, and on ordinary police posts (the odd rows of the UK
# police tweets are the ones reported; the even rows are the only ones calibrated on).
TARGET_PRECISION = 0.90
TARGET_RECALL = 0.80
TARGET_VERDICT = 0.85
TARGET_POLICE_VIOLATION = 0.005
TARGET_POLICE_FLAGGED = 0.03
# Advice on ordinary posts is noise (and a wrong verdict where `pass` is expected): the share of
# ordinary police posts (odd rows) with any advice finding is held to this budget (issue 10,
# docs/detectors/advisory.md).
BUDGET_POLICE_ADVICE = 0.05
TARGET_FUNDRAISING = 0.85

# Default cap on rows judged per external file (a deterministic every-k-th sample above it),
# so that the whole script runs in CI-sized time. `--full` lifts the caps, `--limit` lowers them.
# Police tweets, OLID, the emails and presidio are judged whole; Davidson (24,783 rows) is sampled.
DEFAULT_CAPS: dict[str, int] = {
    "davidson": 5000,
}

RESPECT_CLAUSES: dict[str, frozenset[str]] = {
    "toronto": frozenset({"tps.treat-others"}),
    "edmonton": frozenset({"epc.3b"}),
}
SOLICITATION_CLAUSE = "epc.3e"

# The offensive-language model (issue 10): its rules, its evaluation file, and its targets.
MODEL_RULES = frozenset({"tps.treat-others.offensive-language", "epc.3b.offensive-language"})
# The clause reader's rules are `<clause>.reader` (policies/*/rules/clause_reader.yaml).
READER_SUFFIX = ".reader"


def reader_clauses() -> Mapping[str, tuple[str, ...]]:
    """The checkable clauses the reader scores, by pack (the detector's list)."""
    import_socialpolicy()
    from socialpolicy.detectors.clause_reader import CLAUSES

    return CLAUSES


HATECHECK_FILE = "hatecheck_test_suite_cases.csv"
TARGET_OLID_F1 = 0.60  # the respect clause with the model (detectors OR model)
# What OLID's OFF label means under each pack. OLID counts swearing aimed at no one as
# offensive; Toronto's guideline does too ("avoid being offensive"), Edmonton 3b does not
# (disrespect toward a person), so the OLID target is judged where the labels match the policy.
OLID_SCOPE = {
    "toronto": "Toronto counts offensive language in general, swearing included ('avoid being "
    "offensive'): OLID's OFF label matches the policy, and the target is judged here.",
    "edmonton": "Edmonton 3b is disrespect toward a person: swearing aimed at no one is not a "
    "finding (the model's rule also stays quiet on a post that swears), while OLID labels it "
    "OFF. Recall is lower by design; the target is judged on Toronto.",
}
OLID_TARGET_PACKS = frozenset({"toronto"})
# Counter-speech, quoting, negation and neutral mentions of a group: at least 90% not flagged.
HATECHECK_NOT_FLAGGED: tuple[str, ...] = (
    "counter_quote_nh",
    "counter_ref_nh",
    "negate_neg_nh",
    "ident_neutral_nh",
)
TARGET_HATECHECK_CORRECT = 0.90
# Swearing that hates no one is still offensive under Toronto's guideline ("avoid being
# offensive"): a finding there is the policy, not an error.
HATECHECK_POLICY_FINDING = {"toronto": frozenset({"profanity_nh"})}
# The rules that find swearing in general where the policy counts it: a row they alone flag
# is the policy at work, not an error (HateCheck's counter-speech often quotes a swear word).
SWEARING_RULES = {"toronto": frozenset({"tps.treat-others.profanity"})}

PII_KINDS: tuple[str, ...] = ("phone", "email", "address", "card")
PRESIDIO_KINDS: dict[str, str] = {
    "PHONE_NUMBER": "phone",
    "EMAIL_ADDRESS": "email",
    "STREET_ADDRESS": "address",
    "ADDRESS": "address",
    "CREDIT_CARD": "card",
}

FILES = {
    "police": "uk_police_tweets_labeled_training.csv",
    "davidson": "davidson_labeled_data.csv",
    "olid_tweets": "olid_testset_levela.tsv",
    "olid_labels": "olid_labels_levela.csv",
    "fundraising": "political_fundraising_emails_sample100.csv",
    "presidio": "presidio_research_synth_dataset_v2.json",
}

# The accounts external rows are judged as (DESIGN.md Account fields).
TORONTO_MEMBER: dict[str, Any] = {
    "handle": "@bench_tps_officer",
    "platform": "x",
    "display_name": "Sam Taylor",
    "bio": "Police constable with the Toronto Police Service.",
    "official": False,
    "approved": None,
    "owner": {"name": "Sam Taylor", "organisation": "tps", "role": "officer"},
    "identifies_as_member": True,
}
EDMONTON_COMMISSIONER: dict[str, Any] = {
    "handle": "@bench_epc_commissioner",
    "platform": "x",
    "display_name": "Alex Morgan",
    "bio": "Commissioner with the Edmonton Police Commission.",
    "official": False,
    "approved": None,
    "owner": {"name": "Alex Morgan", "organisation": "epc", "role": "commissioner"},
    "identifies_as_member": True,
    "disclaimer": "Contact: commissioner@example.org. Comments are moderated; "
    "not monitored for emergencies, call 911.",
}
MEMBER_ACCOUNTS: dict[str, dict[str, Any]] = {
    "toronto": TORONTO_MEMBER,
    "edmonton": EDMONTON_COMMISSIONER,
}


def _account(handle: str, name: str, org: str, role: str, **extra: Any) -> dict[str, Any]:
    return {
        "handle": handle,
        "platform": "x",
        "display_name": name,
        "official": False,
        "approved": None,
        "owner": {"name": name, "organisation": org, "role": role},
        "identifies_as_member": True,
        **extra,
    }


# The author of each project-written ordinary post, by pack and the record's `author`.
ORDINARY_ACCOUNTS: dict[str, dict[str, dict[str, Any]]] = {
    "toronto": {
        "service": _account(
            "@bench_tps_service",
            "Toronto Police Service",
            "tps",
            "civilian",
            official=True,
            approved=True,
            bio="The Toronto Police Service's official account. Not monitored 24/7: call 911.",
        ),
        "officer": TORONTO_MEMBER,
        "civilian": _account(
            "@bench_tps_civilian",
            "Jo Lee",
            "tps",
            "civilian",
            bio="Civilian member, Toronto Police Service.",
        ),
    },
    "edmonton": {
        "commissioner": EDMONTON_COMMISSIONER,
        "commission_staff": _account(
            "@bench_epc_staff",
            "Edmonton Police Commission",
            "epc",
            "commission_staff",
            official=True,
            approved=True,
            bio="Official account of the Edmonton Police Commission.",
        ),
        "service": _account(
            "@bench_eps",
            "Edmonton Police Service",
            "other",
            "other",
            official=True,
            approved=None,
            identifies_as_member=False,
        ),
    },
}


# --------------------------------------------------------------------------------------------
# What the script needs from a decision (duck-typed, so the metrics test without the library)
# --------------------------------------------------------------------------------------------
class PolicyLike(Protocol):
    def evaluate(
        self, post: Mapping[str, Any], account: Mapping[str, Any] | None = None
    ) -> Any: ...


@dataclass(frozen=True, slots=True)
class Outcome:
    """The parts of a Decision the measures use."""

    verdict: str
    flagged: frozenset[str]  # clause ids found at review or violation level
    advice: frozenset[str]  # clause ids found at advice level
    rules: tuple[tuple[str, str], ...]  # (rule_id, level) of every finding
    evidence: tuple[tuple[str, str], ...] = ()  # (rule_id, evidence text), for examples

    @property
    def any_flag(self) -> bool:
        return bool(self.flagged) or any(level in FLAG_LEVELS for _, level in self.rules)

    @property
    def violation(self) -> bool:
        return any(level == "violation" for _, level in self.rules)

    def flags_clause(self, clauses: frozenset[str]) -> bool:
        return bool(self.flagged & clauses)

    def finds_clause(self, clause: str) -> bool:
        return clause in self.flagged or clause in self.advice


def _value(x: Any) -> str:
    return str(getattr(x, "value", x))


def outcome_of(decision: Any) -> Outcome:
    """Reduce a socialpolicy Decision (or anything shaped like one) to an Outcome."""
    flagged: set[str] = set()
    advice: set[str] = set()
    rules: list[tuple[str, str]] = []
    evidence: list[tuple[str, str]] = []
    for f in decision.findings:
        level = _value(f.level)
        rules.append((str(f.rule_id), level))
        if level in FLAG_LEVELS:
            flagged.update(f.clause_ids)
        elif level == "advice":
            advice.update(f.clause_ids)
        for ev in getattr(f, "evidence", ()):
            if ev.field != "account" and not str(ev.field).startswith("account."):
                evidence.append((str(f.rule_id), str(ev.text)))
    return Outcome(
        verdict=_value(decision.verdict),
        flagged=frozenset(flagged),
        advice=frozenset(advice),
        rules=tuple(rules),
        evidence=tuple(evidence),
    )


# --------------------------------------------------------------------------------------------
# Metric arithmetic
# --------------------------------------------------------------------------------------------
@dataclass(slots=True)
class PRF:
    """Counts of true positives, false positives and false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, expected: Iterable[str], found: Iterable[str]) -> None:
        exp, got = set(expected), set(found)
        self.tp += len(exp & got)
        self.fp += len(got - exp)
        self.fn += len(exp - got)

    @property
    def precision(self) -> float | None:
        return ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return ratio(self.tp, self.tp + self.fn)

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
        }


def ratio(num: int, den: int) -> float | None:
    """num / den, or None when den is 0 (the measure is undefined)."""
    return num / den if den else None


def meets(value: float | None, target: float, at_most: bool = False) -> bool | None:
    """Whether a figure meets its target; None when the figure is undefined."""
    if value is None:
        return None
    return value <= target if at_most else value >= target


def clause_prf(pairs: Iterable[tuple[Iterable[str], Iterable[str]]]) -> tuple[PRF, dict[str, PRF]]:
    """Micro-averaged P/R over (case, clause) pairs, plus the same per clause.

    `pairs` yields (expected clause ids, found clause ids), one per case.
    """
    total = PRF()
    per: dict[str, PRF] = {}
    for expected, found in pairs:
        exp, got = set(expected), set(found)
        total.add(exp, got)
        for clause in exp | got:
            per.setdefault(clause, PRF()).add(exp & {clause}, got & {clause})
    return total, dict(sorted(per.items()))


@dataclass(slots=True)
class Mismatch:
    id: str
    expected_verdict: str
    got_verdict: str
    expected_flag: list[str]
    got_flag: list[str]
    expected_advice: list[str]
    got_advice: list[str]
    got_rules: list[str] = field(default_factory=list)


@dataclass(slots=True)
class DevScore:
    cases: int
    flag: PRF
    advice: PRF
    per_clause: dict[str, PRF]
    per_clause_advice: dict[str, PRF]
    verdict_correct: int
    mismatches: list[Mismatch]

    @property
    def verdict_accuracy(self) -> float | None:
        return ratio(self.verdict_correct, self.cases)

    def targets(self) -> dict[str, bool | None]:
        return {
            "clause_precision": meets(self.flag.precision, TARGET_PRECISION),
            "clause_recall": meets(self.flag.recall, TARGET_RECALL),
            "verdict_accuracy": meets(self.verdict_accuracy, TARGET_VERDICT),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "cases": self.cases,
            "flag": self.flag.to_dict(),
            "advice": self.advice.to_dict(),
            "verdict_accuracy": self.verdict_accuracy,
            "verdict_correct": self.verdict_correct,
            "per_clause": {c: p.to_dict() for c, p in self.per_clause.items()},
            "per_clause_advice": {c: p.to_dict() for c, p in self.per_clause_advice.items()},
            "targets": self.targets(),
            "mismatches": [asdict(m) for m in self.mismatches],
        }


def score_dev(cases: Sequence[Mapping[str, Any]], outcomes: Sequence[Outcome]) -> DevScore:
    """Score outcomes against the cases' `expect` blocks (same order)."""
    flag_pairs: list[tuple[list[str], frozenset[str]]] = []
    advice_pairs: list[tuple[list[str], frozenset[str]]] = []
    correct = 0
    mismatches: list[Mismatch] = []
    for case, out in zip(cases, outcomes, strict=True):
        expect = case.get("expect", {})
        exp_verdict = str(expect.get("verdict", "pass"))
        exp_flag = list(expect.get("flag", []))
        exp_advice = list(expect.get("advice", []))
        flag_pairs.append((exp_flag, out.flagged))
        advice_pairs.append((exp_advice, out.advice))
        ok = out.verdict == exp_verdict
        correct += ok
        if not ok or set(exp_flag) != out.flagged or set(exp_advice) != out.advice:
            mismatches.append(
                Mismatch(
                    id=str(case.get("id", "?")),
                    expected_verdict=exp_verdict,
                    got_verdict=out.verdict,
                    expected_flag=sorted(exp_flag),
                    got_flag=sorted(out.flagged),
                    expected_advice=sorted(exp_advice),
                    got_advice=sorted(out.advice),
                    got_rules=[f"{rule}:{level}" for rule, level in out.rules],
                )
            )
    flag, per = clause_prf(flag_pairs)
    advice, per_advice = clause_prf(advice_pairs)
    return DevScore(
        cases=len(outcomes),
        flag=flag,
        advice=advice,
        per_clause=per,
        per_clause_advice=per_advice,
        verdict_correct=correct,
        mismatches=mismatches,
    )


@dataclass(slots=True)
class RateScore:
    """How often something fires on a set of rows (e.g. police tweets flagged)."""

    rows: int
    violation: int = 0
    flagged: int = 0  # any review-or-violation finding
    advice: int = 0  # any advice finding
    rule_counts: Counter[str] = field(default_factory=Counter)
    rule_levels: dict[str, str] = field(default_factory=dict)
    examples: dict[str, list[tuple[str, list[str]]]] = field(default_factory=dict)

    @property
    def violation_share(self) -> float | None:
        return ratio(self.violation, self.rows)

    @property
    def flagged_share(self) -> float | None:
        return ratio(self.flagged, self.rows)

    @property
    def advice_share(self) -> float | None:
        return ratio(self.advice, self.rows)

    def targets(self) -> dict[str, bool | None]:
        return {
            "violation_share": meets(self.violation_share, TARGET_POLICE_VIOLATION, at_most=True),
            "flagged_share": meets(self.flagged_share, TARGET_POLICE_FLAGGED, at_most=True),
            "advice_share": meets(self.advice_share, BUDGET_POLICE_ADVICE, at_most=True),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "violation": self.violation,
            "flagged": self.flagged,
            "violation_share": self.violation_share,
            "flagged_share": self.flagged_share,
            "advice": self.advice,
            "advice_share": self.advice_share,
            "rules": {
                r: {"count": n, "level": self.rule_levels.get(r)}
                for r, n in self.rule_counts.most_common()
            },
            "targets": self.targets(),
        }


def score_rates(texts: Sequence[str], outcomes: Sequence[Outcome], examples: int = 3) -> RateScore:
    """Shares of rows with a violation / any review-or-violation finding, and rules firing."""
    score = RateScore(rows=len(outcomes))
    rank = {"advice": 0, "review": 1, "violation": 2}
    for text, out in zip(texts, outcomes, strict=True):
        score.violation += out.violation
        score.flagged += out.any_flag
        score.advice += any(level == "advice" for _, level in out.rules)
        for rule_id in dict.fromkeys(r for r, _ in out.rules):
            score.rule_counts[rule_id] += 1
            shown = score.examples.setdefault(rule_id, [])
            if len(shown) < examples:
                seen = [ev for rid, ev in out.evidence if rid == rule_id]
                shown.append((text, list(dict.fromkeys(seen))))
        for rule_id, level in out.rules:
            old = score.rule_levels.get(rule_id)
            if old is None or rank.get(level, 0) > rank.get(old, 0):
                score.rule_levels[rule_id] = level
    return score


@dataclass(slots=True)
class DetectionScore:
    """Binary detection: positives that were caught, negatives that were (wrongly) caught."""

    positives: int = 0
    caught: int = 0
    negatives: int = 0
    false_alarms: int = 0
    by_class: dict[str, list[int]] = field(default_factory=dict)  # class -> [rows, caught]

    @property
    def recall(self) -> float | None:
        return ratio(self.caught, self.positives)

    @property
    def false_positive_rate(self) -> float | None:
        return ratio(self.false_alarms, self.negatives)

    def to_dict(self) -> dict[str, Any]:
        return {
            "positives": self.positives,
            "caught": self.caught,
            "recall": self.recall,
            "negatives": self.negatives,
            "false_alarms": self.false_alarms,
            "false_positive_rate": self.false_positive_rate,
            "by_class": {
                k: {"rows": v[0], "caught": v[1], "rate": ratio(v[1], v[0])}
                for k, v in self.by_class.items()
            },
        }


def score_detection(rows: Iterable[tuple[bool, str, bool]]) -> DetectionScore:
    """`rows` yields (is_positive, class label, detected)."""
    score = DetectionScore()
    for positive, label, hit in rows:
        cls = score.by_class.setdefault(label, [0, 0])
        cls[0] += 1
        cls[1] += hit
        if positive:
            score.positives += 1
            score.caught += hit
        else:
            score.negatives += 1
            score.false_alarms += hit
    return score


Span = tuple[int, int]


def overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def span_match(pred: Span, gold: Span, min_cover: float = 0.5) -> bool:
    """A predicted span matches a gold span when it covers at least half of it."""
    length = gold[1] - gold[0]
    if length <= 0:
        return False
    return overlap(pred, gold) >= min_cover * length


@dataclass(slots=True)
class SpanScore:
    """Span P/R for one PII kind; predictions counted separately for precision."""

    gold_found: int = 0
    gold_missed: int = 0
    pred_right: int = 0
    pred_wrong: int = 0
    detected: bool = True  # False: the detector has no signal for this kind

    @property
    def precision(self) -> float | None:
        return ratio(self.pred_right, self.pred_right + self.pred_wrong)

    @property
    def recall(self) -> float | None:
        return ratio(self.gold_found, self.gold_found + self.gold_missed)

    def add(self, gold: Sequence[Span], pred: Sequence[Span]) -> None:
        for g in gold:
            if any(span_match(p, g) for p in pred):
                self.gold_found += 1
            else:
                self.gold_missed += 1
        for p in pred:
            if any(span_match(p, g) for g in gold):
                self.pred_right += 1
            else:
                self.pred_wrong += 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "gold": self.gold_found + self.gold_missed,
            "gold_found": self.gold_found,
            "predicted": self.pred_right + self.pred_wrong,
            "predicted_right": self.pred_right,
            "precision": self.precision,
            "recall": self.recall,
            "detected": self.detected,
        }


def pii_kind(signal: str) -> str | None:
    """The PII kind a personal_data signal name is about, if any."""
    name = signal.rsplit(".", 1)[-1].lower()
    if "phone" in name:
        return "phone"
    if "email" in name:
        return "email"
    if "address" in name:
        return "address"
    if "card" in name or "credit" in name or "payment" in name:
        return "card"
    return None


# --------------------------------------------------------------------------------------------
# Readers (in place, never copied) and sampling
# --------------------------------------------------------------------------------------------
def sample(rows: Sequence[Any], cap: int | None) -> tuple[list[Any], str]:
    """Every k-th row so that at most `cap` remain (deterministic), and a note saying so."""
    n = len(rows)
    if cap is None or n <= cap:
        return list(rows), f"all {n} rows"
    k = math.ceil(n / cap)
    picked = list(rows[::k])
    return picked, f"sample of {len(picked)} of {n} rows (1 in {k}; --full for all)"


def _csv_rows(path: Path, delimiter: str = ",") -> Iterator[dict[str, str]]:
    csv.field_size_limit(2**31 - 1)
    with path.open(newline="", encoding="utf-8") as fh:
        yield from csv.DictReader(fh, delimiter=delimiter)


def _jsonl_files(path: Path) -> list[Path]:
    """A JSONL file, or every `*.jsonl` in a folder (sorted)."""
    return sorted(path.glob("*.jsonl")) if path.is_dir() else [path]


def id_parity(case_id: str) -> str:
    """'odd' or 'even' by the number that ends a case id (`blind-epc-007` is odd)."""
    digits = ""
    for ch in reversed(case_id):
        if not ch.isdigit():
            break
        digits = ch + digits
    return "odd" if digits and int(digits) % 2 else "even"


def read_dev(path: Path, pack: str | None = None, ids: str = "all") -> list[dict[str, Any]]:
    """Labelled cases from a JSONL file or folder, optionally one pack's and one id parity."""
    cases = []
    for file in _jsonl_files(path):
        with file.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    case = json.loads(line)
                    if pack is not None and case.get("pack") != pack:
                        continue
                    if ids in ("odd", "even") and id_parity(str(case.get("id", ""))) != ids:
                        continue
                    cases.append(case)
    return cases


def read_ordinary(path: Path, pack: str) -> list[dict[str, Any]]:
    """Project-written ordinary posts of one pack: {id, pack, author, post}."""
    return [
        rec
        for file in _jsonl_files(path)
        for rec in map(json.loads, filter(str.strip, file.open(encoding="utf-8")))
        if rec.get("pack") == pack
    ]


def split_rows(rows: Sequence[Any]) -> tuple[list[Any], list[Any]]:
    """(even, odd) positions: even rows calibrate, odd rows report (SOURCES.md)."""
    return list(rows[0::2]), list(rows[1::2])


@dataclass(frozen=True, slots=True)
class Row:
    id: str
    text: str
    label: str = ""


def read_police(path: Path) -> list[Row]:
    """UK police tweets, duplicates (class 100) dropped."""
    rows = []
    for i, r in enumerate(_csv_rows(path)):
        cls = (r.get("tweet_class") or "").strip()
        if cls == "100":
            continue
        rid = (r.get("") or str(i)).strip()
        rows.append(Row(id=f"uk-{rid}", text=r.get("base_text") or "", label=cls))
    return rows


def read_davidson(path: Path) -> list[Row]:
    """Davidson tweets; label is the class (0 hate, 1 offensive, 2 neither)."""
    rows = []
    for i, r in enumerate(_csv_rows(path)):
        rid = (r.get("") or str(i)).strip()
        rows.append(
            Row(
                id=f"davidson-{rid}",
                text=r.get("tweet") or "",
                label=(r.get("class") or "").strip(),
            )
        )
    return rows


def read_olid(tweets: Path, labels: Path) -> list[Row]:
    """OLID level A test set joined with its labels on id; label OFF or NOT."""
    gold: dict[str, str] = {}
    with labels.open(newline="", encoding="utf-8") as fh:
        for rec in csv.reader(fh):
            if len(rec) >= 2 and rec[0].strip() != "id":
                gold[rec[0].strip()] = rec[1].strip()
    rows = []
    for r in _csv_rows(tweets, delimiter="\t"):
        rid = (r.get("id") or "").strip()
        if rid in gold:
            rows.append(Row(id=f"olid-{rid}", text=r.get("tweet") or "", label=gold[rid]))
    return rows


def read_emails(path: Path) -> list[Row]:
    """Fundraising emails: subject and body as one text."""
    rows = []
    for i, r in enumerate(_csv_rows(path)):
        subject = (r.get("subject") or "").strip()
        body = r.get("body") or ""
        text = f"{subject}\n\n{body}" if subject else body
        rows.append(Row(id=f"email-{i}", text=text, label=(r.get("party") or "").strip()))
    return rows


@dataclass(frozen=True, slots=True)
class PiiRecord:
    text: str
    gold: dict[str, list[Span]]


def read_presidio(path: Path) -> list[PiiRecord]:
    """Presidio synthetic records with their gold spans grouped by PII kind."""
    with path.open(encoding="utf-8") as fh:
        data = json.load(fh)
    out = []
    for rec in data:
        gold: dict[str, list[Span]] = {k: [] for k in PII_KINDS}
        for s in rec.get("spans") or []:
            kind = PRESIDIO_KINDS.get(str(s.get("entity_type")))
            if kind is not None:
                gold[kind].append((int(s["start_position"]), int(s["end_position"])))
        out.append(PiiRecord(text=str(rec.get("full_text") or ""), gold=gold))
    return out


# --------------------------------------------------------------------------------------------
# Running a policy
# --------------------------------------------------------------------------------------------
def make_post(row_id: str, text: str) -> tuple[dict[str, Any], bool]:
    """A Post dict for an external row; True when the text had to be truncated."""
    truncated = len(text) > MAX_TEXT
    return {"id": row_id, "text": text[:MAX_TEXT], "created_at": CREATED_AT}, truncated


def judge_rows(
    policy: PolicyLike, rows: Sequence[Row], account: Mapping[str, Any]
) -> tuple[list[Outcome], int]:
    """Judge every row's text as a public post by `account`; also count truncations."""
    outcomes = []
    truncated = 0
    for row in rows:
        post, cut = make_post(row.id, row.text)
        truncated += cut
        outcomes.append(outcome_of(policy.evaluate(post, account=account)))
    return outcomes, truncated


def run_dev(
    policy: PolicyLike,
    cases: Sequence[Mapping[str, Any]],
    keep: list[Outcome] | None = None,
) -> DevScore:
    outcomes = [outcome_of(policy.evaluate(c["post"], account=c.get("account"))) for c in cases]
    if keep is not None:
        keep.extend(outcomes)
    return score_dev(cases, outcomes)


@dataclass(slots=True)
class TwoReaders:
    """One labelled set read twice: agreement, and the pack against each reader and both."""

    cases: int = 0
    readers: PRF = field(default_factory=PRF)  # reader 2's flags against reader 1's
    verdicts_agree: int = 0
    first: PRF = field(default_factory=PRF)
    first_verdicts: int = 0
    second: PRF = field(default_factory=PRF)
    second_verdicts: int = 0
    # Consensus: a clause both readers flag is expected; one only one of them flags is not
    # scored (neither a miss nor a false alarm); verdicts on the cases whose verdicts agree.
    consensus: PRF = field(default_factory=PRF)
    consensus_cases: int = 0
    consensus_verdicts: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "cases": self.cases,
            "readers_flag_f1": f1(self.readers),
            "readers_verdict_agreement": ratio(self.verdicts_agree, self.cases),
            "pack_vs_first": {
                **self.first.to_dict(),
                "verdict": ratio(self.first_verdicts, self.cases),
            },
            "pack_vs_second": {
                **self.second.to_dict(),
                "verdict": ratio(self.second_verdicts, self.cases),
            },
            "pack_vs_consensus": {
                **self.consensus.to_dict(),
                "verdict": ratio(self.consensus_verdicts, self.consensus_cases),
                "verdict_cases": self.consensus_cases,
            },
        }


def f1(p: PRF) -> float | None:
    if p.precision is None or p.recall is None or p.precision + p.recall == 0:
        return None
    return 2 * p.precision * p.recall / (p.precision + p.recall)


def read_second_reader(folder: Path, label: str, pack: str) -> dict[str, Mapping[str, Any]]:
    """The second reader's labels of one set and pack, by case id ({} when there are none)."""
    path = folder / f"{label}-{pack}.jsonl"
    if not path.exists():
        return {}
    out: dict[str, Mapping[str, Any]] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            rec = json.loads(line)
            if not isinstance(rec.get("id"), str) or not isinstance(rec.get("expect"), dict):
                raise ValueError(f"{path}:{n}: a label needs a string 'id' and an 'expect' object")
            out[rec["id"]] = rec["expect"]
    return out


def score_two_readers(
    cases: Sequence[Mapping[str, Any]],
    second: Mapping[str, Mapping[str, Any]],
    outcomes: Sequence[Outcome],
) -> TwoReaders:
    """The cases reader 2 labelled: agreement, and the pack against each reader and both."""
    t = TwoReaders()
    for case, got in zip(cases, outcomes, strict=True):
        other = second.get(str(case.get("id")))
        if other is None:
            continue
        one = case["expect"]
        a, b = set(one.get("flag", ())), set(other.get("flag", ()))
        t.cases += 1
        t.readers.add(a, b)
        t.verdicts_agree += one["verdict"] == other["verdict"]
        t.first.add(a, got.flagged)
        t.first_verdicts += got.verdict == one["verdict"]
        t.second.add(b, got.flagged)
        t.second_verdicts += got.verdict == other["verdict"]
        t.consensus.add(a & b, set(got.flagged) & ((a & b) | (set(got.flagged) - (a | b))))
        if one["verdict"] == other["verdict"]:
            t.consensus_cases += 1
            t.consensus_verdicts += got.verdict == one["verdict"]
    return t


def print_two_readers(r: Report, label: str, t: TwoReaders) -> None:
    r.say(f"-- two readers [{label}]: {t.cases} cases labelled again, apart, by a second reader")
    r.say(
        f"  readers agree: flag F1 {fmt(f1(t.readers))} (reader 2 against reader 1: precision "
        f"{fmt(t.readers.precision)}, recall {fmt(t.readers.recall)}); verdict "
        f"{fmt(ratio(t.verdicts_agree, t.cases))} ({t.verdicts_agree}/{t.cases})"
    )
    for name, p, v, n in (
        ("reader 1 (the writer)", t.first, t.first_verdicts, t.cases),
        ("reader 2", t.second, t.second_verdicts, t.cases),
        ("both (consensus)", t.consensus, t.consensus_verdicts, t.consensus_cases),
    ):
        r.say(
            f"  pack vs {name:<22} precision {fmt(p.precision)}  recall {fmt(p.recall)}  "
            f"verdict {fmt(ratio(v, n))} ({v}/{n})   (TP {p.tp}, FP {p.fp}, FN {p.fn})"
        )


def is_reader_rule(rule_id: str) -> bool:
    """A rule of the clause reader (`<clause>.reader`, policies/*/rules/clause_reader.yaml)."""
    return rule_id.endswith(READER_SUFFIX)


def silenced(policy: PolicyLike, cases: Sequence[Mapping[str, Any]]) -> list[Outcome]:
    """The cases' outcomes with the clause reader's detector silenced (no reader signal, so no
    reader rule and no other rule reading its signals, e.g. epc.4.renamed-account, fires on
    it). A stand-in policy without the detector gets its outcomes as they are."""
    try:
        from socialpolicy.detectors.clause_reader import ClauseReaderDetector
    except ImportError:
        return [outcome_of(policy.evaluate(c["post"], account=c.get("account"))) for c in cases]

    def quiet(self: Any, ctx: Any) -> Iterator[Any]:
        return iter(())

    with mock.patch.object(ClauseReaderDetector, "detect", quiet):
        return [outcome_of(policy.evaluate(c["post"], account=c.get("account"))) for c in cases]


def print_reader(
    r: Report,
    pack: str,
    sets: Mapping[str, tuple[Sequence[Mapping[str, Any]], Sequence[Outcome], Sequence[Outcome]]],
) -> dict[str, Any]:
    """The clause reader's part: per clause and set, precision/recall without and with it."""
    out: dict[str, Any] = {}
    r.say(
        "-- clause reader (rules *.reader): per clause, precision/recall without -> with it "
        "(without: its detector silenced)"
    )
    labels = list(sets)
    without = {lab: score_dev(cases, quiet) for lab, (cases, _, quiet) in sets.items()}
    withit = {lab: score_dev(cases, outs) for lab, (cases, outs, _) in sets.items()}
    # The reader's clauses, and any other the reader's signals change (Edmonton 4).
    changed = {
        c
        for lab in labels
        for c in set(withit[lab].per_clause) | set(without[lab].per_clause)
        if withit[lab].per_clause.get(c) != without[lab].per_clause.get(c)
    }
    clauses = sorted(set(reader_clauses().get(pack, ())) | changed)
    width = max(16, *(len(c) + 2 for c in clauses))
    r.say(f"    {'':<{width}}" + "".join(f"{lab:>27}" for lab in labels))

    def cell(a: PRF | None, b: PRF | None) -> str:
        if a is None and b is None:
            return f"{'-':>27}"
        pa = a or PRF()
        pb = b or PRF()
        text = f"{fmt(pa.precision)}/{fmt(pa.recall)}->{fmt(pb.precision)}/{fmt(pb.recall)}"
        return f"{text:>27}"

    for clause in clauses:
        r.say(
            f"    {clause:<{width}}"
            + "".join(
                cell(without[lab].per_clause.get(clause), withit[lab].per_clause.get(clause))
                for lab in labels
            )
        )
    r.say(
        f"    {'all clauses':<{width}}"
        + "".join(cell(without[lab].flag, withit[lab].flag) for lab in labels)
    )
    r.say(
        f"    {'verdict accuracy':<{width}}"
        + "".join(
            f"{fmt(without[lab].verdict_accuracy) + '->' + fmt(withit[lab].verdict_accuracy):>27}"
            for lab in labels
        )
    )
    for lab in labels:
        out[lab] = {
            "without": {
                "flag": without[lab].flag.to_dict(),
                "verdict_accuracy": without[lab].verdict_accuracy,
                "per_clause": {c: p.to_dict() for c, p in without[lab].per_clause.items()},
            },
            "with": {
                "flag": withit[lab].flag.to_dict(),
                "verdict_accuracy": withit[lab].verdict_accuracy,
                "per_clause": {c: p.to_dict() for c, p in withit[lab].per_clause.items()},
            },
        }
    return out


def print_reader_police(
    r: Report, pack: str, outcomes: Sequence[Outcome], what: str
) -> dict[str, Any]:
    """How often each clause's reader rule fires on police rows, and the reader's total."""
    n = max(1, len(outcomes))
    rules = sorted(reader_clauses().get(pack, ()))
    counts = {
        c: sum(1 for o in outcomes if (c + READER_SUFFIX) in {x for x, _ in o.rules}) for c in rules
    }
    anyone = sum(1 for o in outcomes if any(is_reader_rule(x) for x, _ in o.rules))
    r.say(f"    clause reader on the police {what}: any clause {pct(anyone / n)} ({anyone})")
    r.say("      " + "  ".join(f"{c} {pct(k / n)} ({k})" for c, k in counts.items()))
    return {"rows": len(outcomes), "any": anyone, "per_clause": counts}


def run_detection(
    policy: PolicyLike,
    rows: Sequence[Row],
    account: Mapping[str, Any],
    clauses: frozenset[str],
    positive: Callable[[str], bool],
) -> DetectionScore:
    outcomes, _ = judge_rows(policy, rows, account)
    return score_detection(
        (positive(r.label), r.label, o.flags_clause(clauses))
        for r, o in zip(rows, outcomes, strict=True)
    )


@dataclass(frozen=True, slots=True)
class ModelReading:
    """One row judged three ways: the pack as shipped, without the model's rule, the model alone."""

    label: str
    with_model: bool
    without_model: bool
    model_alone: bool | None  # None: the model could not be called
    swearing_only: bool = False  # flagged only by the pack's rules for swearing in general


def clause_flags(decision: Any, clauses: frozenset[str]) -> tuple[bool, bool]:
    """(flagged at review/violation, flagged by a rule other than the model's) for `clauses`."""
    rules = flagging_rules(decision, clauses)
    return bool(rules), bool(rules - MODEL_RULES)


def flagging_rules(decision: Any, clauses: frozenset[str]) -> frozenset[str]:
    """The rules with a review or violation finding on `clauses`."""
    return frozenset(
        str(f.rule_id)
        for f in decision.findings
        if _value(f.level) in FLAG_LEVELS and clauses & set(f.clause_ids)
    )


def model_predictor(policy: Any, account: Mapping[str, Any]) -> Callable[[str], bool]:
    """The offensive detector alone on a text, with the Context the policy would build."""
    from socialpolicy.detectors.context import Context
    from socialpolicy.detectors.offensive import OffensiveDetector
    from socialpolicy.inputs import Account, Post

    detector = OffensiveDetector()
    author = Account.model_validate(dict(account))
    resources = policy._resources

    def fires(text: str) -> bool:
        post, _ = make_post("model", text)
        ctx = Context(
            post=Post.model_validate(post), author=author, account_given=True, resources=resources
        )
        return any(True for _ in detector.detect(ctx))

    return fires


def run_model_readings(
    policy: PolicyLike,
    rows: Sequence[Row],
    account: Mapping[str, Any],
    clauses: frozenset[str],
    model: Callable[[str], bool] | None,
    swearing: frozenset[str] = frozenset(),
) -> list[ModelReading]:
    out = []
    for row in rows:
        post, _ = make_post(row.id, row.text)
        rules = flagging_rules(policy.evaluate(post, account=account), clauses)
        alone = model(row.text) if model is not None else None
        only = bool(rules) and rules <= swearing
        out.append(ModelReading(row.label, bool(rules), bool(rules - MODEL_RULES), alone, only))
    return out


def prf_of(pairs: Iterable[tuple[bool, bool | None]]) -> dict[str, Any]:
    """P / R / F1 of (gold, predicted) pairs; None predictions are left out."""
    tp = fp = fn = 0
    for gold, hit in pairs:
        if hit is None:
            continue
        tp += gold and hit
        fp += hit and not gold
        fn += gold and not hit
    counts = PRF(tp, fp, fn)
    return {**counts.to_dict(), "f1": f1(counts)}


def read_hatecheck(path: Path) -> list[Row]:
    """HateCheck test cases; label is `functionality`."""
    return [
        Row(
            id=f"hatecheck-{r.get('case_id', i)}",
            text=r.get("test_case") or "",
            label=r["functionality"],
        )
        for i, r in enumerate(_csv_rows(path))
    ]


PiiPredictor = Callable[[str], dict[str, list[Span]]]


def run_presidio(
    records: Sequence[PiiRecord], predict: PiiPredictor, detected_kinds: Iterable[str]
) -> dict[str, SpanScore]:
    kinds = set(detected_kinds)
    scores = {k: SpanScore(detected=k in kinds) for k in PII_KINDS}
    for rec in records:
        pred = predict(rec.text)
        for kind in PII_KINDS:
            scores[kind].add(rec.gold.get(kind, []), pred.get(kind, []))
    return scores


def pii_predictor(policy: Any, account: Mapping[str, Any]) -> tuple[PiiPredictor, set[str]]:
    """Call the personal_data detector directly, with the Context the policy would build.

    Returns the predictor and the PII kinds the detector declares a signal for.
    """
    from socialpolicy.detectors.context import Context
    from socialpolicy.detectors.personal_data import PersonalDataDetector
    from socialpolicy.inputs import Account, Post

    detector = PersonalDataDetector()
    kinds = {k for s in detector.signals if (k := pii_kind(s.name)) is not None}
    author = Account.model_validate(dict(account))
    resources = policy._resources

    def predict(text: str) -> dict[str, list[Span]]:
        post_dict, _ = make_post("presidio", text)
        ctx = Context(
            post=Post.model_validate(post_dict),
            author=author,
            account_given=True,
            resources=resources,
        )
        found: dict[str, list[Span]] = {}
        for hit in detector.detect(ctx):
            kind = pii_kind(hit.signal)
            if kind is None:
                continue
            for ev in hit.evidence:
                if ev.field == "text" and ev.span is not None:
                    span = (ev.span.start, ev.span.end)
                    if span not in found.setdefault(kind, []):
                        found[kind].append(span)
        return found

    return predict, kinds


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------
def fmt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.2f}%"


def status(ok: bool | None) -> str:
    return {True: "PASS", False: "FAIL", None: "n/a"}[ok]


@dataclass(slots=True)
class Report:
    """Collects printed lines and the JSON summary."""

    quiet: bool = False
    lines: list[str] = field(default_factory=list)

    def say(self, text: str = "") -> None:
        if not self.quiet:
            print(text, flush=True)
        self.lines.append(text)


def verdict_shifts(mismatches: Iterable[Any]) -> list[tuple[tuple[str, str], int]]:
    """How the wrong verdicts went, most common first: a figure, not the cases, so it may be
    printed for held-out sets (a level mismatch reads review -> violation; a missed breach,
    violation -> pass)."""
    counts = Counter(
        (m.expected_verdict, m.got_verdict)
        for m in mismatches
        if m.expected_verdict != m.got_verdict
    )
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def print_dev(r: Report, score: DevScore, verbose: bool) -> None:
    t = score.targets()
    f = score.flag
    r.say(
        f"  flag clauses (review/violation)  precision {fmt(f.precision)}  "
        f"target >= {TARGET_PRECISION:.2f}  {status(t['clause_precision'])}"
    )
    r.say(
        f"                                   recall    {fmt(f.recall)}  "
        f"target >= {TARGET_RECALL:.2f}  {status(t['clause_recall'])}   "
        f"(TP {f.tp}, FP {f.fp}, FN {f.fn})"
    )
    a = score.advice
    r.say(
        f"  advice clauses                   precision {fmt(a.precision)}  "
        f"recall {fmt(a.recall)}   (TP {a.tp}, FP {a.fp}, FN {a.fn}; no target)"
    )
    r.say(
        f"  verdict accuracy                 {fmt(score.verdict_accuracy)}  "
        f"target >= {TARGET_VERDICT:.2f}  {status(t['verdict_accuracy'])}   "
        f"({score.verdict_correct}/{score.cases})"
    )
    shifts = verdict_shifts(score.mismatches)
    if shifts:
        r.say(
            "  verdict misses (expected -> got)  "
            + ", ".join(f"{want} -> {got} {n}" for (want, got), n in shifts)
        )
    if score.per_clause:
        print_clause_table(r, "flag", score.per_clause)
    if verbose and score.per_clause_advice:
        print_clause_table(r, "advice", score.per_clause_advice)
    if verbose:
        r.say(f"  mismatching cases ({len(score.mismatches)}):")
        for m in score.mismatches:
            r.say(
                f"    {m.id}: expected {m.expected_verdict} flag={m.expected_flag} "
                f"advice={m.expected_advice}"
            )
            r.say(
                f"    {'':{len(m.id)}}  got      {m.got_verdict} flag={m.got_flag} "
                f"advice={m.got_advice}"
            )
            if m.got_rules:
                r.say(f"    {'':{len(m.id)}}  rules    {', '.join(m.got_rules)}")
    elif score.mismatches:
        r.say(f"  {len(score.mismatches)} mismatching case(s): --verbose lists them")


def print_matrix(r: Report, scored: Mapping[str, Mapping[str, Any]]) -> None:
    """One line per clause: precision / recall on each labelled set, side by side."""
    labels = list(scored)
    clauses = sorted({c for v in scored.values() for c in v["per_clause"]})
    width = max(16, *(len(c) + 2 for c in clauses))
    r.say("  per clause, precision/recall by set (n/a: nothing expected or found)")
    r.say(f"    {'':<{width}}" + "".join(f"{lab:>14}" for lab in labels))

    def cell(d: Mapping[str, Any] | None) -> str:
        if not d:
            return f"{'-':>14}"
        return f"{fmt(d.get('precision')):>7}/{fmt(d.get('recall'))}"

    for clause in clauses:
        r.say(
            f"    {clause:<{width}}"
            + "".join(cell(scored[lab]["per_clause"].get(clause)) for lab in labels)
        )
    r.say(f"    {'all clauses':<{width}}" + "".join(cell(scored[lab]["flag"]) for lab in labels))
    r.say(
        f"    {'verdict accuracy':<{width}}"
        + "".join(f"{fmt(scored[lab]['verdict_accuracy']):>14}" for lab in labels)
    )


def print_clause_table(r: Report, what: str, table: Mapping[str, PRF]) -> None:
    width = max(26, *(len(c) + 2 for c in table))
    r.say(f"  {'per clause (' + what + ')':<{width + 2}}  TP  FP  FN  precision  recall")
    for clause, p in table.items():
        r.say(
            f"    {clause:<{width}}{p.tp:>4}{p.fp:>4}{p.fn:>4}  {fmt(p.precision):>9}  "
            f"{fmt(p.recall):>6}"
        )


def print_rates(
    r: Report, score: RateScore, verbose: bool, top: int = 8, targets: bool = True
) -> None:
    t = score.targets()
    vt = f"target <= {100 * TARGET_POLICE_VIOLATION:.1f}%  {status(t['violation_share'])}"
    ft = f"target <= {100 * TARGET_POLICE_FLAGGED:.1f}%  {status(t['flagged_share'])}"
    r.say(
        f"    violation finding          {pct(score.violation_share):>7} ({score.violation})  "
        + (vt if targets else "(calibration rows: no target)")
    )
    r.say(
        f"    review or violation        {pct(score.flagged_share):>7} ({score.flagged})  "
        + (ft if targets else "")
    )
    at = f"budget <= {100 * BUDGET_POLICE_ADVICE:.1f}%  {status(t['advice_share'])}"
    r.say(
        f"    advice finding             {pct(score.advice_share):>7} ({score.advice})  "
        + (at if targets else "")
    )
    if not score.rule_counts:
        r.say("    no rule fired")
        return
    r.say("    top rules firing (rows, highest level):")
    for rule_id, n in score.rule_counts.most_common(top):
        r.say(
            f"      {n:>5}  {pct(ratio(n, score.rows)):>7}  {rule_id} "
            f"[{score.rule_levels.get(rule_id, '?')}]"
        )
        if verbose:
            for text, seen in score.examples.get(rule_id, []):
                r.say(f"               e.g. {shorten(text)}")
                if seen:
                    r.say(f"                    evidence: {shorten(' | '.join(seen), 120)}")


def rule_budgets(policy: Any) -> dict[str, float]:
    """Rule id -> false-positive budget, for the rules that declare one."""
    out: dict[str, float] = {}
    for rule in getattr(policy, "rules", ()):
        budget = getattr(rule, "budget", None)
        if budget is not None:
            out[str(rule.id)] = max(float(budget), out.get(str(rule.id), 0.0))
    return out


def print_budgets(
    r: Report, summary: Mapping[str, Any], budgets: Mapping[str, float]
) -> dict[str, dict[str, Any]]:
    """Each budgeted rule's share of ordinary posts: even rows, odd rows (held to the budget)."""
    sets = [
        ("even", summary.get("police_tweets_even", {})),
        ("odd", summary.get("police_tweets", {})),
        ("ordinary", summary.get("ordinary_posts", {})),
    ]
    r.say("-- false-positive budgets (share of ordinary posts a rule fires on)")
    r.say(f"    {'rule':<44}{'budget':>8}{'even':>8}{'odd':>8}{'ours':>8}")
    out: dict[str, dict[str, Any]] = {}
    for rule_id, budget in sorted(budgets.items()):
        shares: dict[str, float | None] = {}
        for name, part in sets:
            rows = part.get("rows")
            count = part.get("rules", {}).get(rule_id, {}).get("count", 0)
            shares[name] = ratio(count, rows) if rows else None
        odd = shares["odd"]
        within = None if odd is None else odd <= budget
        out[rule_id] = {"budget": budget, **shares, "within": within}
        r.say(
            f"    {rule_id:<44}{pct(budget):>8}"
            + "".join(f"{pct(shares[n]) if shares[n] is not None else '-':>8}" for n, _ in sets)
            + f"  {status(within)}"
        )
    return out


def shorten(text: str, width: int = 140) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def print_detection(r: Report, score: DetectionScore, names: Mapping[str, str]) -> None:
    r.say(
        f"    recall on hate/offensive    {fmt(score.recall)}  ({score.caught}/{score.positives})"
    )
    r.say(
        f"    false-positive rate         {fmt(score.false_positive_rate)}  "
        f"({score.false_alarms}/{score.negatives})"
    )
    for label, (rows, caught) in sorted(score.by_class.items()):
        r.say(f"      {names.get(label, label):<12} {fmt(ratio(caught, rows))}  ({caught}/{rows})")


def print_model_prf(r: Report, readings: Sequence[ModelReading], positive: str) -> dict[str, Any]:
    """P / R / F1 with the model's rule, without it, and of the model alone."""
    out: dict[str, Any] = {}
    r.say(f"    {'':<30}{'P':>7}{'R':>7}{'F1':>7}     TP    FP    FN")
    for key, name in (
        ("without_model", "detectors alone (rule removed)"),
        ("model_alone", "model alone"),
        ("with_model", "detectors or model (the pack)"),
    ):
        score = prf_of((x.label == positive, getattr(x, key)) for x in readings)
        out[key] = score
        r.say(
            f"    {name:<30}{fmt(score['precision']):>7}{fmt(score['recall']):>7}"
            f"{fmt(score['f1']):>7}  {score['tp']:>5} {score['fp']:>5} {score['fn']:>5}"
        )
    return out


def print_spans(r: Report, scores: Mapping[str, SpanScore]) -> None:
    r.say("    kind      gold  found  predicted  right  precision  recall")
    for kind, s in scores.items():
        note = "" if s.detected else "   not detected by design (no signal)"
        r.say(
            f"    {kind:<8}{s.gold_found + s.gold_missed:>6}{s.gold_found:>7}"
            f"{s.pred_right + s.pred_wrong:>11}{s.pred_right:>7}  {fmt(s.precision):>9}  "
            f"{fmt(s.recall):>6}{note}"
        )


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------
@dataclass(slots=True)
class Options:
    packs: tuple[str, ...]
    engine: str = "auto"
    verbose: bool = False
    as_json: bool = False
    limit: int | None = None
    full: bool = False
    check_targets: bool = False
    corpora: tuple[tuple[str, Path, str], ...] = DEFAULT_CORPORA
    external: Path = DEFAULT_EXTERNAL
    ordinary: Path = DEFAULT_ORDINARY


def cap_for(opts: Options, name: str) -> int | None:
    """Rows to judge from one external file: default cap, lifted by --full, lowered by --limit."""
    cap = None if opts.full else DEFAULT_CAPS.get(name)
    if opts.limit is not None:
        cap = opts.limit if cap is None else min(cap, opts.limit)
    return cap


def missing(r: Report, *paths: Path) -> bool:
    """Print `skipped: <file> not found` for the first absent file; True if one is absent."""
    for p in paths:
        if not (p.is_file() or (p.is_dir() and any(p.glob("*.jsonl")))):
            r.say(f"  skipped: {p} not found")
            return True
    return False


def run_pack(pack: str, policy: Any, opts: Options, r: Report) -> tuple[dict[str, Any], bool]:
    """Every measure for one pack: the summary and whether a checked target failed."""
    summary: dict[str, Any] = {}
    failed = False
    ext = opts.external
    account = MEMBER_ACCOUNTS[pack]
    engine_name = getattr(policy, "engine_name", "?")
    r.say(
        f"== {pack} (pack {getattr(policy, 'version', '?')}, "
        f"{str(getattr(policy, 'digest', ''))[:19]}, engine {engine_name}) =="
    )
    summary["engine"] = engine_name
    summary["pack_version"] = getattr(policy, "version", None)
    summary["pack_digest"] = getattr(policy, "digest", None)

    # The external accounts alone, on an innocuous post: any finding here is about the account.
    base = outcome_of(policy.evaluate(make_post("baseline", "Good morning.")[0], account=account))
    r.say(
        f"  account used for external rows: {account['handle']} "
        f"({account['owner']['organisation']} {account['owner']['role']}, identifies as member"
        f"{', with contact disclaimer' if account.get('disclaimer') else ''}); "
        f"on 'Good morning.' it gets {base.verdict}"
        + (f" {sorted(r_ for r_, _ in base.rules)}" if base.rules else "")
    )
    summary["account_baseline"] = {"verdict": base.verdict, "rules": [x for x, _ in base.rules]}

    # 1. labelled corpora, each scored on its own
    summary["corpora"] = {}
    reader_sets: dict[str, tuple[list[dict[str, Any]], list[Outcome], list[Outcome]]] = {}
    for label, path, ids in opts.corpora:
        t0 = time.perf_counter()
        which = {"all": "", "held": " (held out)"}.get(ids, f" ({ids} ids)")
        r.say(f"-- labelled cases [{label}]: {path}{which}")
        if missing(r, path):
            summary["corpora"][label] = {"skipped": str(path)}
            continue
        cases = read_dev(path, pack, ids)
        if not cases:
            r.say(f"  no {pack} cases")
            summary["corpora"][label] = {"skipped": f"no {pack} cases"}
            continue
        kept: list[Outcome] = []
        score = run_dev(policy, cases, kept)
        if pack in reader_clauses():
            reader_sets[label] = (cases, kept, silenced(policy, cases))
        r.say(f"  {score.cases} cases  [{time.perf_counter() - t0:.1f}s]")
        print_dev(r, score, opts.verbose and ids in READABLE)
        summary["corpora"][label] = score.to_dict()
        if ids not in READABLE:  # held out: figures only, never the cases
            summary["corpora"][label]["mismatches"] = len(score.mismatches)
        failed |= any(v is False for v in score.targets().values())
        second = read_second_reader(SECOND_READER, label, pack)
        if second:
            two = score_two_readers(cases, second, kept)
            print_two_readers(r, label, two)
            summary["corpora"][label]["two_readers"] = two.to_dict()
    scored = {k: v for k, v in summary["corpora"].items() if "per_clause" in v}
    if len(scored) > 1:
        print_matrix(r, scored)
    if reader_sets:
        summary["clause_reader"] = print_reader(r, pack, reader_sets)
    first = opts.corpora[0][0] if opts.corpora else None
    summary["dev"] = summary["corpora"].get("dev", summary["corpora"].get(first or "", {}))

    # 2a. UK police tweets
    t0 = time.perf_counter()
    path = ext / FILES["police"]
    r.say(f"-- UK police tweets ({FILES['police']}), as {account['handle']}")
    if not missing(r, path):
        even, odd = split_rows(read_police(path))
        for name, part, role in (
            ("police_tweets", odd, "odd rows: the reported rates"),
            ("police_tweets_even", even, "even rows: the calibration rows"),
        ):
            t0 = time.perf_counter()
            rows, note = sample(part, cap_for(opts, "police"))
            outcomes, _ = judge_rows(policy, rows, account)
            spent = time.perf_counter() - t0
            rates = score_rates([x.text for x in rows], outcomes)
            cost = 1e6 * spent / max(1, len(rows))
            r.say(f"  {role}: {note}  [{spent:.1f}s, {cost:.0f} µs per post]")
            print_rates(r, rates, opts.verbose, targets=name == "police_tweets")
            summary[name] = {"sample": note, "us_per_post": round(cost, 1), **rates.to_dict()}
            if pack in reader_clauses():
                summary[name]["clause_reader"] = print_reader_police(
                    r, pack, outcomes, role.split(":")[0]
                )
            if name == "police_tweets":
                failed |= any(v is False for v in rates.targets().values())
    else:
        summary["police_tweets"] = {"skipped": str(path)}

    # 2a'. project-written ordinary Canadian police and Commission posts
    r.say(f"-- ordinary Canadian police posts ({opts.ordinary}), each as its author's account")
    if not missing(r, opts.ordinary):
        t0 = time.perf_counter()
        records = read_ordinary(opts.ordinary, pack)
        accounts = ORDINARY_ACCOUNTS[pack]
        outcomes = [
            outcome_of(
                policy.evaluate(rec["post"], account=accounts.get(rec.get("author", ""), account))
            )
            for rec in records
        ]
        rates = score_rates([rec["post"]["text"] for rec in records], outcomes)
        r.say(f"    {len(records)} posts  [{time.perf_counter() - t0:.1f}s]")
        print_rates(r, rates, opts.verbose)
        summary["ordinary_posts"] = rates.to_dict()
        failed |= any(v is False for v in rates.targets().values())
    else:
        summary["ordinary_posts"] = {"skipped": str(opts.ordinary)}

    # 2a''. each heuristic rule against its false-positive budget
    budgets = rule_budgets(policy)
    if budgets and "rows" in summary.get("police_tweets", {}):
        summary["budgets"] = print_budgets(r, summary, budgets)
        failed |= any(b["within"] is False for b in summary["budgets"].values())

    # 2b. Davidson and OLID: the respect clause
    respect = RESPECT_CLAUSES[pack]
    t0 = time.perf_counter()
    path = ext / FILES["davidson"]
    r.say(
        f"-- Davidson ({FILES['davidson']}): {', '.join(sorted(respect))} "
        f"at review/violation, as {account['handle']}"
    )
    if not missing(r, path):
        rows, note = sample(read_davidson(path), cap_for(opts, "davidson"))
        det = run_detection(policy, rows, account, respect, lambda lab: lab in ("0", "1"))
        r.say(f"    {note}  [{time.perf_counter() - t0:.1f}s]")
        print_detection(r, det, {"0": "0 hate", "1": "1 offensive", "2": "2 neither"})
        summary["davidson"] = {"sample": note, **det.to_dict()}
    else:
        summary["davidson"] = {"skipped": str(path)}

    t0 = time.perf_counter()
    tsv, labels = ext / FILES["olid_tweets"], ext / FILES["olid_labels"]
    r.say(
        f"-- OLID ({FILES['olid_tweets']} + {FILES['olid_labels']}): "
        f"{', '.join(sorted(respect))} at review/violation"
    )
    if not missing(r, tsv, labels):
        rows, note = sample(read_olid(tsv, labels), cap_for(opts, "olid"))
        det = run_detection(policy, rows, account, respect, lambda lab: lab == "OFF")
        r.say(f"    {note}  [{time.perf_counter() - t0:.1f}s]")
        print_detection(r, det, {})
        summary["olid"] = {"sample": note, **det.to_dict()}
    else:
        summary["olid"] = {"skipped": str(tsv)}

    # 2b'. the offensive-language model: with its rule, without it, alone
    summary["offensive_model"] = run_model_sections(pack, policy, opts, r, account, respect)

    # 2c. fundraising emails: Edmonton 3e
    t0 = time.perf_counter()
    path = ext / FILES["fundraising"]
    r.say(f"-- political fundraising emails ({FILES['fundraising']})")
    if pack != "edmonton":
        r.say("  not applicable: political solicitation is Edmonton 3e")
        summary["fundraising"] = {"not_applicable": "political solicitation is Edmonton 3e"}
    elif not missing(r, path):
        rows, note = sample(read_emails(path), cap_for(opts, "fundraising"))
        outcomes, cut = judge_rows(policy, rows, account)
        hits = sum(o.finds_clause(SOLICITATION_CLAUSE) for o in outcomes)
        flagged = sum(SOLICITATION_CLAUSE in o.flagged for o in outcomes)
        recall = ratio(hits, len(rows))
        ok = meets(recall, TARGET_FUNDRAISING)
        r.say(
            f"    {note}"
            + (f"; {cut} text(s) truncated to {MAX_TEXT} characters" if cut else "")
            + f"  [{time.perf_counter() - t0:.1f}s]"
        )
        r.say(
            f"    recall ({SOLICITATION_CLAUSE} finding)   {fmt(recall)}  ({hits}/{len(rows)})  "
            f"target >= {TARGET_FUNDRAISING:.2f}  {status(ok)}"
        )
        r.say(f"    of which review/violation   {fmt(ratio(flagged, len(rows)))}  ({flagged})")
        summary["fundraising"] = {
            "sample": note,
            "truncated": cut,
            "caught": hits,
            "caught_review_or_violation": flagged,
            "recall": recall,
            "targets": {"recall": ok},
        }
    else:
        summary["fundraising"] = {"skipped": str(path)}

    # 2d. presidio: personal-data spans
    t0 = time.perf_counter()
    path = ext / FILES["presidio"]
    r.say(
        f"-- presidio synthetic PII ({FILES['presidio']}): personal_data spans, "
        "match = covers >= 50% of the gold span"
    )
    if not missing(r, path):
        try:
            predict, kinds = pii_predictor(policy, account)
        except (ImportError, AttributeError) as exc:
            r.say(f"  skipped: cannot call the personal_data detector ({exc})")
            summary["presidio"] = {"skipped": str(exc)}
        else:
            records, note = sample(read_presidio(path), cap_for(opts, "presidio"))
            spans = run_presidio(records, predict, kinds)
            r.say(f"    {note}  [{time.perf_counter() - t0:.1f}s]")
            print_spans(r, spans)
            summary["presidio"] = {"sample": note, **{k: s.to_dict() for k, s in spans.items()}}
    else:
        summary["presidio"] = {"skipped": str(path)}
    r.say()
    return summary, failed


def run_model_sections(
    pack: str,
    policy: Any,
    opts: Options,
    r: Report,
    account: Mapping[str, Any],
    respect: frozenset[str],
) -> dict[str, Any]:
    """OLID and HateCheck with and without the model's rule, and the model alone (also on the
    police rows). Evaluation only: nothing here chose a feature, term or threshold."""
    ext = opts.external
    out: dict[str, Any] = {}
    try:
        model: Callable[[str], bool] | None = model_predictor(policy, account)
    except (ImportError, AttributeError) as exc:
        r.say(
            f"-- offensive model: cannot call the offensive detector ({exc}); model alone skipped"
        )
        model = None

    t0 = time.perf_counter()
    tsv, labels = ext / FILES["olid_tweets"], ext / FILES["olid_labels"]
    r.say(f"-- OLID test set with and without the offensive model: {', '.join(sorted(respect))}")
    if not missing(r, tsv, labels):
        rows, note = sample(read_olid(tsv, labels), cap_for(opts, "olid"))
        readings = run_model_readings(policy, rows, account, respect, model)
        r.say(f"    {note}  [{time.perf_counter() - t0:.1f}s]")
        olid = print_model_prf(r, readings, "OFF")
        scope = OLID_SCOPE.get(pack)
        if scope:
            r.say(f"    {scope}")
        targets: dict[str, bool | None] = {}
        if pack in OLID_TARGET_PACKS:
            ok = meets(olid["with_model"]["f1"], TARGET_OLID_F1)
            targets["f1_with_model"] = ok
            r.say(f"    target: F1 with the model >= {TARGET_OLID_F1:.2f}  {status(ok)}")
        out["olid"] = {"sample": note, **olid, "scope": scope, "targets": targets}
    else:
        out["olid"] = {"skipped": str(tsv)}

    t0 = time.perf_counter()
    path = ext / HATECHECK_FILE
    r.say(
        f"-- HateCheck ({HATECHECK_FILE}): share flagged ({', '.join(sorted(respect))} at "
        "review/violation) per functionality"
    )
    if not missing(r, path):
        rows, note = sample(read_hatecheck(path), cap_for(opts, "hatecheck"))
        swearing = SWEARING_RULES.get(pack, frozenset())
        readings = run_model_readings(policy, rows, account, respect, model, swearing)
        r.say(f"    {note}  [{time.perf_counter() - t0:.1f}s]")
        out["hatecheck"] = print_hatecheck(r, pack, readings)
    else:
        out["hatecheck"] = {"skipped": str(path)}

    path = ext / FILES["police"]
    r.say(f"-- the offensive model alone on the UK police tweets ({FILES['police']})")
    if model is not None and not missing(r, path):
        even, odd = split_rows(read_police(path))
        for name, part in (("police_odd", odd), ("police_even", even)):
            rows, note = sample(part, cap_for(opts, "police"))
            fired = sum(model(row.text) for row in rows)
            r.say(
                f"    {name.replace('_', ' ')} rows: {pct(ratio(fired, len(rows)))} ({fired}/{len(rows)})"
            )
            out[name] = {"sample": note, "fired": fired, "share": ratio(fired, len(rows))}
    return out


def print_hatecheck(r: Report, pack: str, readings: Sequence[ModelReading]) -> dict[str, Any]:
    by: dict[str, list[ModelReading]] = {}
    for x in readings:
        by.setdefault(x.label, []).append(x)
    policy_findings = HATECHECK_POLICY_FINDING.get(pack, frozenset())
    swearing = pack in SWEARING_RULES
    if swearing:
        r.say(
            f"    swearing: rows flagged only by {', '.join(sorted(SWEARING_RULES[pack]))} "
            "(swearing in general is a finding under this policy); the targets count the rest"
        )
    head = f"{'swearing':>10}" if swearing else ""
    r.say(
        f"    {'functionality':<22}{'rows':>5}{'without':>9}{'alone':>8}{'with':>8}{head}   target"
    )
    table: dict[str, Any] = {}
    targets: dict[str, bool | None] = {}
    for name in sorted(by):
        xs = by[name]
        shares = {
            key: ratio(sum(bool(getattr(x, key)) for x in xs), len(xs))
            for key in ("without_model", "model_alone", "with_model", "swearing_only")
        }
        counted = ratio(sum(x.with_model and not x.swearing_only for x in xs), len(xs))
        note = ""
        if name in HATECHECK_NOT_FLAGGED:
            ok = meets(None if counted is None else 1 - counted, TARGET_HATECHECK_CORRECT)
            targets[name] = ok
            aside = (
                f" ({pct(counted)} counted)" if swearing and counted != shares["with_model"] else ""
            )
            note = f"<= {100 * (1 - TARGET_HATECHECK_CORRECT):.0f}% flagged{aside}  {status(ok)}"
        elif name in policy_findings:
            note = "a finding under this policy (swearing is offensive): not counted"
        cell = f"{pct(shares['swearing_only']):>10}" if swearing else ""
        r.say(
            f"    {name:<22}{len(xs):>5}{pct(shares['without_model']):>9}"
            f"{pct(shares['model_alone']):>8}{pct(shares['with_model']):>8}{cell}   {note}"
        )
        table[name] = {"rows": len(xs), **shares, "counted": counted}
    return {"functionalities": table, "targets": targets}


def parse_args(argv: Sequence[str] | None = None) -> Options:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--pack", choices=["toronto", "edmonton", "both"], default="both")
    ap.add_argument("--engine", choices=["auto", "durable", "reference"], default="auto")
    ap.add_argument(
        "--verbose",
        "-v",
        action="store_true",
        help="per-clause advice table, mismatching cases, example texts",
    )
    ap.add_argument("--json", action="store_true", help="print a machine-readable summary only")
    ap.add_argument(
        "--limit",
        type=int,
        default=None,
        metavar="N",
        help="judge at most N rows of each external file",
    )
    ap.add_argument(
        "--full",
        action="store_true",
        help="judge every row of the external files (default: a fixed sample)",
    )
    ap.add_argument(
        "--check-targets",
        action="store_true",
        help="exit 1 when a dev-corpus or police-tweet target fails",
    )
    ap.add_argument(
        "--corpus",
        action="append",
        metavar="[LABEL=]PATH",
        help="labelled cases (a JSONL file or a folder of them), scored on their own; "
        "repeatable (default: dev, dev2, and the blind cases split into odd and even ids)",
    )
    ap.add_argument(
        "--development",
        action="store_true",
        help="score only the labelled sets detector work may read (no held-out set)",
    )
    ap.add_argument(
        "--ordinary",
        type=Path,
        default=DEFAULT_ORDINARY,
        help="folder or JSONL of project-written ordinary posts (negatives)",
    )
    ap.add_argument(
        "--external", type=Path, default=DEFAULT_EXTERNAL, help="folder of external evaluation sets"
    )
    a = ap.parse_args(argv)
    if a.limit is not None and a.limit < 1:
        ap.error("--limit must be at least 1")
    return Options(
        packs=PACKS if a.pack == "both" else (a.pack,),
        engine=a.engine,
        verbose=a.verbose,
        as_json=a.json,
        limit=a.limit,
        full=a.full,
        check_targets=a.check_targets,
        corpora=parse_corpora(a.corpus) if a.corpus else default_corpora(a.development),
        external=a.external,
        ordinary=a.ordinary,
    )


def default_corpora(development: bool = False) -> tuple[tuple[str, Path, str], ...]:
    """The default labelled sets; with `development`, only those whose cases may be read."""
    if not development:
        return DEFAULT_CORPORA
    return tuple(c for c in DEFAULT_CORPORA if c[2] in READABLE)


def parse_corpora(specs: Sequence[str]) -> tuple[tuple[str, Path, str], ...]:
    """`[LABEL=]PATH` specs; an unlabelled first one is "dev", later ones take the file stem."""
    out = []
    for i, spec in enumerate(specs):
        label, sep, path = spec.partition("=")
        if not sep:
            label, path = ("dev" if i == 0 else Path(spec).stem), spec
        out.append((label, Path(path), "all"))
    return tuple(out)


def import_socialpolicy() -> Any:
    """socialpolicy, installed or from this checkout's src/."""
    try:
        import socialpolicy
    except ImportError:
        sys.path.insert(0, str(ROOT / "src"))
        import socialpolicy
    return socialpolicy


def main(argv: Sequence[str] | None = None, load: Callable[[str, str], Any] | None = None) -> int:
    """Run every measure; 0 unless --check-targets and a dev-corpus or police target fails.

    `load(pack, engine)` returns a policy (tests pass a fake); by default socialpolicy's.
    """
    opts = parse_args(argv)
    r = Report(quiet=opts.as_json)
    if load is None:
        try:
            sp = import_socialpolicy()
        except ImportError as exc:
            print(f"error: cannot import socialpolicy: {exc}", file=sys.stderr)
            return 2

        def load(pack: str, engine: str) -> Any:
            return sp.load_policy(pack, engine=engine)

    started = time.perf_counter()
    summary: dict[str, Any] = {"packs": {}}
    failed = False
    for pack in opts.packs:
        t0 = time.perf_counter()
        policy = load(pack, opts.engine)
        pack_summary, pack_failed = run_pack(pack, policy, opts, r)
        pack_summary["seconds"] = round(time.perf_counter() - t0, 2)
        summary["packs"][pack] = pack_summary
        failed |= pack_failed
    total = time.perf_counter() - started
    summary["seconds"] = round(total, 2)
    summary["targets_met"] = not failed
    r.say(
        f"total {total:.1f}s; dev-corpus and police-tweet targets "
        f"{'all met' if not failed else 'NOT all met'}"
    )
    if opts.as_json:
        print(json.dumps(summary, indent=2, default=str))
    return 1 if (opts.check_targets and failed) else 0


if __name__ == "__main__":
    sys.exit(main())
