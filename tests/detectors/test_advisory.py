"""Advisory detector: questions about the Service and redirects, doubt about posting,
temporary posts, posts treated as private; and the Toronto advice rules built on them."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import socialpolicy as sp
from _policies import shared_policy
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
ASKED = "advisory.asked_about_service"
TAKE_BACK = "advisory.take_back"


@cache
def policy() -> Policy:
    return shared_policy("toronto")


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
    assert {s.name for s in DETECTOR.signals} == {
        QUESTION,
        REDIRECTED,
        UNSURE,
        TEMPORARY,
        PRIVATE,
        ASKED,
        TAKE_BACK,
    }


# --- questions about the Service ---------------------------------------------------------------

QUESTIONS = [
    "@pc_devon will TPS make the body cam footage from the Dundas West stop public?",
    "@pc_maria why was the youth diversion program at 14 Division cancelled? Whose decision?",
    "are charges going to be laid over the collision on Finch Ave Sunday? my cousin was hit",
    "why do your officers ticket every rolling stop now instead of warning people? did the rule change?",
    "@pc_amy what is TPS doing about the car thefts in Leaside??",
    "Why did the police cancel the summer bike patrols downtown",  # no question mark
]


@pytest.mark.parametrize("question", QUESTIONS)
def test_service_questions(question: str) -> None:
    assert signals("Honestly not sure, sorry!", question).get(QUESTION) is True


NOT_QUESTIONS = [
    "Wait, you're a cop? Is that really how you talk to people online?",
    "who called the cops about our backyard bbq on Friday??",  # about a private person: privacy
    "You cops never do anything. Watched two of you sit at Starbucks all afternoon.",
    "Great job at the parade today officers!",
    "Is the youth soccer clinic still on this weekend?",
]


@pytest.mark.parametrize("question", NOT_QUESTIONS)
def test_not_service_questions(question: str) -> None:
    assert QUESTION not in signals("Thanks!", question)


# A request to explain is a question without a question mark; a question about the member or
# another person is not one about the Service, even when it names the police.
ASKS_AND_PERSONS = [
    ("As a TPS officer, explain to me why my stolen car report went nowhere", True),
    ("Tell me why your officers never patrol our street", True),
    ("Did you arrest the guy who broke into my garage?", True),  # a case: the Service's
    ("Are you going to the police games this year?", False),
    ("Cute dog! Is he a police dog?", False),
    ("Any update on the parade route?", False),
    ("Congrats! Did you change divisions?", False),
    ("What happened on Bloor last night? Sirens everywhere", True),  # police activity
    ("What happened to your arm?", False),
]


@pytest.mark.parametrize(("question", "about_the_service"), ASKS_AND_PERSONS)
def test_asks_and_questions_about_persons(question: str, about_the_service: bool) -> None:
    assert (signals("Thanks!", question).get(QUESTION) is True) is about_the_service


def test_naming_the_investigators_is_not_a_redirect() -> None:
    assert REDIRECTED not in signals("The investigators are working hard on it, I promise.")
    assert signals("The investigators are the right people to ask.").get(REDIRECTED)
    assert signals("Best to check with the officer in charge of your file.").get(REDIRECTED)


def test_redirects() -> None:
    assert signals("Good question for our corporate comms people.").get(REDIRECTED)
    assert signals("Media relations can give you the official answer.").get(REDIRECTED)
    assert REDIRECTED not in signals("No clue, that's above my rank 😅 but fingers crossed!")


# --- doubt, impermanence, privacy ----------------------------------------------------------------

UNSURE_POSTS = [
    "Not 100% sure I should share this 🤫 but the new mounted unit horse arrived today",
    "Not sure I should be posting this but here's the new tactical vehicle 😎",
    "Idk if I'm allowed to share this but our unit won the cup!",
    "Hope this is ok to post! Our new recruits on day one.",
    "Probably not supposed to share this yet but look at our new marine unit boat",
    "I'm probably going to get in trouble for posting this but look at this view",
    "Don't tell my sergeant, but here's a peek at the new division gym",
    "Probably shouldn't be posting this but the view from the marine unit boat today 😍",
]


# The rest of the clause: "not sure about what to say, how to engage, what to post".
UNSURE_HOW_TO_ENGAGE = [
    "Still not sure how to respond when residents DM me about their cases.",
    "A guy keeps tagging me in dashcam clips. Reply or ignore? No clue what I'm supposed to do.",
    "No idea what I'm allowed to say about work on here, so expect cat photos.",
    "Can I post a photo of the new boat with the hull number showing? Asking before I hit send.",
    "Does anyone know if we're allowed to post pics from the range day?",
    "Waiting on comms before I share the photos from the gala.",
]
UNSURE_POSTS += UNSURE_HOW_TO_ENGAGE


@pytest.mark.parametrize("text", UNSURE_POSTS)
def test_unsure(text: str) -> None:
    assert signals(text).get(UNSURE, 0) >= 1, text


TEMPORARY_POSTS = [
    "Deleting this in a bit but two sentencing hearings before lunch and I'm FRIED 😩",
    "Will delete this tomorrow but I need to vent about night shift",
    "This tweet will self-destruct in 10 minutes lol",
    "I will take this down later, but wow what a day in court.",
    "Temporary post: here's our squad photo before the chief sees it",
]


# Counted on to vanish (stories, disappearing messages), or posted before being sure.
TEMPORARY_POSTS += [
    "On my story so it's gone in 24 hours: the whole platoon in ugly sweaters",
    "It'll vanish in a day anyway, so here's my terrible bowling form",
    "Posting this before I change my mind: my first open mic",
    "Might regret posting this in the morning but here's me at karaoke",
]


@pytest.mark.parametrize("text", TEMPORARY_POSTS)
def test_temporary(text: str) -> None:
    assert signals(text).get(TEMPORARY, 0) >= 1, text


PRIVATE_POSTS = [
    "Locked my account, so here's my honest review: the break room microwave has seen better decades",
    "Now that my account is private, I can finally say it: court officers don't get enough credit",
    "Just between us, that training day was the most boring eight hours of my life.",
    "Only my followers will see this so here goes",
    "On my alt account so nobody knows it's me: the new radios are junk",
]


# "Assume that everything you do ... will be seen by the public, the media and the Chief."
PRIVATE_POSTS += [
    "The Chief isn't going to read this, so: the parade uniforms are itchy.",
    "Hardly anyone follows me so here's my honest review of the academy food.",
    "Nobody on here knows I'm a cop, which is the best part.",
    "It's just my little corner of the internet, nobody's watching.",
]


@pytest.mark.parametrize("text", PRIVATE_POSTS)
def test_private_belief(text: str) -> None:
    assert signals(text).get(PRIVATE, 0) >= 1, text


TAKE_BACK_POSTS = [
    "Deleted my last tweet, it came out wrong. Long week.",
    "Ignore my earlier post about the shift swap, not what I meant at all",
    "Sorry, I worded that badly. I took it down.",
]


@pytest.mark.parametrize("text", TAKE_BACK_POSTS)
def test_take_back(text: str) -> None:
    assert signals(text).get(TAKE_BACK, 0) >= 1, text


ASKED_POSTS = [
    "A journalist DM'd me asking about the arrest on Queen West. Nope, not today.",
    "Everyone at the rink keeps asking me why the program was cancelled. Beats me.",
    "Got three messages asking why we changed the towing rules.",
]
NOT_ASKED = [
    "My kids keep asking me about the police horses",  # no Service-level topic
    "Ask us about our summer youth programs at the open house!",  # the Service invites
    "The investigation is ongoing; a reporter asked me nothing.",  # the topic comes first
]


@pytest.mark.parametrize("text", ASKED_POSTS)
def test_asked_about_the_service(text: str) -> None:
    assert signals(text).get(ASKED) is True, text


@pytest.mark.parametrize("text", NOT_ASKED)
def test_not_asked_about_the_service(text: str) -> None:
    assert ASKED not in signals(text), text


QUIET = [
    "Not sure if your bike is registered? Check our website and do it today.",
    "Not sure if we'll have snow tomorrow, stay safe",
    "We hope you share this message with the seniors in your life.",
    "Delete suspicious texts without clicking any links.",
    "Delete the app if you don't use it. Scammers love old accounts.",
    "Home may not be a safe space for some children right now. Report abuse to us.",
    "Our account is the best place for updates on road closures.",
    "Thanks to Corporate Communications for helping us share this story.",
    "We could all use matching burner phones for the escape room lol",
    "Drivers will see staff outside HQ for a few minutes during the fire drill.",
    "Not sure what time the fireworks start, anyone know?",
    "Wondering if the rain will hold off for the charity run.",
    "The detour on Bathurst will be gone in a couple of days.",
    "Check your privacy settings: a private account can still be screenshotted.",
    "Nobody likes a fender bender. Slow down on wet roads.",
    "Story time at the library with 32 Division this Saturday!",
    "Changed my mind about the bake sale: Sunday instead.",
    "We've deleted the duplicate appeal; the correct one is pinned above.",
]


@pytest.mark.parametrize("text", QUIET)
def test_ordinary_posts_are_quiet(text: str) -> None:
    got = signals(text)
    assert not {UNSURE, TEMPORARY, PRIVATE, TAKE_BACK, ASKED} & set(got), text


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
    got = advice(
        "No clue, that's above my rank 😅 but fingers crossed!", QUESTIONS[0], account=MEMBER
    )
    assert got == {"tps.official-response.redirect": "advice"}
    redirected = advice(
        "Our Corporate Communications folks are better placed to answer that one.",
        QUESTIONS[0],
        account=MEMBER,
    )
    assert redirected == {}
    # the Service's own accounts are its spokespersons
    assert advice("We'll share an update when we can.", QUESTIONS[0], account=OFFICIAL) == {}


def test_answering_with_a_policy_comment_gets_both() -> None:
    got = advice(
        "Correct, starting this year our procedure is tickets, no warnings, for rolling "
        "stops. Personally I'd say it was long overdue.",
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


def test_new_advice_rules() -> None:
    assert advice(TAKE_BACK_POSTS[0]) == {"tps.internet-is-forever.take-back": "advice"}
    assert advice(ASKED_POSTS[0], account=MEMBER) == {"tps.official-response.asked": "advice"}
    # a member who reports the question and the redirect gets nothing
    assert (
        advice(
            "A reporter asked me about the arrest; I sent her to Corporate Communications, "
            "they can answer.",
            account=MEMBER,
        )
        == {}
    )
    # the Service's own accounts answer officially
    assert advice(ASKED_POSTS[0], account=OFFICIAL) == {}


def test_advisory_rules_are_advice_only() -> None:
    """Advice never raises a verdict: every rule citing an advisory clause is advice-level."""
    for name in ("toronto", "edmonton"):
        pol = sp.load_policy(name)
        advisory = {
            c.id
            for c in pol.clauses
            if str(getattr(c.checked_by, "value", c.checked_by)) == "advisory"
        }
        assert advisory, name
        for rule in pol.rules:
            if set(rule.clause_ids) & advisory:
                assert str(getattr(rule.level, "value", rule.level)) == "advice", rule.id


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


ADVICE_TEXTS = UNSURE_POSTS + TEMPORARY_POSTS + PRIVATE_POSTS + TAKE_BACK_POSTS + ASKED_POSTS


def _flags(text: str, visibility: str) -> set[str]:
    decision = policy().evaluate(post_data(text, visibility=visibility), account=MEMBER)
    return {f.rule_id for f in decision.findings if f.level.value != "advice"}


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(ADVICE_TEXTS),
    st.sampled_from(QUIET + ["", "Great day at the parade!"]),
    st.sampled_from(["public", "followers", "direct"]),
)
def test_advice_never_changes_a_flag(signal_text: str, other: str, visibility: str) -> None:
    """The advisory detector never raises a flag: with it silenced, every review and
    violation finding is still there. (It may quiet one: the accounts-represent-us reader
    stands down where the post points people to Corporate Communications.)"""
    text = f"{other} {signal_text}".strip()
    with_advice = _flags(text, visibility)

    def quiet(self: AdvisoryDetector, ctx: Context) -> Iterator[Any]:
        return iter(())

    with mock.patch.object(AdvisoryDetector, "detect", quiet):
        assert with_advice <= _flags(text, visibility)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.one_of(st.none(), st.text(max_size=200)))
def test_never_crashes(text: str, reply: str | None) -> None:
    signals(text, reply)


def test_the_askers_are_not_a_redirect() -> None:
    """'For those asking' names who asked, not where to ask (issue 10, represent2)."""
    import socialpolicy as sp

    pol = sp.load_policy("toronto")
    asked = "For those asking: the investigators have made an arrest."
    pointed = "For the details, try asking the investigators."
    assert not pol.signals_for({"id": "a", "text": asked, "created_at": "2025-06-01T12:00:00Z"})[
        1
    ].values.get("advisory.redirected")
    assert pol.signals_for({"id": "b", "text": pointed, "created_at": "2025-06-01T12:00:00Z"})[
        1
    ].values.get("advisory.redirected")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["corporate communications", "our comms team", "call", "ask", "contact", "we", "."]
        ),
        max_size=40,
    )
)
def test_redirect_by_sentence_agrees_with_asking_every_pair(words: list[str]) -> None:
    """`redirect` finds the first pointer of each sentence once; asking every pointer for
    every destination, as it did, finds the same pair."""
    from socialpolicy.detectors._windows import Sentences
    from socialpolicy.detectors.advisory import POINTER, REDIRECT, redirect

    text = " ".join(words)
    pol = policy()
    ctx = Context(
        post=Post.model_validate(post_data(text)),
        author=pol.pack.assumed_account,
        account_given=False,
        resources=pol._resources,
    )
    nt, g = ctx.normalised("text", text), ctx.grouped("text", text)
    sents = Sentences(nt.text)
    pairs = [
        (d, p) if d.start <= p.start else (p, d)
        for d in g.get(REDIRECT, [])
        for p in g.get(POINTER, [])
        if sents.same(d.start, p.start)
    ]
    assert redirect(nt, g) == (pairs[0] if pairs else None)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(["asked me", "about the case", "charges", "ok.", "x", "the program"]),
        max_size=30,
    )
)
def test_asked_about_service_by_bisection_agrees_with_asking_every_topic(
    words: list[str],
) -> None:
    """An ask looks only at the first topic at or after it (topics are in text order);
    asking every topic, as it did, finds the same pair."""
    from socialpolicy.detectors import advisory
    from socialpolicy.detectors._windows import Sentences

    text = " ".join(words)
    pol = policy()
    post = Post(id="p", text=text, created_at="2025-06-02T12:00:00Z")  # type: ignore[arg-type]
    ctx = Context(
        post=post,
        author=pol.pack.assumed_account,
        account_given=False,
        resources=pol._resources,
    )
    nt, g = ctx.normalised("text", text), ctx.grouped("text", text)
    sents = Sentences(nt.text)
    expected = next(
        (
            (a, t)
            for a in g.get(advisory.ASKED, [])
            for t in g.get(advisory.QUESTION_TOPIC, [])
            if t.start >= a.start and sents.same(a.start, t.start)
        ),
        None,
    )
    assert advisory.asked_about_service(nt, g) == expected


# -- a favour asked of the member, or a question about the member, wants no official answer
@pytest.mark.parametrize(
    "reply",
    [
        "Could you make my parking ticket go away for me?",
        "My brother got pulled over last night, any chance you know someone?",
        "Shouldn't you be a role model as a police officer?",
    ],
)
def test_a_favour_or_a_question_about_the_member_is_no_service_question(reply: str) -> None:
    assert not signals("Not happening, sorry.", reply).get(QUESTION), reply


@pytest.mark.parametrize(
    "reply",
    [
        "Can you tell me why the division front desk closed early?",
        "Why did the police stop ticketing on my street?",
    ],
)
def test_a_question_about_the_service_still_asks_for_a_redirect(reply: str) -> None:
    assert signals("Not sure, sorry.", reply).get(QUESTION), reply
