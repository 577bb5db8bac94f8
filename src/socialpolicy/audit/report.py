"""The monitoring report: one self-contained HTML file for the people who review accounts.

Verdicts over time, findings per clause and per account (SVG charts drawn here, so the page
needs no network and no script to show them), and every finding expandable to the post text
with its evidence highlighted, the rule version and the quoted source sentence. The input is
a decision log, or the JSONL output of `socialpolicy check --format jsonl` (decisions only:
no post text to show).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from html import escape
from pathlib import Path
from typing import Any

from socialpolicy.audit.log import DecisionLog, LogRecord, VerifyResult
from socialpolicy.errors import InputError, Location, LogError
from socialpolicy.guard.json_input import loads

LEVELS = ("advice", "review", "violation")
VERDICTS = ("pass", "advice", "review", "violation")
COLOURS = {"pass": "#3a9d5d", "advice": "#2f7fd1", "review": "#f0a02a", "violation": "#d63b3b"}
ASSUMED = "(no account: assumed member)"
# A decision whose account was given, read from decisions only (`check --format jsonl`):
# the decision says an account was given but not whose it was.
GIVEN_UNNAMED = "(account given; handle not in decisions-only input)"
ERASED_ACCOUNT = "(erased)"
MAX_DETAILED = 2000


@dataclass(slots=True)
class Item:
    """One judged post, as the report shows it."""

    seq: int | None
    post_id: str
    verdict: str
    day: date | None
    account: str
    text: str | None
    masked: tuple[str, ...]
    findings: list[dict[str, Any]]
    pack: str
    as_of: str
    erased: str | None = None  # when the input was erased (`log erase`)


@dataclass(slots=True)
class ReportData:
    title: str
    source: str
    items: list[Item] = field(default_factory=list)
    verify: VerifyResult | None = None
    clause_headings: dict[str, str] = field(default_factory=dict)
    packs: dict[str, str] = field(default_factory=dict)  # digest -> "id version"
    bad_lines: int = 0
    # HTML shown above the charts (already escaped): a monitoring digest's account summary.
    preface: str = ""


def _day(value: Any) -> date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None


def item_of(
    decision: dict[str, Any],
    inp: dict[str, Any] | None,
    seq: int | None,
    masked: Sequence[str] = (),
) -> Item:
    post = (inp or {}).get("post") or {}
    account = (inp or {}).get("account")
    if isinstance(account, dict) and account.get("handle"):
        label = str(account["handle"])
    elif decision.get("account_assumed", True):
        label = ASSUMED
    elif inp is None:
        label = GIVEN_UNNAMED
    else:
        label = "(account not logged)"
    pack = decision.get("pack") or {}
    return Item(
        seq=seq,
        post_id=str(decision.get("post_id", "")),
        verdict=str(decision.get("verdict")),
        day=_day(post.get("created_at")) or _day(decision.get("as_of")),
        account=label,
        text=post.get("text") if isinstance(post.get("text"), str) else None,
        masked=tuple(masked),
        findings=list(decision.get("findings") or ()),
        pack=f"{pack.get('id', '?')} {pack.get('version', '?')}",
        as_of=str(decision.get("as_of", "")),
    )


def from_log(log: DecisionLog, title: str | None = None) -> ReportData:
    """Report data from a decision log, verified first."""
    data = ReportData(title=title or "Social media monitoring report", source=log.location)
    from socialpolicy.audit.packstore import load_stored

    data.verify = log.verify(check_packs=False)
    for rec in log.records():
        data.items.append(_item_of_record(rec))
    for digest in log.pack_digests():
        data.verify.packs += 1
        try:
            pack = load_stored(log, digest)  # checks the digest: the pack half of `verify`
        except LogError as exc:
            data.verify.pack_problems.append(exc.message)
            continue
        data.packs[digest] = f"{pack.id} {pack.version}"
        for clause in pack.clauses:
            data.clause_headings.setdefault(clause.id, clause.heading)
    return data


def _item_of_record(rec: LogRecord) -> Item:
    item = item_of(rec.decision, rec.input, rec.seq, rec.masked_fields)
    if rec.erasure is not None or rec.input is None:
        item.erased = rec.erasure.erased_at if rec.erasure is not None else "(no tombstone)"
        item.account = ERASED_ACCOUNT
    return item


def from_jsonl(path: Path, title: str | None = None) -> ReportData:
    """Report data from `check --format jsonl` output: decisions without their inputs."""
    data = ReportData(title=title or "Social media monitoring report", source=str(path))
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise LogError(f"cannot read: {exc.strerror or exc}", Location(file=str(path))) from None
    with handle:
        for raw in handle:
            # Any line that is not a decision (bad bytes, deep nesting, wrong shapes) is
            # counted, never a crash.
            try:
                line = raw.decode("utf-8")
                if not line.strip():
                    continue
                obj = loads(line, str(path))
            except (UnicodeDecodeError, InputError):
                data.bad_lines += 1
                continue
            if _looks_like_decision(obj):
                data.items.append(item_of(obj, None, None))
            else:
                data.bad_lines += 1
    for item in data.items:
        digest = item.pack
        data.packs.setdefault(digest, digest)
    return data


def _looks_like_decision(obj: Any) -> bool:
    return (
        isinstance(obj, dict)
        and isinstance(obj.get("post_id"), str)
        and isinstance(obj.get("verdict"), str)
        and isinstance(obj.get("pack", {}), dict)
        and isinstance(obj.get("findings", []), list)
        and all(isinstance(f, dict) for f in obj.get("findings", []))
    )


def is_sqlite_file(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


# -- charts -------------------------------------------------------------------------------


def _bucket(days: Sequence[date]) -> tuple[str, Any]:
    """Day, ISO week or month buckets, whichever keeps the chart readable."""
    span = (max(days) - min(days)).days if days else 0
    if span <= 62:
        return "day", lambda d: d
    if span <= 2 * 366:
        return "week", lambda d: d - timedelta(days=d.weekday())
    return "month", lambda d: d.replace(day=1)


def _series(items: Sequence[Item]) -> tuple[str, list[tuple[date, Counter[str]]]]:
    days = [i.day for i in items if i.day is not None]
    unit, key = _bucket(days)
    counts: dict[date, Counter[str]] = defaultdict(Counter)
    for item in items:
        if item.day is not None:
            counts[key(item.day)][item.verdict] += 1
    if not counts:
        return unit, []
    # Fill the gaps, so a quiet week shows as a gap rather than disappearing.
    out: list[tuple[date, Counter[str]]] = []
    cur, end = min(counts), max(counts)
    while cur <= end:
        out.append((cur, counts.get(cur, Counter())))
        if unit == "day":
            cur += timedelta(days=1)
        elif unit == "week":
            cur += timedelta(days=7)
        else:
            cur = (cur.replace(day=28) + timedelta(days=4)).replace(day=1)
        if len(out) > 2000:
            break
    return unit, out


def _scale(peak: int) -> tuple[int, int]:
    """The axis top and the number of gridline steps, so that every tick is a whole number."""
    if peak <= 4:
        return max(peak, 1), max(peak, 1)
    magnitude = 1
    while True:
        for m in (1, 2, 5):
            step = m * magnitude
            if step * 4 >= peak:
                return step * 4, 4
        magnitude *= 10


def chart_over_time(items: Sequence[Item]) -> str:
    unit, series = _series(items)
    w, h, left, bottom, top = 1080, 260, 48, 40, 12
    if not series:
        return '<p class="empty">No dated records.</p>'
    ymax, ticks = _scale(max(sum(c.values()) for _, c in series))
    plot_w, plot_h = w - left - 10, h - bottom - top
    bw = plot_w / len(series)
    parts = [
        f'<svg class="chart" id="chart-time" viewBox="0 0 {w} {h}" role="img" '
        f'aria-label="Verdicts per {unit}">'
    ]
    for i in range(ticks + 1):
        y = top + plot_h - plot_h * i / ticks
        parts.append(f'<line x1="{left}" x2="{w - 10}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" class="ytick">{ymax * i // ticks}</text>'
        )
    label_every = max(1, len(series) // 12)
    for i, (when, counts) in enumerate(series):
        x = left + i * bw
        y = top + plot_h
        tip = f"{when.isoformat()}: " + ", ".join(f"{counts[v]} {v}" for v in VERDICTS)
        parts.append(f"<g><title>{escape(tip)}</title>")
        for verdict in VERDICTS:
            n = counts[verdict]
            if not n:
                continue
            bh = plot_h * n / ymax
            y -= bh
            parts.append(
                f'<rect x="{x + bw * 0.1:.1f}" y="{y:.1f}" width="{max(bw * 0.8, 1):.1f}" '
                f'height="{bh:.1f}" fill="{COLOURS[verdict]}"/>'
            )
        parts.append("</g>")
        if i % label_every == 0:
            label = when.strftime("%b %Y") if unit == "month" else when.strftime("%d %b")
            parts.append(
                f'<text x="{x + bw / 2:.1f}" y="{h - bottom + 16}" class="xtick">'
                f"{escape(label)}</text>"
            )
    parts.append(
        f'<text x="{left}" y="{h - 6}" class="axis">posts per {unit}'
        + (" (weeks start on Monday)" if unit == "week" else "")
        + "</text>"
    )
    parts.append("</svg>")
    return "".join(parts)


def chart_bars(
    rows: Sequence[tuple[str, Counter[str]]],
    chart_id: str,
    label: str,
    headings: dict[str, str] | None = None,
) -> str:
    if not rows:
        return '<p class="empty">No findings.</p>'
    w, row_h, left, top = 1080, 26, 330, 8
    h = top + row_h * len(rows) + 28
    peak = max(sum(c.values()) for _, c in rows) or 1
    plot_w = w - left - 60
    parts = [
        f'<svg class="chart" id="{chart_id}" viewBox="0 0 {w} {h}" role="img" '
        f'aria-label="{escape(label)}">'
    ]
    for i, (name, counts) in enumerate(rows):
        y = top + i * row_h
        heading = (headings or {}).get(name)
        shown = name if len(name) <= 44 else name[:43] + "…"
        tip = (
            f"{name}"
            + (f" — {heading}" if heading else "")
            + ": "
            + ", ".join(f"{counts[lv]} {lv}" for lv in LEVELS)
        )
        parts.append(f"<g><title>{escape(tip)}</title>")
        parts.append(
            f'<text x="{left - 8}" y="{y + row_h * 0.65:.1f}" class="ylabel">{escape(shown)}</text>'
        )
        x = float(left)
        for level in reversed(LEVELS):  # violations first: the eye lands on them
            n = counts[level]
            if not n:
                continue
            bw = plot_w * n / peak
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 4}" width="{max(bw, 1):.1f}" '
                f'height="{row_h - 8}" fill="{COLOURS[level]}"/>'
            )
            x += bw
        parts.append(
            f'<text x="{x + 6:.1f}" y="{y + row_h * 0.65:.1f}" class="count">'
            f"{sum(counts.values())}</text></g>"
        )
    parts.append(f'<text x="{left}" y="{h - 8}" class="axis">{escape(label)}</text></svg>')
    return "".join(parts)


def _legend(keys: Iterable[str]) -> str:
    return (
        '<div class="legend">'
        + "".join(f'<span><i style="background:{COLOURS[k]}"></i>{k}</span>' for k in keys)
        + "</div>"
    )


# -- findings -----------------------------------------------------------------------------


def highlight(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """The text escaped, with the spans wrapped in <mark> (overlaps merged)."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, pos = [], 0
    for start, end in merged:
        out.append(escape(text[pos:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def _finding_html(item: Item, f: dict[str, Any], headings: dict[str, str]) -> str:
    level = str(f.get("level"))
    clauses = [str(c) for c in f.get("clause_ids", ())]
    evidence = [e for e in f.get("evidence", ()) if isinstance(e, dict)]
    text_spans = [
        (int(e["span"]["start"]), int(e["span"]["end"]))
        for e in evidence
        if e.get("field") == "text" and isinstance(e.get("span"), dict)
    ]
    parts = [
        f'<details class="finding" data-level="{escape(level)}">',
        f'<summary><span class="badge {escape(level)}">{escape(level)}</span> '
        f"<code>{escape(str(f.get('rule_id')))}@{escape(str(f.get('rule_version')))}</code> "
        f'<span class="clauses">{escape(", ".join(clauses))}</span> '
        f'<span class="msg">{escape(str(f.get("message", "")))}</span></summary>',
        '<div class="body">',
    ]
    if item.erased is not None:
        parts.append(
            f'<p class="note erased">The input was erased on {escape(item.erased)}; the '
            "decision, its rule versions and citations stay.</p>"
        )
    elif item.text is None:
        parts.append('<p class="note">The post text is not in this source (decisions only).</p>')
    elif any(m == "post.text" or m.startswith("post.text[") for m in item.masked):
        parts.append(
            '<p class="note">The post text was masked in the log; evidence positions '
            "refer to the original text.</p>"
        )
        parts.append(f'<blockquote class="post">{escape(item.text)}</blockquote>')
    else:
        parts.append(f'<blockquote class="post">{highlight(item.text, text_spans)}</blockquote>')
    if evidence:
        parts.append(
            '<table class="evidence"><tr><th>detector</th><th>field</th>'
            "<th>seen</th><th>at</th></tr>"
        )
        for e in evidence:
            span = e.get("span")
            at = f"{span['start']}..{span['end']}" if isinstance(span, dict) else ""
            parts.append(
                f"<tr><td>{escape(str(e.get('detector')))}</td>"
                f"<td><code>{escape(str(e.get('field')))}</code></td>"
                f"<td>{escape(str(e.get('text')))}</td><td>{at}</td></tr>"
            )
        parts.append("</table>")
    parts.append(
        f"<p><b>Rule</b> <code>{escape(str(f.get('rule_id')))}</code> version "
        f"<code>{escape(str(f.get('rule_version')))}</code>, "
        f"{escape(str(f.get('determinacy')))}; clause(s) "
        + ", ".join(
            f"<code>{escape(c)}</code>" + (f" ({escape(headings[c])})" if c in headings else "")
            for c in clauses
        )
        + "</p>"
    )
    for cit in f.get("citations", ()):
        if not isinstance(cit, dict):
            continue
        span = cit.get("span") or {}
        parts.append(
            f'<figure class="cite"><blockquote>{escape(str(cit.get("quote")))}'
            f"</blockquote><figcaption>{escape(str(cit.get('section')))} — "
            f"{escape(str(cit.get('document_id')))}, characters "
            f"{span.get('start')}..{span.get('end')}</figcaption></figure>"
        )
    parts.append(f"<p><b>Remediation</b> {escape(str(f.get('remediation', '')))}</p>")
    parts.append("</div></details>")
    return "".join(parts)


def _record_html(item: Item, headings: dict[str, str]) -> str:
    clauses = sorted({str(c) for f in item.findings for c in f.get("clause_ids", ())})
    seq = f"#{item.seq} " if item.seq is not None else ""
    when = item.day.isoformat() if item.day else ""
    masked = ' <span class="masked">input masked</span>' if item.masked else ""
    if item.erased is not None:
        masked += ' <span class="masked">input erased</span>'
    return (
        f'<section class="record" data-verdict="{escape(item.verdict)}" '
        f'data-account="{escape(item.account)}" data-clauses="{escape(" ".join(clauses))}">'
        f'<h3><span class="badge {escape(item.verdict)}">{escape(item.verdict)}</span> '
        f"{escape(seq)}post <code>{escape(item.post_id)}</code> · {escape(item.account)} · "
        f"{escape(when)} · judged as of {escape(item.as_of)} by {escape(item.pack)}"
        f"{masked}</h3>"
        + "".join(_finding_html(item, f, headings) for f in item.findings)
        + "</section>"
    )


# -- the page -----------------------------------------------------------------------------

_CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2330;
background:#f6f7f9}
header{background:#1f2a44;color:#fff;padding:18px 28px}header h1{margin:0 0 4px;font-size:22px}
header p{margin:0;opacity:.85;font-size:13px}main{padding:18px 28px;max-width:1180px}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin-bottom:14px}
.card{background:#fff;border-radius:8px;padding:10px 16px;box-shadow:0 1px 2px #0002;
min-width:120px}
.card b{display:block;font-size:24px}.card.ok b{color:#2d7a4a}.card.bad b{color:#c62828}
.panel{background:#fff;border-radius:8px;padding:12px 16px;margin:14px 0;box-shadow:0 1px 2px #0002}
.panel h2{font-size:17px;margin:2px 0 8px}.chart{width:100%;height:auto;display:block}
.grid{stroke:#e3e6eb}.ytick{font-size:11px;text-anchor:end;fill:#667}
.xtick{font-size:11px;text-anchor:middle;fill:#667}.axis{font-size:12px;fill:#445}
.ylabel{font-size:12.5px;text-anchor:end;fill:#223}.count{font-size:12px;fill:#334}
.legend{display:flex;gap:14px;font-size:13px;margin:4px 0}
.legend i{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:5px;
vertical-align:-1px}
.badge{display:inline-block;border-radius:4px;padding:0 7px;color:#fff;font-size:12px;
font-weight:600;text-transform:uppercase;letter-spacing:.03em}
.badge.pass{background:#3a9d5d}.badge.advice{background:#2f7fd1}.badge.review{background:#c77d0c}
.badge.violation{background:#d63b3b}
.record{background:#fff;border-radius:8px;padding:8px 14px;margin:10px 0;box-shadow:0 1px 2px #0002}
.record h3{font-size:14px;font-weight:500;margin:4px 0 6px}
details.finding{border-top:1px solid #eceef2;padding:6px 0}
details.finding summary{cursor:pointer}details.finding .msg{color:#445}
.clauses{color:#5a3f9e;font-size:13px}.body{padding:6px 4px 2px 18px}
blockquote.post{white-space:pre-wrap;background:#fbfbf8;border-left:3px solid #bbb;margin:6px 0;
padding:6px 10px}mark{background:#ffe066;padding:0 1px;border-radius:2px}
figure.cite{margin:6px 0}figure.cite blockquote{margin:0;padding:4px 10px;border-left:3px solid
#5a3f9e;font-style:italic}figcaption{font-size:12px;color:#556;padding-left:13px}
table.evidence{border-collapse:collapse;font-size:13px;margin:4px 0}table.evidence td,
table.evidence th{border:1px solid #e3e6eb;padding:2px 6px;text-align:left}
.note,.empty{color:#667;font-size:13px}.masked{color:#a15c00;font-size:12px}
.controls{display:flex;gap:10px;flex-wrap:wrap;align-items:center;font-size:13px}
.controls select,.controls button{font:inherit}.broken{color:#c62828;font-weight:600}
code{font-size:12.5px}
"""

_JS = """
(function(){
  var recs=[].slice.call(document.querySelectorAll('section.record'));
  var fv=document.getElementById('f-verdict'),fc=document.getElementById('f-clause'),
      fa=document.getElementById('f-account'),shown=document.getElementById('shown');
  function apply(){
    var n=0;
    recs.forEach(function(r){
      var ok=(!fv.value||r.dataset.verdict===fv.value)&&(!fa.value||r.dataset.account===fa.value)
        &&(!fc.value||(' '+r.dataset.clauses+' ').indexOf(' '+fc.value+' ')>=0);
      r.hidden=!ok; if(ok)n++;});
    shown.textContent=n+' of '+recs.length+' shown';
  }
  [fv,fc,fa].forEach(function(s){s.addEventListener('change',apply);});
  document.getElementById('open-all').addEventListener('click',function(){
    document.querySelectorAll('section.record:not([hidden]) details')
      .forEach(function(d){d.open=true;});});
  document.getElementById('close-all').addEventListener('click',function(){
    document.querySelectorAll('details').forEach(function(d){d.open=false;});});
  apply();
})();
"""


def _options(values: Iterable[str]) -> str:
    return "".join(f'<option value="{escape(v)}">{escape(v)}</option>' for v in values)


def render(data: ReportData, max_detailed: int = MAX_DETAILED) -> str:
    """The report as one HTML document."""
    items = data.items
    verdicts = Counter(i.verdict for i in items)
    per_clause: dict[str, Counter[str]] = defaultdict(Counter)
    per_account: dict[str, Counter[str]] = defaultdict(Counter)
    for item in items:
        for f in item.findings:
            level = str(f.get("level"))
            per_account[item.account][level] += 1
            for cid in f.get("clause_ids", ()):
                per_clause[str(cid)][level] += 1

    def order(d: dict[str, Counter[str]]) -> list[tuple[str, Counter[str]]]:
        return sorted(d.items(), key=lambda kv: (-kv[1]["violation"], -sum(kv[1].values()), kv[0]))

    clause_rows = order(per_clause)
    account_rows = order(per_account)[:40]
    days = [i.day for i in items if i.day is not None]
    period = f"{min(days).isoformat()} to {max(days).isoformat()}" if days else "no dates"

    cards = [f'<div class="card"><b>{len(items)}</b>posts judged</div>']
    for v in VERDICTS:
        cards.append(f'<div class="card"><b style="color:{COLOURS[v]}">{verdicts[v]}</b>{v}</div>')
    if data.verify is not None:
        vr = data.verify
        if vr.ok:
            cards.append(
                f'<div class="card ok"><b>intact</b>Merkle tree, {vr.records} records</div>'
            )
        else:
            where = (
                f"record {vr.first_broken.seq}: {vr.first_broken.problem}"
                if vr.first_broken
                else "; ".join(vr.pack_problems)
            )
            cards.append(f'<div class="card bad"><b>BROKEN</b>{escape(where)}</div>')
    masked = sum(1 for i in items if i.masked)
    if masked:
        cards.append(f'<div class="card"><b>{masked}</b>inputs masked</div>')
    erased = sum(1 for i in items if i.erased is not None)
    if erased:
        cards.append(f'<div class="card"><b>{erased}</b>inputs erased</div>')

    flagged = [i for i in items if i.findings]
    flagged.sort(
        key=lambda i: (-(VERDICTS.index(i.verdict) if i.verdict in VERDICTS else 0), -(i.seq or 0))
    )
    detailed = flagged[:max_detailed]
    accounts = sorted({i.account for i in flagged})
    clauses = sorted({c for c, _ in clause_rows})
    packs = ", ".join(
        f"{escape(name)} <code>{escape(d[:19])}</code>" if d != name else escape(name)
        for d, name in data.packs.items()
    )
    chain = ""
    if data.verify is not None and data.verify.ok:
        chain = f" · {data.verify.records} records, root <code>{escape(data.verify.root)}</code>"
    elif data.verify is not None:
        chain = ' · <span class="broken">log does not verify</span>'
    note = (
        f'<p class="note">Showing the {max_detailed} most severe of {len(flagged)} posts '
        "with findings.</p>"
        if len(flagged) > max_detailed
        else ""
    )
    bad = (
        f'<p class="note">{data.bad_lines} line(s) of the input were not decisions and '
        "were skipped.</p>"
        if data.bad_lines
        else ""
    )
    generated = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    csp = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"
    source = (
        f"Source {escape(data.source)} · {len(items)} posts, {escape(period)} · "
        f"packs {packs or 'none'}{chain} · generated {escape(generated)}"
    )
    charts = [
        ("Verdicts over time", _legend(VERDICTS), chart_over_time(items)),
        (
            "Findings per clause",
            _legend(LEVELS),
            chart_bars(clause_rows, "chart-clauses", "findings per clause", data.clause_headings),
        ),
        (
            "Findings per account",
            _legend(LEVELS),
            chart_bars(account_rows, "chart-accounts", "findings per account"),
        ),
    ]
    panels = "".join(
        f'<div class="panel"><h2>{title}</h2>{legend}{svg}</div>\n' for title, legend, svg in charts
    )
    controls = (
        '<div class="controls">'
        f'<label>verdict <select id="f-verdict"><option value="">all</option>'
        f"{_options(VERDICTS[1:])}</select></label>"
        f'<label>clause <select id="f-clause"><option value="">all</option>'
        f"{_options(clauses)}</select></label>"
        f'<label>account <select id="f-account"><option value="">all</option>'
        f"{_options(accounts)}</select></label>"
        '<button id="open-all" type="button">expand all</button>'
        '<button id="close-all" type="button">collapse all</button>'
        '<span id="shown"></span></div>'
    )
    records = (
        "".join(_record_html(i, data.clause_headings) for i in detailed)
        or '<p class="empty">No findings.</p>'
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width,initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        f"<title>{escape(data.title)}</title><style>{_CSS}</style></head>\n"
        f"<body><header><h1>{escape(data.title)}</h1>\n<p>{source}</p>\n</header><main>\n"
        f'<div class="cards">{"".join(cards)}</div>\n{data.preface}{panels}'
        f'<div class="panel"><h2>Findings</h2>{bad}{note}\n{controls}\n{records}\n'
        f"</div></main><script>{_JS}</script></body></html>\n"
    )


def write_report(source: str, output: Path, title: str | None = None) -> ReportData:
    """Build the report from a log (path or URL) or a JSONL file of decisions; write it."""
    from socialpolicy.audit.log import is_postgres_url, open_log

    path = Path(source)
    if not is_postgres_url(source) and path.is_file() and not is_sqlite_file(path):
        data = from_jsonl(path, title)
    else:
        with open_log(source, create=False) as log:
            data = from_log(log, title)
    output.write_text(render(data), encoding="utf-8")
    return data
