"""Respect detector (Edmonton 3 b): disrespect written without an insult word.

A handle is a name, not a speech verb ("@ana_says" does not make the post reported speech); a
post that opens with an @mention is said to that person throughout; praise in scare quotes is
the sneer itself; a possessive's owner is not the subject an insult is said of. Then the
lexicon families read by concept: pursuit until the person yields, watching and recording
them, diminishing address, belittled diligence, mock care, a person's pay or accent mocked,
mock wonder, a view binned or waved off, the person treated as a child, people set apart by
hint. Each with the near misses the same words must leave alone."""

from __future__ import annotations

import pytest

from _respect_signals import DETECTOR
from _respect_signals import detector_values as _detector_values
from _respect_signals import raised as _raised


def raised(text: str, reply: str | None = None) -> set[str]:
    return _raised(text, reply, "edmonton")


def detector_values(text: str) -> dict[str, object]:
    return _detector_values(text, DETECTOR, None, "edmonton")


VIEW = "The Commission should publish every vote by name."
QUESTION = "When will the audit of overtime be released?"


@pytest.mark.parametrize(
    ("text", "reply", "signal"),
    [
        # a handle holding a speech verb is still the person spoken to
        ("@ana_says go away", None, "respect.dismissive"),
        ("@marco_writes you're a clown", None, "respect.insult_at_person"),
        # pursuit until the person yields, across the sentences of a post to an @mention
        (
            "@ward5mom No reply yet. I will keep asking until you apologise.",
            None,
            "respect.harassment",
        ),
        (
            "@critic42 Expect a comment from me on every post you make from now on.",
            None,
            "respect.harassment",
        ),
        (
            "@yegdad I've screenshotted everything you posted this week. Careful.",
            None,
            "respect.harassment",
        ),
        # praise in scare quotes, said of someone's work
        ("Loved the 'groundbreaking' column by @metro_desk today.", None, "respect.mockery"),
        # diminishing address, belittled diligence, mock care, pay mocked
        ("Good effort, champ.", VIEW, "respect.condescension"),
        ("The delegate had never read a single page of the bylaw.", None, "respect.condescension"),
        ("The councillor is sulking again. Someone grab him a tissue.", None, "respect.mockery"),
        (
            "Three staffers on a coffee break at noon. And we pay them for this?",
            None,
            "respect.mockery",
        ),
        # mock wonder, a view binned, the person waved off or treated as a child
        ("Funny how some people only show up when cameras are rolling.", None, "respect.mockery"),
        ("Noted, and filed straight in the bin.", VIEW, "respect.dismissive"),
        ("Oh look, it's you again.", QUESTION, "respect.dismissive"),
        ("Sorry, got better things to do tonight.", QUESTION, "respect.dismissive"),
        ("Did your mom write this one too?", VIEW, "respect.mockery"),
        # stereotype labels, a person written off, an attempt pitied, a sigh at "some people"
        ("Typical boomer move at the town hall tonight.", None, "respect.mockery"),
        ("Our new sergeant? Quota hire, obviously.", None, "respect.mockery"),
        ("Don't bother explaining, she won't get it anyway.", VIEW, "respect.mockery"),
        ("Bless you for trying, I guess.", VIEW, "respect.condescension"),
        ("If you'd actually read the minutes you would know.", QUESTION, "respect.condescension"),
        ("Honestly. Some people.", QUESTION, "respect.dismissive"),
        ("Another cute little petition from the bike lane crowd.", None, "respect.mockery"),
        # a job put down to who someone is; residents labelled; sent back to a hobby
        ("He only got promoted because he golfs with the chief.", None, "respect.mockery"),
        (
            "Another packed room of conspiracy theorists at the forum tonight.",
            None,
            "respect.mockery",
        ),
        ("Maybe the councillor should try an honest day's work.", None, "respect.mockery"),
        # a group said to want attention, or to deserve no say
        ("Those people shouldn't get a vote on the levy.", None, "respect.othering"),
        # an epithet, a place and what the person did, in a post that rolls its eyes
        (
            "Thanks to the genius at City Hall who booked the rink for July 🙄",
            None,
            "respect.mockery",
        ),
        # an elected official called an embarrassment
        ("Councillor Ruiz is an embarrassment to the ward.", None, "respect.possible_abuse"),
    ],
)
def test_disrespect_without_an_insult_word(text: str, reply: str | None, signal: str) -> None:
    assert signal in raised(text, reply)


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        # a handle alone is no reason to read a report as the author's own
        ('My neighbour told me "you are a clown" at the rink. Not nice.', None),
        # pursuit words with no one pursued, or of a body's own work
        ("Every single post you make about the food drive helps. Thank you!", None),
        ("I'll ask again at Thursday's meeting when the audit comes out.", None),
        # praise quoted as another's, or sincere
        ('The Journal called the report "groundbreaking" and the chair agreed.', None),
        ("Thanks @metro_desk for a hard-hitting piece on shelter beds.", None),
        # sincere care, a thing called a disgrace, a possessive owner
        ("Volunteers shovelled walks for seniors at 6 am. Bless their hearts.", None),
        ("The graffiti on the footbridge is a disgrace.", None),
        ("The premier's transit plan is a joke.", None),
        # a speaker's notes, not the speaker, hard to follow
        ("Great keynote tonight. Good luck making sense of my notes though 😂", None),
        # a road trip, not people sent away
        ("Road closed? Go somewhere else for the long weekend, Jasper is lovely.", None),
        # effort praised sincerely; a friendly "some people"
        ("Volunteers braved the cold, a big thank you to everyone who came!", None),
        ("Some people here are so friendly, welcome to the ward!", QUESTION),
        # sincere: seniors' discounts, a day's work, a young genius
        ("Seniors get special treatment at the pool on Tuesdays: half-price swims!", None),
        ("Our volunteers put in an honest day's work at the food bank today.", None),
        ("Meet the genius at the science fair who built a snow-clearing robot!", None),
        # ordinary replies
        ("Anyway, see you all on Thursday!", None),
        ("Thanks for the insight, really helpful.", VIEW),
    ],
)
def test_near_misses_stay_clean(text: str, reply: str | None) -> None:
    assert raised(text, reply) == set()


def test_a_hashtag_still_names_people() -> None:
    """Only the cues that report words are ignored inside a handle or hashtag; a hashtag
    naming people still speaks of them, so an insult beside it is not the author's word for
    themselves alone."""
    values = detector_values("I love how idiots be like omg concert yay #seniors")
    assert not values.get("respect.self_directed")
    values = detector_values("I was such an idiot to trust the rink schedule lol #yeg")
    assert values.get("respect.self_directed")
