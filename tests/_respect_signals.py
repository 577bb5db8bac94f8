"""The respect detector's abuse signals: what the respect tests count as a finding of abuse."""

from __future__ import annotations

ABUSE = frozenset(
    {
        "respect.insult_at_person",
        "respect.slur",
        "respect.identity_attack",
        "respect.threat",
        "respect.possible_abuse",
        "respect.dismissive",
        "respect.mockery",
        "respect.condescension",
        "respect.harassment",
        "respect.othering",
        "respect.profanity",
    }
)
