"""Per-pack data the detectors use, compiled once when a pack loads."""

from __future__ import annotations

from dataclasses import dataclass

from socialpolicy.detectors.matching import LexiconMatcher
from socialpolicy.lexicons import Contact


@dataclass(frozen=True, slots=True)
class PackResources:
    pack_id: str
    contacts: tuple[Contact, ...]
    matcher: LexiconMatcher
    # Lexicons whose `lexicon.<id>` signal some rule tests; only these produce lexicon hits
    # (detectors still see every lexicon's matches through the context).
    signal_lexicons: frozenset[str] = frozenset()
