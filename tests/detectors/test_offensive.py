"""Offensive-language detector: the model reads only the author's own sentences (never quoted,
reported, counter-speech or crime-report sentences, never the text replied to); evidence is
the sentence in the original text; ordinary posts stay quiet."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _paths import REPO
from _policies import shared_policy
from socialpolicy.detectors import DETECTORS, run_detectors
from socialpolicy.detectors.context import Context
from socialpolicy.detectors.offensive import SIGNAL, OffensiveDetector
from socialpolicy.inputs import Post
from socialpolicy.policy import Policy

DETECTOR = OffensiveDetector()
ORDINARY = REPO / "tests" / "data" / "ordinary" / "canadian_police_posts.jsonl"

# Written for these tests: rude without any listed insult, slur or threat.
OFFENSIVE = [
    "This is the stupidest idea ever.",
    "Politicians like him are a disgrace and should be ashamed of themselves.",
    "Nobody wants your garbage opinions here.",
]
ORDINARY_POSTS = [
    "Road closure on Bay St tonight due to a water main break. Please use alternate routes.",
    "Thank you all for joining us at the community barbecue today!",
    "Enjoy the long weekend and drive safely.",
    "Our officers will be at the Scarborough Town Centre on Saturday to talk about bike safety.",
]
# Words the model leans on, for building hostile-looking stretches.
HOSTILE_WORDS = [
    "stupid", "disgrace", "garbage", "pathetic", "hate", "disgusting", "trash", "idiots",
    "liberals", "these", "people", "women", "you", "are", "so", "all", "fucking", "shut", "up",
]  # fmt: skip


@cache
def policy(pack: str = "toronto") -> Policy:
    return shared_policy(pack)


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


def raised(text: str, reply: str | None = None, captions: tuple[str, ...] = ()) -> int:
    out = run_detectors(context(text, reply, captions), policy()._catalogue, (DETECTOR,))
    value = out.values.get(SIGNAL, 0)
    assert isinstance(value, int)
    return value


def test_the_detector_is_registered_and_declares_its_signal() -> None:
    assert any(isinstance(d, OffensiveDetector) for d in DETECTORS)
    assert SIGNAL in policy()._catalogue
    assert policy()._catalogue[SIGNAL].kind == "count"


@pytest.mark.parametrize("text", OFFENSIVE)
def test_rude_own_words_raise_the_signal(text: str) -> None:
    assert raised(text) == 1


@pytest.mark.parametrize("text", ORDINARY_POSTS)
def test_ordinary_posts_stay_quiet(text: str) -> None:
    assert raised(text) == 0


def test_evidence_is_the_sentence_as_written() -> None:
    text = "Seriously.  Nobody wants your g\u200barbage 0pinions here!"
    out = run_detectors(context(text), policy()._catalogue, (DETECTOR,))
    (ev,) = out.evidence[SIGNAL]
    assert ev.field == "text" and ev.detector == "offensive" and ev.span is not None
    assert text[ev.span.start : ev.span.end] == ev.text
    assert ev.text == "Nobody wants your g\u200barbage 0pinions here!"


@pytest.mark.parametrize("text", OFFENSIVE)
def test_quoted_reported_and_condemned_sentences_are_not_read(text: str) -> None:
    bare = text.rstrip(".")
    assert raised(f'Someone replied "{text}" under our post.') == 0
    assert raised(f"A caller said {bare}.") == 0
    assert raised(f"Comments like {bare} are not okay.") == 0


def test_a_crime_report_is_not_read_unless_addressed_to_you() -> None:
    assert raised("Man jailed for the stabbing of a pregnant woman, a disgusting attack.") == 0


def test_the_text_replied_to_is_never_read() -> None:
    for text in OFFENSIVE:
        assert raised("Thanks for letting us know, we will pass it on.", reply=text) == 0


def test_captions_are_the_authors_words() -> None:
    out = run_detectors(
        context("Photo from today.", captions=(OFFENSIVE[0],)), policy()._catalogue, (DETECTOR,)
    )
    assert out.values.get(SIGNAL) == 1
    assert [e.field for e in out.evidence[SIGNAL]] == ["media[0].caption"]


def test_case_and_zero_width_characters_do_not_change_the_reading() -> None:
    for text in OFFENSIVE + ORDINARY_POSTS:
        base = DETECTOR.field_score(context(text), "text", text).logit
        for variant in (text.upper(), "\u200b".join(text)):
            assert DETECTOR.field_score(context(variant), "text", variant).logit == base


def _hostile(words: list[str]) -> str:
    return " ".join(words)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(HOSTILE_WORDS), min_size=1, max_size=12))
def test_quoted_stretches_never_raise_the_signal(words: list[str]) -> None:
    assert raised(f'He wrote "{_hostile(words)}" on our page') == 0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(HOSTILE_WORDS), min_size=1, max_size=12))
def test_counter_speech_stretches_never_raise_the_signal(words: list[str]) -> None:
    assert raised(f"Saying {_hostile(words)} is not okay") == 0


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_any_text_is_read_without_error(text: str) -> None:
    score = DETECTOR.field_score(context(text), "text", text)
    assert isinstance(score.logit, float)
    assert score.sentence is None or score.fires


def test_ordinary_canadian_police_posts_rarely_raise_it() -> None:
    """400 ordinary posts written for the project (negatives, never trained on)."""
    records = [json.loads(line) for line in ORDINARY.read_text("utf-8").splitlines() if line]
    fired = [r["post"]["text"] for r in records if raised(r["post"]["text"])]
    assert len(fired) <= 0.02 * len(records), fired


# --- counter-speech that refers to hate, and negated hate (written for these tests from what
# the structures are, not from any test suite's items) ------------------------------------

# A denouncing predicate around a reference to hateful talk or feeling.
DENOUNCING_HATE = [
    "Your contempt for immigrants has to stop.",
    "Saying that women are stupid and worthless is just wrong.",
    "I'm sick of people claiming refugees are criminals and parasites.",
    "The hatred of gay people in those comments needs to stop.",
    "Shame on anyone spreading hate about our Muslim neighbours.",
    "Jokes about disabled people being useless are hurtful.",
    "All the hate towards trans kids online is vile.",
    "I can't believe you would call black people animals.",
    "Immigrants are parasites? How can you say that?",
    "Gay people are disgusting. That's a vile thing to say.",
    "It's disgusting how people talk about trans people online.",
    "Your hatred of Muslims makes me sick.",
    "Your constant hate towards gay people is really getting old.",
    "Nobody wants to hear your racist rants about immigrants.",
    "Telling women they belong in the kitchen is so outdated.",
    "Honestly your obsession with hating immigrants is pathetic.",
    "People who claim women can't lead are living in the past.",
    "Blaming refugees for every crime is just wrong.",
    "How could anyone say disabled people are a burden?",
]
# A declarative negation over the hateful stretch.
NEGATED_HATE = [
    "I don't hate immigrants.",
    "I would never say that black people are animals.",
    "No gay person deserves to be treated like trash.",
    "We do not think refugees are vermin.",
    "Not all Muslims are terrorists.",
    "I really don't think disabled people are a burden.",
]
# The same words that are still the author's: a command, words to "you", no denouncing
# predicate, a comparison.
STILL_OWN = [
    "Don't be stupid.",
    "You don't deserve to live, you disgusting pig.",
    "Your contempt for immigrants proves you are an idiot.",
    "Immigrants are no better than animals.",
    "Why don't you shut up and go back to your trailer, you worthless idiot.",
    "This idiot has to stop.",  # no reference to anything said
]


@pytest.mark.parametrize("text", DENOUNCING_HATE)
def test_denouncing_the_hate_it_names_is_not_read(text: str) -> None:
    assert raised(text) == 0
    assert DETECTOR.field_score(context(text), "text", text).logit == policy_bias()


@pytest.mark.parametrize("text", NEGATED_HATE)
def test_negated_hate_is_not_read_as_hate(text: str) -> None:
    assert raised(text) == 0


@pytest.mark.xfail(
    strict=True,
    reason="known miss since the session-10 retrain (docs/model-card.md, Limits): the subject "
    "before a negated predicate ('women are') is not in the negation's scope, and at the lower "
    "threshold its words alone cross it; strict, so a fix shows here",
)
def test_a_negated_predicate_denies_its_subject_too() -> None:
    assert raised("Women are not inferior to men.") == 0


@pytest.mark.parametrize("text", STILL_OWN)
def test_commands_words_to_you_and_comparisons_are_still_read(text: str) -> None:
    """Neither structure applies: the field is read exactly as without them."""
    from socialpolicy.models.offensive import tokens

    ctx = context(text)
    nt = ctx.normalised("text", text)
    model = DETECTOR.model
    own = model.logit_of(*model.raw((tokens(nt),)))
    assert DETECTOR.field_score(ctx, "text", text).logit == own


def policy_bias() -> float:
    """The score of a field with nothing of the author's own to read."""
    return DETECTOR.model.bias


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(HOSTILE_WORDS), min_size=1, max_size=12))
def test_denounced_references_never_raise_the_signal(words: list[str]) -> None:
    assert raised(f"Your hatred of {_hostile(words)} has to stop.") == 0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(HOSTILE_WORDS), min_size=1, max_size=12))
def test_a_declarative_negation_never_raises_the_score(words: list[str]) -> None:
    """Denied words add nothing offensive: "I don't think X" never scores above "X" read
    with the negation but without denial."""
    from socialpolicy.models.offensive import tokens

    text = "I don't think " + _hostile(words)
    nt = context(text).normalised("text", text)
    model = DETECTOR.model
    denied = model.logit_of(*model.raw((tokens(nt, deny=True),)))
    plain = model.logit_of(*model.raw((tokens(nt),)))
    assert denied <= plain


def test_a_denouncing_sentence_does_not_excuse_abuse_said_to_you() -> None:
    text = "You are a moron. This has to stop."
    out = run_detectors(context(text), policy()._catalogue, (DETECTOR,))
    assert out.values.get(SIGNAL) == 1
    assert [e.text for e in out.evidence[SIGNAL]] == ["You are a moron."]


@pytest.mark.parametrize("text", ["This.", "Nope, idiot", "@x Disgusting"])
def test_fields_with_fewer_than_three_own_words_never_raise_it(text: str) -> None:
    assert raised(text) == 0


# Ordinary words with a letter masked: the model must not read the masks as swearing.
MASKED_ORDINARY = [
    "I was a complete fool to forget my notes at home today.",
    "Animal Services reminds you: rats are attracted to garbage left out overnight.",
    "Should you share your banking password with a caller? Never.",
    "Nobody likes getting a ticket, but slowing down in school zones saves lives.",
]


def _mask_words(text: str) -> str:
    """One vowel hidden in every word of 5+ letters ("c*mplete")."""

    def mask(word: str) -> str:
        if len(word) < 5:
            return word
        i = next((k for k in range(1, len(word) - 1) if word[k] in "aeiou"), len(word) // 2)
        return word[:i] + "*" + word[i + 1 :]

    return " ".join(mask(w) for w in text.split(" "))


@pytest.mark.parametrize("text", MASKED_ORDINARY)
def test_masked_ordinary_words_read_as_the_words(text: str) -> None:
    masked = _mask_words(text)
    assert "*" in masked
    assert raised(text) == 0
    assert raised(masked) == 0


def test_masked_swearing_still_reads_as_swearing() -> None:
    # The pack reads these masks as swear words: the model reads them as written.
    assert raised("Shut up you f*cking sh*t, nobody c*res.") == 1
    assert raised("Shut up you f*cking sh*t, you absolute cl*wn.") == 1


@pytest.mark.xfail(
    strict=True,
    reason="known miss since the session-10 retrain (docs/model-card.md, Limits): members' "
    "ordinary posts about council and the city taught those words as ordinary, so an insult "
    "to a council in mild words falls under the threshold, masked or not",
)
def test_an_insult_to_a_council_in_mild_words_raises_the_signal() -> None:
    assert raised("Worst council this city has ever had, what a d*sgrace.") == 1


CUE_PIECES = [
    "he", "was", "charged", "jailed", "stabbing", "you", "your", "@bob", "said", "told",
    "calling", "them", "animals", "is", "not", "okay", "hate", "speech", '"', "'", ".", "!",
    "disgusting", "that's", "we", "arrested", "a", "man",
]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(CUE_PIECES), max_size=30).map(" ".join),
    st.booleans(),
    st.booleans(),
)
def test_own_sentences_read_the_same_with_the_shared_layout(
    text: str, crime: bool, cued: bool
) -> None:
    from socialpolicy.detectors.offensive import own_sentences
    from socialpolicy.detectors.respect.speech import SpeechLayout

    ctx = context(text)
    nt = ctx.normalised("text", text)
    matches = ctx.matches("text", text) if cued else []
    alone = own_sentences(nt, matches, crime)
    shared = own_sentences(nt, matches, crime, layout=lambda: ctx.layout("text", text))
    assert shared == alone
    ids = {m.lexicon_id for m in matches}
    crime_report = crime and ids & {"offence_terms", "justice_outcomes"}
    if crime_report and "second_person" not in ids and "@" not in nt.text:
        # The shortcut's premise: no sentence of a crime report addresses "you".
        layout = SpeechLayout.build(nt, matches)
        assert not layout.has_you(0, len(nt.text))
        assert alone == []
