"""The digest of a monitoring run: new findings per account, as JSON for tools and HTML.

The HTML is the decision log's monitoring report (`audit.report`) over this run's new
decisions, with a per-account summary above it: posts read and new, verdicts, profile
changes and the names the account had before.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from pydantic import Field

from socialpolicy._model import Frozen
from socialpolicy.audit.accounts import ProfileChange
from socialpolicy.monitor.run import AccountRun, MonitorResult

EXCERPT = 280


class DigestFinding(Frozen):
    """One new post with findings."""

    post_id: str
    where: str = Field(description="The export file and record (line or index).")
    url: str | None
    created_at: str
    verdict: str
    text: str = Field(description=f"The post text (the first {EXCERPT} characters).")
    rules: tuple[str, ...] = Field(description="rule_id@version of each finding.")
    clause_ids: tuple[str, ...]
    messages: tuple[str, ...]


class AccountDigest(Frozen):
    id: str
    name: str | None
    handle: str | None
    pack: str
    sources: tuple[str, ...]
    posts_read: int
    posts_new: int = Field(description="Judged in this run.")
    posts_already_judged: int = Field(description="Judged by an earlier run: skipped.")
    verdicts: dict[str, int] = Field(description="Verdicts of the new posts.")
    profile_changes: tuple[ProfileChange, ...]
    previous_handles: tuple[str, ...] = Field(description="As judged: given and learned.")
    previous_display_names: tuple[str, ...]
    findings: tuple[DigestFinding, ...]
    errors: tuple[dict[str, object], ...] = Field(description="Records or sources not used.")


class MonitorDigest(Frozen):
    """`socialpolicy monitor --format json` and `--digest-json`."""

    run_at: str
    log: str
    accounts: tuple[AccountDigest, ...]


def _account(run: AccountRun) -> AccountDigest:
    findings = []
    for j in run.judged:
        d = j.decision
        post = j.input["post"]
        text = str(post.get("text", ""))
        findings.append(
            DigestFinding(
                post_id=d.post_id,
                where=j.where,
                url=post.get("url"),
                created_at=str(post.get("created_at")),
                verdict=d.verdict.value,
                text=text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…",
                rules=tuple(f"{f.rule_id}@{f.rule_version}" for f in d.findings),
                clause_ids=d.clause_ids,
                messages=tuple(dict.fromkeys(f.message for f in d.findings)),
            )
        )
    return AccountDigest(
        id=run.id,
        name=run.name,
        handle=run.handle,
        pack=run.pack,
        sources=tuple(run.sources),
        posts_read=run.read,
        posts_new=run.new,
        posts_already_judged=run.already_judged,
        verdicts={v: run.verdicts.get(v, 0) for v in ("pass", "advice", "review", "violation")},
        profile_changes=tuple(run.changes),
        previous_handles=run.previous_handles,
        previous_display_names=run.previous_display_names,
        findings=tuple(findings),
        errors=tuple(e.to_dict() for e in run.errors),
    )


def digest(result: MonitorResult) -> MonitorDigest:
    return MonitorDigest(
        run_at=result.run_at, log=result.log, accounts=tuple(_account(a) for a in result.accounts)
    )


def write_json(result: MonitorResult, path: Path) -> None:
    path.write_text(digest(result).model_dump_json(indent=2) + "\n", encoding="utf-8")


def _summary_html(result: MonitorResult) -> str:
    rows = []
    for a in result.accounts:
        changes = "".join(
            f"<li>{escape(c.field)}: {escape(c.before or '(none)')} → "
            f"{escape(c.after or '(none)')}</li>"
            for c in a.changes
        )
        before = ", ".join(escape(h) for h in (*a.previous_handles, *a.previous_display_names))
        verdicts = ", ".join(f"{n} {v}" for v, n in sorted(a.verdicts.items()) if n) or "none"
        rows.append(
            "<tr>"
            f"<td><b>{escape(a.name or a.id)}</b><br><code>{escape(a.handle or '')}</code></td>"
            f"<td>{escape(a.pack)}</td><td>{a.read}</td><td>{a.new}</td><td>{escape(verdicts)}</td>"
            f"<td>{len(a.errors)}</td>"
            f"<td>{'<ul>' + changes + '</ul>' if changes else 'none'}"
            f"{'<br>previously: ' + before if before else ''}</td>"
            "</tr>"
        )
    return (
        '<div class="panel"><h2>Accounts in this run</h2>'
        "<style>table.accounts{border-collapse:collapse;width:100%}"
        "table.accounts td,table.accounts th{border-bottom:1px solid #ddd;padding:4px 8px;"
        'text-align:left;vertical-align:top}</style><table class="accounts">'
        "<tr><th>account</th><th>pack</th><th>posts read</th><th>new</th>"
        "<th>new verdicts</th><th>bad records</th><th>profile changes</th></tr>"
        + "".join(rows)
        + "</table></div>\n"
    )


def render_html(result: MonitorResult, title: str | None = None) -> str:
    """The digest as one self-contained HTML page, through the monitoring report."""
    from datetime import date

    from socialpolicy.audit.report import Item, ReportData, item_of, render

    data = ReportData(
        title=title or f"Monitoring digest, {result.run_at[:10]}",
        source=f"{result.log} (new posts of this run)",
        preface=_summary_html(result),
    )
    for a in result.accounts:
        for j in a.judged:
            data.items.append(item_of(json.loads(j.decision.model_dump_json()), j.input, None))
        # Passes are in the counts and the chart over time, without their text.
        for post_id, day in a.passed:
            data.items.append(
                Item(
                    seq=None,
                    post_id=post_id,
                    verdict="pass",
                    day=date.fromisoformat(day),
                    account=a.handle or a.id,
                    text=None,
                    masked=(),
                    findings=[],
                    pack=a.pack,
                    as_of=day,
                )
            )
    return render(data)


def write_html(result: MonitorResult, path: Path, title: str | None = None) -> None:
    path.write_text(render_html(result, title), encoding="utf-8")
