"""Advisory detector: questions about the Service and redirects, doubt about posting,
temporary posts, posts treated as private; and the Toronto advice rules built on them."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import socialpolicy as sp
from socialpolicy.detectors import DETECTORS, run_detectors
from socialpolicy.detectors.advisory import AdvisoryDetector
from socialpolicy.detectors.context import Context
from socialpolicy.inputs import Post
from socialpolicy.policy import Policy

DETECTOR = AdvisoryDetector()
QUESTION = "advisory.service_question"
REDIRECTED = "advisory.redirected"
UNSURE = "advisory.unsure"
TEMPORARY = "advisory.temporary"
PRIVATE = "advisory.private_belief"


@cache
def policy() -> Policy:
    return sp.load_policy("toronto")


def post_data(text: str, reply: str | None = None, visibility: str = "public") -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "t",
        "text": text,
        "created_at": "2025-06-01T12:00:00Z",
        "visibility": visibility,
    }
    if reply is not None:
        data["in_reply_to"] = {"author": "@citizen", "text": reply}
    return data


def signals(text: str, reply: str | None = None) -> dict[str, Any]:
    pol = policy()
    ctx = Context(
        post=Post.model_validate(post_data(text, reply)),
        author=pol.pack.assumed_account,
        account_given=False,
        resources=pol._resources,
    )
    return dict(run_detectors(ctx, pol._catalogue, (DETECTOR,)).values)


def test_registered_and_declared() -> None:
    assert any(isinstance(d, AdvisoryDetector) for d in DETECTORS)
    assert {s.name for s in DETECTOR.signals} == {QUESTION, REDIRECTED, UNSURE, TEMPORARY, PRIVATE}


# --- questions about the Service ---------------------------------------------------------------

QUESTIONS = [
    "@tpsrecruitjen is TPS going to release the bodycam video from the Jane St arrest?",
    "@pc_maria why did TPS end the school resource officer program? Who made that call?",
    "will charges be laid in the crash on Kingston Rd last week? my nephew was hurt",
    "why don't officers give warnings for speeding near schools anymore? is that a new rule?",
    "@pc_amy what is TPS doing about the car thefts in Leaside??",
    "Why did the police cancel the summer bike patrols downtown",  # no question mark
]


@pytest.mark.parametrize("question", QUESTIONS)
def test_service_questions(question: str) -> None:
    assert signals("Honestly not sure, sorry!", question).get(QUESTION) is True


NOT_QUESTIONS = [
    "Aren't you a cop? Should you really be talking to people like that?",
    "who called the cops on our party last night??",  # about a private person: privacy
    "Cops in this city do nothing. Saw 3 of you at Tim's for an hour.",
    "Great job at the parade today officers!",
    "Is the youth soccer clinic still on this weekend?",
]


@pytest.mark.parametrize("question", NOT_QUESTIONS)
def test_not_service_questions(question: str) -> None:
    assert QUESTION not in signals("Thanks!", question)


def test_redirects() -> None:
    assert signals("That's a good one for our Corporate Communications team.").get(REDIRECTED)
    assert signals("Media relations can give you the official answer.").get(REDIRECTED)
    assert REDIRECTED not in signals("Way above my pay grade 😅 but I hope so!")


# --- doubt, impermanence, privacy ----------------------------------------------------------------

UNSURE_POSTS = [
    "Not 100% sure I'm allowed to post this yet 🤫 but here's a sneak peek at our new K9 truck",
    "Not sure I should be posting this but here's the new tactical vehicle 😎",
    "Idk if I'm allowed to share this but our unit won the cup!",
    "Hope this is ok to post! Our new recruits on day one.",
    "Probably not supposed to share this yet but look at our new marine unit boat",
    "I'm probably going to get in trouble for posting this but look at this view",
    "Don't tell my sergeant, but here's a peek at the new division gym",
]


@pytest.mark.parametrize("text", UNSURE_POSTS)
def test_unsure(text: str) -> None:
    assert signals(text).get(UNSURE, 0) >= 1, text


TEMPORARY_POSTS = [
    "Deleting this in an hour but three trials today and I am COOKED 😩",
    "Will delete this tomorrow but I need to vent about night shift",
    "This tweet will self-destruct in 10 minutes lol",
    "I will take this down later, but wow what a day in court.",
    "Temporary post: here's our squad photo before the chief sees it",
]


@pytest.mark.parametrize("text", TEMPORARY_POSTS)
def test_temporary(text: str) -> None:
    assert signals(text).get(TEMPORARY, 0) >= 1, text


PRIVATE_POSTS = [
    "Locked my account so I can finally say it: the night shift coffee is a crime against humanity",
    "Now that my account is private, I can finally say it: court officers don't get enough credit",
    "Just between us, that training day was the most boring eight hours of my life.",
    "Only my followers will see this so here goes",
]


@pytest.mark.parametrize("text", PRIVATE_POSTS)
def test_private_belief(text: str) -> None:
    assert signals(text).get(PRIVATE, 0) >= 1, text


QUIET = [
    "Not sure if your bike is registered? Check our website and do it today.",
    "Not sure if we'll have snow tomorrow, stay safe",
    "We hope you share this message with the seniors in your life.",
    "Delete suspicious texts without clicking any links.",
    "Delete the app if you don't use it. Scammers love old accounts.",
    "Home may not be a safe space for some children right now. Report abuse to us.",
    "Our account is the best place for updates on road closures.",
    "Thanks to Corporate Communications for helping us share this story.",
]


@pytest.mark.parametrize("text", QUIET)
def test_ordinary_posts_are_quiet(text: str) -> None:
    got = signals(text)
    assert not {UNSURE, TEMPORARY, PRIVATE} & set(got), text


# --- rules ------------------------------------------------------------------------------------

MEMBER = {"handle": "@pc_jones", "owner": {"organisation": "tps", "role": "officer"}}
OFFICIAL = {
    "handle": "@TPSNewsroom",
    "official": True,
    "approved": True,
    "owner": {"organisation": "tps", "role": "civilian"},
}


def advice(
    text: str,
    reply: str | None = None,
    visibility: str = "public",
    account: dict[str, Any] | None = None,
) -> dict[str, str]:
    decision = policy().evaluate(post_data(text, reply, visibility), account=account)
    return {f.rule_id: f.level.value for f in decision.findings}


def test_official_response_advice() -> None:
    got = advice("Way above my pay grade 😅 but I hope so!", QUESTIONS[0], account=MEMBER)
    assert got == {"tps.official-response.redirect": "advice"}
    redirected = advice(
        "Good one for our Corporate Communications team, they can give you the accurate answer.",
        QUESTIONS[0],
        account=MEMBER,
    )
    assert redirected == {}
    # the Service's own accounts are its spokespersons
    assert advice("We'll share an update when we can.", QUESTIONS[0], account=OFFICIAL) == {}


def test_answering_with_a_policy_comment_gets_both() -> None:
    got = advice(
        "Yep, as of this year our procedure is zero warnings in school zones, tickets "
        "only. Personally I think it's overdue.",
        QUESTIONS[3],
        account=MEMBER,
    )
    assert got == {
        "tps.accounts-represent-us.policy-judgement": "violation",
        "tps.official-response.redirect": "advice",
    }


def test_advice_rules() -> None:
    assert advice(UNSURE_POSTS[0]) == {"tps.questions-ask.unsure": "advice"}
    assert advice(TEMPORARY_POSTS[0]) == {"tps.internet-is-forever.temporary": "advice"}
    assert advice(PRIVATE_POSTS[0], visibility="followers") == {
        "tps.public-space.private-belief": "advice"
    }


def test_visibility_alone_gives_no_advice() -> None:
    for visibility in ("followers", "private", "direct"):
        assert advice("Happy Friday everyone, have a safe weekend!", visibility=visibility) == {}


def test_non_public_post_with_another_sign_gets_public_space_advice() -> None:
    got = advice("Will delete later but the new schedule is brutal.", visibility="followers")
    assert got["tps.public-space.private-belief"] == "advice"
    assert got["tps.internet-is-forever.temporary"] == "advice"
    assert "tps.public-space.private-belief" not in advice(
        "Will delete later but the new schedule is brutal."
    )


# --- properties -------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(UNSURE_POSTS + TEMPORARY_POSTS + PRIVATE_POSTS + QUIET), st.data())
def test_invariant_under_case_and_zero_width(text: str, data: st.DataObject) -> None:
    expected = signals(text)
    assert signals(text.swapcase()) == expected
    inner = [i for i in range(1, len(text)) if text[i - 1].isalpha() and text[i].isalpha()]
    i = data.draw(st.sampled_from(inner))
    zw = data.draw(st.sampled_from(["\u200b", "\u200d", "\u2060", "\ufeff"]))
    assert signals(text[:i] + zw + text[i:]) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.one_of(st.none(), st.text(max_size=200)))
def test_never_crashes(text: str, reply: str | None) -> None:
    signals(text, reply)
