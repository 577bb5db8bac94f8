"""Respect detector, session 9: people disparaged as a group without an insult word,
dehumanising fragments, insults aimed at an @-addressed person, slang ridicule of an act, being
told one does not belong in the job, and memes that mock people in an image's alt text. Each
concept with the near misses it must leave alone."""

from __future__ import annotations

from typing import Any

import pytest

from _respect_signals import policy, raised
from socialpolicy import load_policy
from socialpolicy.detectors.respect.grammar import conduct_word

PACKS = ["toronto", "edmonton"]


@pytest.mark.parametrize("pack", PACKS)
@pytest.mark.parametrize(
    "text",
    [
        "Block parties on our street are a nightmare. Those people have no manners at all.",
        "Refugees bring crime wherever they settle.",
        "Most of the noise complaints come from shelter residents who can't behave after dark.",
        "Needles all over the park again. They have zero respect for anyone, the addicts.",
        "Junkies at every bus stop. They have no respect for anything.",
    ],
)
def test_a_group_judged_as_a_kind_is_othering(text: str, pack: str) -> None:
    assert "respect.othering" in raised(text, pack=pack)


@pytest.mark.parametrize("pack", PACKS)
@pytest.mark.parametrize(
    "text",
    [
        # conduct, not a kind of people
        "Drivers who text at the wheel can't be trusted with a licence.",
        # a negation denies the judgement
        "Refugees are not a drain on anyone; they work and pay taxes like the rest of us.",
        "Not all of those people have no respect; most just need a place to sleep.",
        # the same words about one's own
        "Thanks for your respect and patience during the road closure.",
        # a group named neutrally
        "Newcomers asked for more evening sessions, so we added two.",
    ],
)
def test_judgements_that_are_not_about_a_kind_of_people(text: str, pack: str) -> None:
    assert "respect.othering" not in raised(text, pack=pack)


@pytest.mark.parametrize(
    "text",
    [
        "Those folks outside the arena never stop fighting. Animals, honestly.",
        "These guys trashed the bus shelter again. Absolute savages.",
        "The crowd at the afterparty was out of control. Vermin, the lot of them.",
    ],
)
def test_a_dehumanising_fragment_after_people_is_an_attack(text: str) -> None:
    assert "respect.identity_attack" in raised(text)


@pytest.mark.parametrize(
    "text",
    [
        # literal animals, or a list
        "Toured the humane society with the cadets. Animals of all sizes need homes.",
        "The people at the fall fair were lovely. Animals, rides and pie: a great day.",
        # harsh words after a crime condemn it
        "Three men were charged with assaulting a senior on the bus. Animals.",
        # no people named before
        "Long shift at the barn. Animals, all of them fed.",
    ],
)
def test_fragments_that_call_no_one_an_animal(text: str) -> None:
    assert "respect.identity_attack" not in raised(text)


def test_an_insult_sentence_in_a_post_to_an_at_mention_is_aimed() -> None:
    assert "respect.insult_at_person" in raised("@ward5_watcher Saw your thread. Pathetic.")
    assert "respect.insult_at_person" in raised("@ward5_watcher Read it twice. Clown.")
    # Not a post addressed to the handle: the mention is inside the text.
    assert "respect.insult_at_person" not in raised("Thanks @ward5_watcher. Pathetic weather.")
    # Praise for the addressed person.
    assert not raised("@ward5_watcher Thanks for the food drive piece. Impressive turnout.")


def test_a_named_coward_is_an_insult() -> None:
    assert "respect.insult_at_person" in raised("Councillor Dale is a coward on this file.")
    assert "respect.insult_at_person" not in raised("Don't be a coward: report what you saw.")


@pytest.mark.parametrize(
    "text",
    [
        "The driver swore the red light was amber 💀 clown behaviour",
        "Guy tried to outrun the cruiser on a scooter, idiot move honestly",
    ],
)
def test_slang_ridicule_of_an_act_is_mockery_not_name_calling(text: str) -> None:
    got = raised(text)
    assert "respect.mockery" in got
    assert "respect.insult_at_person" not in got


def test_not_belonging_in_the_job_is_read_through_the_reply() -> None:
    reply = "Proud to see recruits who wear turbans in this year's class."
    got = raised(
        "Wear the issued cap or find other work: you don't belong in uniform otherwise.", reply
    )
    assert "respect.possible_abuse" in got
    # A standard of conduct stated to everyone aims at no one.
    assert not raised("Officers who falsify their notes don't belong in uniform.")
    # A helpful answer in the same thread.
    assert not raised("Welcome to the class, and good luck at the academy!", reply)


def _alt(text: str, alt: str, pack: str = "toronto") -> list[str]:
    post: dict[str, Any] = {
        "id": "t",
        "text": text,
        "created_at": "2026-06-01T12:00:00Z",
        "media": [{"kind": "image", "alt_text": alt}],
    }
    return [f.rule_id for f in policy(pack).evaluate(post).findings]


@pytest.mark.parametrize(
    ("pack", "rule"), [("toronto", "tps.treat-others.mockery"), ("edmonton", "epc.3b.mockery")]
)
def test_a_meme_mocking_people_in_alt_text(pack: str, rule: str) -> None:
    alt = "Meme of a crying toddler in a shopping cart, captioned 'residents when the bylaw is enforced'"
    assert rule in _alt("my replies today", alt, pack)
    # A meme about the author mocks no one else.
    assert rule not in _alt(
        "Me on day four of nights", "Meme of a toddler asleep at the table", pack
    )
    # A clown that is not a meme: a photo of an entertainer.
    assert rule not in _alt("Open house", "Photo of a clown twisting balloons for children", pack)


def test_an_insult_adjective_said_of_a_person_singled_out_is_possible_abuse() -> None:
    got = raised("Councillor Brandt is useless and always has been.")
    assert "respect.possible_abuse" in got
    assert "respect.insult_at_person" not in got
    # The person is not the subject the adjective is said of, or there is no person at all.
    assert not raised("The man said the lights were dim.")
    assert "respect.possible_abuse" not in raised("This rule is stupid.")


def test_a_term_after_an_ing_verb_is_its_object_not_said_of_the_subject() -> None:
    # "are feeding" is a verb: the rats are fed, the people are not called rats.
    assert not raised("People are feeding rats in the park, please stop.")
    assert not raised("Residents are reporting rats near the school.")
    # A simile keeps it said of them; "being" is a copula.
    assert "respect.identity_attack" in raised("Those people are living like animals.")
    assert "respect.insult_at_person" in raised("The guy who cut me off is being a total jackass.")


@pytest.mark.parametrize(
    "text",
    [
        "Volunteers helped homeless people get rid of rats in the shelter.",
        "Newcomers can learn about pest control, including rats, at the library session.",
    ],
)
def test_a_pest_the_group_acts_on_is_not_said_of_the_group(text: str) -> None:
    assert "respect.identity_attack" not in raised(text)


@pytest.mark.parametrize(
    "text",
    [
        "Immigrants spread disease like rats.",
        "An infestation of migrants in our city.",
        "Muslims are ruining this country, filthy animals.",
    ],
)
def test_a_dehumanising_word_said_of_a_named_group_is_still_an_attack(text: str) -> None:
    assert "respect.identity_attack" in raised(text)


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("behaviour", True),
        ("Behaviour", True),
        ("b*haviour", True),
        ("m*ve", True),
        ("b*h*viour", True),
        ("****", False),  # a mask must show at least two letters
        ("e*ergy", True),
        ("b*haviours", False),  # not the same word
        ("people", False),
    ],
)
def test_a_word_for_conduct_is_read_through_a_mask(token: str, expected: bool) -> None:
    assert conduct_word(token) is expected


def test_ridicule_of_an_act_stays_mockery_when_its_conduct_word_is_masked() -> None:
    policy = load_policy("toronto")
    plain = policy.evaluate(
        {
            "text": "Driver argued the light was basically yellow, clown behaviour",
            "id": "p1",
            "created_at": "2026-05-01T10:00:00Z",
        }
    )
    masked = policy.evaluate(
        {
            "text": "Driver argued the light was basically yellow, clown b*haviour",
            "id": "p1",
            "created_at": "2026-05-01T10:00:00Z",
        }
    )
    assert [f.rule_id for f in masked.findings] == [f.rule_id for f in plain.findings]
    assert "tps.treat-others.insult" not in {f.rule_id for f in masked.findings}
