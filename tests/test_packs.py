from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialpolicy import (
    Account,
    Citation,
    Clause,
    Decision,
    PolicyPack,
    Post,
    Rule,
    SourceDocument,
    load_pack,
)
from socialpolicy.lexicons import Lexicon
from socialpolicy.packs import compute_digest, pack_content

PackCopy = Callable[[str], Path]
PACKS = {name: load_pack(name) for name in ("toronto", "edmonton")}


@pytest.mark.parametrize("name", sorted(PACKS))
def test_json_round_trip_of_every_model(name: str) -> None:
    pack = PACKS[name]
    # Document text is not part of the JSON (it is the shipped file), so compare JSON forms.
    again = PolicyPack.model_validate_json(pack.model_dump_json())
    assert again.model_dump_json() == pack.model_dump_json()
    for doc in pack.documents:
        assert (
            SourceDocument.model_validate_json(doc.model_dump_json()).model_dump()
            == doc.model_dump()
        )
    for clause in pack.clauses:
        assert Clause.model_validate_json(clause.model_dump_json()) == clause
        for cit in clause.citations:
            assert Citation.model_validate_json(cit.model_dump_json()) == cit
    for rule in pack.rules:
        assert Rule.model_validate_json(rule.model_dump_json(by_alias=True)) == rule
    for lex in pack.lexicons:
        assert Lexicon.model_validate_json(lex.model_dump_json()) == lex
    assert (
        Account.model_validate_json(pack.assumed_account.model_dump_json()) == pack.assumed_account
    )


def test_document_text_is_exposed_and_models_are_frozen() -> None:
    doc = PACKS["toronto"].documents[0]
    assert doc.text.startswith("\n\n\n\nToronto Police Service")
    with pytest.raises(Exception):  # noqa: B017 - pydantic raises ValidationError on frozen models
        doc.title = "changed"  # type: ignore[misc]


def test_digest_is_stable_across_loads() -> None:
    assert load_pack("toronto").digest == PACKS["toronto"].digest
    assert PACKS["toronto"].digest != PACKS["edmonton"].digest
    assert PACKS["toronto"].digest.startswith("sha256:")


def test_digest_ignores_formatting_but_not_content(pack_copy: PackCopy) -> None:
    pack = pack_copy("toronto")
    rules = pack / "rules" / "privacy.yaml"
    original = rules.read_text("utf-8")
    rules.write_text("# a new comment\n" + original.replace("\n\n", "\n\n\n"), "utf-8")
    assert load_pack(pack).digest == PACKS["toronto"].digest
    rules.write_text(
        original.replace("Remove the personal details.", "Remove the details."), "utf-8"
    )
    assert load_pack(pack).digest != PACKS["toronto"].digest


def test_digest_changes_with_a_lexicon_term(pack_copy: PackCopy) -> None:
    pack = pack_copy("edmonton")
    lex = pack / "lexicons" / "member_identity.yaml"
    lex.write_text(lex.read_text("utf-8").replace("  - commr\n", "  - commr\n  - cmmr\n"), "utf-8")
    assert load_pack(pack).digest != PACKS["edmonton"].digest


@settings(max_examples=60)
@given(st.sampled_from(sorted(PACKS)), st.integers(0, 10_000), st.text(min_size=1, max_size=30))
def test_digest_changes_iff_content_changes(name: str, pick: int, new: str) -> None:
    pack = PACKS[name]
    rule = pack.rules[pick % len(pack.rules)]
    changed_rule = rule.model_copy(update={"message": new})
    rules = tuple(changed_rule if r is rule else r for r in pack.rules)
    changed = pack.model_copy(update={"rules": rules})
    same = new == rule.message
    assert (compute_digest(pack_content(changed)) == pack.digest) is same


def test_inputs_round_trip() -> None:
    post = Post.model_validate(
        {
            "id": "p1",
            "text": "hi",
            "created_at": "2025-01-01T10:00:00-05:00",
            "media": [
                {
                    "kind": "image",
                    "people": [{"consent": None, "minor": True}],
                    "location": {"lat": 1.5, "lon": 2.5},
                }
            ],
            "in_reply_to": {"author": "@x", "text": "hello"},
        }
    )
    assert Post.model_validate_json(post.model_dump_json()) == post


def test_decision_schema_is_serialisable() -> None:
    schema = Decision.model_json_schema(mode="serialization")
    assert {"post_id", "verdict", "findings", "pack", "engine", "as_of", "input_digest"} <= set(
        schema["properties"]
    )
