"""Respect detector: aimed insults, slurs, identity attacks, dismissals, profanity; quoted,
reported and condemned abuse; evidence spans; the rules of both packs built on it."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import socialpolicy as sp
from socialpolicy.detectors import run_detectors
from socialpolicy.detectors.context import Context
from socialpolicy.detectors.matching import LexiconMatcher
from socialpolicy.detectors.resources import PackResources
from socialpolicy.detectors.respect import RespectDetector
from socialpolicy.inputs import Post
from socialpolicy.policy import Policy

DETECTOR = RespectDetector()
ABUSE = (
    "respect.insult_at_person",
    "respect.slur",
    "respect.identity_attack",
    "respect.threat",
    "respect.dismissive",
    "respect.profanity",
)


@cache
def policy(pack: str = "toronto") -> Policy:
    return sp.load_policy(pack)


def context(
    text: str, reply: str | None = None, captions: tuple[str, ...] = (), pack: str = "toronto"
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
    text: str, reply: str | None = None, captions: tuple[str, ...] = (), pack: str = "toronto"
) -> dict[str, Any]:
    out = run_detectors(context(text, reply, captions, pack), policy(pack)._catalogue, (DETECTOR,))
    return out.values


def raised(text: str, reply: str | None = None, pack: str = "toronto") -> set[str]:
    """The abuse signals raised (not `targets` or `quoted`)."""
    return {k for k, v in signals(text, reply, pack=pack).items() if v and k in ABUSE}


# --- insults ------------------------------------------------------------------------------

AIMED_INSULTS = [
    "You absolute numpty, read the sign.",
    "you're a complete and utter buffoon",
    "Honestly the driver in the white van is a total jackass.",
    "Anyone who still believes that story is a gullible dimwit.",
    "What an imbecile.",
    "Those delivery guys blocking the lane are bonehead drivers, I swear",  # "bonehead"
    "Learn to merge, halfwit.",
    "Nobody elected you, l\u200boser.",
    "You really are as dumb as you look.",
    "@parkingking you're pathetic",
    "Only a scumbag like you would do that.",
    "F*ck you and your petition.",
]


@pytest.mark.parametrize("text", AIMED_INSULTS)
def test_aimed_insults(text: str) -> None:
    assert signals(text).get("respect.insult_at_person", 0) >= 1, text


@pytest.mark.parametrize(
    "text",
    [
        "Clown.",
        "Total moron 🤡",
        "Idiot, read the post before replying.",
    ],
)
def test_vocative_insult_opening_a_reply(text: str) -> None:
    assert signals(text, reply="Cops never do anything.").get("respect.insult_at_person")
    # The same words opening an ordinary post are not aimed at anyone in particular.
    assert not signals(text).get("respect.insult_at_person")


NOT_AIMED = [
    "I'm such an idiot, left my radio in the cruiser again.",
    "What an idiot I am, forgot my own password.",
    "Don't be a dumbass: plan a safe ride home.",
    "You're not stupid for falling for a scam. It happens to smart people every day.",
    "Thank you to the clowns and magicians who came out for the kids!",
    "Stupid printer jammed again, reports will be late.",
    "This rule is stupid and I hope it changes.",
    "Animal Services reminds you: rats love garbage left out overnight.",
    "Psychology students toured the forensic lab today.",
]


@pytest.mark.parametrize("text", NOT_AIMED)
def test_untargeted_self_negated_and_literal_uses(text: str) -> None:
    assert not raised(text) - {"respect.profanity"}, text


def test_crime_exception_for_harsh_words_about_offenders() -> None:
    # Toronto excepts views that constitute a criminal offence: condemning the offender.
    values = signals("The man who assaulted a senior on Queen St is a scumbag. He was arrested.")
    assert not values.get("respect.insult_at_person")
    assert values.get("respect.quoted") == 1
    # Addressed to "you", the same word is still an insult.
    assert signals("You're a scumbag, and I'll say it even if you were robbed.").get(
        "respect.insult_at_person"
    )


# --- slurs --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Typical f@ggot behaviour.",
        "shut it, you r e t a r d",
        "Another bunch of towelheads at the mall.",
    ],
)
def test_slurs(text: str) -> None:
    values = signals(text)
    assert values.get("respect.slur") == 1
    assert values.get("respect.targets")


@pytest.mark.parametrize(
    "text",
    [
        "A chink in the armour of the defence's case.",
        "Raccoons got into the bins on Dyke Road again.",
        "Fire retardant was dropped on the grass fire.",
    ],
)
def test_slur_homonyms_left_out(text: str) -> None:
    assert not signals(text).get("respect.slur")


# --- identity attacks ---------------------------------------------------------------------

IDENTITY_ATTACKS = [
    "Refugees are parasites, plain and simple.",
    "The folks sleeping under the bridge are vermin.",
    "Don't like our ways? Go back to your own country.",
    "If you can't speak the language, go back where you came from.",
    "Immigrants should learn English or stay home.",
    "I h4te immigrants.",
    "So sick of all these refugees.",
    "Women are disgusting.",
    "Those people act like animals. Round them all up.",
]


@pytest.mark.parametrize("text", IDENTITY_ATTACKS)
def test_identity_attacks(text: str) -> None:
    values = signals(text)
    assert values.get("respect.identity_attack", 0) >= 1, text
    assert "group" in values.get("respect.targets", ())


@pytest.mark.parametrize(
    "text",
    [
        "Free English conversation circles for newcomers every Tuesday at the library.",
        "Newcomers who want to learn English can join the free classes.",
        "Animal Care has 40 animals ready for adoption this weekend.",
        "Rats spotted near the subway entrance; people are asked not to leave food out.",
        "Residents report an infestation of bed bugs in the building.",
        "I hate seeing seniors get targeted by scammers.",
        "Please clear the area while crews work.",
        "Proud to march with our Muslim, Jewish and Sikh neighbours today.",
    ],
)
def test_identity_words_in_ordinary_posts(text: str) -> None:
    assert not signals(text).get("respect.identity_attack"), text


# --- threats ------------------------------------------------------------------------------


def test_threats() -> None:
    assert signals("Those protesters should all be shot.").get("respect.threat") == 1
    assert signals("I know where you live.", reply="You're a disgrace.").get("respect.threat")
    assert not signals("No one deserves to die over a parking spot.").get("respect.threat")
    assert not signals("A man who threatened to kill his neighbour was charged.").get(
        "respect.threat"
    )


# --- dismissals ---------------------------------------------------------------------------


def test_dismissals_count_when_addressed() -> None:
    assert (
        signals("ok boomer", reply="Back in my day officers walked the beat.").get(
            "respect.dismissive"
        )
        == 1
    )
    assert signals("Nobody asked for your opinion.").get("respect.dismissive") == 1
    assert signals("Try reading the report first, genius.").get("respect.dismissive") == 1
    # Not addressed to anyone: no dismissal.
    assert not signals("Nobody cares more about road safety than our traffic unit.").get(
        "respect.dismissive"
    )
    assert not signals("Genius idea from the youth council: a safety walk on Friday.").get(
        "respect.dismissive"
    )


# --- profanity ----------------------------------------------------------------------------


def test_profanity_untargeted_and_mild() -> None:
    assert signals("What the f*ck is going on with traffic today").get("respect.profanity") == 1
    assert signals("Three hours of paperwork for one bike. Bullsh!t.").get("respect.profanity")
    assert not raised("Damn, what a game. Bloody cold though.")
    # Swearing inside an aimed insult is accounted for by the insult.
    values = signals("Anyone who drives like that is a f*cking moron.")
    assert values.get("respect.insult_at_person") == 1
    assert not values.get("respect.profanity")


# --- not the author's words ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        'Got a DM tonight: "you\'re a worthless pig, go back where you came from." Reported.',
        "Someone called me a f*cking moron for writing them a ticket.",
        "He called the officer a loser before he was arrested.",
        "I was told to go back to my country by a man on the bus today.",
        "Calling refugees parasites is not okay.",
        "Telling people to go back where they came from is racist and has no place here.",
        "We will not tolerate hate speech like 'vermin' against our unhoused neighbours.",
        "It hurts to see people saying immigrants are worthless.",
    ],
)
def test_quoted_reported_and_counter_speech(text: str) -> None:
    values = signals(text)
    assert not {k for k, v in values.items() if v and k in ABUSE}, (text, values)


def test_quoted_abuse_is_counted_separately() -> None:
    values = signals('The sign read "immigrants are vermin". It was removed within the hour.')
    assert values.get("respect.quoted") == 1
    assert not values.get("respect.identity_attack")


def test_reply_target_text_is_never_the_authors() -> None:
    assert not raised(
        "Thanks for the feedback, I'll pass it on.",
        reply="You're all a bunch of f*cking morons and pigs.",
    )


def test_captions_are_the_authors_words() -> None:
    values = signals("Look at this.", captions=("This clown is a complete idiot.",))
    assert values.get("respect.insult_at_person")


# --- evidence -----------------------------------------------------------------------------


def test_evidence_points_at_what_the_author_wrote() -> None:
    text = "Nobody asked you, l\u200bo\u200bser 🙄"
    out = run_detectors(context(text), policy()._catalogue, (DETECTOR,))
    [ev] = out.evidence["respect.insult_at_person"]
    assert ev.field == "text" and ev.detector == "respect"
    assert ev.span is not None and text[ev.span.start : ev.span.end] == ev.text
    assert ev.text == "l\u200bo\u200bser"


def test_pack_without_the_lexicons_raises_nothing() -> None:
    bare = PackResources(pack_id="bare", contacts=(), matcher=LexiconMatcher([]))
    post = Post.model_validate(
        {"id": "t", "text": "you absolute idiot, f*ck off", "created_at": "2025-06-01T12:00:00Z"}
    )
    ctx = Context(
        post=post, author=policy().pack.assumed_account, account_given=False, resources=bare
    )
    assert list(DETECTOR.detect(ctx)) == []


# --- properties ---------------------------------------------------------------------------

_SAMPLES = AIMED_INSULTS + IDENTITY_ATTACKS + NOT_AIMED


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(_SAMPLES), st.sampled_from(["upper", "lower", "title", "swap"]))
def test_signals_invariant_under_case(text: str, how: str) -> None:
    changed = getattr(text, how if how != "swap" else "swapcase")()
    assert signals(changed) == signals(text)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(_SAMPLES), st.data())
def test_signals_invariant_under_zero_width_characters(text: str, data: st.DataObject) -> None:
    # Insert a zero-width character inside one word (between two letters).
    spots = [i for i in range(1, len(text)) if text[i - 1].isalpha() and text[i].isalpha()]
    i = data.draw(st.sampled_from(spots))
    zw = data.draw(st.sampled_from(["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]))
    assert signals(text[:i] + zw + text[i:]) == signals(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), st.one_of(st.none(), st.text(max_size=100)))
def test_no_crash_on_arbitrary_text(text: str, reply: str | None) -> None:
    values = signals(text, reply)
    assert all(k.startswith("respect.") for k in values)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "you",
                "idiot",
                "are",
                "a",
                "the",
                "those",
                "clown",
                '"',
                "'",
                ",",
                ".",
                "immigrants",
                "vermin",
                "called",
                "me",
                "not",
                "f*ck",
                "go back where you came from",
                "ok boomer",
                "@x",
                "is",
                "what",
                "I'm",
                "such",
                "no place",
                "genius",
                "!",
                "should be shot",
            ]
        ),
        max_size=25,
    )
)
def test_no_crash_on_word_salad(words: list[str]) -> None:
    text = " ".join(words)
    signals(text, reply="why?")
    signals(text)


# --- rules ----------------------------------------------------------------------------------

TORONTO_MEMBER = {
    "handle": "@pc_example",
    "owner": {"organisation": "tps", "role": "officer"},
    "identifies_as_member": True,
}
PRIVATE_CITIZEN = {"handle": "@someone", "owner": {"organisation": "other", "role": "other"}}
COMMISSIONER = {
    "handle": "@commr",
    "display_name": "Commissioner Example",
    "owner": {"organisation": "epc", "role": "commissioner"},
    "identifies_as_member": True,
    "disclaimer": "Views my own. Contact my office at office@example.org. Comments are moderated.",
}


def decide(
    pack: str, text: str, account: dict[str, Any], reply: str | None = None
) -> dict[str, str]:
    post: dict[str, Any] = {"id": "p", "text": text, "created_at": "2025-06-01T12:00:00Z"}
    if reply is not None:
        post["in_reply_to"] = {"text": reply}
    d = policy(pack).evaluate(post, account=account)
    return {
        f.rule_id: str(getattr(f.level, "value", f.level))
        for f in d.findings
        if set(f.clause_ids) & {"tps.treat-others", "epc.3b"}
    }


def test_toronto_levels() -> None:
    assert decide("toronto", "You absolute buffoon.", TORONTO_MEMBER) == {
        "tps.treat-others.insult": "violation"
    }
    assert decide("toronto", "Cope harder 😂", TORONTO_MEMBER, reply="Cops are lazy.") == {
        "tps.treat-others.dismissive": "review"
    }
    assert decide("toronto", "What the f*ck, Gardiner.", TORONTO_MEMBER) == {
        "tps.treat-others.profanity": "review"
    }
    assert decide("toronto", "You absolute buffoon.", PRIVATE_CITIZEN) == {}


def test_edmonton_levels_are_review() -> None:
    found = decide("edmonton", "Refugees are parasites. You absolute buffoon.", COMMISSIONER)
    assert found == {"epc.3b.identity-attack": "review", "epc.3b.insult": "review"}
    # Swearing at no one is not disrespect toward a person.
    assert decide("edmonton", "What the f*ck, Whitemud.", COMMISSIONER) == {}
