"""The signals the respect detector raises (rule conditions name them)."""

from __future__ import annotations

from socialpolicy.detectors.base import SignalSpec

__all__ = ["SIGNALS"]

SIGNALS = (
    SignalSpec(
        "respect.insult_at_person",
        "count",
        "Insults aimed at a person or group: addressed to 'you' or an @mention, said "
        "of someone ('X is a moron'), after a demonstrative ('those clowns') or as a "
        "form of address ('Learn to drive, idiot.'). Not self-directed or negated ones.",
    ),
    SignalSpec(
        "respect.slur",
        "count",
        "Identity slurs in the author's own words (not quoted, reported or condemned).",
    ),
    SignalSpec(
        "respect.identity_attack",
        "count",
        "Attacks on a group: dehumanising words said of people, calls to get rid of "
        "a group, exclusion phrases ('go back where you came from', 'learn English') "
        "aimed at someone, hatred of a protected group ('I hate immigrants'), or an "
        "aimed insult in a sentence naming a protected group.",
    ),
    SignalSpec(
        "respect.threat",
        "count",
        "Threats or wishes of violence aimed at a person or group ('they should all be "
        "shot', 'I know where you live'), not reported or quoted ones.",
    ),
    SignalSpec(
        "respect.dismissive",
        "count",
        "Rude or mocking dismissals addressed to someone ('nobody asked', 'ok boomer', "
        "'keep crying', ', genius.').",
    ),
    SignalSpec(
        "respect.profanity",
        "count",
        "Strong swearing not accounted for by an aimed insult or slur in its sentence.",
    ),
    SignalSpec(
        "respect.targets",
        "tags",
        "Whom the aimed abuse targets: a person, or a group.",
        tags=("group", "person"),
    ),
    SignalSpec(
        "respect.quoted",
        "count",
        "Abusive terms found only in quoted, reported or condemning words (or about "
        "criminal conduct): not the author's own abuse.",
    ),
)
