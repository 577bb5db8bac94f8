"""The `socialpolicy` command. Exit codes: 0 clean, 1 findings or problems, 2 bad usage or input."""

from __future__ import annotations

import json
import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from socialpolicy.batch import BadRecord, records
from socialpolicy.decisions import Decision, Verdict
from socialpolicy.errors import (
    InputError,
    InputValidationError,
    Location,
    PackError,
    PackProblems,
    SocialPolicyError,
)
from socialpolicy.examples import run_examples
from socialpolicy.loader import builtin_pack_names, load_pack
from socialpolicy.packs import PolicyPack
from socialpolicy.policy import Policy, coerce_account, coerce_record

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Check social-media posts and accounts against cited, versioned policy packs.",
    rich_markup_mode=None,
)
out = Console(soft_wrap=True, highlight=False)
err = Console(stderr=True, highlight=False)


class Fmt(str, Enum):
    text = "text"
    json = "json"


class CheckFmt(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


class FailOn(str, Enum):
    advice = "advice"
    review = "review"
    violation = "violation"


FormatOpt = Annotated[Fmt, typer.Option("--format", help="Output format.")]


def _emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def _fail(exc: SocialPolicyError, fmt: str, code: int = 2) -> NoReturn:
    if fmt == "json":
        _emit_json({"error": exc.to_dict()})
    else:
        err.print(Text(str(exc), style="red"))
    raise typer.Exit(code)


def _load(pack: str, fmt: str) -> PolicyPack:
    try:
        return load_pack(pack)
    except PackProblems as exc:
        _fail(exc, fmt, 1)
    except PackError as exc:
        _fail(exc, fmt, 2)


@app.command()
def packs(fmt: FormatOpt = Fmt.text) -> None:
    """List the built-in packs."""
    rows: list[dict[str, Any]] = []
    for name in builtin_pack_names():
        pack = load_pack(name)
        rows.append(
            {
                "id": pack.id,
                "title": pack.title,
                "issuer": pack.issuer,
                "version": pack.version,
                "digest": pack.digest,
                "clauses": len(pack.clauses),
                "rules": len({r.id for r in pack.rules}),
            }
        )
    if fmt == Fmt.json:
        _emit_json(rows)
        return
    table = Table("pack", "title", "issuer", "version", "clauses", "rules", "digest")
    for r in rows:
        table.add_row(
            r["id"],
            r["title"],
            r["issuer"],
            r["version"],
            str(r["clauses"]),
            str(r["rules"]),
            r["digest"][:19],
        )
    out.print(table)


@app.command()
def clauses(
    pack: Annotated[str, typer.Argument(help="Built-in pack name or pack directory.")],
    fmt: FormatOpt = Fmt.text,
) -> None:
    """The clause catalogue: how each clause is checked, and by which rules."""
    p = _load(pack, fmt.value)
    rows: list[dict[str, Any]] = []
    for c in p.clauses:
        rules = sorted({r.id for r in p.rules_for_clause(c.id)})
        rows.append(
            {
                "id": c.id,
                "heading": c.heading,
                "modality": c.modality.value,
                "binds": c.binds.model_dump(mode="json"),
                "checked_by": c.checked_by.value,
                "check_note": c.check_note,
                "rules": rules,
            }
        )
    if fmt == Fmt.json:
        _emit_json(rows)
        return
    table = Table("clause", "heading", "modality", "binds", "checked by", "rules", title=p.title)
    for r in rows:
        binds = r["binds"]
        who = "/".join(binds["organisations"] + binds["roles"]) or "any"
        table.add_row(
            r["id"], r["heading"][:48], r["modality"], who, r["checked_by"], str(len(r["rules"]))
        )
    out.print(table)


@app.command()
def explain(
    pack: Annotated[str, typer.Argument(help="Built-in pack name or pack directory.")],
    ident: Annotated[str, typer.Argument(metavar="ID", help="A clause id or a rule id.")],
    fmt: FormatOpt = Fmt.text,
) -> None:
    """A clause (verbatim text, citations, rules) or a rule (every version, examples)."""
    p = _load(pack, fmt.value)
    clause_ids = {c.id for c in p.clauses}
    if ident in clause_ids:
        c = p.clause(ident)
        rules = p.rules_for_clause(ident)
        if fmt == Fmt.json:
            _emit_json(
                {
                    "clause": c.model_dump(mode="json"),
                    "rules": [
                        {
                            "id": r.id,
                            "version": r.version,
                            "title": r.title,
                            "effective_from": str(r.effective_from),
                            "effective_to": str(r.effective_to) if r.effective_to else None,
                        }
                        for r in rules
                    ],
                }
            )
            return
        out.print(Text(f"{c.id} — {c.heading}", style="bold"))
        out.print(f"modality: {c.modality.value}   checked by: {c.checked_by.value}")
        if c.check_note:
            out.print(f"note: {c.check_note}")
        out.print()
        out.print(Text(c.text))
        out.print()
        for cit in c.citations:
            out.print(
                Text(f"[{cit.section}] ", style="cyan")
                + Text(f"“{cit.quote}” ")
                + Text(f"({cit.document_id} {cit.span.start}..{cit.span.end})", style="dim")
            )
        out.print()
        for r in rules:
            out.print(
                f"rule {r.id} {r.version} ({r.level.value}, {r.determinacy.value}): {r.title}"
            )
        if not rules:
            out.print("no rules implement this clause")
        return
    versions = p.rule_versions(ident)
    if not versions:
        from socialpolicy.errors import closest

        _fail(
            PackError(
                f"no clause or rule {ident!r} in pack {p.id}",
                suggestion=closest(ident, clause_ids | {r.id for r in p.rules}),
            ),
            fmt.value,
            2,
        )
    if fmt == Fmt.json:
        _emit_json(
            {
                "rule": ident,
                "versions": [r.model_dump(mode="json", by_alias=True) for r in versions],
            }
        )
        return
    for r in versions:
        to = r.effective_to or "—"
        out.print(Text(f"{r.id} {r.version}  in force {r.effective_from} .. {to}", style="bold"))
        out.print(f"  {r.title}")
        out.print(
            f"  level {r.level.value}, {r.determinacy.value}; clauses {', '.join(r.clause_ids)}"
        )
        if r.change:
            out.print(f"  change: {r.change}")
        if r.budget is not None:
            out.print(f"  false-positive budget: {100 * r.budget:g}% of ordinary police posts")
        for cit in r.citations:
            out.print(Text(f"  [{cit.section}] “{cit.quote}”", style="cyan"))
        out.print(f"  message: {r.message}")
        out.print(f"  remediation: {r.remediation}")
        for kind, exs in (("fires on", r.examples.fires), ("quiet on", r.examples.passes)):
            for ex in exs:
                shown = ex.text if ex.text is not None else (ex.post.text if ex.post else "")
                who = f" (account {ex.account.handle})" if ex.account else ""
                note = f" — {ex.note}" if ex.note else ""
                out.print(Text(f"  {kind}: {shown[:100]!r}{who}{note}", style="dim"))
        out.print()


@app.command()
def verify(
    pack: Annotated[str, typer.Argument(metavar="PACK_OR_PATH")], fmt: FormatOpt = Fmt.text
) -> None:
    """Check a pack: schema, citation integrity, references, rule examples."""
    try:
        p = load_pack(pack)
    except PackProblems as exc:
        if fmt == Fmt.json:
            _emit_json({"pack": pack, "ok": False, "problems": [e.to_dict() for e in exc.problems]})
        else:
            for problem in exc.problems:
                err.print(Text(str(problem), style="red"))
            err.print(f"{len(exc.problems)} problem(s) in {pack}")
        raise typer.Exit(1) from None
    except PackError as exc:
        _fail(exc, fmt.value, 2)
    policy = Policy(p)
    failures = [r for r in run_examples(policy) if not r.ok]
    if fmt == Fmt.json:
        _emit_json(
            {
                "pack": p.id,
                "ok": not failures,
                "digest": p.digest,
                "clauses": len(p.clauses),
                "rules": len(p.rules),
                "problems": [
                    {"code": "example_failed", "message": f.name + ": " + f.detail}
                    for f in failures
                ],
            }
        )
    else:
        for f in failures:
            err.print(Text(f"[example_failed] {f.name}: {f.detail}", style="red"))
        status = "ok" if not failures else f"{len(failures)} problem(s)"
        out.print(
            f"{p.id} {p.version} {p.digest}: {len(p.clauses)} clauses, {len(p.rules)} rule "
            f"versions, citations verified; {status}"
        )
    raise typer.Exit(1 if failures else 0)


@app.command("test")
def test_cmd(
    pack: Annotated[str, typer.Argument(metavar="PACK_OR_PATH")],
    rule: Annotated[str | None, typer.Option(help="Only rules whose id contains this.")] = None,  # noqa: UP007
    fmt: FormatOpt = Fmt.text,
) -> None:
    """Run every rule's examples as tests."""
    p = _load(pack, fmt.value)
    results = run_examples(Policy(p), rule)
    failed = [r for r in results if not r.ok]
    if fmt == Fmt.json:
        _emit_json(
            {
                "pack": p.id,
                "passed": len(results) - len(failed),
                "failed": len(failed),
                "results": [{"name": r.name, "ok": r.ok, "detail": r.detail} for r in results],
            }
        )
    else:
        for r in results:
            if not r.ok:
                out.print(Text(f"FAILED {r.name}", style="red"))
                out.print(f"  {r.detail}")
        out.print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    raise typer.Exit(1 if failed else 0)


def _decision_table(d: Decision) -> None:
    style = {"pass": "green", "advice": "blue", "review": "yellow", "violation": "bold red"}
    head = Text(f"{d.post_id}: ") + Text(d.verdict.value.upper(), style=style[d.verdict.value])
    if d.account_assumed:
        head += Text("  (no account given: judged as the pack's assumed member)", style="dim")
    out.print(head)
    for note in d.notes:
        out.print(Text(f"  note: {note}", style="yellow"))
    for f in d.findings:
        out.print(
            Text(f"  {f.level.value:<9}", style=style[f.level.value])
            + Text(f" {f.rule_id} {f.rule_version}", style="bold")
            + Text(f"  [{', '.join(f.clause_ids)}]  {f.determinacy.value}", style="dim")
        )
        out.print(f"    {f.message}")
        for cit in f.citations:
            out.print(Text(f"    {cit.section}: “{cit.quote}”", style="cyan"))
        for ev in f.evidence[:5]:
            where = f"{ev.field}" + (f" {ev.span.start}..{ev.span.end}" if ev.span else "")
            out.print(Text(f"    evidence ({ev.detector}, {where}): {ev.text!r}", style="dim"))
        out.print(Text(f"    fix: {f.remediation}", style="dim"))


@app.command()
def check(
    posts: Annotated[
        list[str], typer.Argument(metavar="POSTS...", help="JSON or JSONL files, or - for stdin.")
    ],
    policy: Annotated[str, typer.Option("--policy", help="Built-in pack name or pack directory.")],
    account: Annotated[
        Path | None, typer.Option(help="Account JSON for records that carry none.")
    ] = None,  # noqa: UP007
    fmt: Annotated[CheckFmt, typer.Option("--format")] = CheckFmt.table,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Judge by the rules in force on this date (YYYY-MM-DD)."),
    ] = None,  # noqa: UP007
    fail_on: Annotated[FailOn, typer.Option("--fail-on")] = FailOn.review,
    engine: Annotated[str, typer.Option(help="auto, durable or reference.")] = "auto",
    log: Annotated[
        str | None,
        typer.Option(
            "--log",
            help="Append each decision and its input to this decision log "
            "(SQLite file or postgresql:// URL).",
        ),
    ] = None,
) -> None:
    """Check posts against a pack. Exit 1 when a finding reaches --fail-on; 2 on bad input."""
    json_out = fmt != CheckFmt.table
    jfmt = "json" if json_out else "text"
    on: date | None = None
    if as_of:
        try:
            on = date.fromisoformat(as_of)
        except ValueError:
            _fail(
                InputValidationError(
                    f"--as-of {as_of!r} is not a date like 2025-01-31", Location(field="--as-of")
                ),
                jfmt,
            )
    if engine not in ("auto", "durable", "reference"):
        _fail(
            InputValidationError(
                f"--engine {engine!r}: choose auto, durable or reference",
                Location(field="--engine"),
            ),
            jfmt,
        )
    try:
        pol = Policy(load_pack(policy), engine=engine)  # type: ignore[arg-type]
    except PackProblems as exc:
        _fail(exc, jfmt, 2)
    except SocialPolicyError as exc:
        _fail(exc, jfmt, 2)
    default_account = None
    if account is not None:
        try:
            default_account = coerce_account(
                json.loads(account.read_text(encoding="utf-8")), record=str(account)
            )
        except (OSError, json.JSONDecodeError, UnicodeDecodeError) as exc:
            _fail(
                InputValidationError(f"cannot read account: {exc}", Location(file=str(account))),
                jfmt,
            )
        except InputError as exc:
            _fail(exc, jfmt)

    writer = None
    if log is not None:
        from socialpolicy.audit.writer import open_writer

        try:
            writer = open_writer(log, pol, policy)
        except SocialPolicyError as exc:
            _fail(exc, jfmt)

    threshold = Verdict(fail_on.value).rank
    counts = {v.value: 0 for v in Verdict}
    bad = 0
    worst = 0
    collected: list[dict[str, Any]] = []
    progress = _progress(json_out)

    def report_bad(file: str, line: int, exc: SocialPolicyError) -> None:
        nonlocal bad
        bad += 1
        located = exc.relocated(file=file, line=line or exc.location.line)
        if fmt == CheckFmt.jsonl:
            sys.stdout.write(json.dumps({"error": located.to_dict()}, ensure_ascii=False) + "\n")
        elif fmt == CheckFmt.json:
            collected.append({"error": located.to_dict()})
        else:
            err.print(Text(str(located), style="red"))

    for path in posts:
        for rec in records(path):
            if isinstance(rec, BadRecord):
                report_bad(rec.file, rec.line, rec.error)
                continue
            try:
                post, acc = coerce_record(rec.data, record=None)
                d = pol.evaluate(post, account=acc or default_account, as_of=on)
            except SocialPolicyError as exc:
                report_bad(rec.file, rec.line, exc)
                continue
            if writer is not None:
                writer.add(post, acc or default_account, d)
            counts[d.verdict.value] += 1
            worst = max(worst, d.verdict.rank)
            if fmt == CheckFmt.jsonl:
                sys.stdout.write(d.model_dump_json() + "\n")
            elif fmt == CheckFmt.json:
                collected.append(d.model_dump(mode="json"))
            else:
                _decision_table(d)
            if progress is not None:
                progress.advance()
    if progress is not None:
        progress.close()
    if writer is not None:
        writer.close()
    if fmt == CheckFmt.json:
        _emit_json(collected)
    summary = ", ".join(f"{n} {v}" for v, n in counts.items()) + (
        f", {bad} bad record(s)" if bad else ""
    )
    if fmt == CheckFmt.table:
        out.print(Text(f"\n{sum(counts.values())} post(s): {summary}", style="bold"))
    else:
        err.print(summary)
    if bad:
        raise typer.Exit(2)
    raise typer.Exit(1 if worst >= threshold else 0)


class _Progress:
    """A spinner with a count on stderr, only when stderr is a terminal."""

    def __init__(self) -> None:
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self._p = Progress(
            SpinnerColumn(),
            TextColumn("{task.completed} posts checked"),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        )
        self._task = self._p.add_task("check", total=None)
        self._p.start()

    def advance(self) -> None:
        self._p.advance(self._task)

    def close(self) -> None:
        self._p.stop()


def _progress(json_out: bool) -> _Progress | None:
    return _Progress() if json_out and err.is_terminal else None


from socialpolicy.audit.cli import register as _register_audit  # noqa: E402

_register_audit(app)


def main() -> None:
    try:
        app()
    except SocialPolicyError as exc:  # anything not handled by a command: report, exit 2
        err.print(Text(str(exc), style="red"))
        sys.exit(2)
