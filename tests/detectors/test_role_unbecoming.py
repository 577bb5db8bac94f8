"""Role detector, `role.unbecoming` and `role.identified`: conduct of the member's own that
reflects on the Service once readers know the author is police, and what readers know."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest

from _policies import shared_policy
from socialpolicy.detectors import run_detectors
from socialpolicy.detectors.context import Context
from socialpolicy.detectors.role import RoleDetector
from socialpolicy.inputs import Account, Post
from socialpolicy.policy import Policy

DETECTOR = RoleDetector()
POLICE_BIO = "Constable, Toronto Police Service. Hockey and dogs."
PLAIN_BIO = "Hockey and dogs."


@cache
def policy() -> Policy:
    return shared_policy("toronto")


def account(bio: str) -> dict[str, Any]:
    return {
        "handle": "@member",
        "bio": bio,
        "owner": {"organisation": "tps", "role": "officer"},
        "identifies_as_member": None,
    }


def post(
    text: str, reply: str | None = None, alt: str | None = None, caption: str | None = None
) -> dict[str, Any]:
    data: dict[str, Any] = {"id": "t", "text": text, "created_at": "2026-06-01T12:00:00Z"}
    if reply is not None:
        data["in_reply_to"] = {"text": reply}
    if alt is not None or caption is not None:
        data["media"] = [{"kind": "image", "alt_text": alt, "caption": caption}]
    return data


def signals(data: dict[str, Any], bio: str = POLICE_BIO) -> dict[str, Any]:
    pol = policy()
    ctx = Context(
        post=Post.model_validate(data),
        author=Account.model_validate(account(bio)),
        account_given=True,
        resources=pol._resources,
    )
    return dict(run_detectors(ctx, pol._catalogue, (DETECTOR,)).values)


def rules(data: dict[str, Any], bio: str = POLICE_BIO) -> set[str]:
    decision = policy().evaluate(data, account=account(bio))
    return {f.rule_id for f in decision.findings}


@pytest.mark.parametrize(
    "text",
    [
        "Four pints and a tequila flight later, security walked me out of the stadium 🍻",
        "Got thrown out of two pubs on Queen West before midnight, legend status 😂",
        "I was so hammered at the staff party that I slept in the lobby",
        "Did 185 on the 401 to catch the puck drop. Nobody's pulling me over 😎",
        "Who's going to charge me, my own platoon? 😂",
        "Staff barbecue, still in my uniform from days, third tequila shot down 🍻",
    ],
)
def test_the_members_own_conduct_on_a_police_account_is_unbecoming(text: str) -> None:
    assert signals(post(text)).get("role.unbecoming") == 1


@pytest.mark.parametrize(
    "text",
    [
        "Officers arrested a man who was thrown out of a bar on King and then broke a window.",
        "Please plan a ride home: a driver caught doing 150 on the 401 loses the car on the spot.",
        "My brother got hammered at his own stag, classic.",
        "Our neighbours got thrown out of the block party, so much for quiet Sundays.",
        "I have never been kicked out of anywhere in my life, thank you very much.",
        "Nobody is above the law, and that includes every one of us.",
        "Beer league champs, and everyone took a cab home 🏆",
    ],
)
def test_policing_frames_others_conduct_and_denials_are_not(text: str) -> None:
    assert "role.unbecoming" not in signals(post(text))


def test_conduct_needs_the_role_known() -> None:
    text = "Got thrown out of two pubs on Queen West before midnight, legend status 😂"
    assert "role.unbecoming" not in signals(post(text), bio=PLAIN_BIO)
    # The post itself can say it: a police hashtag, a credential.
    assert signals(post(text + " #copsofinstagram"), bio=PLAIN_BIO).get("role.unbecoming") == 1


def test_a_media_text_showing_officers_names_the_role() -> None:
    data = post(
        "Saturday recap",
        alt="Three officers in uniform puking behind a patrol car at a house party",
    )
    got = signals(data, bio=PLAIN_BIO)
    assert got.get("role.unbecoming") == 1
    assert got.get("role.identified") is True


def test_the_role_invoked_over_a_person_reads_reported_speech_as_the_members_own() -> None:
    text = (
        "Landlord stalled on the repair, so I told him I'm a police officer "
        "and he had better fix it by Friday."
    )
    assert signals(post(text), bio=PLAIN_BIO).get("role.unbecoming") == 1
    assert "tps.always-the-police.above-the-law" in rules(post(text), bio=PLAIN_BIO)


def test_role_named_without_pressure_is_fine() -> None:
    text = "I told the class I'm a police officer and they asked about the dog unit."
    assert "role.unbecoming" not in signals(post(text), bio=PLAIN_BIO)


@pytest.mark.parametrize(
    ("data", "bio", "known"),
    [
        (post("Lovely morning on the lake."), POLICE_BIO, True),
        (post("Lovely morning on the lake."), PLAIN_BIO, False),
        (post("Polished my badge for the parade."), PLAIN_BIO, True),
        (post("Tonight I'm not the police, just a fan."), PLAIN_BIO, True),
        (post("Nope.", reply="Aren't you a cop? Do something."), PLAIN_BIO, True),
        (post("Sure thing.", reply="Can you make my ticket go away?"), PLAIN_BIO, True),
        (post("Sure thing.", reply="Want to grab lunch?"), PLAIN_BIO, False),
    ],
)
def test_role_identified(data: dict[str, Any], bio: str, known: bool) -> None:
    assert (signals(data, bio=bio).get("role.identified") is True) is known


def test_the_clause_reader_reads_members_whatever_the_account_says() -> None:
    # The clause binds a member whether or not the account says police: the reader is not
    # gated on role.identified (docs/detectors/role.md).
    text = "Told the guy at the bar I'd remember his face. Work has its perks."
    assert "tps.always-the-police.reader" in rules(post(text), bio=POLICE_BIO)
    assert "tps.always-the-police.reader" in rules(post(text), bio=PLAIN_BIO)


@pytest.mark.parametrize(
    ("data", "touched"),
    [
        (post("Zoo trip with the kids, the penguins stole the show."), False),
        (post("My alarm clock and I are not friends before six."), False),
        (post("My brother and his kids are in town all week."), False),
        (post("Back on nights next week, send coffee."), True),
        (post("Thanks!", reply="Can you make my ticket go away?"), True),
    ],
)
def test_role_context(data: dict[str, Any], touched: bool) -> None:
    assert (signals(data).get("role.context") is True) is touched


def test_the_clause_reader_needs_words_that_touch_the_role() -> None:
    # A text the reader scores as a breach without a word of the role's vocabulary: quiet.
    text = "Guy got loud with me at the gas station last night, so I just drove off. Not worth it."
    got = signals(post(text))
    assert got.get("clause_reader.tps_always_the_police") is None  # the role detector alone
    assert "role.context" not in got
    assert "tps.always-the-police.reader" not in rules(post(text))
    assert (
        "clause_reader.tps_always_the_police"
        in policy().signals_for(post(text), account(POLICE_BIO))[1].values
    )


# -- the role enjoyed as power over people (issue 10, levels9) ---------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Cleared the mall food court of teens in ten seconds flat, watching them scatter 😈",
        "Flicked the lights at the kids by the rink, power trip Fridays 😂",
        "I rolled up on the kids at the skate spot and showed them who's boss.",
    ],
)
def test_a_power_trip_over_people_is_unbecoming(text: str) -> None:
    assert signals(post(text)).get("role.unbecoming"), text


@pytest.mark.parametrize(
    "text",
    [
        "If an officer is on a power trip with you, file a complaint with the OIPRD.",
        "Never been on a power trip in my life, ask anyone on my platoon.",
        "Kids scattered across the field when the rain started at the school fun fair.",
    ],
)
def test_power_named_without_a_boast_is_not(text: str) -> None:
    assert not signals(post(text)).get("role.unbecoming"), text


def test_a_power_trip_needs_a_known_role() -> None:
    text = "Watching them scatter when I pull up never gets old 😈"
    assert signals(post(text)).get("role.unbecoming")
    assert not signals(post(text), bio=PLAIN_BIO).get("role.unbecoming")


# Issue 10 (always3): of the unbecoming readings, the role pressed on a person or taken as a
# licence, and impunity from the law boasted, show the breach by themselves
# (`role.above_the_law`, a violation); drink, a brawl and impunity from discipline stay a review.
@pytest.mark.parametrize(
    "text",
    [
        "Eight beers at the lake and drove back myself. Nobody's stopping a cop on Highway 11 😎",
        "Hit 180 on the 404 coming off days, what are they gonna do, ticket a cop?",
        "Plumber dragged his feet, so I told him I'm a police officer and he had better finish today.",
    ],
)
def test_impunity_from_the_law_or_the_role_pressed_is_above_the_law(text: str) -> None:
    got = signals(post(text))
    assert got.get("role.above_the_law") == 1, got
    assert rules(post(text)) >= {"tps.always-the-police.above-the-law"}
    assert "tps.always-the-police.unbecoming" not in rules(post(text))


@pytest.mark.parametrize(
    "text",
    [
        "Got tossed out of the Legion hall at 1am, absolute carnage 🍻",
        "Another complaint about my tweets. Nobody is firing me, keep them coming lol",
    ],
)
def test_drink_and_impunity_from_discipline_stay_unbecoming(text: str) -> None:
    got = signals(post(text))
    assert got.get("role.unbecoming") == 1, got
    assert "role.above_the_law" not in got
    assert "tps.always-the-police.unbecoming" in rules(post(text))


def test_a_role_noun_in_the_bio_tells_readers_the_author_is_police() -> None:
    text = "Did 175 on the 400 last night, what are they gonna do, ticket a cop? 😎"
    assert signals(post(text), bio="Cop in the 6ix. Dogs and BBQ.").get("role.above_the_law") == 1
    assert "role.above_the_law" not in signals(post(text), bio="Proud wife of a cop. Dogs and BBQ.")
    assert "role.above_the_law" not in signals(post(text), bio=PLAIN_BIO)


@pytest.mark.parametrize(
    "text,claimed",
    [
        ("Speed limits are for civilians, 160 all the way to the cottage 😎", True),
        ("Parking rules don't apply to cops, fire lane it is", True),
        ("Seatbelt laws don't apply to cops? Wrong. Buckle up, team.", False),
        ("Speed limits are for everyone, and that includes us.", False),
    ],
)
def test_the_law_said_to_bind_only_others_is_above_the_law(text: str, claimed: bool) -> None:
    assert ("role.above_the_law" in signals(post(text))) is claimed, text
