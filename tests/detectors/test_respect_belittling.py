"""Respect detector: belittling a person without an insult word (Edmonton 3 b), in both packs.

Mock astonishment and mock belief as sarcasm, a person's question called the worst of its
kind, "another <label> in my mentions", a named person addressed by title and told to do
their homework, a remark belittling a colleague's competence or diligence, and a protected
group barred from a place, each with the near misses the same words must leave alone."""

from __future__ import annotations

import pytest

from _respect_signals import raised as _raised


def raised(text: str, reply: str | None = None, pack: str = "edmonton") -> set[str]:
    """The abuse signals raised on `text`, read by the Edmonton pack unless told."""
    return _raised(text, reply, pack)


VIEW = "More foot patrols downtown would fix most of this."
QUESTION = "Where do I find the minutes from last month?"


@pytest.mark.parametrize("pack", ["toronto", "edmonton"])
@pytest.mark.parametrize(
    ("text", "reply", "signal"),
    [
        ("Incredible. No one has ever thought of that, truly.", VIEW, "respect.mockery"),
        ("Right, and pigs fly over City Hall.", VIEW, "respect.mockery"),
        ("Imagine typing this and pressing send.", VIEW, "respect.mockery"),
        ("Honestly the dumbest question I've seen today.", QUESTION, "respect.mockery"),
        ("Oh good, another armchair quarterback in my replies.", None, "respect.possible_abuse"),
        (
            "Councillor Vega, do your homework before you speak at the next meeting.",
            None,
            "respect.condescension",
        ),
        ("Seniors shouldn't be allowed at the town hall, they slow it down.", None, None),
        (
            "Half the commissioners obviously didn't read the audit again.",
            None,
            "respect.condescension",
        ),
        (
            "Our IT staff can't get anything right, not even the Wi-Fi.",
            None,
            "respect.condescension",
        ),
    ],
)
def test_belittling_without_an_insult_word(
    text: str, reply: str | None, signal: str | None, pack: str
) -> None:
    got = raised(text, reply, pack)
    if signal is None:  # barring a named group: an attack on it
        assert "respect.identity_attack" in got
    else:
        assert signal in got


@pytest.mark.parametrize("pack", ["toronto", "edmonton"])
@pytest.mark.parametrize(
    ("text", "reply"),
    [
        ("There's no such thing as a silly question. The minutes are on our website.", QUESTION),
        ("Another busy weekend at the farmers' market, thanks to everyone who came.", None),
        ("Mayor Sohi opened the library today. Do your research before the by-election!", None),
        ("Encampments shouldn't be allowed in parks, in my view; housing comes first.", None),
        ("Impaired drivers should not be allowed behind the wheel. Plan a ride home.", None),
        ("Good question! Page 4 of the report has it.", QUESTION),
        ("I obviously didn't read the parking sign, so the officer's ticket was fair.", None),
        ("Nobody on staff can be blamed: the printer can't get anything right either.", None),
    ],
)
def test_near_misses_are_left_alone(text: str, reply: str | None, pack: str) -> None:
    assert not raised(text, reply, pack) - {"respect.profanity"}


@pytest.mark.parametrize("pack", ["toronto", "edmonton"])
def test_what_a_relative_clause_says_is_reported_until_its_main_verb(pack: str) -> None:
    # The exclusion phrase is what "anyone who says" reports: counter-speech, not an attack.
    rejected = "Anyone who says refugees don't belong here has never volunteered at the shelter."
    assert not raised(rejected, pack=pack) - {"respect.profanity"}
    # After the main verb the words are the author's again.
    assert "respect.insult_at_person" in raised("Whoever said that is a moron.", pack=pack)
    insulted = "Anyone who says the shelter is full is an idiot."
    assert "respect.insult_at_person" in raised(insulted, pack=pack)
