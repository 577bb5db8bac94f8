"""The input digest: its definition is public (auditors recompute it), so it is pinned here."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialpolicy import load_policy
from socialpolicy.decisions import (
    Decision,
    EngineRef,
    PackRef,
    Verdict,
    input_digest,
    trusted_decision,
)
from socialpolicy.inputs import Account, Owner, Post


def _by_definition(post: Post, account: Account | None) -> str:
    acc = account.model_dump_json() if account is not None else "null"
    data = '{"post":' + post.model_dump_json() + ',"account":' + acc + "}"
    return "sha256:" + hashlib.sha256(data.encode()).hexdigest()


ACCOUNT = Account(
    handle="@someone", platform="x", owner=Owner(name="A", organisation="tps", role="officer")
)


@given(st.text(max_size=200), st.booleans())
def test_input_digest_is_sha256_of_the_input_json(text: str, with_account: bool) -> None:
    post = Post(id="p1", text=text, created_at=datetime(2025, 1, 2, tzinfo=UTC))
    account = ACCOUNT if with_account else None
    assert input_digest(post, account) == _by_definition(post, account)


def test_equal_accounts_give_the_same_digest_and_different_ones_differ() -> None:
    post = Post(id="p1", text="hello", created_at=datetime(2025, 1, 2, tzinfo=UTC))
    same = Account.model_validate(json.loads(ACCOUNT.model_dump_json()))
    other = ACCOUNT.model_copy(update={"handle": "@other"})
    assert input_digest(post, ACCOUNT) == input_digest(post, same)
    assert input_digest(post, other) != input_digest(post, ACCOUNT)
    assert input_digest(post, ACCOUNT) == input_digest(post, ACCOUNT)  # deterministic
    assert input_digest(post, None) != input_digest(post, ACCOUNT)


# -- trusted_decision: the Policy's Decision built without validating typed values again ------

_FRESH = Path(__file__).resolve().parent / "data" / "fresh"


def _validated(d: Decision) -> Decision:
    return Decision(**{name: getattr(d, name) for name in Decision.model_fields})


def _same(fast: Decision, slow: Decision) -> None:
    assert fast.model_dump_json() == slow.model_dump_json()
    assert fast == slow
    assert hash(fast) == hash(slow)
    assert fast.model_fields_set == slow.model_fields_set
    assert fast.model_dump() == slow.model_dump()
    assert [type(getattr(fast, n)) for n in Decision.model_fields] == [
        type(getattr(slow, n)) for n in Decision.model_fields
    ]


@pytest.mark.parametrize("pack", ["toronto", "edmonton"])
def test_the_policy_s_decisions_equal_validated_ones_on_the_fresh_posts(pack: str) -> None:
    policy = load_policy(pack)
    rows = [json.loads(line) for line in (_FRESH / f"{pack}.jsonl").read_text().splitlines()]
    flagged = 0
    for row in rows:
        for account in (row.get("account"), None):
            d = policy.evaluate(row["post"], account)
            flagged += bool(d.findings)
            _same(d, _validated(d))
    assert flagged > 0  # the findings' path is exercised too


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",))
    | st.sampled_from(["\u201c", "\u2019", "\u00a0", "\u200b", "\n", "\U0001f600", "7"]),
    max_size=60,
)


@given(
    _TEXT,
    st.sampled_from(list(Verdict)),
    st.dates(),
    _TEXT,
    st.booleans(),
    st.lists(_TEXT, max_size=3),
)
def test_trusted_decision_equals_the_validated_model(
    post_id: str, verdict: Verdict, on: date, digest: str, assumed: bool, notes: list[str]
) -> None:
    values = {
        "post_id": post_id,
        "verdict": verdict,
        "findings": (),
        "pack": PackRef(id="toronto", version="1.0.0", digest="sha256:00"),
        "engine": EngineRef(name="durable", version="1"),
        "as_of": on,
        "input_digest": digest,
        "account_assumed": assumed,
        "notes": tuple(notes),
    }
    _same(trusted_decision(**values), Decision(**values))
