"""Respect detector and the offensive-language rules: an insult the author aims at themselves.

The offensive-language model reads words, not whom they are aimed at, so "I'm such an idiot"
reads as offensive. The respect detector tells the aim (`respect.self_directed`), and the
model's rules in both packs give way to it, unless the sentence also speaks of people. The
Toronto rule also gives way where another clause's signal reads the post (a judgement of a
Service policy): the model cannot tell criticism of a decision from rudeness to a person."""

from __future__ import annotations

from functools import cache

import pytest

from _policies import shared_policy
from _respect_signals import detector_values
from socialpolicy.detectors.offensive import OffensiveDetector
from socialpolicy.detectors.respect import RespectDetector
from socialpolicy.policy import Policy

DETECTOR = RespectDetector()
SELF = "respect.self_directed"


@cache
def policy(pack: str) -> Policy:
    return shared_policy(pack)


def signals(text: str, pack: str = "toronto") -> set[str]:
    """Every signal the respect detector raises on `text`."""
    return {k for k, v in detector_values(text, DETECTOR, pack=pack).items() if v}


def rules(text: str, pack: str) -> set[str]:
    """The rules that fire on `text` posted by the pack's assumed member account."""
    post = {"id": "t", "text": text, "created_at": "2025-06-01T12:00:00Z"}
    return {f.rule_id for f in policy(pack).evaluate(post).findings}


@pytest.mark.parametrize("pack", ["toronto", "edmonton"])
@pytest.mark.parametrize(
    "text",
    [
        "I'm such a moron, left the cruiser keys on my desk again.",
        "Clumsy idiot here knocked a coffee over the duty roster.",
        "Felt like an idiot walking into the wrong briefing room today.",
        "I was the idiot who forgot the meeting moved to Thursday.",
    ],
)
def test_an_insult_at_oneself_is_self_directed_and_not_abuse(text: str, pack: str) -> None:
    got = signals(text, pack)
    assert SELF in got
    assert not got & {"respect.insult_at_person", "respect.possible_abuse"}
    assert not {r for r in rules(text, pack) if r.endswith("offensive-language")}


@pytest.mark.parametrize(
    "text",
    [
        # someone else is the target, or may be
        "An idiot here in town keeps parking across the bike lane.",
        "What an idiot.",
        "You're such an idiot.",
        # the word is the author's own, but the sentence is about people
        "I was an idiot to think the folks on this street would ever help anyone.",
    ],
)
def test_an_insult_at_someone_else_or_beside_people_is_not_self_directed(text: str) -> None:
    assert SELF not in signals(text)


def model_reads_offensive(text: str, pack: str = "toronto") -> bool:
    """The offensive-language model's signal on `text`, whatever the rules make of it."""
    return bool(detector_values(text, OffensiveDetector(), pack=pack).get("offensive.language"))


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        # a judgement of a Service policy: tps.accounts-represent-us, not rudeness to a person
        # (Sentences the model reads as offensive: since the session-10 retrain it reads
        # milder ones about Service policy as ordinary, docs/model-card.md "Limits".)
        (
            "This new overtime policy is garbage, whoever approved it is a clueless idiot.",
            "tps.accounts-represent-us.policy-judgement",
        ),
        (
            "What a stupid, pathetic policy this is.",
            "tps.accounts-represent-us.policy-comment",
        ),
    ],
)
def test_the_model_gives_way_where_the_post_is_another_clauses_matter(
    text: str, finding: str
) -> None:
    assert model_reads_offensive(text)
    got = rules(text, "toronto")
    assert finding in got
    assert "tps.treat-others.offensive-language" not in got
