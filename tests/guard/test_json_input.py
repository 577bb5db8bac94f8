"""The guarded JSON reader: every hostile line is one reported record, never a crash."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialpolicy.batch import MAX_JSON_FILE_BYTES, BadRecord, RawRecord, records
from socialpolicy.errors import (
    InputError,
    InputLimitError,
    InputSyntaxError,
    InputValidationError,
)
from socialpolicy.guard.json_input import JsonLimits, check_tree, loads

OK = '{"id": "ok", "text": "hi", "created_at": "2025-05-04T18:40:00-04:00"}'


@pytest.mark.parametrize(
    ("line", "kind", "field", "words"),
    [
        ("[" * 1000 + "]" * 1000, InputLimitError, None, "nested deeper"),
        ('{"a":' * 5000 + "1" + "}" * 5000, InputLimitError, None, "nested deeper"),
        ('{"id": "a", "n": ' + "9" * 5000 + "}", InputLimitError, "post.n", "5000 digits"),
        ('{"id": "a", "x": -' + "1" * 101 + "}", InputLimitError, "post.x", "digits"),
        ('{"id": "a", "f": 1.' + "5" * 200 + "}", InputLimitError, "post.f", "characters"),
        ('{"id": "a", "text": NaN}', InputSyntaxError, "post.text", "NaN"),
        ('{"id": "a", "text": -Infinity}', InputSyntaxError, "post.text", "Infinity"),
        ('{"id": "a", "text": 1e999}', InputValidationError, "post.text", "out of range"),
        ('{"id": "a", "text": "x\\ud800y"}', InputValidationError, "post.text", "surrogate"),
        ('{"id": "a", "\\udc00": 1}', InputValidationError, None, "surrogate"),
        (
            '{"post": {"id": "a", "media": [{"people": [{"name": "\\udfff"}]}]}}',
            InputValidationError,
            "post.media[0].people[0].name",
            "surrogate",
        ),
        ('{"id": "a", "t": ' + "[" * 40 + "]" * 40 + "}", InputLimitError, "post.t", "deeper"),
        ('{"id": "a", "text": "tab\tinside"}', InputSyntaxError, None, "malformed JSON"),
    ],
)
def test_each_hostile_line_is_one_bad_record_with_its_line_and_field(
    tmp_path: Path, line: str, kind: type[InputError], field: str | None, words: str
) -> None:
    f = tmp_path / "in.jsonl"
    f.write_text(OK + "\n" + line + "\n" + OK + "\n", "utf-8")
    got = list(records(str(f)))
    assert [type(r) for r in got] == [RawRecord, BadRecord, RawRecord]
    bad = got[1]
    assert isinstance(bad, BadRecord) and bad.line == 2
    assert type(bad.error) is kind, bad.error
    assert bad.error.location.file == str(f) and bad.error.location.line == 2
    if field is not None:
        assert bad.error.location.field and bad.error.location.field.startswith(field)
    assert words in bad.error.message


def test_small_numbers_and_real_floats_are_kept() -> None:
    assert loads('{"a": 12345, "b": -1.5e3, "c": [0, 1e308]}') == {
        "a": 12345,
        "b": -1500.0,
        "c": [0, 1e308],
    }


def test_limits_are_configurable() -> None:
    tight = JsonLimits(max_depth=2, max_number_chars=3)
    with pytest.raises(InputLimitError):
        loads('{"a": {"b": {}}}', limits=tight)
    with pytest.raises(InputLimitError):
        loads('{"a": 1234}', limits=tight)
    assert loads('{"a": {"b": 123}}', limits=tight) == {"a": {"b": 123}}


def test_a_bom_on_a_later_line_is_read_past(tmp_path: Path) -> None:
    """`cat a.jsonl b.jsonl` keeps b's BOM at the start of a line."""
    f = tmp_path / "joined.jsonl"
    f.write_bytes(codecs.BOM_UTF8 + OK.encode() + b"\n" + codecs.BOM_UTF8 + OK.encode() + b"\n")
    assert [type(r) for r in records(str(f))] == [RawRecord, RawRecord]


@pytest.mark.parametrize("encoding", ["utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be"])
def test_utf16_and_utf32_with_a_bom_are_decoded(tmp_path: Path, encoding: str) -> None:
    bom = {
        "utf-32-le": codecs.BOM_UTF32_LE,
        "utf-32-be": codecs.BOM_UTF32_BE,
        "utf-16-le": codecs.BOM_UTF16_LE,
        "utf-16-be": codecs.BOM_UTF16_BE,
    }[encoding]
    f = tmp_path / "wide.jsonl"
    f.write_bytes(bom + (OK + "\n" + OK + "\n").encode(encoding))
    got = list(records(str(f)))
    assert [type(r) for r in got] == [RawRecord, RawRecord]


def test_broken_utf16_is_reported_not_raised(tmp_path: Path) -> None:
    f = tmp_path / "odd.jsonl"
    f.write_bytes(codecs.BOM_UTF16_LE + OK.encode("utf-16-le") + b"\x00\xd8")  # lone surrogate
    got = list(records(str(f)))
    assert len(got) == 1 and isinstance(got[0], BadRecord)
    assert "UTF-16" in got[0].error.message


def test_an_oversized_json_array_is_refused_without_reading_it_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socialpolicy.batch as batch

    monkeypatch.setattr(batch, "MAX_JSON_FILE_BYTES", 1000)
    f = tmp_path / "big.json"
    f.write_text(json.dumps([json.loads(OK)] * 50), "utf-8")
    got = list(records(str(f)))
    assert len(got) == 1 and isinstance(got[0], BadRecord)
    assert type(got[0].error) is InputLimitError and "1000 bytes" in got[0].error.message
    assert MAX_JSON_FILE_BYTES > 1000


def test_one_bad_item_of_an_array_costs_only_itself(tmp_path: Path) -> None:
    f = tmp_path / "arr.json"
    f.write_text("[" + OK + ', {"id": "b", "n": ' + "7" * 500 + "}, " + OK + "]", "utf-8")
    got = list(records(str(f)))
    assert [type(r) for r in got] == [RawRecord, BadRecord, RawRecord]
    bad = got[1]
    assert isinstance(bad, BadRecord) and bad.line == 2
    assert bad.error.location.record == "item 2" and bad.error.location.field == "post.n"


def test_a_whole_json_object_file_is_guarded_too(tmp_path: Path) -> None:
    f = tmp_path / "one.json"
    f.write_text('{\n  "id": "a",\n  "text": NaN\n}\n', "utf-8")
    got = list(records(str(f)))
    assert len(got) == 1 and isinstance(got[0], BadRecord)
    assert got[0].error.location.field == "post.text"


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_any_bytes_give_records_or_bad_records_never_an_exception(raw: bytes) -> None:
    import io

    from socialpolicy.batch import _read_stream

    got = list(_read_stream(io.BytesIO(raw), "fuzz.jsonl"))
    for r in got:
        assert isinstance(r, RawRecord | BadRecord)
        if isinstance(r, BadRecord):
            assert isinstance(r.error, InputError) and r.error.location.file == "fuzz.jsonl"
        else:
            # What passes the reader can be written as UTF-8 JSON (the log does so).
            json.dumps(r.data, allow_nan=False).encode("utf-8")


@settings(max_examples=200, deadline=None)
@given(_json_values)
def test_check_tree_accepts_what_json_can_write_back(value: object) -> None:
    """Round trip: a value that loads and passes the check dumps back to equal JSON."""
    try:
        text = json.dumps(value, allow_nan=False)
        text.encode("utf-8")
    except (ValueError, UnicodeEncodeError):
        return
    try:
        data = loads(text)
    except InputError:
        return  # refused: too deep, too long a number, or a lone surrogate
    assert json.loads(json.dumps(data)) == json.loads(text)
    check_tree(data)
