"""Detectors: Python that turns a post and its account into typed signals for the rules.

Every detector is registered in `DETECTORS`; rule conditions may name only the signals
they declare (plus one `lexicon.<id>` count per pack lexicon).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from socialpolicy.detectors.account import AccountDetector
from socialpolicy.detectors.advisory import AdvisoryDetector
from socialpolicy.detectors.base import Detector, Hit, SignalSpec, SignalValues
from socialpolicy.detectors.clause_reader import ClauseReaderDetector
from socialpolicy.detectors.commission import CommissionDetector
from socialpolicy.detectors.confidentiality import ConfidentialityDetector
from socialpolicy.detectors.context import Context
from socialpolicy.detectors.identity import IdentityDetector
from socialpolicy.detectors.lexicon_signals import LexiconDetector, lexicon_signal
from socialpolicy.detectors.media import MediaDetector
from socialpolicy.detectors.offensive import OffensiveDetector
from socialpolicy.detectors.operational import OperationalDetector
from socialpolicy.detectors.personal_data import PersonalDataDetector
from socialpolicy.detectors.policy_comment import PolicyCommentDetector
from socialpolicy.detectors.political import PoliticalDetector
from socialpolicy.detectors.respect import RespectDetector
from socialpolicy.detectors.role import RoleDetector

DETECTORS: tuple[Detector, ...] = (
    PersonalDataDetector(),
    MediaDetector(),
    AccountDetector(),
    OperationalDetector(),
    IdentityDetector(),
    PolicyCommentDetector(),
    AdvisoryDetector(),
    LexiconDetector(),
    PoliticalDetector(),
    ConfidentialityDetector(),
    CommissionDetector(),
    RespectDetector(),
    OffensiveDetector(),
    ClauseReaderDetector(),
    RoleDetector(),
)

REQUIRED_LEXICONS: tuple[str, ...] = (
    "member_identity",
    "disclaimer_contact",
    "disclaimer_acceptable_use",
)

MAX_EVIDENCE_PER_SIGNAL = 20


def signal_catalogue(lexicon_ids: Iterable[str]) -> dict[str, SignalSpec]:
    """Every signal a rule may name, for a pack with these lexicons."""
    specs = {s.name: s for d in DETECTORS for s in d.signals}
    for lex in sorted(lexicon_ids):
        spec = lexicon_signal(lex)
        specs[spec.name] = spec
    return specs


def run_detectors(
    ctx: Context, catalogue: dict[str, SignalSpec], detectors: Sequence[Detector] = DETECTORS
) -> SignalValues:
    """Run every detector and fold its hits into signal values with their evidence."""
    # A comprehension, not `list.extend` of each detector's generator: `extend` sizes the list
    # for eight items, then shrinks it back (about 10,000 instructions a post, counted).
    return fold_hits([hit for det in detectors for hit in det.detect(ctx)], catalogue)


def run_detectors_many(
    ctxs: Sequence[Context],
    catalogue: dict[str, SignalSpec],
    detectors: Sequence[Detector] = DETECTORS,
) -> list[SignalValues]:
    """`run_detectors` of each context, run detector by detector over all of them.

    The same values as one `run_detectors` per context (detectors keep no state between
    contexts, and each context's hits are folded in `detectors` order). Faster for a batch:
    one detector's code, tables and patterns serve every post before the next detector
    runs, instead of eleven detectors evicting each other's working set on every post
    (docs/performance.md, "Session 10: pipeline").
    """
    hits: list[list[Hit]] = [[] for _ in ctxs]
    for det in detectors:
        detect = det.detect
        for got, ctx in zip(hits, ctxs, strict=True):
            for hit in detect(ctx):  # not `got.extend`: see `run_detectors`
                got.append(hit)
    return [fold_hits(got, catalogue) for got in hits]


def fold_hits(hits: Iterable[Hit], catalogue: dict[str, SignalSpec]) -> SignalValues:
    """One post's hits, in detector order, as signal values with their evidence."""
    out = SignalValues()
    counts: dict[str, int] = {}
    tags: dict[str, dict[str, None]] = {}
    for hit in hits:
        spec = catalogue.get(hit.signal)
        if spec is None:
            # A detector raising an undeclared signal is a programming error, not bad input.
            raise AssertionError(f"detector raised undeclared signal {hit.signal!r}")
        if spec.kind == "tags":
            if hit.tag is None:
                raise AssertionError(f"tags signal {hit.signal!r} raised without a tag")
            tags.setdefault(hit.signal, {})[hit.tag] = None
        else:
            counts[hit.signal] = counts.get(hit.signal, 0) + 1
        if hit.evidence:
            bucket = out.evidence.setdefault(hit.signal, [])
            for ev in hit.evidence:
                # `in` tries identity before ==, and buckets are short (capped): cheaper
                # than hashing each evidence model (account evidence repeats every post).
                if len(bucket) < MAX_EVIDENCE_PER_SIGNAL and ev not in bucket:
                    bucket.append(ev)
    for name, n in counts.items():
        out.values[name] = (n > 0) if catalogue[name].kind == "flag" else n
    for name, tagset in tags.items():
        out.values[name] = tuple(sorted(tagset))
    return out


__all__ = [
    "DETECTORS",
    "Context",
    "Detector",
    "Hit",
    "SignalSpec",
    "SignalValues",
    "fold_hits",
    "run_detectors",
    "run_detectors_many",
    "signal_catalogue",
]
