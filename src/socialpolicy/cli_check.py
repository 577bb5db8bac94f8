"""The `check` command: judge posts from files, directories, globs or stdin against a pack."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.text import Text

from socialpolicy.batch import BadRecord, RawRecord, read_json_file, records
from socialpolicy.cli_config import Config, discover
from socialpolicy.cli_inputs import expand_inputs
from socialpolicy.cli_output import (
    CheckFmt,
    Command,
    EngineOpt,
    FailOn,
    emit_json,
    fail,
    print_decision,
    stderr,
    stdout,
)
from socialpolicy.cli_packs import complete_pack
from socialpolicy.cli_workers import WorkersOption, judge_records
from socialpolicy.decisions import Decision, Verdict
from socialpolicy.errors import (
    ConfigError,
    InputError,
    InputValidationError,
    Location,
    SocialPolicyError,
)
from socialpolicy.guard.deadline import DEFAULT_RECORD_TIMEOUT
from socialpolicy.guard.judging import Judged, judge_record
from socialpolicy.guard.stopping import Interrupted, stop_signals
from socialpolicy.inputs import Account, Record
from socialpolicy.loader import load_pack
from socialpolicy.policy import EngineChoice, Policy, coerce_account, coerce_record
from socialpolicy.readers import (
    AccountProfile,
    ExportRecord,
    ReaderOptions,
    detect_format,
    is_export_dir,
    open_export,
    reader,
)

if TYPE_CHECKING:
    from socialpolicy.audit.writer import LogWriter

ENGINES: dict[EngineOpt, EngineChoice] = {
    EngineOpt.auto: "auto",
    EngineOpt.durable: "durable",
    EngineOpt.reference: "reference",
}

RECORD_HELP = """\
\b
A record is a post, or a post with its account:
  {"id": "p1", "text": "Great turnout tonight!", "created_at": "2025-05-04T18:40:00-04:00"}
  {"post": {"id": "p2", "text": "...", "created_at": "..."},
   "account": {"handle": "@jo", "owner": {"organisation": "tps", "role": "officer"}}}
JSONL files hold one record per line; a JSON file holds one record or an array of them.
Platform exports (an X archive zip or folder, Mastodon, Bluesky, Facebook or Instagram
exports, CSV/TSV) are read too: detected from the file, or named with --from.
Every field is described on the docs' Inputs page and in schemas/record.schema.json.

\b
Settings: flags win over `.socialpolicy.toml` or `[tool.socialpolicy]` in pyproject.toml
(policy, account, fail-on, log, findings-only, record-timeout), found from the current
directory upward.

\b
Exit status: 0 no finding at or above --fail-on; 1 a finding at or above it;
2 bad usage or a bad record (2 wins when both happen); 130 or 143 when stopped by
SIGINT or SIGTERM (every decision judged before the signal is in the log)."""


def _config(config_file: Path | None, isolated: bool, as_json: bool) -> Config:
    try:
        return discover(config_file, isolated)
    except ConfigError as exc:
        fail(exc, as_json, 2)


def check(
    posts: Annotated[
        list[str],
        typer.Argument(
            metavar="POSTS...",
            help="JSON or JSONL files, directories (every .json, .jsonl and .ndjson file in "
            "them, in sorted order), glob patterns such as 'posts/**/*.jsonl', or - for stdin.",
        ),
    ],
    policy: Annotated[
        str | None,
        typer.Option(
            "--policy",
            metavar="PACK",
            help="Built-in pack name or pack directory. Default: `policy` in the config file.",
            autocompletion=complete_pack,
        ),
    ] = None,
    account: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="Account JSON for records that carry none."),
    ] = None,
    fmt: Annotated[
        CheckFmt,
        typer.Option(
            "--format",
            metavar="[table|json|jsonl]",
            help="table for people; json (one array) or jsonl (one decision a line) for tools.",
        ),
    ] = CheckFmt.table,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="Judge by the rules in force on this date (YYYY-MM-DD). "
            "Default: each post's own date.",
        ),
    ] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            metavar="[advice|review|violation]",
            help="Exit 1 when a finding is at this level or above. Default: review.",
        ),
    ] = None,
    findings_only: Annotated[
        bool | None,
        typer.Option(
            "--findings-only/--all",
            help="Show only posts with findings (and bad records), or every post. "
            "Default: every post.",
        ),
    ] = None,
    engine: Annotated[
        EngineOpt,
        typer.Option(metavar="[auto|durable|reference]", help="Rule engine."),
    ] = EngineOpt.auto,
    log: Annotated[
        str | None,
        typer.Option(
            "--log",
            metavar="LOG",
            help="Append each decision and its input to this decision log "
            "(SQLite file or postgresql:// URL).",
        ),
    ] = None,
    config_file: Annotated[
        Path | None,
        typer.Option(
            "--config", metavar="FILE", help="Read settings from this file, not the one found."
        ),
    ] = None,
    isolated: Annotated[
        bool, typer.Option("--isolated", help="Ignore configuration files.")
    ] = False,
    workers: WorkersOption = 1,
    from_format: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="FORMAT",
            help="Read POSTS as this export format: x-archive, mastodon, bluesky, facebook, "
            "instagram, csv, tsv or json. Default: detected from each file.",
        ),
    ] = None,
    column: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            metavar="FIELD=COLUMN",
            help="CSV/TSV: the column holding a field (--map text=Body --map created_at=Date).",
        ),
    ] = None,
    mapping: Annotated[
        Path | None,
        typer.Option(
            "--mapping", metavar="FILE", help="CSV/TSV: a mapping file (columns, timezone)."
        ),
    ] = None,
    timezone: Annotated[
        str | None,
        typer.Option(
            "--timezone",
            metavar="ZONE",
            help="Time zone for export times without a UTC offset (America/Edmonton).",
        ),
    ] = None,
    record_timeout: Annotated[
        float | None,
        typer.Option(
            "--record-timeout",
            metavar="SECONDS",
            min=0,
            help="Report a record as an error (record_timeout) when judging it takes longer "
            f"than this; 0: no limit. Default: {DEFAULT_RECORD_TIMEOUT:g}.",
        ),
    ] = None,
) -> None:
    """Check posts against a pack. Exit 1 when a finding reaches --fail-on; 2 on bad input."""
    json_out = fmt != CheckFmt.table
    cfg = _config(config_file, isolated, json_out)
    policy = policy or cfg.policy
    account = account or cfg.account
    log = log or cfg.log
    threshold_name = (fail_on.value if fail_on else None) or cfg.fail_on or "review"
    only_findings = findings_only if findings_only is not None else bool(cfg.findings_only)
    budget = next(
        t for t in (record_timeout, cfg.record_timeout, DEFAULT_RECORD_TIMEOUT) if t is not None
    )
    if policy is None:
        fail(
            InputValidationError(
                "no pack to judge by: give --policy PACK, or set policy in .socialpolicy.toml "
                "or [tool.socialpolicy] in pyproject.toml",
                Location(field="--policy"),
                suggestion="`socialpolicy packs` lists the built-in packs",
            ),
            json_out,
        )
    on: date | None = None
    if as_of:
        try:
            on = date.fromisoformat(as_of)
        except ValueError:
            fail(
                InputValidationError(
                    f"--as-of {as_of!r} is not a date like 2025-01-31", Location(field="--as-of")
                ),
                json_out,
            )
    try:
        options = reader_options(column or [], mapping, timezone)
        if from_format is not None:
            from_format = reader(from_format).name
        files = _input_files(posts, from_format)
    except InputError as exc:
        fail(exc, json_out)
    try:
        pol = Policy(load_pack(policy), engine=ENGINES[engine])
    except SocialPolicyError as exc:
        fail(exc, json_out)
    default_account = None
    if account is not None:
        try:
            default_account = coerce_account(read_json_file(account), record=str(account))
        except InputError as exc:
            fail(exc.relocated(file=exc.location.file or str(account)), json_out)

    writer = None
    if log is not None:
        from socialpolicy.audit.writer import open_writer

        try:
            writer = open_writer(log, pol, policy)
        except SocialPolicyError as exc:
            fail(exc, json_out)

    threshold = Verdict(threshold_name).rank
    counts = {v.value: 0 for v in Verdict}
    bad = 0
    worst = 0
    collected: list[dict[str, Any]] = []
    out = stdout()
    err = stderr()
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

    def show(judged: Judged | Decided) -> None:
        nonlocal worst
        d = judged.decision
        counts[d.verdict.value] += 1
        worst = max(worst, d.verdict.rank)
        if progress is not None:
            progress.advance()
        if only_findings and not d.findings:
            return
        if fmt == CheckFmt.jsonl:
            sys.stdout.write(d.model_dump_json() + "\n")
        elif fmt == CheckFmt.json:
            collected.append(d.model_dump(mode="json"))
        else:
            print_decision(out, d, judged.where)

    def judged(
        items: Iterator[RawRecord | BadRecord], file_account: Account | None
    ) -> Iterator[Judged | Decided | BadRecord]:
        """Each record judged or reported, in order: here within its time budget, or in
        `workers` processes (each record within the same budget). A JSONL line read
        unparsed was parsed and validated in its worker: with no log to write, nothing here
        needs its post, so it comes back as its decision alone (`Decided`)."""
        if workers == 1:
            for rec in items:
                yield (
                    rec
                    if isinstance(rec, BadRecord)
                    else judge_record(pol, rec, account=file_account, as_of=on, timeout=budget)
                )
            return
        for rec, d in judge_records(
            pol, items, account=file_account, as_of=on, workers=workers, timeout=budget
        ):
            if isinstance(rec, BadRecord):
                yield rec
            elif not isinstance(d, Decision):
                assert d is not None
                yield BadRecord(rec.file, rec.line, d)
            elif type(rec.data) is bytes:
                yield Decided(rec.file, rec.line, d)
            else:
                post, acc = coerce_record(rec.data, record=None)  # valid: it was judged
                yield Judged(rec.file, rec.line, post, acc or file_account, d)

    stopped: Interrupted | None = None
    broken: SocialPolicyError | None = None
    with stop_signals() as stop:
        try:
            for path in files:
                fmt_name = from_format or detect_format(path)
                file_account = default_account
                items: Iterator[RawRecord | BadRecord]
                # Export records are judged as Records; what the log needs beside the
                # decision (its own account, the platform's extras) waits here by line.
                exported: dict[int, ExportRecord] = {}
                if fmt_name == "json":
                    # The contract's own input: read exactly as always, each line parsed in
                    # the worker that judges it when there are workers and no log (the log
                    # needs each post here).
                    items = records(path, unparsed=workers != 1 and writer is None)
                else:
                    try:
                        export = open_export(path, fmt_name, options)
                    except InputError as exc:
                        report_bad(exc.location.file or path, exc.location.line or 0, exc)
                        continue
                    file_account = export_account(export.profile, default_account, writer)
                    if export.profile is not None and default_account is None:
                        err.print(
                            Text(
                                f"{path}: the export's profile ({export.profile.handle}) is not "
                                "used without owner facts: give --account FILE (see docs: "
                                "Monitoring accounts)",
                                style="yellow",
                            )
                        )
                    items = _as_raw(export.records(), exported)
                for result in judged(items, file_account):
                    got = exported.pop(result.line, None)
                    # Logged before shown, and neither cut by a signal: every decision
                    # printed is in the log.
                    with stop.critical():
                        if isinstance(result, BadRecord):
                            report_bad(result.file, result.line, result.error)
                            continue
                        if writer is not None:
                            if got is not None:
                                writer.add(
                                    got.post,
                                    got.account or file_account,
                                    result.decision,
                                    got.extras,
                                )
                            else:
                                assert isinstance(result, Judged)  # read parsed with a log
                                writer.add(result.post, result.account, result.decision)
                        show(result)
        except Interrupted as exc:
            stopped = exc
        except BrokenPipeError:
            # The reader of stdout went away (`check ... | head`): stop quietly, keep the log.
            stopped = Interrupted(_SIGPIPE)
            _silence_stdout()
        except SocialPolicyError as exc:  # the log failed (disk full, connection lost)
            broken = exc
        finally:
            if progress is not None:
                progress.close()
            if writer is not None:
                with stop.critical():
                    try:
                        writer.close()
                    except SocialPolicyError as exc:
                        broken = broken or exc
    if broken is not None:
        fail(broken, json_out)
    if fmt == CheckFmt.json and stopped is None:
        emit_json(collected)
    summary = ", ".join(f"{n} {v}" for v, n in counts.items()) + (
        f", {bad} bad record(s)" if bad else ""
    )
    if only_findings and counts["pass"]:
        summary += " (passes not shown)"
    if log is not None:
        summary += f"; logged to {log}"
    if stopped is not None:
        if stopped.signum != _SIGPIPE:
            err.print(f"{stopped}: {summary}")
        raise typer.Exit(stopped.exit_code)
    if fmt == CheckFmt.table:
        out.print(Text(f"\n{sum(counts.values())} post(s): {summary}", style="bold"))
    else:
        err.print(summary)
    if bad:
        raise typer.Exit(2)
    raise typer.Exit(1 if worst >= threshold else 0)


_SIGPIPE = 13


def _silence_stdout() -> None:
    """Point stdout at /dev/null so Python's exit flush does not fail on the closed pipe."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _input_files(posts: list[str], from_format: str | None) -> list[str]:
    """POSTS expanded; a folder that is a platform export (an unpacked X archive) is one input."""
    out: list[str] = []
    for arg in posts:
        if Path(arg).is_dir() and (
            (from_format is not None and from_format != "json") or is_export_dir(arg)
        ):
            out.append(arg)
        else:
            out.extend(expand_inputs([arg]))
    return list(dict.fromkeys(out))


def reader_options(columns: list[str], mapping: Path | None, timezone: str | None) -> ReaderOptions:
    """--map, --mapping and --timezone as reader options; InputValidationError when wrong."""
    from socialpolicy.readers.tabular import FIELDS, load_mapping

    cols: dict[str, str] = {}
    zone = timezone
    if mapping is not None:
        m = load_mapping(str(mapping))
        cols.update(m.columns)
        zone = zone or m.timezone
    for item in columns:
        field, sep, col = item.partition("=")
        if not sep or field.strip() not in FIELDS or not col.strip():
            raise InputValidationError(
                f"--map {item!r}: give FIELD=COLUMN, FIELD one of {', '.join(FIELDS)}",
                Location(field="--map"),
            )
        cols[field.strip()] = col.strip()
    tz = None
    if zone:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            tz = ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise InputValidationError(
                f"unknown time zone {zone!r} (an IANA name such as America/Edmonton)",
                Location(field="--timezone"),
            ) from None
    return ReaderOptions(columns=cols, timezone=tz)


def export_account(
    profile: AccountProfile | None, given: Account | None, writer: LogWriter | None
) -> Account | None:
    """The account for an export's posts: --account's owner facts with the export's profile
    over them; with a log, renames it learned from earlier exports as previous names."""
    if profile is None or given is None:
        return given
    account = profile.apply_to(given)
    if writer is not None:
        from socialpolicy.audit.accounts import AccountHistory

        history = AccountHistory(writer.log)
        key = f"{profile.platform}:{profile.platform_id or account.handle}"
        history.observe(key, account, source="check", platform_id=profile.platform_id)
        account = history.with_history(key, account)
    return account


class _Progress:
    """A spinner with a count on stderr, only when stderr is a terminal."""

    def __init__(self) -> None:
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self._p = Progress(
            SpinnerColumn(),
            TextColumn("{task.completed} posts checked"),
            TimeElapsedColumn(),
            console=stderr(),
            transient=True,
        )
        self._task = self._p.add_task("check", total=None)
        self._p.start()

    def advance(self) -> None:
        self._p.advance(self._task)

    def close(self) -> None:
        self._p.stop()


def _progress(json_out: bool) -> _Progress | None:
    return _Progress() if json_out and stderr().is_terminal else None


def register(app: typer.Typer) -> None:
    """Add `check` to the `socialpolicy` command."""
    app.command(epilog=RECORD_HELP, cls=Command)(check)


@dataclass(frozen=True, slots=True)
class Decided:
    """A record judged in a worker from its JSONL line: where it was read, and its decision."""

    file: str
    line: int
    decision: Decision

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


def _as_raw(
    items: Iterator[ExportRecord | BadRecord], exported: dict[int, ExportRecord]
) -> Iterator[RawRecord | BadRecord]:
    """Export records as records the worker loop judges (a Record each), kept by line."""
    for item in items:
        if isinstance(item, BadRecord):
            yield item
            continue
        exported[item.line] = item
        yield RawRecord(item.file, item.line, Record(post=item.post, account=item.account))
