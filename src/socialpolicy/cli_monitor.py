"""The `monitor` command: run a watch list against a decision log, judge only what is new."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from socialpolicy.cli_output import (
    CheckFmt,
    Command,
    FailOn,
    fail,
    print_decision,
    stderr,
    stdout,
)
from socialpolicy.cli_workers import WorkersOption
from socialpolicy.decisions import Verdict
from socialpolicy.errors import InputValidationError, Location, SocialPolicyError
from socialpolicy.monitor.run import Hooks, Judged
from socialpolicy.monitor.watchlist import WatchedAccount

EPILOG = """\
\b
The watch list (YAML; schema: schemas/watchlist.schema.json):
  log: monitoring.db
  accounts:
    - id: commr-lee
      policy: edmonton
      owner: {name: Pat Lee, organisation: epc, role: commissioner}
      sources:
        - path: exports/lee/twitter-*.zip    # relative to the watch list; from: detected
\b
Each run judges, per account, only the posts no earlier run judged (the log remembers
them), records profile changes (renames), and derives the account's previous handles and
display names from what it has seen, so a renamed account stays bound.

\b
Exit status: 0 no new finding at or above --fail-on; 1 a new finding at or above it;
2 bad usage, an unreadable source or a bad record (2 wins when both happen)."""


class _Hooks(Hooks):
    """Prints each new decision (table/jsonl) and problems; drives the progress bar."""

    def __init__(self, fmt: CheckFmt, only_findings: bool) -> None:
        self.fmt = fmt
        self.only_findings = only_findings
        self.out = stdout()
        self.err = stderr()
        self.current: str | None = None
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        if self.err.is_terminal:
            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.completed} posts read"),
                TimeElapsedColumn(),
                console=self.err,
                transient=True,
            )
            self._progress.start()

    def _heading(self, account: WatchedAccount) -> None:
        if self.current == account.id:
            return
        self.current = account.id
        if self._progress is not None:
            if self._task is not None:
                self._progress.remove_task(self._task)
            self._task = self._progress.add_task(account.name or account.id, total=None)
        if self.fmt == CheckFmt.table:
            self.out.print(
                Text(f"\n== {account.name or account.id} ({account.policy})", style="bold")
            )

    def decision(self, account: WatchedAccount, judged: Judged) -> None:
        self._heading(account)
        d = judged.decision
        if self.fmt == CheckFmt.jsonl:
            sys.stdout.write(d.model_dump_json() + "\n")
        elif self.fmt == CheckFmt.table and (d.findings or not self.only_findings):
            print_decision(self.out, d, judged.where)

    def problem(self, account: WatchedAccount, error: SocialPolicyError) -> None:
        self._heading(account)
        if self.fmt == CheckFmt.jsonl:
            sys.stdout.write(json.dumps({"error": error.to_dict()}, ensure_ascii=False) + "\n")
        elif self.fmt == CheckFmt.table:
            self.err.print(Text(str(error), style="red"))

    def progress(self, account: WatchedAccount, read: int) -> None:
        self._heading(account)
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, completed=read)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


def monitor(
    watchlist: Annotated[Path, typer.Argument(metavar="WATCHLIST", help="The watch list (YAML).")],
    log: Annotated[
        str | None,
        typer.Option(
            "--log",
            metavar="LOG",
            help="The decision log (SQLite file or postgresql:// URL). Default: the watch "
            "list's `log`.",
        ),
    ] = None,
    fmt: Annotated[
        CheckFmt,
        typer.Option(
            "--format",
            metavar="[table|json|jsonl]",
            help="table for people; json (the digest) or jsonl (one new decision a line).",
        ),
    ] = CheckFmt.table,
    only_findings: Annotated[
        bool,
        typer.Option(
            "--only-findings",
            "--findings-only",
            "--quiet",
            "-q",
            help="Table: show only new posts with findings (and problems), not every pass.",
        ),
    ] = False,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            metavar="[advice|review|violation]",
            help="Exit 1 when a new finding is at this level or above. Default: the watch "
            "list's fail_on, else review.",
        ),
    ] = None,
    digest_html: Annotated[
        Path | None,
        typer.Option("--digest-html", metavar="FILE", help="Write the digest as an HTML page."),
    ] = None,
    digest_json: Annotated[
        Path | None,
        typer.Option("--digest-json", metavar="FILE", help="Write the digest as JSON."),
    ] = None,
    workers: WorkersOption = 1,
) -> None:
    """Judge what is new on each watched account since the last run; report new findings."""
    from socialpolicy.audit.log import open_log
    from socialpolicy.monitor import Monitor, digest, load_watchlist, write_html, write_json

    json_out = fmt != CheckFmt.table
    try:
        wl, base = load_watchlist(watchlist)
    except SocialPolicyError as exc:
        fail(exc, json_out)
    location = log or wl.log
    if location is None:
        fail(
            InputValidationError(
                "no decision log: give --log LOG or `log:` in the watch list (monitoring "
                "remembers what it judged in the log)",
                Location(field="--log"),
            ),
            json_out,
        )
    if log is None and not location.startswith(("postgresql://", "postgres://")):
        location = str(base / location) if not Path(location).is_absolute() else location
    threshold = Verdict((fail_on.value if fail_on else None) or wl.fail_on or "review").rank
    hooks = _Hooks(fmt, only_findings)
    try:
        with open_log(location, create=True) as dlog:
            result = Monitor(dlog, wl, base, hooks, workers=workers).run()
    except SocialPolicyError as exc:
        hooks.close()
        fail(exc, json_out)
    hooks.close()
    if digest_json is not None:
        write_json(result, digest_json)
    if digest_html is not None:
        write_html(result, digest_html)
    if fmt == CheckFmt.json:
        sys.stdout.write(digest(result).model_dump_json(indent=2) + "\n")
    out = stdout() if fmt == CheckFmt.table else stderr()
    for a in result.accounts:
        verdicts = ", ".join(f"{n} {v}" for v, n in a.verdicts.items() if n) or "nothing new"
        line = Text(
            f"{a.name or a.id}: {a.read} read, {a.new} new ({verdicts}), "
            f"{a.already_judged} judged before",
            style="bold" if fmt == CheckFmt.table else "",
        )
        if a.errors:
            line += Text(f", {len(a.errors)} problem(s)", style="red")
        out.print(line)
        for c in a.changes:
            out.print(Text(f"  profile {c.field}: {c.before!r} -> {c.after!r}", style="yellow"))
        if a.previous_handles or a.previous_display_names:
            names = ", ".join((*a.previous_handles, *a.previous_display_names))
            out.print(Text(f"  judged as formerly: {names}", style="dim"))
    out.print(Text(f"logged to {result.log}", style="dim"))
    if result.bad:
        raise typer.Exit(2)
    raise typer.Exit(1 if result.worst >= threshold and any(a.new for a in result.accounts) else 0)


def register(app: typer.Typer) -> None:
    """Add `monitor` to the `socialpolicy` command."""
    app.command(epilog=EPILOG, cls=Command)(monitor)
