"""Account history beside the decision log, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from socialpolicy.audit.accounts import AccountHistory
from socialpolicy.audit.log import DecisionLog, open_log
from socialpolicy.inputs import Account, Owner

OWNER = Owner(organisation="epc", role="commissioner")


@pytest.fixture(params=["sqlite", "postgres"])
def log(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[DecisionLog]:
    if request.param == "postgres":
        url = request.getfixturevalue("postgres_url")
        with open_log(url) as pg:
            yield pg
    else:
        with open_log(str(tmp_path / "log.db")) as lite:
            yield lite


def _acc(handle: str, name: str | None, bio: str | None = None) -> Account:
    return Account(handle=handle, display_name=name, bio=bio, owner=OWNER)


def test_renames_are_learned_and_derived(log: DecisionLog) -> None:
    h = AccountHistory(log)
    assert h.observe("lee", _acc("@CommrPatLee", "Commissioner Pat Lee"), "a.zip") == ()
    assert h.observe("lee", _acc("@CommrPatLee", "Commissioner Pat Lee"), "a.zip") == ()
    changes = h.observe("lee", _acc("@yeg_cyclist", "Pat Lee", "Cyclist"), "b.zip")
    assert [(c.field, c.before, c.after) for c in changes] == [
        ("handle", "@CommrPatLee", "@yeg_cyclist"),
        ("display_name", "Commissioner Pat Lee", "Pat Lee"),
        ("bio", None, "Cyclist"),
    ]
    assert len(h.snapshots("lee")) == 2  # an unchanged profile adds no snapshot
    now = h.with_history("lee", _acc("@yeg_cyclist", "Pat Lee"))
    assert now.previous_handles == ("@CommrPatLee",)
    assert now.previous_display_names == ("Commissioner Pat Lee",)
    # Another account's history is its own.
    assert h.with_history("other", _acc("@x", "X")).previous_handles == ()


def test_judged_posts_are_remembered_once(log: DecisionLog) -> None:
    h = AccountHistory(log)
    assert h.judged_ids("lee") == set()
    h.mark_judged("lee", [("1", "2024-05-01T10:00:00+00:00"), ("2", "2024-05-02T10:00:00+00:00")])
    h.mark_judged("lee", [("2", "2024-05-02T10:00:00+00:00")])
    assert h.judged_ids("lee") == {"1", "2"}
    mark = h.mark("lee")
    assert mark.posts == 2 and mark.latest_created_at == "2024-05-02T10:00:00+00:00"
    assert h.accounts() == ["lee"]


def test_history_survives_reopening_and_leaves_the_chain_intact(tmp_path: Path) -> None:
    path = str(tmp_path / "log.db")
    with open_log(path) as first:
        AccountHistory(first).observe("lee", _acc("@a", "A"), "x")
    with open_log(path, create=False) as again:
        h = AccountHistory(again)
        h.observe("lee", _acc("@b", "B"), "y")
        assert h.learned_names("lee") == (("@a", "@b"), ("A", "B"))
        assert again.verify().ok
