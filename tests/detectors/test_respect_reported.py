"""A member reporting abuse shouted at them ("a man screamed that I was ...", "had a guy tell
me to go f*** myself") repeats someone else's words: neither the respect detector nor the
offensive-language model reads them as the member's own. The member's own words after the
report still count."""

from __future__ import annotations

from functools import cache

import pytest

from _policies import shared_policy
from socialpolicy.policy import Policy

MEMBER = {
    "handle": "cst_test", "platform": "x", "display_name": "Cst. Test", "official": False,
    "owner": {"name": "Test", "organisation": "tps", "role": "officer"},
    "identifies_as_member": True,
}  # fmt: skip


@cache
def policy() -> Policy:
    return shared_policy("toronto")


def treat_others(text: str) -> set[str]:
    d = policy().evaluate({"id": "p", "text": text, "created_at": "2025-06-01T12:00:00Z"}, MEMBER)
    return {f.rule_id for f in d.findings if "tps.treat-others" in f.clause_ids}


@pytest.mark.parametrize("verb", ["screamed", "yelled", "shouted", "was screaming", "kept yelling"])
def test_abuse_shouted_at_the_member_is_reported(verb: str) -> None:
    assert treat_others(f"A man {verb} that all cops are bastards while we helped him.") == set()


@pytest.mark.parametrize("lead", ["Had a guy tell me to", "People keep telling us to"])
def test_being_told_to_go_away_is_reported(lead: str) -> None:
    assert (
        treat_others(f"{lead} go f*** myself at every traffic stop. Ticket still stands.") == set()
    )


def test_the_members_own_insult_after_the_report_still_counts() -> None:
    text = "A man screamed that I was useless. Honestly? He's a pathetic loser."
    assert "tps.treat-others.insult" in treat_others(text)
