"""Role detector: a member disowning the role (disclaimers, bios, quotes and plain facts are
not disowning), and conduct unbecoming in an interaction (relished force, leverage over a
person, favours); the Toronto always-the-police rules built on them."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import socialpolicy as sp
from socialpolicy.detectors import run_detectors
from socialpolicy.detectors.context import Context
from socialpolicy.detectors.role import RoleDetector
from socialpolicy.inputs import Account, Post
from socialpolicy.policy import Policy

DETECTOR = RoleDetector()


@cache
def policy(pack: str = "toronto") -> Policy:
    return sp.load_policy(pack)


def values(text: str, reply: str | None = None) -> dict[str, Any]:
    pol = policy()
    data: dict[str, Any] = {"id": "t", "text": text, "created_at": "2025-06-01T12:00:00Z"}
    if reply is not None:
        data["in_reply_to"] = {"text": reply}
    ctx = Context(
        post=Post.model_validate(data),
        author=pol.pack.assumed_account,
        account_given=False,
        resources=pol._resources,
    )
    return run_detectors(ctx, pol._catalogue, (DETECTOR,)).values


def disowning(text: str, bio: str | None = None, captions: tuple[str, ...] = ()) -> int:
    pol = policy()
    data: dict[str, Any] = {"id": "t", "text": text, "created_at": "2025-06-01T12:00:00Z"}
    if captions:
        data["media"] = [{"kind": "image", "caption": c} for c in captions]
    author = pol.pack.assumed_account
    if bio is not None:
        author = Account.model_validate(
            {"handle": "@pc", "bio": bio, "owner": {"organisation": "tps", "role": "officer"}}
        )
    ctx = Context(
        post=Post.model_validate(data),
        author=author,
        account_given=bio is not None,
        resources=pol._resources,
    )
    value = run_detectors(ctx, pol._catalogue, (DETECTOR,)).values.get("role.disowning", 0)
    assert isinstance(value, int)
    return value


DISOWNING = [
    "Taking my badge off for this one: that verdict was a joke.",
    "Not speaking as a police officer here, but the new schedule is brutal.",
    "not talking as a TPS employee rn, just venting",
    "I'm not a cop on weekends, so don't bring me your parking complaints.",
    "Off duty so I can finally say it.",
    "On my day off, so I'll say whatever I want about the council.",
    "Personal opinion, not the Service's, so I can say what I like: terrible call.",
    "When the uniform comes off I'm just a guy with opinions.",
    "Speaking as a private citizen: the transit plan is a mess.",
    "Not a cop tonight, just a fan.",
    "0ff the cl0ck, so I say what I want.",
    # A role negated for a time, or for the person addressed.
    "Sorry, not an officer on weekends, ask the front desk Monday.",
    "Not your cop. Call 911 like everybody else.",
    # A civilian for now.
    "I'm a private citizen when I'm off, and I'll post what I like.",
    "Tonight I'm just a regular guy at the game, not a constable.",
    # Distancing from the duty.
    "I only work there, take it up with the brass.",
    "The uniform doesn't make me your personal chauffeur.",
    # Off duty, so not my problem.
    "I'm off today, so not my problem. Call it in.",
    "Not on duty, so I don't have to help anyone.",
    "Turning off cop mode for the weekend.",
    "As a regular citizen, I think the new transit plan is garbage.",
]


@pytest.mark.parametrize("text", DISOWNING)
def test_disowning(text: str) -> None:
    assert disowning(text) >= 1, text


NOT_DISOWNING = [
    "An off-duty officer stopped to help at a collision on the 401.",
    "Off duty but still happy to help: call 911 in an emergency.",
    "Views my own. Great turnout at the food drive!",
    "Opinions are my own and do not represent the Toronto Police Service.",
    "Speaking as a cop with 20 years in: lock your car.",
    "Signing off for the night. Stay safe, Toronto.",
    "Taking off my uniform for the last time after 32 years. Thank you all.",
    "Say hi if you see us at the parade!",
    # Plain facts about the role are not claims that it is off.
    "I'm not a cop, I'm a civilian call-taker, and I love this job.",
    "I'm a civilian member of TPS: I work in records.",
    "Not every officer works nights; some are on days this week.",
]


@pytest.mark.parametrize("text", NOT_DISOWNING)
def test_not_disowning(text: str) -> None:
    assert disowning(text) == 0, text


def test_bio_disclaimer_is_never_read() -> None:
    assert disowning("Great game tonight!", bio="Off duty so I say what I want. Views my own.") == 0


def test_quoted_and_reported_words_are_not_the_authors() -> None:
    assert disowning('He told me "I\'m off duty, so I can say what I like." He was wrong.') == 0
    assert disowning("A caller said she's not a cop right now so rules don't apply.") == 0


def test_captions_count() -> None:
    assert disowning("Weekend!", captions=("Badge off, gloves off.",)) >= 1


def test_evidence_spans() -> None:
    pol = policy()
    text = "N\u200bot speaking as a cop here: that ruling was wrong."
    ctx = Context(
        post=Post.model_validate({"id": "t", "text": text, "created_at": "2025-06-01T12:00:00Z"}),
        author=pol.pack.assumed_account,
        account_given=False,
        resources=pol._resources,
    )
    [ev] = run_detectors(ctx, pol._catalogue, (DETECTOR,)).evidence["role.disowning"]
    assert ev.span is not None and text[ev.span.start : ev.span.end] == ev.text
    assert ev.text == "N\u200bot speaking as a cop"


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(DISOWNING + NOT_DISOWNING), st.sampled_from(["upper", "lower", "title"]))
def test_invariant_under_case(text: str, how: str) -> None:
    assert disowning(getattr(text, how)()) == disowning(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_no_crash_on_arbitrary_text(text: str) -> None:
    assert disowning(text) >= 0


# --- conduct -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Protest downtown Saturday. Can't wait to bust some heads.",
        "We roughed him up a bit before the wagon came lol",
        "Hope he resists so I get to try the new Taser.",
    ],
)
def test_relished_force(text: str) -> None:
    assert values(text).get("role.force"), text


@pytest.mark.parametrize(
    "text",
    [
        "We don't crack heads, we de-escalate.",
        "Protesters say police roughed them up; the SIU is investigating.",
        "Cracking heads is never the answer.",
    ],
)
def test_force_negated_reported_or_condemned(text: str) -> None:
    assert not values(text).get("role.force"), text


def test_leverage_over_a_person() -> None:
    assert values("Funny, I ran your plate too 🙂", reply="Saw your cruiser in the bike lane.").get(
        "role.leverage"
    )
    assert values("Hope I pull you over one day.", reply="Cops are revenue collectors.").get(
        "role.leverage"
    )
    assert not values("Officers will be running plates at the RIDE check tonight.").get(
        "role.leverage"
    )


def test_favour_needs_an_enforcement_matter() -> None:
    assert values("Leave it with me, I'll see what I can do.", reply="Got a parking ticket!").get(
        "role.favour"
    )
    assert not values(
        "Leave it with me, I'll see what I can do.", reply="Could an officer visit our school?"
    ).get("role.favour")
    # Using the badge, or police systems, for oneself is a favour taken.
    assert values("Flashed my badge and skipped the line at the club 😎").get("role.favour")
    assert values("Ran my ex's plate to see where she lives now 😂").get("role.favour")
    assert values("Took the cruiser to pick up my dry cleaning, lights on lol").get("role.favour")
    assert values(
        "DM me the plate, I'll find out who owns it.", reply="Some guy keeps parking here"
    ).get("role.favour")


# --- rules ----------------------------------------------------------------------------------

MEMBER = {
    "handle": "@pc_example",
    "owner": {"organisation": "tps", "role": "officer"},
    "identifies_as_member": True,
}


def levels(text: str) -> dict[str, str]:
    d = policy().evaluate(
        {"id": "p", "text": text, "created_at": "2025-06-01T12:00:00Z"}, account=MEMBER
    )
    return {
        f.rule_id: str(getattr(f.level, "value", f.level))
        for f in d.findings
        if "tps.always-the-police" in f.clause_ids
    }


def test_disowning_alone_is_review() -> None:
    assert levels("Not speaking as an officer, but that bike lane design is a mess.") == {
        "tps.always-the-police.disowning-role": "review"
    }


def test_disowning_with_abuse_is_violation() -> None:
    assert levels("Off duty so I can say it: the guy who keyed my car is a total scumbag.") == {
        "tps.always-the-police.disowning-role-misconduct": "violation"
    }


def test_conduct_is_review_on_both_clauses() -> None:
    d = policy().evaluate(
        {
            "id": "p",
            "text": "Parade duty tomorrow. Can't wait to bust some heads 😂",
            "created_at": "2025-06-01T12:00:00Z",
        },
        account=MEMBER,
    )
    [finding] = [f for f in d.findings if f.rule_id == "tps.always-the-police.force"]
    assert str(getattr(finding.level, "value", finding.level)) == "review"
    assert set(finding.clause_ids) == {"tps.always-the-police", "tps.treat-others"}


def test_heuristic_rules_carry_a_budget() -> None:
    for rule in policy().rules:
        clauses = {c.clause for c in rule.implements}
        if "tps.always-the-police" in clauses and rule.determinacy.value == "heuristic":
            assert rule.budget is not None and rule.budget <= 0.005, rule.id


def test_edmonton_has_no_role_rule() -> None:
    d = policy("edmonton").evaluate(
        {
            "id": "p",
            "text": "Not speaking as a commissioner here.",
            "created_at": "2025-06-01T12:00:00Z",
        }
    )
    assert not [f for f in d.findings if f.rule_id.startswith("tps.")]
