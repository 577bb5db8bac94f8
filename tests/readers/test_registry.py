from __future__ import annotations

import json
from pathlib import Path

import pytest

from _exports import collect
from socialpolicy.errors import InputValidationError
from socialpolicy.readers import FORMAT_NAMES, detect_format, reader


def test_format_names_match_the_contract() -> None:
    assert set(FORMAT_NAMES) >= {
        "x-archive",
        "mastodon",
        "bluesky",
        "facebook",
        "instagram",
        "csv",
        "json",
    }


def test_unknown_format_suggests_the_closest() -> None:
    with pytest.raises(InputValidationError) as exc:
        reader("mastadon")
    assert exc.value.suggestion == "did you mean 'mastodon'?"
    assert reader("twitter").name == "x-archive" and reader("JSONL").name == "json"


def test_contract_json_stays_json_and_strict(tmp_path: Path) -> None:
    path = tmp_path / "posts.jsonl"
    rec = {"id": "1", "text": "hi", "created_at": "2025-01-01T10:00:00Z"}
    path.write_text(json.dumps(rec) + "\n" + json.dumps({**rec, "id": "2", "likes": 3}) + "\n")
    assert detect_format(str(path)) == "json"
    good, bad = collect(path)
    assert [r.post.id for r in good] == ["1"]
    assert bad[0].line == 2 and bad[0].error.problems[0].message.startswith("unknown field")  # type: ignore[attr-defined]
