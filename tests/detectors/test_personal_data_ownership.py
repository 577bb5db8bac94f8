"""Whose is the personal data? A private person's (a breach by itself), unsettled (a person
confirms), or nobody's private information (a public place, a role mailbox, public record).
Levels must say what the evidence shows: a shape alone is never a private person's."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _policies import shared_policy
from socialpolicy.detectors import run_detectors
from socialpolicy.detectors.context import Context
from socialpolicy.detectors.personal_data import PersonalDataDetector, find_personal_data
from socialpolicy.inputs import Account, Post
from socialpolicy.policy import Policy

DETECTOR = PersonalDataDetector()
PRIVATE, UNCERTAIN, ANY = "personal_data.private", "personal_data.uncertain", "personal_data.any"
OFFICIAL = {
    "handle": "@ExampleDivision",
    "official": True,
    "owner": {"name": "Corporate Communications", "organisation": "tps", "role": "civilian"},
}


@cache
def policy(pack: str) -> Policy:
    return shared_policy(pack)


def signals(
    text: str, pack: str = "toronto", account: dict[str, Any] | None = None
) -> dict[str, Any]:
    pol = policy(pack)
    post = Post.model_validate({"id": "t", "text": text, "created_at": "2025-06-01T12:00:00Z"})
    author = Account.model_validate(account) if account else pol.pack.assumed_account
    ctx = Context(
        post=post, author=author, account_given=account is not None, resources=pol._resources
    )
    return dict(run_detectors(ctx, pol._catalogue, (DETECTOR,)).values)


# --- a private person's: a breach by itself ------------------------------------------------

PRIVATE_POSTS = [
    "Worried about him? Ring his daughter on 416-555-0101.",  # a relative's
    "She can be reached at 647-555-0133 after six.",  # a third person's pronoun
    "Jordan Pike, 416-555-0144, left his bag at the desk.",  # a name right before
    "Write to jpike1987@example.com if you found his dog.",  # an email nothing says is an org's
    "The tenant lives at 31 Maple Cres, the door with the red wreath.",  # where someone lives
    "Left a note for Tomasz Wojcik, apt 5 at 88 Greenwood Ave.",  # a name and a unit
    "Her DOB is 1988-03-03, for the form.",  # a birth date
    "Witness born on March 3, 1988 came in to give a statement.",
]


@pytest.mark.parametrize("text", PRIVATE_POSTS)
def test_a_private_persons_data(text: str) -> None:
    got = signals(text)
    assert got.get(PRIVATE) == 1, (text, got)
    assert UNCERTAIN not in got


# --- the shape only: a person confirms ---------------------------------------------------------

UNCERTAIN_POSTS = [
    "Someone keeps leaving bags of clothes at 214 Lansdowne Ave, anyone know why?",
    "Off shift now, text me at 647-555-0172 if you need that report.",  # the author's own
    "Drop-off point: 77 Elm St, Saturday morning.",
]


@pytest.mark.parametrize("text", UNCERTAIN_POSTS)
def test_only_the_shape(text: str) -> None:
    got = signals(text)
    assert got.get(UNCERTAIN) == 1, (text, got)
    assert PRIVATE not in got


def test_a_line_offered_in_a_post_about_someone_is_to_confirm() -> None:
    got = signals("The victim is still shaken. Support line \U0001f4de 416-555-0166")
    assert got.get(UNCERTAIN) == 1 and PRIVATE not in got


def test_the_nearest_cue_decides() -> None:
    assert signals("At the clinic where her sister works, 416-555-0101.").get(PRIVATE) == 1
    assert PRIVATE not in signals("She said to call the clinic at 416-555-0101.")


def test_an_official_accounts_bare_number_is_to_confirm() -> None:
    got = signals("Hours changed this week. 416-555-0100.", account=OFFICIAL)
    assert got.get(UNCERTAIN) == 1 and PRIVATE not in got
    # the same number tied to a person is still a private person's
    got = signals("Hours changed. Her cell is 416-555-0100.", account=OFFICIAL)
    assert got.get(PRIVATE) == 1


# --- nobody's private information --------------------------------------------------------------

NOT_PERSONAL = [
    "Free bike valet at the community centre, 150 Eglinton Ave W, all weekend.",
    "Court appearance is at the courthouse, 2201 Finch Ave W, on Monday.",
    "Questions about the cadet program? Write to info@example.org.",
    "Send your dashcam footage to media@example.net.",
    "E-transfer to donate@sahota2026.example.ca, every bit counts.",  # a role mailbox
    "Tickets for the gala: tickets@shelter.example.org.",  # a role mailbox
    "Jamal Price (DOB 14/02/1990) has been charged and will appear in court on Monday.",
    "Questions? 416-555-0100.",  # offered to the reader: the organisation's or the author's
    "Email the traffic unit at traffic@tps.ca.",  # at the Service's own domain
    "The seniors' outreach society can be reached at 416-555-0188.",  # named as theirs
    "This morning he appeared in court at 10 Armoury St.",  # the nearest cue is the court
    "Our counsellors can help you through the next steps. 416-555-0166, 24/7.",  # offered
    "Nobody should go through this alone. \U0001f4de 416-555-0166",  # offered, about no one
    "Seen near Kipling Ave & Dixon Rd around 8 p.m. near Kipling Ave.",  # a time, not a number
]


@pytest.mark.parametrize("text", NOT_PERSONAL)
def test_nobodys_private_information(text: str) -> None:
    got = signals(text)
    assert ANY not in got and PRIVATE not in got and UNCERTAIN not in got, (text, got)


def test_a_young_persons_birth_date_is_never_public_record() -> None:
    got = signals("Liam Chen (DOB 14/02/2012) has been charged and will appear in court.")
    assert got.get(PRIVATE) == 1


def test_an_address_in_a_formal_update_is_to_confirm() -> None:
    got = signals("Dana Roy, 41, of 12 Oak Rd, has been charged with fraud.")
    assert got.get(UNCERTAIN) == 1 and PRIVATE not in got


def test_victim_services_is_an_organisation_not_a_victim() -> None:
    # "victim" inside an organisation's name ties the number to no victim
    got = signals("Tell Victim Services, they can be reached at 416-555-0150.")
    assert PRIVATE not in got


def test_edmonton_reads_the_same_way() -> None:
    assert signals("Call his sister at 780-555-0142.", pack="edmonton").get(PRIVATE) == 1
    assert PRIVATE not in signals("Town hall at the library, 10230 Jasper Ave.", pack="edmonton")


# --- shapes that are not personal data at all ------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Salary £21,135 - £23,406 pro rata",  # an amount and ordinary words: not a vanity number
        "Salary £23,235 - £25,380 Pro Rata, closing date Friday",
        "Call 1-800-GOT-JUNK for pickup",  # a vanity number: an advertised business line
        "416-555-tips",  # lower-case words are words
    ],
)
def test_not_a_phone_number(text: str) -> None:
    assert find_personal_data(text) == []


def test_a_rejected_reading_does_not_swallow_the_next_address() -> None:
    found = find_personal_data("Ana Lopes, unit 804 at 3310 Weston Rd, called us.")
    assert [(f.kind, f.value) for f in found] == [("address", "3310 weston rd")]


# --- properties ---------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(PRIVATE_POSTS[:3]), st.sampled_from(["\u200b", "\u2060", "\ufeff"]))
def test_private_survives_zero_width_characters_in_the_cue(text: str, zw: str) -> None:
    # a zero-width character inside the pronoun or relative does not hide it
    for cue in ("daughter", "She", "Jordan"):
        if cue in text:
            i = text.index(cue) + 2
            assert signals(text[:i] + zw + text[i:]).get(PRIVATE) == 1


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(UNCERTAIN_POSTS + PRIVATE_POSTS))
def test_owner_does_not_depend_on_case_of_cue_words(text: str) -> None:
    before = signals(text)
    after = signals(text.replace("his ", "HIS ").replace("lives at", "LIVES AT"))
    assert (PRIVATE in before) == (PRIVATE in after)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_never_crashes(text: str) -> None:
    got = signals(text)
    assert got.get(ANY, 0) == got.get(PRIVATE, 0) + got.get(UNCERTAIN, 0)
