"""Clause reader detector: one signal per clause of the pack applied, evidence is the sentence
that carries the reading (in the original text), the disrespect clauses read only the author's
own sentences, short fields and other packs stay quiet; the shipped reader fires on breaches
written for these tests and stays quiet on ordinary posts."""

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
from socialpolicy.detectors.clause_reader import CLAUSES, ClauseReaderDetector
from socialpolicy.detectors.context import Context
from socialpolicy.inputs import Post
from socialpolicy.models._ngrams import FeatureConfig
from socialpolicy.models.clauses import ClauseModel, ClauseReader, signal_name
from socialpolicy.policy import Policy

ORDINARY = REPO / "tests" / "data" / "ordinary" / "canadian_police_posts.jsonl"
CONFIG = FeatureConfig(word_ngrams=2, char_min=2, char_max=0)


@cache
def policy(pack: str) -> Policy:
    return shared_policy(pack)


def context(text: str, pack: str = "toronto", captions: tuple[str, ...] = ()) -> Context:
    pol = policy(pack)
    data: dict[str, Any] = {"id": "t", "text": text, "created_at": "2025-06-01T12:00:00Z"}
    if captions:
        data["media"] = [{"kind": "image", "caption": c} for c in captions]
    return Context(
        post=Post.model_validate(data),
        author=pol.pack.assumed_account,
        account_given=False,
        resources=pol._resources,
    )


def toy_reader() -> ClauseReader:
    """Two Toronto clauses with hand-set weights: 'leak' reads as privacy, 'clown' as disrespect
    (read in the author's own sentences only)."""
    privacy = ClauseModel("tps.privacy", CONFIG, -1.0, 0.001, 0.5, {"leak": 9000}, {}, {})
    rude = ClauseModel(
        "tps.treat-others", CONFIG, -1.0, 0.001, 0.5, {"clown": 9000}, {}, {}, own_words=True
    )
    return ClauseReader({}, {"toronto": [privacy, rude]})


def signals(det: ClauseReaderDetector, ctx: Context) -> dict[str, Any]:
    out = run_detectors(ctx, policy(ctx.resources.pack_id)._catalogue, (det,))
    return {k: (v, out.evidence.get(k, [])) for k, v in out.values.items()}


def test_the_detector_is_registered_with_a_signal_per_clause() -> None:
    assert any(isinstance(d, ClauseReaderDetector) for d in DETECTORS)
    for pack, clauses in CLAUSES.items():
        catalogue = policy(pack)._catalogue
        for clause in clauses:
            assert catalogue[signal_name(clause)].kind == "count"


def test_evidence_is_the_sentence_that_reads_like_the_breach() -> None:
    det = ClauseReaderDetector(toy_reader())
    text = "Lovely day at the park.   Somebody should leak the file today. See you."
    got = signals(det, context(text))
    assert set(got) == {signal_name("tps.privacy")}
    value, evidence = got[signal_name("tps.privacy")]
    assert value == 1
    (ev,) = evidence
    assert ev.text == "Somebody should leak the file today."
    assert text[ev.span.start : ev.span.end] == ev.text
    assert ev.field == "text" and ev.detector == "clause_reader"


def test_each_own_text_field_is_read() -> None:
    det = ClauseReaderDetector(toy_reader())
    got = signals(det, context("Nothing to see here today.", captions=("They leak it again",)))
    ((value, evidence),) = got.values()
    assert value == 1 and evidence[0].field == "media[0].caption"


def test_disrespect_is_read_in_the_authors_own_sentences_only() -> None:
    det = ClauseReaderDetector(toy_reader())
    own = "You are such a clown, honestly."
    assert signal_name("tps.treat-others") in signals(det, context(own))
    quoted = 'A man shouted "you are a clown" at the officers. We kept the peace all night.'
    assert signal_name("tps.treat-others") not in signals(det, context(quoted))
    # The privacy reading keeps reported words: who said what can itself divulge something.
    reported = 'A caller said "they will leak the address" to the dispatcher.'
    assert signal_name("tps.privacy") in signals(det, context(reported))


@pytest.mark.parametrize(
    "text",
    [
        "You are such a clown, honestly.",
        "@sam_k what a clown move that was.",
        "Honestly he is a clown and everyone knows it.",
        "Saw this guy at the rink, total clown.",
        "ur a clown lol",
    ],
)
def test_disrespect_is_read_where_the_author_addresses_or_names_a_person(text: str) -> None:
    det = ClauseReaderDetector(toy_reader())
    assert signal_name("tps.treat-others") in signals(det, context(text))


@pytest.mark.parametrize(
    "text",
    [
        "We are a group of clown performers from Scarborough.",
        "Clown school graduates are everywhere downtown this summer.",
        "The clown festival opens at the waterfront on Saturday.",
    ],
)
def test_disrespect_is_not_read_in_statements_about_groups_or_things(text: str) -> None:
    det = ClauseReaderDetector(toy_reader())
    assert signal_name("tps.treat-others") not in signals(det, context(text))


def test_a_reply_is_aimed_at_the_person_replied_to() -> None:
    det = ClauseReaderDetector(toy_reader())
    text = "What a clown show this thread is."
    assert signal_name("tps.treat-others") not in signals(det, context(text))
    ctx = context(text)
    reply = Post.model_validate(
        {**ctx.post.model_dump(mode="json"), "in_reply_to": {"text": "The bylaw starts Monday."}}
    )
    replied = Context(post=reply, author=ctx.author, account_given=False, resources=ctx.resources)
    assert signal_name("tps.treat-others") in signals(det, replied)


def test_a_field_with_several_masked_words_is_not_read() -> None:
    det = ClauseReaderDetector(toy_reader())
    assert signals(det, context("Somebody should leak the f*le t*day.")) == {}
    # One masked word is read as a word the model does not know.
    assert signal_name("tps.privacy") in signals(
        det, context("Somebody should leak the f*le today.")
    )


def test_short_fields_and_other_packs_stay_quiet() -> None:
    det = ClauseReaderDetector(toy_reader())
    assert signals(det, context("leak leak")) == {}
    assert signals(det, context("Somebody should leak the file today.", pack="edmonton")) == {}


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=400))
def test_any_text_is_read_without_crashing_and_evidence_is_in_it(text: str) -> None:
    for pack in ("toronto", "edmonton"):
        ctx = context(text or "x", pack)
        for hit in ClauseReaderDetector().detect(ctx):
            for ev in hit.evidence:
                assert ctx.post.text[ev.span.start : ev.span.end] == ev.text


# Written for these tests from the policy texts: each reads like a breach of its clause.
SHIPPED_FIRES = [
    ("toronto", "tps.accounts-represent-us",
     "Honestly the new overtime procedure from HQ is a complete waste of everyone's time."),
    ("toronto", "tps.always-the-police",
     "Showed the badge at the door and skipped the whole line, perks of the uniform."),
    ("edmonton", "epc.3a", "The Premier's new bail proposal is a disaster for this city."),
    ("edmonton", "epc.3e",
     "Volunteers needed to knock doors for Sara's council campaign this weekend, DM me!"),
]  # fmt: skip


@pytest.mark.parametrize(("pack", "clause", "text"), SHIPPED_FIRES)
def test_the_shipped_reader_reads_breaches_written_for_the_tests(
    pack: str, clause: str, text: str
) -> None:
    got = signals(ClauseReaderDetector(), context(text, pack))
    assert signal_name(clause) in got


def test_the_shipped_reader_stays_quiet_on_most_ordinary_posts() -> None:
    with ORDINARY.open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    det = ClauseReaderDetector()
    fired = sum(1 for rec in records if signals(det, context(rec["post"]["text"], rec["pack"])))
    # The ordinary posts are negatives the model trained on; the budget is 0.3% per clause.
    assert fired <= len(records) * 0.01
