"""The error hierarchy: located rendering, every problem of a record, relocation, word diffs."""

from __future__ import annotations

import pickle

import pytest

import socialpolicy as sp
from socialpolicy.errors import (
    CitationError,
    FieldProblem,
    InputValidationError,
    Location,
    word_diff,
)


def test_location_renders_file_line_column() -> None:
    assert str(Location(file="p.jsonl", line=3, column=7)) == "p.jsonl:3:7"
    assert str(Location(file="p.jsonl", line=3)) == "p.jsonl:3"
    assert str(Location(line=3, column=7, field="post.text")) == "line 3, column 7, field post.text"
    assert Location(file="f").to_dict() == {
        "file": "f",
        "line": None,
        "column": None,
        "field": None,
        "record": None,
    }


def test_a_record_keeps_every_problem() -> None:
    policy = sp.load_policy("edmonton")
    bad = {
        "id": "x",
        "text": 3,
        "created_at": "yesterday",
        "visibility": "secret",
        "media": [{"kind": "gif", "people": [{"consent": "maybe"}]}],
    }
    with pytest.raises(InputValidationError) as info:
        policy.evaluate(
            bad, account={"handle": "@a", "owner": {"organisation": "epc", "role": "x"}}
        )
    err = info.value
    fields = [p.field for p in err.problems]
    assert fields == [
        "post.text",
        "post.created_at",
        "post.visibility",
        "post.media[0].kind",
        "post.media[0].people[0].consent",
    ]
    assert err.location.field == "post.text" and err.message == "invalid post: 5 problems"
    assert all(f"  {p}" in str(err) for p in err.problems)
    assert err.to_dict()["problems"][3] == {
        "field": "post.media[0].kind",
        "message": "Input should be 'image', 'video', 'audio' or 'other' (got 'gif')",
    }


def test_one_problem_is_the_error_itself() -> None:
    err = InputValidationError("bad", Location(field="post.text"))
    assert err.problems == (FieldProblem("post.text", "bad"),)
    assert "\n" not in str(err)


def test_relocated_keeps_the_problems_and_the_type() -> None:
    err = InputValidationError(
        "invalid post: 2 problems",
        Location(field="post.a", record="7"),
        problems=[FieldProblem("post.a", "x"), FieldProblem("post.b", "y")],
    )
    moved = err.relocated(file="p.jsonl", line=4)
    assert type(moved) is InputValidationError and moved.problems == err.problems
    assert moved.location == Location(file="p.jsonl", line=4, field="post.a", record="7")
    assert str(moved).startswith("[input_validation_error] p.jsonl:4, record 7, field post.a")
    assert err.location.file is None  # the original is unchanged
    assert isinstance(pickle.loads(pickle.dumps(sp.PackError("x"))), sp.PackError)


def test_word_diff_and_citation_error() -> None:
    assert word_diff("be kind and patient", "be kind and patent") == (
        "be kind and [-patient-]{+patent+}"
    )
    assert word_diff("a b c", "a c") == "a [-b -]c"
    err = CitationError("moved", expected="be kind and patient", found="be kind and patent")
    assert "quote → text now: be kind and [-patient-]{+patent+}" in str(err)
    assert err.to_dict()["diff"] == "be kind and [-patient-]{+patent+}"
    assert "diff" not in CitationError("plain").to_dict()
