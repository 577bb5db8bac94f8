"""Identity detector, `identity.named_victim`: a living person named as the one an offence
was done to, and the names that are not (the one who did it, a formal appeal, a death)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.detectors.test_identity import signals

VICTIM = "identity.named_victim"

NAMED_VICTIMS = [
    # a passive right after the name, with or without an age or "who"
    "Heal up soon Gordon Achebe, who got beaten up leaving the Rogers Centre.",
    "Lucia Ferraro was robbed on her own street in broad daylight. Unreal.",
    "Ravi Menon, 52, was carjacked at a gas station off the 401 last night 😡",
    # an apposition
    "Praying for Hannah Lindqvist tonight, assaulted on the way home from her shift.",
    "Big hugs to Owen Pryce, the kid's coach mugged outside the arena on Sunday.",
    # an offence on or of them; the one harmed, then named
    "The mugging of Beatriz Salgado near Dufferin Mall still has the whole block shaken.",
    "The man who was stabbed outside the LCBO on Bloor was Kwame Mensah, my barber.",
]

NOT_VICTIMS = [
    # the name does the harming
    "Gordon Achebe punched a guy outside the Rogers Centre and got cuffed.",
    "Lucia Ferraro, who robbed three stores on Queen, is finally in custody.",
    # the passive's subject is someone else
    "Officers arrested Ravi Menon after a cyclist was attacked on College St.",
    # a formal appeal (names a victim with the family's agreement) and a death
    "Police are appealing for witnesses after Owen Pryce, 41, was assaulted on Jane St.",
    "Kwame Mensah was stabbed to death on Bloor in 2019. His family still wants answers.",
    # no name, or harm words that are not an offence on the person named
    "Sending strength to everyone who was robbed on Pape this week.",
    "The Leafs got robbed by the refs tonight!! Auston Matthews deserved that goal",
]


@pytest.mark.parametrize("text", NAMED_VICTIMS)
def test_named_victim(text: str) -> None:
    assert signals(text).get(VICTIM) == 1, text


@pytest.mark.parametrize("text", NOT_VICTIMS)
def test_not_a_named_victim(text: str) -> None:
    assert VICTIM not in signals(text), text


def test_the_author_is_not_a_victim_to_protect() -> None:
    # The account's owner telling their own story: the assumed account is the pack's, so
    # the author is named through the account's display name.
    from tests.detectors.test_identity import DETECTOR, policy

    from socialpolicy.detectors import run_detectors
    from socialpolicy.detectors.context import Context
    from socialpolicy.inputs import Account, Post

    pol = policy()
    me = Account.model_validate(
        {
            "handle": "@lucia",
            "platform": "x",
            "display_name": "Lucia Ferraro",
            "owner": {"name": "Lucia Ferraro", "organisation": "tps", "role": "civilian"},
        }
    )
    post = Post.model_validate(
        {
            "id": "t",
            "text": "Yes, Lucia Ferraro was robbed on her own street. I'm fine, thanks all.",
            "created_at": "2025-06-01T12:00:00Z",
        }
    )
    ctx = Context(post=post, author=me, account_given=True, resources=pol._resources)
    assert VICTIM not in run_detectors(ctx, pol._catalogue, (DETECTOR,)).values


def test_both_packs_read_it() -> None:
    text = "Spoke with Colleen Byrne tonight, attacked on her own doorstep in Beverly."
    assert signals(text, pack="edmonton").get(VICTIM) == 1


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(NAMED_VICTIMS), st.integers(min_value=0, max_value=40))
def test_invisible_characters_do_not_hide_a_victim(text: str, at: int) -> None:
    # A zero-width character inside a word is read through, as everywhere in the project.
    words = text.split(" ")
    i = at % len(words)
    if len(words[i]) > 1:
        words[i] = words[i][0] + "\u200b" + words[i][1:]
    assert signals(" ".join(words)).get(VICTIM) == 1
