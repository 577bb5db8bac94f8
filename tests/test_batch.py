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


def test_a_byte_order_mark_is_read_past(tmp_path: Path) -> None:
    """Excel and Notepad write UTF-8 with a BOM; Notepad's "Unicode" is UTF-16 with one."""
    import codecs

    record = {"id": "é", "text": "café"}
    jsonl = tmp_path / "bom.jsonl"
    jsonl.write_bytes(codecs.BOM_UTF8 + (json.dumps(record) + "\r\n").encode())
    array = tmp_path / "bom.json"
    array.write_bytes(codecs.BOM_UTF8 + json.dumps([record]).encode())
    pretty = tmp_path / "pretty.json"
    pretty.write_bytes(codecs.BOM_UTF8 + json.dumps(record, indent=2).encode())
    utf16 = tmp_path / "utf16.jsonl"
    utf16.write_bytes((json.dumps(record) + "\n" + json.dumps(record) + "\n").encode("utf-16"))
    for path, n in ((jsonl, 1), (array, 1), (pretty, 1), (utf16, 2)):
        got = list(records(str(path)))
        assert [r.data for r in got if isinstance(r, RawRecord)] == [record] * n, path


def test_no_record_at_all_is_reported(tmp_path: Path) -> None:
    for name, content in (("empty.jsonl", ""), ("blank.jsonl", "\n \n"), ("none.json", "[]")):
        path = tmp_path / name
        path.write_text(content, "utf-8")
        got = list(records(str(path)))
        assert len(got) == 1 and isinstance(got[0], BadRecord), name
        assert got[0].error.code == "input_syntax_error" and "no records" in got[0].error.message
        assert got[0].error.location.file == str(path)


def test_a_syntax_error_names_its_column_on_its_own_line(tmp_path: Path) -> None:
    path = tmp_path / "e.jsonl"
    path.write_text('{"a": 1}\n{"a": 1,, "b": 2}\n{"a": \n', "utf-8")
    got = [r for r in records(str(path)) if isinstance(r, BadRecord)]
    assert [(b.line, b.error.location.line, b.error.location.column) for b in got] == [
        (2, 2, 9),
        (3, 3, 7),  # the end of the cut-short line, not column 1 of a line after it
    ]
    assert str(got[0].error).startswith(f"[input_syntax_error] {path}:2:9: malformed JSON")
    assert "ends too early" in got[1].error.message
