"""Masking personal data in logged inputs, and in the evidence that quotes them."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from socialpolicy.audit.masking import MaskConfig, apply_mask, parse_path
from socialpolicy.citations import Span

INPUT: dict[str, Any] = {
    "post": {
        "id": "p1",
        "text": "Call Maria at 416-555-0199 or mail maria@example.com today",
        "media": [
            {
                "kind": "image",
                "caption": "at the park",
                "people": [{"name": "Maria", "consent": False}, {"name": None, "consent": True}],
            },
            {"kind": "image", "people": [{"name": "Bob", "consent": True}]},
        ],
    },
    "account": {"handle": "@pc_lee", "display_name": "PC Lee", "owner": {"name": "Jo Lee"}},
    "account_assumed": False,
}
DECISION: dict[str, Any] = {
    "post_id": "p1",
    "verdict": "violation",
    "findings": [
        {
            "rule_id": "tps.privacy.personal-information",
            "evidence": [
                {
                    "detector": "personal_data",
                    "field": "text",
                    "text": "416-555-0199",
                    "span": {"start": 14, "end": 26},
                },
                {
                    "detector": "personal_data",
                    "field": "text",
                    "text": "maria@example.com",
                    "span": {"start": 35, "end": 52},
                },
                {
                    "detector": "media",
                    "field": "media[0].people[0].name",
                    "text": "Maria",
                    "span": None,
                },
                {
                    "detector": "account",
                    "field": "account.display_name",
                    "text": "PC Lee",
                    "span": {"start": 0, "end": 6},
                },
            ],
        }
    ],
}


def test_no_mask_changes_nothing() -> None:
    m = apply_mask(MaskConfig(), INPUT, DECISION)
    assert m.input == INPUT and m.decision == DECISION and m.mask is None


def test_field_paths_with_wildcards_mask_every_match_and_record_it() -> None:
    config = MaskConfig(fields=("post.media[*].people[*].name", "account.display_name"))
    m = apply_mask(config, INPUT, DECISION)
    people = [p["name"] for media in m.input["post"]["media"] for p in media["people"]]
    assert people == ["[MASKED]", None, "[MASKED]"]  # null stays null: nothing to hide
    assert m.input["account"]["display_name"] == "[MASKED]"
    assert m.input["account"]["handle"] == "@pc_lee"
    assert m.input["post"]["text"] == INPUT["post"]["text"]
    assert m.mask is not None
    assert m.mask["masked"] == [
        "post.media[0].people[0].name",
        "post.media[1].people[0].name",
        "account.display_name",
    ]
    assert m.mask["fields"] == list(config.fields)
    evidence = m.decision["findings"][0]["evidence"]
    assert [e["text"] for e in evidence] == [
        "416-555-0199",
        "maria@example.com",
        "[MASKED]",
        "[MASKED]",
    ]
    assert INPUT["account"]["display_name"] == "PC Lee"  # the caller's data is not touched


def test_an_index_masks_one_item_and_a_parent_masks_its_children() -> None:
    m = apply_mask(MaskConfig(fields=("post.media[1]",)), INPUT, DECISION)
    assert m.input["post"]["media"][0] == INPUT["post"]["media"][0]
    assert m.input["post"]["media"][1] == "[MASKED]"
    m = apply_mask(MaskConfig(fields=("post.media",)), INPUT, DECISION)
    assert m.input["post"]["media"] == "[MASKED]"
    # Evidence from below a masked parent is masked too.
    assert m.decision["findings"][0]["evidence"][2]["text"] == "[MASKED]"


def test_personal_data_spans_are_replaced_in_post_text() -> None:
    config = MaskConfig(personal_data=True, token="<pd>")
    m = apply_mask(config, INPUT, DECISION)
    assert m.input["post"]["text"] == "Call Maria at <pd> or mail <pd> today"
    assert m.mask is not None and m.mask["masked"] == ["post.text[14:26]", "post.text[35:52]"]
    ev = m.decision["findings"][0]["evidence"]
    assert ev[0]["text"] == ev[1]["text"] == "<pd>"
    assert ev[3]["text"] == "PC Lee"  # not personal-data evidence, not a masked field


def test_detector_spans_are_masked_even_when_no_rule_fired() -> None:
    decision = {**DECISION, "findings": []}
    m = apply_mask(
        MaskConfig(personal_data=True),
        INPUT,
        decision,
        personal_spans=[Span(start=5, end=10), Span(start=8, end=12)],
    )
    assert m.input["post"]["text"].startswith("Call [MASKED]t 416")  # overlaps merged
    assert m.mask is not None and m.mask["masked"] == ["post.text[5:12]"]


def test_masking_post_text_whole_wins_over_spans() -> None:
    m = apply_mask(MaskConfig(fields=("post.text",), personal_data=True), INPUT, DECISION)
    assert m.input["post"]["text"] == "[MASKED]"
    assert m.mask is not None and m.mask["masked"] == ["post.text"]
    assert all(e["text"] == "[MASKED]" for e in m.decision["findings"][0]["evidence"][:2])


def test_a_mask_that_matches_nothing_leaves_the_record_replayable() -> None:
    m = apply_mask(MaskConfig(fields=("post.in_reply_to.author",)), INPUT, DECISION)
    assert m.mask is not None and m.mask["masked"] == []
    assert m.input == INPUT


@pytest.mark.parametrize(
    "bad", ["text", "post", "post..text", "post.media[x]", "user.name", "post.media[*]x"]
)
def test_bad_paths_are_refused(bad: str) -> None:
    with pytest.raises(ValidationError):
        MaskConfig(fields=(bad,))


def test_parse_path() -> None:
    assert parse_path("post.media[*].people[2].name") == [
        "post",
        "media",
        None,
        "people",
        2,
        "name",
    ]


def test_a_masked_record_does_not_keep_the_digest_of_what_was_masked() -> None:
    """Issue 12: the unsalted digest of the unmasked input gave the masked text back in a
    dozen guesses. Masking anything now drops it."""
    decision = {**DECISION, "input_digest": "sha256:" + "ab" * 32}
    m = apply_mask(MaskConfig(personal_data=True), INPUT, decision)
    assert m.decision["input_digest"] is None
    assert m.mask is not None and m.mask["input_digest_withheld"] is True
    untouched = apply_mask(MaskConfig(fields=("post.url",)), INPUT, decision)
    assert untouched.decision["input_digest"] == decision["input_digest"]


def test_mask_personal_data_also_masks_names_and_ages(tmp_path: Any) -> None:
    """`log init --mask-personal-data`: the names and ages the identity detector reads go
    too, not only contact details."""
    import socialpolicy as sp
    from socialpolicy.audit.log import open_log
    from socialpolicy.audit.writer import LogWriter, set_mask_config

    policy = sp.load_policy("toronto")
    post = sp.Post.model_validate(
        {
            "id": "n1",
            "text": "Maria Lopez, 34, of 12 Main St called 416-555-0199 about her neighbour.",
            "created_at": "2025-01-01T10:00:00+00:00",
        }
    )
    with open_log(str(tmp_path / "m.sqlite")) as log:
        set_mask_config(log, MaskConfig(personal_data=True))
        writer = LogWriter(log, policy)
        writer.add(post, None, policy.evaluate(post))
        writer.close()
        (rec,) = list(log.records())
    assert rec.input is not None
    text = rec.input["post"]["text"]
    for secret in ("Maria Lopez", "34", "12 Main St", "416-555-0199"):
        assert secret not in text, text
    assert "called" in text and "neighbour" in text
    assert rec.decision["input_digest"] is None
    quoted = [e["text"] for f in rec.decision["findings"] for e in f["evidence"]]
    assert not any(s in q for q in quoted for s in ("Maria Lopez", "416-555-0199"))
