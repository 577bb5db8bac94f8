"""Respect detector: disrespect without an insult word (issue 10). Sarcasm, condescension about a
person's grasp or situation, dismissal of a view, curt brush-offs, a label after "another" and
contempt emoji in a reply, with the near misses each must leave alone: civil disagreement,
criticism of an idea, self-deprecation, sincere use of the same words, counter-speech."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _respect_signals import raised

COMPLAINT = "My car was broken into last night and nobody came for three hours."
QUESTION = "When does the station reopen after the renovation?"
VIEW = "I think the new bike lanes on Bloor are a mistake."


@pytest.mark.parametrize("pack", ["toronto", "edmonton"])
@pytest.mark.parametrize(
    ("text", "reply", "signal"),
    [
        # a person's complaint mocked as crying or whining
        ("Maybe lock your doors instead of crying about it online.", COMPLAINT, "respect.mockery"),
        (
            "Imagine complaining about this when you left the window open.",
            COMPLAINT,
            "respect.mockery",
        ),
        # the person's life or standing belittled
        ("Couldn't be me, arguing with cops on a Tuesday night.", VIEW, "respect.mockery"),
        ("Do you even have a job?", VIEW, "respect.mockery"),
        ("Big words from someone who's never done a ride-along.", VIEW, "respect.mockery"),
        ("Someone's grumpy today.", COMPLAINT, "respect.mockery"),
        # the person's grasp belittled, as if they could not follow
        ("Do your homework before posting.", VIEW, "respect.condescension"),
        ("I'll use small words for you this time.", QUESTION, "respect.condescension"),
        ("It's really not that hard. Scroll up.", QUESTION, "respect.condescension"),
        ("Read the post before you jump in.", QUESTION, "respect.dismissive"),
        # a view ruled out rather than answered
        (
            "People who think that shouldn't be allowed to have an opinion.",
            VIEW,
            "respect.dismissive",
        ),
        # curt brush-offs that are the whole reply
        ("Ratio.", VIEW, "respect.dismissive"),
        ("Log off.", VIEW, "respect.dismissive"),
        # a term of address after an interjection
        ("Oh honey, no.", VIEW, "respect.condescension"),
        # a named person's effort or competence belittled
        ("Councillor Hayes clearly didn't bother to read the report.", None, "respect.mockery"),
        ("The resident who spoke last loves the sound of his own voice.", None, "respect.mockery"),
        # a contempt emoji in a reply sentence naming people
        ("Some people will find anything to be upset about 🤡", COMPLAINT, "respect.mockery"),
    ],
)
def test_disrespect_without_an_insult_word(
    text: str, reply: str | None, signal: str, pack: str
) -> None:
    assert signal in raised(text, reply, pack=pack)


def test_another_label_in_a_reply_is_possible_abuse() -> None:
    """'Another <insult noun>' opening a reply labels the person replied to: a person confirms."""
    got = raised("Wow, another armchair expert. Love it.", VIEW)
    assert "respect.possible_abuse" in got
    assert "respect.insult_at_person" not in got
    # Not a reply: no one in particular is labelled.
    assert "respect.possible_abuse" not in raised("Wow, another armchair expert on TV tonight.")
    # "another" that is not the clause's own label ("I met another armchair expert") is left alone.
    assert "respect.possible_abuse" not in raised("I met another armchair expert today.", VIEW)


@pytest.mark.parametrize("pack", ["toronto", "edmonton"])
@pytest.mark.parametrize(
    ("text", "reply"),
    [
        # firm but civil disagreement, criticism of an idea
        ("I see it differently, but thanks for raising it. The data is on our portal.", VIEW),
        ("That plan doesn't add up: the costs are double what was presented.", None),
        # self-deprecation and banter aimed at no one
        ("Clearly I have no idea how to work this new radio 😅", None),
        ("Our softball team lost 12-1. We were awful, rematch next week 😂", None),
        # advice to everyone: the "you" is the audience, not a person talked down to
        ("Buying a used car? Do your homework and check the VIN first.", None),
        ("Scam calls: it's not that hard to check. Hang up and call your bank.", None),
        # sincere uses of the same words
        ("Sit down with us for coffee on Saturday, everyone is welcome.", None),
        ("Take a seat, grab a coffee, and ask us anything about the new station.", None),
        ("Noted with thanks. I'll follow up with the division today.", COMPLAINT),
        ("Happy to explain it again: the station reopens on March 3.", QUESTION),
        # abuse reported, not given
        (
            "Someone told me I should keep my opinion to myself. Fair enough, it was a long thread.",
            None,
        ),
        # disagreement with a named person, civilly
        ("I disagree with the Chief on staffing levels, and I said so at the meeting.", None),
        ("Councillor Hayes raised good questions; I'll answer them in writing.", None),
        # the people named are spoken of kindly
        ("Some people at tonight's meeting were frustrated, and that's fair.", COMPLAINT),
    ],
)
def test_near_misses_are_not_disrespect(text: str, reply: str | None, pack: str) -> None:
    assert not raised(text, reply, pack=pack)


def test_counter_speech_that_dismisses_a_hateful_view_is_not_dismissal() -> None:
    """'Your opinion doesn't count' answers hate more often than it dismisses a resident: the
    dismissive lexicon leaves it out."""
    text = "Immigrant lives might not matter to you, but luckily your opinion doesn't count."
    assert "respect.dismissive" not in raised(text)


_FILLER = st.sampled_from(
    [
        "Thanks for the question.",
        "The station opens at 9.",
        "Stay safe out there.",
        "See you Saturday.",
    ]
)


@settings(max_examples=25, deadline=None)
@given(st.lists(_FILLER, min_size=0, max_size=3))
def test_a_curt_word_inside_an_ordinary_reply_stays_ordinary(before: list[str]) -> None:
    """'sit down', 'log off' and 'noted' dismiss only as a whole sentence of a reply."""
    text = " ".join([*before, "Please sit down with us and log off the stress for an hour."])
    assert "respect.dismissive" not in raised(text, QUESTION)


def test_a_denial_that_turns_the_insult_on_you_is_aimed() -> None:
    assert "respect.insult_at_person" in raised("I'm not the idiot here, you are.")
    # A denial that stays a denial is not the author's insult.
    assert not raised("You're not an idiot, you are just tired.")
    assert not raised("I'm not calling anyone an idiot.")
