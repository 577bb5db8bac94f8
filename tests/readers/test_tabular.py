from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from _exports import FIXTURES, collect
from socialpolicy.errors import InputValidationError
from socialpolicy.readers import ReaderOptions, detect_format
from socialpolicy.readers.tabular import load_mapping

CSV = FIXTURES / "posts.csv"
TSV = FIXTURES / "posts.tsv"
MAPPING = FIXTURES / "mapping.yaml"


def test_tsv_maps_named_columns_and_keeps_the_rest() -> None:
    assert detect_format(str(TSV)) == "tsv"
    good, bad = collect(TSV)
    assert not bad
    assert [(r.post.id, r.line) for r in good] == [("t1", 2), ("t2", 3)]
    assert good[0].extras == {"alt": "Painted lane with bollards", "likes": "10"}


def test_csv_with_a_mapping_file_multiline_cells_and_bad_rows() -> None:
    mapping = load_mapping(str(MAPPING))
    options = ReaderOptions(columns=mapping.columns, timezone=ZoneInfo(str(mapping.timezone)))
    good, bad = collect(CSV, options=options)
    assert [r.post.id for r in good] == ["c1", "c2"]
    # A time without an offset takes the mapping's zone.
    assert good[0].post.created_at == datetime(
        2024, 5, 1, 18, 40, tzinfo=ZoneInfo("America/Edmonton")
    )
    assert good[1].post.text == "Line one\nline two of a quoted, multi-line post"
    assert good[0].extras == {"retweets": "3"}
    assert good[0].post.platform == "x"
    # The quoted cell spans two lines: the rows after it keep their file line numbers.
    assert [(b.line, b.error.problems[0].field) for b in bad] == [(5, "Posted"), (6, "Posted")]  # type: ignore[attr-defined]


def test_csv_without_a_mapping_says_which_column_is_missing() -> None:
    good, bad = collect(CSV)
    assert not good
    assert "--map created_at=COLUMN" in bad[0].error.message


def test_naive_times_without_a_zone_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("id,text,created_at\n1,hi,2024-05-01 10:00\n")
    _, bad = collect(path)
    assert "no UTC offset" in bad[0].error.problems[0].message  # type: ignore[attr-defined]


def test_mapping_file_errors_name_the_field(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("columns:\n  txet: Body\n")
    with pytest.raises(InputValidationError) as exc:
        load_mapping(str(path))
    assert exc.value.location.field == "columns.txet"


def test_model_errors_name_the_users_column(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("Post,Body,When,Audience\n1,hi,2024-05-01T10:00:00Z,everyone\n")
    cols = {"id": "Post", "text": "Body", "created_at": "When", "visibility": "Audience"}
    _, bad = collect(path, options=ReaderOptions(columns=cols))
    (b,) = bad
    assert [p.field for p in b.error.problems] == ["Audience"]  # type: ignore[attr-defined]
    assert b.line == 2
