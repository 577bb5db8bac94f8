"""The input digest: its definition is public (auditors recompute it), so it is pinned here."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from socialpolicy.decisions import input_digest
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
