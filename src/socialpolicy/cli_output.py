"""What the `socialpolicy` command prints: consoles, JSON, errors, decisions and tables."""

from __future__ import annotations

import json
import re
import sys
from enum import Enum
from typing import Annotated, Any, NoReturn

import typer
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from socialpolicy.decisions import Decision
from socialpolicy.errors import SocialPolicyError


class Command(typer.core.TyperCommand):
    """A command whose help names arguments by their metavar (`POSTS...`), not Python types.

    typer prints `POSTS... <list[str]>` and `{POSTS...}...`; users need the name alone.
    Every socialpolicy command uses this class (`@app.command(cls=Command)`).
    """

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if isinstance(param, typer.core.TyperArgument) and param.metavar:
                name = param.metavar
                if param.nargs != 1 and not name.endswith("..."):
                    name += "..."
                pieces.append(name if param.required else f"[{name}]")
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        args: list[tuple[str, str]] = []
        opts: list[tuple[str, str]] = []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if isinstance(param, typer.core.TyperArgument):
                args.append((param.metavar or record[0].split(" ")[0], record[1]))
            else:
                opts.append(record)
        if args:
            with formatter.section("Arguments"):
                formatter.write_dl(args)
        if opts:
            with formatter.section("Options"):
                formatter.write_dl(opts)


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


class EngineOpt(str, Enum):
    auto = "auto"
    durable = "durable"
    reference = "reference"


FormatOpt = Annotated[Fmt, typer.Option("--format", metavar="[text|json]", help="Output format.")]

VERDICT_STYLE = {"pass": "green", "advice": "blue", "review": "yellow", "violation": "bold red"}


def stdout() -> Console:
    """A console on stdout, built per command so it reads the terminal width (COLUMNS) now."""
    return Console(soft_wrap=True, highlight=False)


def stderr() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


_API_ARG = re.compile(r"engine='(\w+)'")


def for_cli(exc: SocialPolicyError) -> SocialPolicyError:
    """The error with API advice (`engine='reference'`) said as the flag (`--engine reference`)."""
    if exc.suggestion and _API_ARG.search(exc.suggestion):
        new = exc.relocated()
        new.suggestion = _API_ARG.sub(r"--engine \1", exc.suggestion)
        new.args = (new._render(),)
        return new
    return exc


def fail(exc: SocialPolicyError, as_json: bool, code: int = 2) -> NoReturn:
    """Report an error (JSON on stdout, or red text on stderr) and exit with `code`."""
    exc = for_cli(exc)
    if as_json:
        emit_json({"error": exc.to_dict()})
    else:
        stderr().print(Text(str(exc), style="red"))
    raise typer.Exit(code)


def print_decision(out: Console, d: Decision, where: str | None = None) -> None:
    """A decision as the `check` table shows it: verdict, then each finding with its citation.

    `where` is the record's file and line, so a finding can be traced back to its input.
    """
    head = Text(f"{d.post_id}: ") + Text(
        d.verdict.value.upper(), style=VERDICT_STYLE[d.verdict.value]
    )
    if where:
        head += Text(f"  {where}", style="dim")
    if d.account_assumed:
        head += Text("  (no account given: judged as the pack's assumed member)", style="dim")
    out.print(head)
    for note in d.notes:
        out.print(Text(f"  note: {note}", style="yellow"))
    for f in d.findings:
        out.print(
            Text(f"  {f.level.value:<9}", style=VERDICT_STYLE[f.level.value])
            + Text(f" {f.rule_id} {f.rule_version}", style="bold")
            + Text(f"  [{', '.join(f.clause_ids)}]  {f.determinacy.value}", style="dim")
        )
        out.print(f"    {f.message}")
        for cit in f.citations:
            out.print(Text(f"    {cit.section}: “{cit.quote}”", style="cyan"))
        for ev in f.evidence[:5]:
            where = f"{ev.field}" + (f" {ev.span.start}..{ev.span.end}" if ev.span else "")
            out.print(Text(f"    evidence ({ev.detector}, {where}): {ev.text!r}", style="dim"))
        if len(f.evidence) > 5:
            out.print(Text(f"    … and {len(f.evidence) - 5} more evidence item(s)", style="dim"))
        out.print(Text(f"    fix: {f.remediation}", style="dim"))


# Below this width the clause catalogue is a list, so no id or heading is ever cut.
WIDE_TABLE = 110


def print_clauses(out: Console, title: str, rows: list[dict[str, Any]]) -> None:
    """The clause catalogue: a table on wide terminals, a list on narrow ones; never truncated."""

    def who(r: dict[str, Any]) -> str:
        binds = r["binds"]
        return ", ".join(binds["organisations"] + binds["roles"]) or "any"

    if out.width >= WIDE_TABLE:
        table = Table(title=title, box=box.SIMPLE_HEAD, expand=False)
        table.add_column("clause", no_wrap=True, min_width=max(len(r["id"]) for r in rows))
        table.add_column("heading", overflow="fold", ratio=1)
        table.add_column("modality", no_wrap=True)
        table.add_column("binds", overflow="fold")
        table.add_column("checked by", no_wrap=True)
        table.add_column("rules", justify="right", no_wrap=True)
        for r in rows:
            table.add_row(
                r["id"], r["heading"], r["modality"], who(r), r["checked_by"], str(len(r["rules"]))
            )
        out.print(table)
        return
    out.print(Text(title, style="bold"))
    width = max(len(r["id"]) for r in rows)
    for r in rows:
        n = len(r["rules"])
        out.print(
            Text(r["id"].ljust(width), style="bold")
            + Text(
                f"  {r['modality']} · {r['checked_by']} · {n} rule{'s' * (n != 1)}"
                f" · binds {who(r)}",
                style="dim",
            )
        )
        out.print(Text("    " + r["heading"]))
