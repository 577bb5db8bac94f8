"""`monitor` run twice on growing exports: only new posts the second time, renames learned."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from _exports import FIXTURES, tweet, write_x_archive
from socialpolicy.audit.log import open_log
from socialpolicy.cli import app
from socialpolicy.errors import WatchListError
from socialpolicy.monitor import WatchedAccount, load_watchlist

START = datetime(2024, 5, 1, 15, 0, tzinfo=UTC)
BENIGN = [
    "Great turnout at the community league meeting tonight",
    "Spring clean-up in the river valley on Saturday",
]
NEW = [
    "Lovely evening on the trails",
    "Please donate to my friend's council campaign before Friday: every $25 helps",
]
WATCH = """\
log: monitor.db
accounts:
  - id: commr-lee
    name: Commissioner Pat Lee
    policy: edmonton
    owner: {name: Pat Lee, organisation: epc, role: commissioner}
    disclaimer: >-
      Contact me through the Commission office at 780-555-0100.
      Rude or abusive comments are hidden.
    sources:
      - path: exports/lee
"""


def _tweets(texts: list[str], first: int = 0) -> list[dict[str, object]]:
    return [
        tweet(str(1000 + first + i), t, START + timedelta(days=first + i))
        for i, t in enumerate(texts)
    ]


def _run(tmp_path: Path, *args: str) -> tuple[int, dict[str, object]]:
    res = CliRunner().invoke(
        app,
        ["monitor", str(tmp_path / "watch.yaml"), "--format", "json", *args],
        catch_exceptions=False,
    )
    return res.exit_code, json.loads(res.stdout)


def test_second_run_judges_only_new_posts_and_flags_a_learned_rename(tmp_path: Path) -> None:
    (tmp_path / "watch.yaml").write_text(WATCH)
    export = tmp_path / "exports" / "lee"
    write_x_archive(export, "CommrPatLee", "Commissioner Pat Lee", _tweets(BENIGN))
    code, first = _run(tmp_path)
    (acc,) = first["accounts"]  # type: ignore[misc]
    assert (acc["posts_read"], acc["posts_new"], acc["posts_already_judged"]) == (2, 2, 0)
    assert acc["previous_handles"] == [] and acc["findings"] == []
    assert code == 0

    # A week later: renamed (the export itself records no rename), two more posts.
    write_x_archive(export, "yeg_cyclist", "Pat Lee", _tweets(BENIGN) + _tweets(NEW, first=2))
    code, second = _run(tmp_path, "--digest-html", str(tmp_path / "digest.html"))
    (acc,) = second["accounts"]  # type: ignore[misc]
    assert (acc["posts_read"], acc["posts_new"], acc["posts_already_judged"]) == (4, 2, 2)
    assert [(c["field"], c["before"], c["after"]) for c in acc["profile_changes"]] == [
        ("handle", "@CommrPatLee", "@yeg_cyclist"),
        ("display_name", "Commissioner Pat Lee", "Pat Lee"),
    ]
    assert acc["previous_handles"] == ["@CommrPatLee"]
    assert acc["previous_display_names"] == ["Commissioner Pat Lee"]
    (finding,) = acc["findings"]
    assert finding["post_id"] == "1003"
    assert "epc.4" in finding["clause_ids"]
    assert any(r.startswith("epc.4.renamed-account@") for r in finding["rules"])
    assert code == 1

    html = (tmp_path / "digest.html").read_text()
    assert "Accounts in this run" in html and "@CommrPatLee" in html
    # The log holds each post once, judged with the account as it was learned.
    with open_log(str(tmp_path / "monitor.db"), create=False) as log:
        recs = list(log.records())
        assert [r.decision["post_id"] for r in recs] == ["1000", "1001", "1002", "1003"]
        assert recs[-1].input["account"]["previous_handles"] == ["@CommrPatLee"]
        assert recs[-1].input["extras"]["retweet_count"] == "0"
        assert log.verify().ok

    code, third = _run(tmp_path)
    (acc,) = third["accounts"]  # type: ignore[misc]
    assert (acc["posts_new"], acc["posts_already_judged"]) == (0, 4)
    assert code == 0


def test_table_only_findings_hides_passes(tmp_path: Path) -> None:
    (tmp_path / "watch.yaml").write_text(WATCH)
    write_x_archive(
        tmp_path / "exports" / "lee", "CommrPatLee", "Commissioner Pat Lee", _tweets(BENIGN + NEW)
    )
    res = CliRunner().invoke(app, ["monitor", str(tmp_path / "watch.yaml"), "--only-findings"])
    assert res.exit_code == 1
    assert "1003: VIOLATION" in res.stdout
    assert "1000: PASS" not in res.stdout
    assert "4 read, 4 new" in res.stdout


def test_every_platform_fixture_runs_in_one_watch_list(tmp_path: Path) -> None:
    sources = {
        "x": ("x-archive", None),
        "masto": ("mastodon", None),
        "sky": ("bluesky/repo.car", "@sam.example.com"),
        "fb": ("facebook", None),
        "ig": ("instagram", None),
    }
    lines = ["accounts:"]
    for key, (rel, handle) in sources.items():
        lines += [
            f"  - id: {key}",
            "    policy: toronto",
            "    owner: {organisation: tps, role: officer}",
            *([f"    handle: '{handle}'"] if handle else []),
            "    sources:",
            f"      - path: {FIXTURES / rel}",
        ]
    (tmp_path / "watch.yaml").write_text("\n".join(lines) + "\n")
    code, out = _run(tmp_path, "--log", str(tmp_path / "log.db"))
    got = {a["id"]: (a["posts_new"], len(a["errors"]), a["handle"]) for a in out["accounts"]}  # type: ignore[union-attr, index]
    assert got == {
        "x": (4, 0, "@yeg_cyclist"),
        "masto": (3, 0, "@jo_edm@social.example"),
        "sky": (3, 0, "@sam.example.com"),
        "fb": (3, 1, "@pat.lee.yeg"),  # the fixture's record with a bad timestamp
        "ig": (2, 0, "@pat.outdoors"),
    }
    assert code == 2  # a bad record wins over findings


def test_watch_list_errors_name_the_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "watch.yaml"
    path.write_text(WATCH.replace("    policy: edmonton\n", "    policy: edmonton\n    polcy: x\n"))
    with pytest.raises(WatchListError) as exc:
        load_watchlist(path)
    assert exc.value.location.line == 6
    assert exc.value.location.field == "accounts[0].polcy"
    res = CliRunner().invoke(app, ["monitor", str(path)])
    assert res.exit_code == 2 and "watchlist_error" in res.stderr


def test_a_missing_source_is_reported_and_other_accounts_still_run(tmp_path: Path) -> None:
    (tmp_path / "watch.yaml").write_text(
        WATCH.replace("exports/lee", "exports/none/*.zip")
        + "  - id: x\n    policy: toronto\n    owner: {organisation: tps, role: officer}\n"
        f"    sources:\n      - path: {FIXTURES / 'x-archive'}\n"
    )
    code, out = _run(tmp_path)
    accs = out["accounts"]  # type: ignore[index]
    assert "no file matches" in accs[0]["errors"][0]["message"]  # type: ignore[index]
    assert accs[1]["posts_new"] == 4  # type: ignore[index]
    assert code == 2


def test_a_given_handle_wins_over_a_did_and_is_not_a_previous_one() -> None:
    from socialpolicy.monitor.run import base_account
    from socialpolicy.readers import open_export

    wl_acc = WatchedAccount.model_validate(
        {
            "id": "sky",
            "policy": "toronto",
            "handle": "@sam.example.com",
            "owner": {"organisation": "tps", "role": "officer"},
            "sources": [{"path": "x"}],
        }
    )
    profile = open_export(str(FIXTURES / "bluesky" / "repo.car")).profile
    acc = base_account(wl_acc, profile)
    assert acc.handle == "@sam.example.com" and acc.previous_handles == ()
    assert acc.display_name == "Sam Okoro"
