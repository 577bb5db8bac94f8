"""Political detector: campaign solicitation, opinions on elected officials, partisan posts."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import socialpolicy as sp
from socialpolicy.detectors import run_detectors
from socialpolicy.detectors.context import Context
from socialpolicy.detectors.political import LEXICONS, PoliticalDetector
from socialpolicy.inputs import Post
from socialpolicy.normalise import normalise
from socialpolicy.policy import Policy

DETECTOR = PoliticalDetector()


@cache
def policy(pack: str = "edmonton") -> Policy:
    return sp.load_policy(pack)


def context(
    text: str, reply: str | None = None, captions: tuple[str, ...] = (), pack: str = "edmonton"
) -> Context:
    pol = policy(pack)
    data: dict[str, Any] = {"id": "t", "text": text, "created_at": "2025-06-01T12:00:00Z"}
    if reply is not None:
        data["in_reply_to"] = {"text": reply}
    if captions:
        data["media"] = [{"kind": "image", "caption": c} for c in captions]
    return Context(
        post=Post.model_validate(data),
        author=pol.pack.assumed_account,
        account_given=False,
        resources=pol._resources,
    )


def signals(
    text: str, reply: str | None = None, captions: tuple[str, ...] = (), pack: str = "edmonton"
) -> dict[str, Any]:
    pol = policy(pack)
    out = run_detectors(context(text, reply, captions, pack), pol._catalogue, (DETECTOR,))
    return out.values


SOLICITATIONS = [
    "Pls d0nate to my cousin's run for council, every $ counts!",
    "Looking for volunteers to help re-elect Councillor Obi. Sign up at example.org/obi",
    "Door knocking in Ward Nakota Isga every Saturday, bring a friend.",
    "Chip in $25 before the FEC deadline so Democrats hold the Senate.",
    "Sign up to phone bank for the Alberta NDP this week.",
    "Can you make a contribution to keep our campaign for city council going?",
    "Please pitch in whatever you can so Tom can win this seat for the UCP.",
]
NOT_SOLICITATIONS = [
    "Helped out at the food bank warehouse today. They're short on volunteers, sign up online.",
    "Please donate blood this Saturday at the rec centre.",
    "My son's ringette team has a bottle drive Sunday to raise funds for nationals. Drop-offs welcome!",
    "The Commission wants volunteers for its new youth advisory group. Apply online.",
    "Reminder: municipal voting day is coming up. Make sure you're on the voters list!",
    "Elections Edmonton is recruiting election workers. Sign up online.",
    "Huge thanks to the volunteers who set up chairs at Tuesday's forum.",
    "Volunteers needed for the Ward 8 river valley cleanup on Saturday.",
]


@pytest.mark.parametrize("text", SOLICITATIONS)
def test_solicitation_fires(text: str) -> None:
    assert signals(text).get("political.solicitation", 0) >= 1


@pytest.mark.parametrize("text", NOT_SOLICITATIONS)
def test_not_solicitation(text: str) -> None:
    assert not signals(text).get("political.solicitation")


def test_reply_supplies_the_campaign() -> None:
    reply = "Where do I sign up for Okafor's council campaign?"
    assert (
        signals("Message me, we need door knockers and folks to pitch in $25", reply)[
            "political.solicitation"
        ]
        >= 1
    )
    assert not signals("Message me, we need door knockers and folks to pitch in $25").get(
        "political.solicitation"
    )
    # The reply's own asks are not the author's.
    assert not signals("Sounds great.", "Donate to Kim's campaign for mayor!").get(
        "political.solicitation"
    )


def test_caption_supplies_the_campaign() -> None:
    assert (
        signals("Every dollar helps! Link below.", captions=("Jane Roe for City Council",))[
            "political.solicitation"
        ]
        == 1
    )


def test_evidence_points_at_what_the_author_wrote() -> None:
    text = "Pls d\u200b0nate to Priya's council campaign"
    ctx = context(text)
    hits = [h for h in DETECTOR.detect(ctx) if h.signal == "political.solicitation"]
    ask = hits[0].evidence[0]
    assert ask.span is not None
    assert text[ask.span.start : ask.span.end] == ask.text == "d\u200b0nate"


OPINIONS = [
    "Honestly, the Mayor's proposal to cut transit security is short-sighted.",
    "Totally behind the Justice Minister's rural crime plan, at last somebody in Ottawa gets it.",
    "I fully support Councillor Ibarra's motion on transit safety.",
    "Our MP flip-flopped again on the firearms bill.",
    "Disappointed in the Minister's bill on rural policing.",
    "Couldn't agree more with Premier Smith on bail reform.",
]
NOT_OPINIONS = [
    "Grateful to the Mayor and Councillor Tanaka for dropping by our community forum.",
    "Kudos to the Mayor for coming out to the river valley cleanup!",
    "Council votes down the Mayor's motion 8-5.",
    "Councillor Ng will step down at the end of her term.",
    "Council will support the Commission's budget request on Tuesday.",
    "As a Commissioner I won't weigh in on the Premier's plan.",
    "The Minister of Public Safety visited HQ today and met with the Chief.",
]


@pytest.mark.parametrize("text", OPINIONS)
def test_official_opinion_fires(text: str) -> None:
    assert signals(text).get("political.official_opinion", 0) >= 1


@pytest.mark.parametrize("text", NOT_OPINIONS)
def test_not_official_opinion(text: str) -> None:
    assert not signals(text).get("political.official_opinion")


def test_opinion_in_reply_to_a_question_about_an_official() -> None:
    reply = "Thoughts on Councillor Marchetti's push to shrink the traffic unit?"
    assert (
        signals("He's dead wrong and I hope people remember it.", reply)[
            "political.official_opinion"
        ]
        == 1
    )
    assert not signals("Thanks for asking, see the minutes.", reply).get(
        "political.official_opinion"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Just planted a yard sign for Nguyen out front. Strongest candidate in the ward!",
        "Proud to endorse Ahmed Ali for Ward Metis council.",
        "Sarah Chen has my vote for council.",
    ],
)
def test_partisan(text: str) -> None:
    assert signals(text).get("political.partisan", 0) >= 1


@pytest.mark.parametrize(
    "text",
    [
        "Whoever you vote for, please vote on Monday.",
        "Find your voting station for the election at example.org/vote.",
        "The Commission voted for the new policy today.",
    ],
)
def test_not_partisan(text: str) -> None:
    assert not signals(text).get("political.partisan")


def test_campaign_context_flag() -> None:
    assert signals("The mayoral race is heating up.")["political.campaign_context"] is True
    assert "political.campaign_context" not in signals("Great turnout tonight.")


def test_pack_without_the_lexicons_gets_no_hits() -> None:
    assert signals("Pls donate to my friend's campaign for mayor", pack="toronto") == {}


def test_lexicon_examples() -> None:
    pol = policy()
    matcher = pol._resources.matcher
    for lex in pol.pack.lexicons:
        if lex.id not in LEXICONS:
            continue
        for ex in lex.examples_match:
            ids = {m.lexicon_id for m in matcher.find(normalise(ex))}
            assert lex.id in ids, (lex.id, ex)
        for ex in lex.examples_no_match:
            ids = {m.lexicon_id for m in matcher.find(normalise(ex))}
            assert lex.id not in ids, (lex.id, ex)


SAMPLES = SOLICITATIONS + OPINIONS + NOT_SOLICITATIONS[:3]


def _insert_zero_width(text: str, seed: int) -> str:
    """A zero-width space inside every third word (between its first two letters)."""
    words = text.split(" ")
    for i in range(seed % 3, len(words), 3):
        w = words[i]
        if len(w) > 2 and w[0].isalpha() and w[1].isalpha():
            words[i] = w[0] + "\u200b" + w[1:]
    return " ".join(words)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(SAMPLES),
    st.sampled_from(["upper", "lower", "swapcase"]),
    st.integers(min_value=0, max_value=2),
)
def test_invariant_under_case_and_zero_width(text: str, case: str, seed: int) -> None:
    expected = signals(text)
    changed = _insert_zero_width(getattr(text, case)(), seed)
    assert signals(changed) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.one_of(st.none(), st.text(max_size=100)))
def test_no_crash_on_arbitrary_text(text: str, reply: str | None) -> None:
    values = signals(text, reply)
    assert all(k.startswith("political.") for k in values)
