"""The monitoring report: self-contained HTML, and a real browser renders its charts."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

import _browser
from socialpolicy.audit.log import LogEntry, open_log
from socialpolicy.audit.report import COLOURS, from_log, highlight, render, write_report

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: Counter[str] = Counter()
        self.attrs: list[tuple[str, str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        self.attrs.extend((tag, k, v) for k, v in attrs)


def _parse(html: str) -> _Tags:
    p = _Tags()
    p.feed(html)
    return p


@pytest.fixture(scope="module")
def report(checked_log: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report.html"
    write_report(str(checked_log), out)
    return out


def test_structure(report: Path, checked_log: Path) -> None:
    html = report.read_text(encoding="utf-8")
    tags = _parse(html)
    with open_log(str(checked_log), create=False) as log:
        recs = list(log.records())
    findings = sum(len(r.decision["findings"]) for r in recs)
    flagged = sum(1 for r in recs if r.decision["findings"])
    assert tags.tags["svg"] == 3
    assert tags.tags["rect"] > 10
    assert tags.tags["details"] == findings
    assert tags.tags["section"] == flagged
    for chart in ("chart-time", "chart-clauses", "chart-accounts"):
        assert f'id="{chart}"' in html
    assert "intact" in html and "Merkle tree" in html
    # Every finding traces to its rule version and quoted sentence.
    for r in recs:
        for f in r.decision["findings"]:
            assert f"{f['rule_id']}@{f['rule_version']}" in html
            for cit in f["citations"]:
                assert _esc(cit["quote"]) in html
    assert "<mark>" in html


def _esc(text: str) -> str:
    from html import escape

    return escape(text)


def test_self_contained(report: Path) -> None:
    html = report.read_text(encoding="utf-8")
    tags = _parse(html)
    assert tags.tags["link"] == 0 and tags.tags["img"] == 0 and tags.tags["iframe"] == 0
    for tag, key, value in tags.attrs:
        if key in ("src", "href", "action"):
            raise AssertionError(f"external reference {tag} {key}={value}")
    assert "default-src 'none'" in html  # the page may not fetch anything, even if it tried


def test_evidence_is_highlighted_and_text_escaped(tmp_path: Path) -> None:
    assert highlight("a <b> 12345 c", [(6, 11), (8, 9)]) == "a &lt;b&gt; <mark>12345</mark> c"
    log_path = tmp_path / "x.sqlite"
    text = "<script>alert(1)</script> call 416-555-0199"
    start = text.index("416")
    decision = {
        "post_id": "evil",
        "verdict": "violation",
        "as_of": "2025-01-02",
        "account_assumed": True,
        "pack": {"id": "t", "version": "1", "digest": "sha256:0"},
        "findings": [
            {
                "level": "violation",
                "rule_id": "x.rule",
                "rule_version": "1.0.0",
                "clause_ids": ["x.clause"],
                "message": "m",
                "remediation": "r",
                "determinacy": "deterministic",
                "citations": [
                    {
                        "document_id": "d",
                        "section": "S",
                        "quote": "Q <q>",
                        "span": {"start": 0, "end": 5},
                    }
                ],
                "evidence": [
                    {
                        "detector": "personal_data",
                        "field": "text",
                        "text": "416-555-0199",
                        "span": {"start": start, "end": len(text)},
                    }
                ],
            }
        ],
    }
    with open_log(str(log_path)) as log:
        log.append(
            [
                LogEntry(
                    decision=decision,
                    input={
                        "post": {"id": "evil", "text": text, "created_at": "2025-01-02T00:00:00Z"},
                        "account": None,
                    },
                    pack_digest="sha256:0",
                )
            ]
        )
        html = render(from_log(log))
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; call <mark>416-555-0199</mark>" in html
    assert "Q &lt;q&gt;" in html


def test_from_check_jsonl(
    tmp_path: Path, check: Callable[..., Any], cli: Callable[..., Any]
) -> None:
    res = check("--policy", "toronto", "--format", "jsonl", str(EXAMPLES / "toronto-posts.jsonl"))
    jsonl = tmp_path / "decisions.jsonl"
    jsonl.write_text(res.stdout, encoding="utf-8")
    out = tmp_path / "r.html"
    done = cli("report", str(jsonl), "-o", str(out), "--format", "json")
    assert done.exit_code == 0, done.output
    info = json.loads(done.output)
    assert info["records"] == 6 and info["chain_ok"] is None
    html = out.read_text(encoding="utf-8")
    assert html.count("<svg") == 3 and "decisions only" in html


def test_a_broken_chain_is_shown(
    log_copy: Path, tamper: Callable[[Path], Any], tmp_path: Path, cli: Callable[..., Any]
) -> None:
    con = tamper(log_copy)
    con.execute("DELETE FROM records WHERE seq = 4")
    con.close()
    out = tmp_path / "broken.html"
    done = cli("report", str(log_copy), "-o", str(out))
    # The report is still written, showing the break, but a broken chain is a problem: exit 1.
    assert done.exit_code == 1 and "WARNING" in done.output
    assert "log broken at record 4" in done.stderr
    html = out.read_text(encoding="utf-8")
    assert "BROKEN" in html and "record 4" in html
    as_json = cli("report", str(log_copy), "-o", str(out), "--format", "json")
    assert as_json.exit_code == 1 and json.loads(as_json.stdout)["chain_ok"] is False


def test_an_intact_log_reports_with_exit_0(
    checked_log: Path, tmp_path: Path, cli: Callable[..., Any]
) -> None:
    done = cli("report", str(checked_log), "-o", str(tmp_path / "ok.html"))
    assert done.exit_code == 0 and "WARNING" not in done.output


def test_decisions_only_input_names_a_given_account_as_given(
    tmp_path: Path, check: Callable[..., Any], cli: Callable[..., Any]
) -> None:
    """After `check --account FILE`, the decisions say an account was given, not whose."""
    account = tmp_path / "account.json"
    account.write_text(
        json.dumps(
            {
                "handle": "@CommrLee",
                "identifies_as_member": True,
                "owner": {"organisation": "epc", "role": "commissioner"},
            }
        ),
        encoding="utf-8",
    )
    bare = tmp_path / "bare.jsonl"
    bare.write_text(
        "".join(
            json.dumps(json.loads(line)["post"]) + "\n"
            for line in (EXAMPLES / "edmonton-posts.jsonl").read_text("utf-8").splitlines()
            if line.strip()
        ),
        encoding="utf-8",
    )
    log = tmp_path / "log.sqlite"
    res = check(
        "--policy", "edmonton", "--account", str(account), "--log", str(log),
        "--format", "jsonl", str(bare),
    )  # fmt: skip
    assert res.exit_code == 1, res.output
    jsonl = tmp_path / "decisions.jsonl"
    jsonl.write_text(res.stdout, encoding="utf-8")
    from_jsonl = tmp_path / "from-jsonl.html"
    assert cli("report", str(jsonl), "-o", str(from_jsonl)).exit_code == 0
    html = from_jsonl.read_text(encoding="utf-8")
    assert "account not logged" not in html and "account given" in html
    from_log = tmp_path / "from-log.html"
    assert cli("report", str(log), "-o", str(from_log)).exit_code == 0
    html = from_log.read_text(encoding="utf-8")
    assert "@CommrLee" in html and "account not logged" not in html


def test_unreadable_input(tmp_path: Path, cli: Callable[..., Any]) -> None:
    done = cli("report", str(tmp_path / "nope.sqlite"), "-o", str(tmp_path / "r.html"))
    assert done.exit_code == 2


# -- a real browser ------------------------------------------------------------------------


def test_renders_charts_in_headless_chromium(report: Path, tmp_path: Path) -> None:
    shot = _browser.screenshot(report, tmp_path / "report.png", width=1200, height=1600)
    width, height, rows = _browser.png_rgb(shot)
    assert (width, height) == (1200, 1600)
    # The charts sit in the top of the page, below the header and the summary cards.
    region = rows[150:1100]
    pixels = Counter(row[i : i + 3] for row in region for i in range(0, len(row), 3))
    assert len(pixels) > 50, "the page looks blank"
    white = sum(n for px, n in pixels.items() if min(px) >= 245)
    assert white < 0.9 * sum(pixels.values())

    # Solid bars in the chart colours: violations, reviews and passes are all in the data.
    for verdict in ("violation", "review", "pass"):
        assert _browser.near(pixels, COLOURS[verdict]) > 1500, (
            f"no {verdict} bars in the screenshot"
        )


def test_a_hostile_jsonl_report_counts_bad_lines_and_never_crashes(tmp_path: Path) -> None:
    from socialpolicy.audit.report import from_jsonl

    good = {"post_id": "a", "verdict": "pass", "findings": [], "pack": {"id": "t"}}
    lines = [
        json.dumps(good).encode(),
        b"[" * 5000 + b"]" * 5000,
        b'{"post_id": "b", "verdict": "pass", "n": ' + b"9" * 5000 + b"}",
        b'{"post_id": "c", "verdict": "pass", "findings": 5}',
        b'{"post_id": "d", "verdict": "pass", "pack": "x"}',
        b"\xff\xfe not utf-8",
        b'{"post_id": 1, "verdict": []}',
    ]
    f = tmp_path / "out.jsonl"
    f.write_bytes(b"\n".join(lines) + b"\n")
    data = from_jsonl(f)
    assert [i.post_id for i in data.items] == ["a"] and data.bad_lines == 6
