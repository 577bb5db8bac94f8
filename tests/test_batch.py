"""Reading JSON and JSONL: bad bytes, huge lines and bad JSON name their file and line."""

from __future__ import annotations

import json
from pathlib import Path

from socialpolicy.batch import MAX_LINE_CHARS, BadRecord, RawRecord, records


def test_jsonl_array_and_blank_lines(tmp_path: Path) -> None:
    f = tmp_path / "a.jsonl"
    f.write_text('{"a": 1}\n\n{"a": 2}\n', "utf-8")
    got = list(records(str(f)))
    assert [(r.line, r.data) for r in got if isinstance(r, RawRecord)] == [
        (1, {"a": 1}),
        (3, {"a": 2}),
    ]
    arr = tmp_path / "b.json"
    arr.write_text(json.dumps([{"a": 1}, {"a": 2}]), "utf-8")
    assert [r.data for r in records(str(arr)) if isinstance(r, RawRecord)] == [{"a": 1}, {"a": 2}]


def test_not_utf8_is_reported_with_its_line(tmp_path: Path) -> None:
    f = tmp_path / "c.jsonl"
    f.write_bytes(b'{"a": 1}\n{"a": "\xff"}\n')
    got = list(records(str(f)))
    assert isinstance(got[0], RawRecord)
    bad = got[-1]
    assert isinstance(bad, BadRecord) and bad.line == 2 and "UTF-8" in bad.error.message


def test_huge_line_is_refused_and_the_next_line_still_read(tmp_path: Path) -> None:
    f = tmp_path / "d.jsonl"
    with f.open("w", encoding="utf-8") as fh:
        fh.write('{"a": "' + "x" * (MAX_LINE_CHARS + 10) + '"}\n')
        fh.write('{"a": 2}\n')
    got = list(records(str(f)))
    assert isinstance(got[0], BadRecord) and got[0].line == 1
    assert any(isinstance(r, RawRecord) and r.data == {"a": 2} for r in got)


def test_pretty_printed_object_is_read_whole(tmp_path: Path) -> None:
    f = tmp_path / "e.json"
    f.write_text(json.dumps({"id": "x", "text": "hi"}, indent=2), "utf-8")
    got = list(records(str(f)))
    assert len(got) == 1 and isinstance(got[0], RawRecord) and got[0].data["id"] == "x"
    broken = tmp_path / "f.json"
    broken.write_text('{\n  "id": "x",\n  "text": \n}', "utf-8")
    bad = list(records(str(broken)))
    assert isinstance(bad[0], BadRecord) and bad[0].line == 4
