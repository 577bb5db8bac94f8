"""Log commands for trust from outside and for privacy: `log keygen|checkpoint|prove|
check-proof|erase|migrate`. Registered on the `log` group by `audit.cli.register`."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from socialpolicy.audit.cli import KeyOpt, LogArg, _emit, _fail, _open, err, log_app, out
from socialpolicy.cli_output import Command, Fmt, FormatOpt
from socialpolicy.errors import Location, LogError, SocialPolicyError

OutOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="FILE", help="Write here instead of stdout."),
]


def _write(text: str, output: Path | None, fmt: Fmt, private: bool = False) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        if private:
            # A signing key: readable by its owner only, and never overwritten.
            fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
        else:
            output.write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(LogError(f"cannot write {output}: {exc.strerror or exc}"), fmt)


@log_app.command("keygen", cls=Command)
def log_keygen(
    name: Annotated[
        str,
        typer.Argument(metavar="NAME", help="The key's name, usually the log's origin."),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="The signing key file to create (mode 600); the verifier key goes to FILE.pub.",
        ),
    ],
    fmt: FormatOpt = Fmt.text,
) -> None:
    """Create an Ed25519 signing key for checkpoints, and its verifier key (FILE.pub)."""
    from socialpolicy.audit.checkpoint import SigningKey

    try:
        key = SigningKey.generate(name)
    except SocialPolicyError as exc:
        _fail(exc, fmt)
    pub = output.with_name(output.name + ".pub")
    if output.exists() or pub.exists():
        _fail(LogError(f"{output} or {pub} exists: keys are never overwritten"), fmt)
    _write(key.to_text() + "\n", output, fmt, private=True)
    _write(key.verifier.to_text() + "\n", pub, fmt)
    if fmt == Fmt.json:
        _emit(
            {"signing_key": str(output), "verifier_key": str(pub), "vkey": key.verifier.to_text()}
        )
    else:
        out.print(Text(f"wrote {output} (keep it secret) and {pub}:"))
        out.print(Text(key.verifier.to_text()))


@log_app.command("checkpoint", cls=Command)
def log_checkpoint(
    log: LogArg,
    key: Annotated[
        Path, typer.Option("--key", metavar="FILE", help="The signing key (from `log keygen`).")
    ],
    output: OutOpt = None,
    fmt: FormatOpt = Fmt.text,
) -> None:
    """Verify the log and sign its tree head: a checkpoint to keep somewhere else.

    The checkpoint (C2SP tlog-checkpoint format) names the log's origin, its size and its
    root hash. Kept outside the log, it lets `log verify --checkpoint` catch any later
    truncation, rewriting, insertion or reordering of the records it covers.
    """
    from socialpolicy.audit.anchor import issue_checkpoint
    from socialpolicy.audit.checkpoint import read_signing_key

    with _open(log, fmt) as lg:
        try:
            note = issue_checkpoint(lg, read_signing_key(key))
        except SocialPolicyError as exc:
            _fail(exc, fmt)
    if fmt == Fmt.json and output is None:
        _emit({"checkpoint": note.text, **note.checkpoint.model_dump()})
        return
    _write(note.text, output, fmt)
    if output is not None:
        cp = note.checkpoint
        err.print(Text(f"wrote {output}: {cp.size} record(s), root {cp.root}"))


@log_app.command("prove", cls=Command)
def log_prove(
    log: LogArg,
    record: Annotated[
        int | None,
        typer.Option("--record", "-r", metavar="SEQ", min=1, help="Prove this record's inclusion."),
    ] = None,
    checkpoint: Annotated[
        Path | None,
        typer.Option(
            "--checkpoint",
            "-c",
            metavar="FILE",
            help="With --record: prove against this checkpoint (default: the log now).",
        ),
    ] = None,
    since: Annotated[
        Path | None,
        typer.Option(
            "--from",
            metavar="FILE",
            help="Prove this earlier checkpoint's tree is a prefix of the log's (consistency).",
        ),
    ] = None,
    to: Annotated[
        Path | None,
        typer.Option("--to", metavar="FILE", help="With --from: a later checkpoint to prove to."),
    ] = None,
    with_input: Annotated[
        bool,
        typer.Option(
            "--with-input",
            help="With --record: include the record's input and salt, so the recipient can "
            "check it against the commitment (it is personal data).",
        ),
    ] = False,
    output: OutOpt = None,
    fmt: FormatOpt = Fmt.json,
) -> None:
    """Write a proof an outsider checks with `log check-proof`, without the log.

    --record SEQ: the record is in the tree (inclusion). --from OLD [--to NEW]: nothing the
    old checkpoint covers was changed or removed since (consistency).
    """
    from socialpolicy.audit.checkpoint import read_checkpoint
    from socialpolicy.audit.proof import consistency_bundle, inclusion_bundle

    if (record is None) == (since is None):
        _fail(LogError("give either --record SEQ or --from CHECKPOINT"), fmt)
    with _open(log, fmt) as lg:
        try:
            if record is not None:
                cp = read_checkpoint(checkpoint) if checkpoint else None
                bundle = inclusion_bundle(lg, record, cp, with_input)
            else:
                assert since is not None
                bundle = consistency_bundle(
                    lg, read_checkpoint(since), read_checkpoint(to) if to else None
                )
        except SocialPolicyError as exc:
            _fail(exc, fmt)
    _write(json.dumps(bundle, indent=2, ensure_ascii=False) + "\n", output, fmt)


@log_app.command("check-proof", cls=Command)
def log_check_proof(
    proof: Annotated[Path, typer.Argument(metavar="PROOF", help="A file from `log prove`.")],
    checkpoint: Annotated[
        list[Path] | None,
        typer.Option(
            "--checkpoint",
            "-c",
            metavar="FILE",
            help="A checkpoint you kept: the proved root must be the one it signs (repeatable).",
        ),
    ] = None,
    key: KeyOpt = None,
    fmt: FormatOpt = Fmt.text,
) -> None:
    """Check a proof from `log prove`, without the log. Exit 1 when it does not hold."""
    from socialpolicy.audit.checkpoint import read_checkpoint, read_verifier_key
    from socialpolicy.audit.proof import check_bundle, read_bundle

    try:
        try:
            text = proof.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise LogError(f"cannot read the proof: {exc}", Location(file=str(proof))) from None
        keys = [read_verifier_key(k) for k in key or ()]
        notes = [read_checkpoint(c) for c in checkpoint or ()]
        data = read_bundle(text, str(proof))
    except SocialPolicyError as exc:
        _fail(exc, fmt)
    try:
        said = check_bundle(data, keys, notes)
    except SocialPolicyError as exc:
        if fmt == Fmt.json:
            _emit({"ok": False, "error": exc.to_dict()})
        else:
            err.print(Text(f"{proof}: the proof does not hold: {exc.message}", style="red"))
        raise typer.Exit(1) from None
    if fmt == Fmt.json:
        _emit({"ok": True, "established": said})
    else:
        for line in said:
            out.print(Text(f"{proof}: {line}"))


@log_app.command("erase", cls=Command)
def log_erase(
    log: LogArg,
    reason: Annotated[
        str,
        typer.Option(metavar="TEXT", help="Why (a request number, a legal basis): kept."),
    ],
    record: Annotated[
        list[int] | None,
        typer.Option("--record", "-r", metavar="SEQ", help="Erase this record's input."),
    ] = None,
    account: Annotated[
        str | None,
        typer.Option(
            metavar="HANDLE", help="Erase every record of this account, or mentioning it."
        ),
    ] = None,
    person: Annotated[
        str | None,
        typer.Option(
            metavar="TEXT",
            help="Erase every record holding this name, phone number or email address.",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List what would be erased; change nothing.")
    ] = False,
    fmt: FormatOpt = Fmt.text,
) -> None:
    """Erase inputs, leaving tombstones: the tree, checkpoints and proofs still verify.

    The record's verdict, rule versions and citations stay; its input, the decision's
    quotes of it and the salt of its commitment are deleted.
    """
    from socialpolicy.audit.erase import EraseResult, erase, select

    with _open(log, fmt) as lg:
        try:
            if dry_run:
                found, already, missing = select(lg, record or (), account, person)
                res: EraseResult | None = None
            else:
                res = erase(lg, reason, record or (), account, person)
        except SocialPolicyError as exc:
            _fail(exc, fmt)
    if res is None:
        data: dict[str, Any] = {"would_erase": found, "already_erased": already, "missing": missing}
        if fmt == Fmt.json:
            _emit(data)
        else:
            out.print(
                Text(
                    f"would erase {len(found)} record(s): {', '.join(map(str, found)) or '-'}; "
                    f"{len(already)} already erased"
                )
            )
        return
    if fmt == Fmt.json:
        _emit(res.to_dict())
    else:
        seqs = ", ".join(str(e.seq) for e in res.erased) or "-"
        out.print(
            Text(
                f"erased the input of {len(res.erased)} record(s): {seqs}; "
                f"{len(res.already)} already erased"
            )
        )
        for n in res.missing:
            err.print(Text(f"no record {n} in the log", style="yellow"))
    if res.missing:
        raise typer.Exit(2)


@log_app.command("migrate", cls=Command)
def log_migrate(
    old: Annotated[str, typer.Argument(metavar="OLD", help="A format-1 log (file or URL).")],
    new: Annotated[str, typer.Argument(metavar="NEW", help="The new log to create.")],
    fmt: FormatOpt = Fmt.text,
) -> None:
    """Copy a log of an earlier version (format 1, a hash chain) into a new Merkle-tree log.

    The old chain is verified first (a broken one is refused); records keep their number,
    time, decision, input, mask and pack; the old head hash is noted in the new log.
    """
    from socialpolicy.audit.legacy import migrate

    try:
        total, lg = migrate(old, new)
    except SocialPolicyError as exc:
        _fail(exc, fmt)
    with lg:
        size, root = lg.head()
        origin = lg.origin
    if fmt == Fmt.json:
        _emit({"from": old, "to": lg.location, "records": total, "origin": origin, "root": root})
    else:
        out.print(Text(f"migrated {total} record(s) into {lg.location} ({origin}), root {root}"))
