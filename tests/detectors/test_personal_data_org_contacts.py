"""The organisation's own contacts are never personal data, even when contacts.yaml does not
list them: numbers and emails the account publishes, and ones the post introduces as the
organisation's (the pack's org_contact_* lexicons)."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest

from _policies import shared_policy
from socialpolicy.detectors import run_detectors
from socialpolicy.detectors.context import Context
from socialpolicy.detectors.personal_data import PersonalDataDetector
from socialpolicy.inputs import Account, Post
from socialpolicy.policy import Policy

DETECTOR = PersonalDataDetector()


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


ORG_CONTACTS = [
    ("Nothing urgent? Phone our non-emergency number, 416-555-0123. In an emergency, dial 911.", 2),
    ("Know something about the break-ins? Tell Crime Stoppers anonymously: 416-555-0188.", 1),
    (
        "Best person to ask is our media relations office, they'll have the official answer. "
        "Email them at press@example.org or call 416-555-0123 👍",
        2,
    ),
    ("Spotted him? Phone 416-555-0145 or Crime Stoppers at 416-555-0188. #MissingPerson", 2),
    ("Media inquiries: press@example.org", 1),
    ("Anyone with information is asked to contact investigators at 416-555-0177.", 1),
    ("You can email traffic.unit@example.org with the dashcam footage.", 1),
    ("Tip line 416-555-0101, or email us at tips@example.org.", 2),
    ("Lines are open 9 to 5. Alternatively you can email: enquiries@example.org", 1),
]


@pytest.mark.parametrize(("text", "count"), ORG_CONTACTS)
def test_contacts_introduced_as_the_organisations(text: str, count: int) -> None:
    got = signals(text)
    assert "personal_data.any" not in got, text
    assert got.get("personal_data.allowlisted_contact") == count, text


PRIVATE = [
    "Anyone know this guy? Call his sister Maria at 416-555-0199, she's worried sick.",
    "Reach her at (416) 555-0199 tonight",
    "The resident who spoke tonight can be reached at 416-555-0142 if you want to follow up.",
    "Crime Stoppers called my brother, his number is 416-555-0111.",
    "Found a wallet. Owner's email is jdoe1987@example.com if anyone knows him.",
    "Reach them at 416-555-0155, they're lovely people.",  # no unit of the organisation named
    "Call Maria at 416-555-0199.",
    # labels in a list of someone's details are not instructions
    "Jane Roe, bus driver. Personal info: Phone: 416-555-0148 E-mail: jane.roe@example.com",
]


@pytest.mark.parametrize("text", PRIVATE)
def test_private_contacts_are_still_personal_data(text: str) -> None:
    assert signals(text).get("personal_data.any", 0) >= 1, text


MEMBER = {
    "handle": "@pc_jones",
    "bio": "Community officer, 51 Division. Reach me at 416-555-0123.",
    "disclaimer": "Not monitored 24/7. Contact: pc.jones@example.org. Emergencies call 911.",
    "owner": {"organisation": "tps", "role": "officer"},
}


def test_contacts_the_account_publishes() -> None:
    text = (
        "Questions about the bike registry? Message me here or at pc.jones@example.org "
        "or 416 555 0123"
    )
    got = signals(text, account=MEMBER)
    assert "personal_data.any" not in got
    assert got["personal_data.allowlisted_contact"] == 2
    # someone else's number is still personal data
    assert signals("My neighbour's cell is 416-555-0999", account=MEMBER)["personal_data.any"] == 1


def test_edmonton_pack_has_the_cues_too() -> None:
    got = signals(
        "Questions for the Commission office? Reach them at office@example.org", "edmonton"
    )
    assert "personal_data.any" not in got and got["personal_data.allowlisted_contact"] == 1


def test_rule_stays_quiet_on_the_organisations_contacts() -> None:
    decision = policy("toronto").evaluate(
        {"id": "p", "text": ORG_CONTACTS[0][0], "created_at": "2025-06-01T12:00:00Z"}
    )
    assert decision.verdict.value == "pass"
