"""`monitor --workers 2` judges in processes and gives what one process gives, in order."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from _exports import tweet, write_x_archive
from socialpolicy.audit.log import open_log
from socialpolicy.cli import app

START = datetime(2024, 5, 1, 15, 0, tzinfo=UTC)
TEXTS = [
    "Great turnout at the community league meeting tonight",
    "Please donate to my friend's council campaign before Friday: every $25 helps",
    "Spring clean-up in the river valley on Saturday",
    "Call me at 780-555-0134 about the zoning vote",
]
WATCH = """\
accounts:
  - id: commr-lee
    name: Commissioner Pat Lee
    policy: edmonton
    owner: {name: Pat Lee, organisation: epc, role: commissioner}
    sources:
      - path: exports/lee
"""


def _archive(root: Path, n: int) -> None:
    tweets: list[dict[str, object]] = []
    for i in range(n):
        tweets.append(tweet(str(5000 + i), TEXTS[i % len(TEXTS)], START + timedelta(hours=i)))
        if i % 97 == 50:  # an unusable record among them: no date
            tweets.append({"tweet": {"id_str": f"bad{i}", "full_text": "no date"}})
        if i % 131 == 7:  # the same post twice in the export: judged once
            tweets.append(tweets[-1])
    write_x_archive(root / "exports" / "lee", "CommrPatLee", "Commissioner Pat Lee", tweets)


def _run(tmp_path: Path, log: str, workers: int) -> tuple[int, dict[str, Any], list[str]]:
    res = CliRunner().invoke(
        app,
        ["monitor", str(tmp_path / "watch.yaml"), "--log", log, "--format", "jsonl",
         "--workers", str(workers), "--digest-json", f"{log}.digest.json"],
        catch_exceptions=False,
    )  # fmt: skip
    digest = json.loads(Path(f"{log}.digest.json").read_text())
    for key in ("run_at", "log"):
        digest.pop(key)
    return res.exit_code, digest, res.stdout.splitlines()


def _logged(log: str) -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
    with open_log(log, create=False) as dlog:
        return [(r.decision, r.input) for r in dlog.records()]


def test_two_workers_give_the_digest_output_and_log_of_one(tmp_path: Path) -> None:
    (tmp_path / "watch.yaml").write_text(WATCH)
    _archive(tmp_path, 300)  # more than one chunk of the pool (256 records)
    one = str(tmp_path / "one.db")
    two = str(tmp_path / "two.db")
    code1, digest1, lines1 = _run(tmp_path, one, 1)
    code2, digest2, lines2 = _run(tmp_path, two, 2)
    assert code1 == code2 == 2  # findings, and the unusable records
    assert digest2 == digest1
    (acc,) = digest1["accounts"]
    assert acc["posts_new"] == 300 and len(acc["errors"]) == 3
    assert acc["findings"], "the donation and phone posts are findings"
    # The same lines in the same order: decisions and the bad records in their places.
    assert lines2 == lines1
    errors_at = [i for i, line in enumerate(lines1) if '"error"' in line]
    assert errors_at and errors_at[0] > 40 and errors_at[-1] < len(lines1) - 1
    assert _logged(two) == _logged(one)
    # A second run with workers judges nothing again.
    code3, digest3, _ = _run(tmp_path, two, 2)
    assert digest3["accounts"][0]["posts_new"] == 0
    assert digest3["accounts"][0]["posts_already_judged"] == 303  # three repeated posts
