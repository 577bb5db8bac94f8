"""Audit commands: `log verify|init|show|packs`, `replay`, `diff`, `report` (and, from
`cli_trust`, `log keygen|checkpoint|prove|check-proof|erase|migrate`).

Exit codes as everywhere: 0 clean, 1 problems found (a broken log, replay differences,
packs that differ), 2 bad usage or unreadable input.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.text import Text

from socialpolicy.cli_output import Command, Fmt, FormatOpt
from socialpolicy.errors import Location, LogError, PackError, SocialPolicyError

out = Console(soft_wrap=True, highlight=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)

LogArg = Annotated[str, typer.Argument(metavar="LOG", help="SQLite file or postgresql:// URL.")]

log_app = typer.Typer(
    no_args_is_help=True,
    rich_markup_mode=None,
    help="The decision log: verify its Merkle tree against checkpoints, prove records, "
    "mask and erase personal data, show records.",
)


def _emit(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def _fail(exc: SocialPolicyError, fmt: Fmt, code: int = 2) -> NoReturn:
    if fmt == Fmt.json:
        _emit({"error": exc.to_dict()})
    else:
        err.print(Text(str(exc), style="red"))
    raise typer.Exit(code)


def _open(location: str, fmt: Fmt, create: bool = False) -> Any:
    from socialpolicy.audit.log import open_log

    try:
        return open_log(location, create=create)
    except SocialPolicyError as exc:
        _fail(exc, fmt)


KeyOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--key",
        metavar="FILE",
        help="A verifier key file (NAME+ID+KEY) trusted to sign checkpoints (repeatable).",
    ),
]


@log_app.command("verify", cls=Command)
def log_verify(
    log: LogArg,
    fmt: FormatOpt = Fmt.text,
    packs: Annotated[
        bool,
        typer.Option(
            "--packs/--no-packs",
            help="Also check every stored pack's files against their recorded digest "
            "(nothing is parsed).",
        ),
    ] = True,
    load_packs: Annotated[
        bool,
        typer.Option("--load-packs", help="Also restore and load every stored pack."),
    ] = False,
    checkpoint: Annotated[
        list[Path] | None,
        typer.Option(
            "--checkpoint",
            "-c",
            metavar="FILE",
            help="A signed checkpoint kept outside the log: the log must still hold exactly "
            "the records it covers (repeatable).",
        ),
    ] = None,
    key: KeyOpt = None,
) -> None:
    """Recompute every leaf, commitment and root; name the first broken record. Exit 1 when
    broken. With --checkpoint, fail on truncation, rewriting, insertion or reordering of
    anything the checkpoint covers."""
    from socialpolicy.audit.anchor import verify_against
    from socialpolicy.audit.checkpoint import read_verifier_key
    from socialpolicy.audit.legacy import is_v1

    if is_v1(log):
        _verify_v1(log, fmt)
    with _open(log, fmt) as lg:
        try:
            keys = [read_verifier_key(k) for k in key or ()]
            res = verify_against(lg, checkpoint or (), keys, packs, load_packs)
            total = lg.count()
        except SocialPolicyError as exc:
            _fail(exc, fmt)
    if fmt == Fmt.json:
        _emit({"log": lg.location, "count": total, **res.to_dict()})
    elif res.ok:
        anchored = (
            f"; records 1..{res.anchored} match the checkpoint(s) given"
            + (
                f", {res.records - res.anchored} newer record(s) not yet covered"
                if res.records > res.anchored
                else ""
            )
            if res.checkpoints
            else "; no outside checkpoint given (--checkpoint FILE proves against one)"
        )
        out.print(
            Text(
                f"{lg.location}: Merkle tree intact, {res.records} record(s), root "
                f"{res.root}"
                + anchored
                + (f"; {res.packs} stored pack(s) match their digests" if packs else "")
            )
        )
        for e in res.erased:
            out.print(
                Text(
                    f"  record {e.seq}: input erased {e.erased_at} (by {e.selector}: {e.reason})",
                    style="yellow",
                )
            )
    else:
        if res.first_broken is not None:
            err.print(
                Text(
                    f"{lg.location}: log broken at record {res.first_broken.seq}: "
                    f"{res.first_broken.problem}",
                    style="red",
                )
            )
            err.print(
                Text(f"records 1..{res.first_broken.seq - 1} verify; the log holds {total} row(s)")
            )
        for problem in res.pack_problems:
            err.print(Text(f"{lg.location}: {problem}", style="red"))
    raise typer.Exit(0 if res.ok else 1)


def is_postgres(location: str) -> bool:
    from socialpolicy.audit.log import is_postgres_url

    return is_postgres_url(location)


def _verify_v1(location: str, fmt: Fmt) -> NoReturn:
    """A format-1 log: its chain is checked the old way, and the user is told to migrate."""
    from socialpolicy.audit.legacy import V1Log, verify_v1

    old = V1Log(location)
    try:
        res = verify_v1(old)
    except SocialPolicyError as exc:
        _fail(exc, fmt)
    finally:
        old.close()
    advice = "format 1 (hash chain): `socialpolicy log migrate OLD NEW` to get checkpoints"
    if fmt == Fmt.json:
        _emit(
            {
                "log": location,
                "format": 1,
                "ok": res.ok,
                "records": res.records,
                "head": {"seq": res.records, "hash": res.head_hash},
                "first_broken": None
                if res.first_broken is None
                else {"seq": res.first_broken[0], "problem": res.first_broken[1]},
                "advice": advice,
            }
        )
    elif res.ok:
        out.print(
            Text(
                f"{location}: hash chain intact, {res.records} record(s), head {res.head_hash}; "
                + advice
            )
        )
    else:
        assert res.first_broken is not None
        err.print(
            Text(
                f"{location}: chain broken at record {res.first_broken[0]}: {res.first_broken[1]}",
                style="red",
            )
        )
    raise typer.Exit(0 if res.ok else 1)


@log_app.command("init", cls=Command)
def log_init(
    log: LogArg,
    mask: Annotated[
        list[str] | None,
        typer.Option(
            "--mask",
            metavar="FIELD",
            help="An input field path to mask, e.g. post.text, "
            "account.display_name, post.media[*].people[*].name (repeatable).",
        ),
    ] = None,
    personal_data: Annotated[
        bool,
        typer.Option(
            "--mask-personal-data",
            help="Mask what the detectors find in post.text: contact details, addresses, "
            "dates of birth, plates, SINs, and people's names and ages.",
        ),
    ] = False,
    token: Annotated[
        str, typer.Option(metavar="TEXT", help="What masked values are replaced by.")
    ] = "[MASKED]",
    origin: Annotated[
        str | None,
        typer.Option(
            metavar="NAME",
            help="A new log's identity, the first line of its checkpoints "
            "(e.g. example.org/decisions); by default socialpolicy.log/ and a random id.",
        ),
    ] = None,
    key: Annotated[
        Path | None,
        typer.Option(
            "--key",
            metavar="FILE",
            help="Register this verifier key (from `log keygen`): checkpoints must be "
            "signed by it.",
        ),
    ] = None,
    writer: Annotated[
        str | None,
        typer.Option(
            metavar="ROLE",
            help="PostgreSQL: grant this role INSERT and SELECT only (run as the owner).",
        ),
    ] = None,
    reader: Annotated[
        str | None,
        typer.Option(metavar="ROLE", help="PostgreSQL: grant this role SELECT only."),
    ] = None,
    fmt: FormatOpt = Fmt.text,
) -> None:
    """Create a log (or change its mask): the mask applies to records appended from now on."""
    from socialpolicy.audit.anchor import register_key
    from socialpolicy.audit.checkpoint import read_verifier_key
    from socialpolicy.audit.log import open_log
    from socialpolicy.audit.masking import MaskConfig
    from socialpolicy.audit.writer import set_mask_config

    try:
        config = MaskConfig(fields=tuple(mask or ()), personal_data=personal_data, token=token)
    except ValidationError as exc:
        msg = str(exc.errors()[0]["msg"]).removeprefix("Value error, ")
        _fail(LogError(msg, Location(field="--mask")), fmt)
    grants: list[str] = []
    try:
        vkey = read_verifier_key(key) if key is not None else None
        lg = open_log(log, create=True, origin=origin)
    except SocialPolicyError as exc:
        _fail(exc, fmt)
    with lg:
        try:
            if origin is not None and lg.origin != origin:
                raise LogError(
                    f"the log already has origin {lg.origin!r}; an origin is set at creation",
                    Location(file=lg.location, field="--origin"),
                )
            set_mask_config(lg, config)
            if vkey is not None:
                register_key(lg, vkey)
            if writer or reader:
                from socialpolicy.audit.postgres import PostgresLog

                if not isinstance(lg, PostgresLog):
                    raise LogError(
                        "--writer and --reader are PostgreSQL roles; a SQLite log is "
                        "protected by file permissions",
                        Location(field="--writer"),
                    )
                grants = lg.grant_roles(writer, reader)
        except SocialPolicyError as exc:
            _fail(exc, fmt)
        count = lg.count()
        log_origin = lg.origin
    if fmt == Fmt.json:
        _emit(
            {
                "log": lg.location,
                "origin": log_origin,
                "records": count,
                "mask": config.model_dump(mode="json"),
                "verifier_key": vkey.to_text() if vkey else None,
                "grants": grants,
            }
        )
        return
    what = ", ".join(config.fields) + (
        " and personal data (names and ages too) in post.text" if config.personal_data else ""
    )
    out.print(
        Text(
            f"{lg.location} ({log_origin}): {count} record(s); masking {what or 'nothing'}"
            + (f"; checkpoints signed by {vkey.name}" if vkey else "")
            + (f"; {len(grants)} grant(s) set" if grants else "")
        )
    )


@log_app.command("show", cls=Command)
def log_show(
    log: LogArg,
    record: Annotated[
        list[int] | None,
        typer.Option("--record", "-r", metavar="SEQ", help="Show this record (repeatable)."),
    ] = None,
    last: Annotated[
        int,
        typer.Option(
            "--last", "-n", metavar="N", min=1, help="Without --record: show the last N records."
        ),
    ] = 10,
    fmt: FormatOpt = Fmt.text,
) -> None:
    """Print logged records: the decision, the input, the pack digest, the mask and the hashes.

    Shows the last 10 records unless --last or --record says otherwise.
    """
    total = 0
    with _open(log, fmt) as lg:
        try:
            if record:
                recs = [lg.record(n) for n in record]
                missing = [n for n, r in zip(record, recs, strict=True) if r is None]
                if missing:
                    _fail(LogError(f"no record {missing[0]} in the log"), fmt)
            else:
                total = lg.count()
                recs = list(lg.records(max(1, total - last + 1)))
        except SocialPolicyError as exc:
            _fail(exc, fmt)
    if fmt == Fmt.json:
        _emit([r.to_dict() for r in recs if r is not None])
        return
    if not record:
        shown = len(recs)
        scope = (
            f"all {total} record(s)"
            if shown >= total
            else f"the last {shown} of {total} records (--last N or --record SEQ for others)"
        )
        out.print(Text(f"{lg.location}: {scope}", style="dim"))
    for r in recs:
        if r is None:
            continue
        d = r.decision
        out.print(Text(f"record {r.seq}  {r.recorded_at}", style="bold"))
        out.print(
            Text(
                f"  post {d.get('post_id')}: {d.get('verdict')}  as of {d.get('as_of')}  "
                f"pack {r.pack_digest[:19]}  engine {(d.get('engine') or {}).get('name')}"
            )
        )
        for f in d.get("findings", ()):
            out.print(
                Text(
                    f"  {f.get('level'):<9} {f.get('rule_id')}@{f.get('rule_version')} "
                    f"[{', '.join(f.get('clause_ids', ()))}]"
                )
            )
        if r.masked_fields:
            out.print(Text(f"  masked: {', '.join(r.masked_fields)}", style="yellow"))
        if r.erasure is not None:
            e = r.erasure
            out.print(
                Text(f"  input erased {e.erased_at} (by {e.selector}: {e.reason})", style="yellow")
            )
        out.print(Text(f"  leaf {r.leaf_hash}\n  commitment {r.commitment}", style="dim"))


@log_app.command("packs", cls=Command)
def log_packs(log: LogArg, fmt: FormatOpt = Fmt.text) -> None:
    """The packs the log keeps, by digest."""
    with _open(log, fmt) as lg:
        rows = []
        for digest in lg.pack_digests():
            stored = lg.get_pack(digest)
            if stored is not None:
                rows.append(
                    {
                        "digest": digest,
                        "id": stored.pack_id,
                        "version": stored.version,
                        "files": len(stored.files),
                    }
                )
    if fmt == Fmt.json:
        _emit(rows)
        return
    for row in rows:
        out.print(Text(f"{row['digest']}  {row['id']} {row['version']}  ({row['files']} files)"))


def replay_cmd(
    log: LogArg,
    policy: Annotated[
        str | None,
        typer.Option(
            "--policy",
            metavar="PACK",
            help="Judge under this pack instead (name, directory, logged digest, "
            "or NAME@YYYY-MM-DD).",
        ),
    ] = None,
    record: Annotated[
        list[int] | None,
        typer.Option("--record", "-r", metavar="SEQ", help="Only this record (repeatable)."),
    ] = None,
    strict: Annotated[
        bool, typer.Option(help="Exit 1 also when some records are not replayable (masked inputs).")
    ] = False,
    fmt: FormatOpt = Fmt.text,
) -> None:
    """Judge logged records again; list every record whose decision differs. Exit 1 if any."""
    from socialpolicy.audit.diff import frozen_at, resolve_pack_spec
    from socialpolicy.audit.replay import format_replay, replay

    with _open(log, fmt) as lg:
        try:
            other = frozen_at(resolve_pack_spec(policy, lg)) if policy else None
            res = replay(lg, other, record)
        except PackError as exc:
            _fail(exc, fmt)
        except SocialPolicyError as exc:
            _fail(exc, fmt)
    if fmt == Fmt.json:
        _emit({"log": lg.location, **res.to_dict()})
    else:
        for warning in res.warnings():
            err.print(Text(f"warning: {warning}", style="yellow"))
        for line in format_replay(res):
            out.print(Text(line))
    failed = not res.ok or (strict and bool(res.not_replayable))
    raise typer.Exit(1 if failed else 0)


def diff_cmd(
    a: Annotated[
        str,
        typer.Argument(
            metavar="A",
            help="Pack name or directory, logged digest, or either at a date: toronto@2025-01-01.",
        ),
    ],
    b: Annotated[str, typer.Argument(metavar="B", help="The same forms as A.")],
    log: Annotated[
        str | None,
        typer.Option("--log", metavar="LOG", help="Decision log holding packs named by digest."),
    ] = None,
    fmt: FormatOpt = Fmt.text,
) -> None:
    """Clauses, rules, documents and lexicons added, removed and changed from A to B.

    Exit 0 when identical, 1 when they differ (like diff).
    """
    from socialpolicy.audit.diff import diff_packs, format_diff, resolve_pack_spec

    lg = _open(log, fmt) if log else None
    try:
        d = diff_packs(resolve_pack_spec(a, lg), resolve_pack_spec(b, lg))
    except SocialPolicyError as exc:
        _fail(exc, fmt)
    finally:
        if lg is not None:
            lg.close()
    if fmt == Fmt.json:
        _emit(d.to_dict())
    else:
        for line in format_diff(d):
            style = {"+": "green", "-": "red", "~": "yellow"}.get(line[:1], "")
            out.print(Text(line, style=style))
    raise typer.Exit(0 if d.identical else 1)


def report_cmd(
    log: Annotated[
        str,
        typer.Argument(
            metavar="LOG", help="Decision log, or the JSONL output of `check --format jsonl`."
        ),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="FILE", help="The HTML file to write.")
    ],
    title: Annotated[str | None, typer.Option(metavar="TEXT", help="Page title.")] = None,
    fmt: FormatOpt = Fmt.text,
) -> None:
    """A self-contained HTML monitoring report (charts inline, no network).

    The log is verified first: when it does not verify the report is still written,
    with the break shown at the top, and the command exits 1.
    """
    from socialpolicy.audit.report import write_report

    try:
        data = write_report(log, output, title)
    except SocialPolicyError as exc:
        _fail(exc, fmt)
    except OSError as exc:
        _fail(LogError(f"cannot write {output}: {exc.strerror or exc}"), fmt)
    flagged = sum(1 for i in data.items if i.findings)
    broken = data.verify is not None and not data.verify.ok
    if broken and fmt != Fmt.json:
        assert data.verify is not None
        vr = data.verify
        if vr.first_broken is not None:
            err.print(
                Text(
                    f"{log}: log broken at record {vr.first_broken.seq}: {vr.first_broken.problem}",
                    style="red",
                )
            )
        for problem in vr.pack_problems:
            err.print(Text(f"{log}: {problem}", style="red"))
    if fmt == Fmt.json:
        _emit(
            {
                "output": str(output),
                "records": len(data.items),
                "with_findings": flagged,
                "chain_ok": None if data.verify is None else data.verify.ok,
            }
        )
    else:
        out.print(
            Text(
                f"wrote {output}: {len(data.items)} post(s), {flagged} with findings"
                + ("; WARNING: the log does not verify (see above)" if broken else "")
            )
        )
    raise typer.Exit(1 if broken else 0)


def register(app: typer.Typer) -> None:
    """Add the audit commands to the `socialpolicy` command."""
    import socialpolicy.audit.cli_trust  # noqa: F401  (its commands join `log`)

    app.add_typer(log_app, name="log")
    app.command("replay", cls=Command)(replay_cmd)
    app.command("diff", cls=Command)(diff_cmd)
    app.command("report", cls=Command)(report_cmd)
