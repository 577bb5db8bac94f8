"""Pack commands: `packs`, `clauses`, `explain`, `verify`, `test` and `schemas`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from socialpolicy.cli_output import (
    Command,
    Fmt,
    FormatOpt,
    emit_json,
    fail,
    print_clauses,
    stderr,
    stdout,
)
from socialpolicy.errors import PackError, PackProblems, closest
from socialpolicy.examples import run_examples, with_locations
from socialpolicy.loader import builtin_pack_names, load_pack, resolve_pack_dir
from socialpolicy.packs import PolicyPack
from socialpolicy.policy import Policy


def complete_pack(incomplete: str) -> list[str]:
    """Shell completion for PACK: built-in names, then pack directories."""
    names = [n for n in builtin_pack_names() if n.startswith(incomplete)]
    head, _, _ = incomplete.rpartition("/")
    base = Path(head or ".")
    try:
        dirs = sorted(
            (f"{head}/{p.name}" if head else p.name) + "/"
            for p in base.iterdir()
            if p.is_dir() and not p.name.startswith(".")
        )
    except OSError:
        dirs = []
    return names + [d for d in dirs if d.startswith(incomplete)]


def complete_ident(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion for `explain PACK ID`: the pack's clause and rule ids."""
    try:
        pack = load_pack(str(ctx.params.get("pack") or ""))
    except PackError:
        return []
    ids = [c.id for c in pack.clauses] + sorted({r.id for r in pack.rules})
    return [i for i in ids if i.startswith(incomplete)]


PackArg = Annotated[
    str,
    typer.Argument(
        metavar="PACK",
        help="Built-in pack name (see `socialpolicy packs`) or pack directory.",
        autocompletion=complete_pack,
    ),
]
PackOrPathArg = Annotated[
    str,
    typer.Argument(
        metavar="PACK_OR_PATH",
        help="Built-in pack name or pack directory.",
        autocompletion=complete_pack,
    ),
]


def load(pack: str, as_json: bool) -> PolicyPack:
    """The pack, or exit: 1 when it has problems (a `verify` finding), 2 when it is not there."""
    try:
        return load_pack(pack)
    except PackProblems as exc:
        fail(exc, as_json, 1)
    except PackError as exc:
        fail(exc, as_json, 2)


def packs(fmt: FormatOpt = Fmt.text) -> None:
    """List the built-in packs."""
    rows: list[dict[str, Any]] = []
    for name in builtin_pack_names():
        pack = load(name, fmt == Fmt.json)
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
        emit_json(rows)
        return
    from rich.table import Table

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
    stdout().print(table)


def clauses(pack: PackArg, fmt: FormatOpt = Fmt.text) -> None:
    """The clause catalogue: how each clause is checked, and by which rules."""
    p = load(pack, fmt == Fmt.json)
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
        emit_json(rows)
        return
    print_clauses(stdout(), p.title, rows)


def explain(
    pack: PackArg,
    ident: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="A clause id or a rule id (see `socialpolicy clauses PACK`).",
            autocompletion=complete_ident,
        ),
    ],
    fmt: FormatOpt = Fmt.text,
) -> None:
    """A clause (verbatim text, citations, rules) or a rule (every version, examples)."""
    p = load(pack, fmt == Fmt.json)
    out = stdout()
    clause_ids = {c.id for c in p.clauses}
    if ident in clause_ids:
        c = p.clause(ident)
        rules = p.rules_for_clause(ident)
        if fmt == Fmt.json:
            emit_json(
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
        fail(
            PackError(
                f"no clause or rule {ident!r} in pack {p.id}",
                suggestion=closest(ident, clause_ids | {r.id for r in p.rules}),
            ),
            fmt == Fmt.json,
            2,
        )
    if fmt == Fmt.json:
        emit_json(
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


def verify(pack: PackOrPathArg, fmt: FormatOpt = Fmt.text) -> None:
    """Check a pack: schema, citation integrity, references, rule examples.

    Every problem is reported at once, each with its file, line and field. When a source
    document was edited, each quote the edit broke is named with a word diff. Exit 1 when
    there is a problem.
    """
    as_json = fmt == Fmt.json
    from socialpolicy.schema import schema_notes

    try:
        pack_dir = resolve_pack_dir(pack)
        notes = schema_notes(pack_dir)
        p = load_pack(pack_dir)
    except PackProblems as exc:
        if as_json:
            emit_json(
                {
                    "pack": pack,
                    "ok": False,
                    "problems": [e.to_dict() for e in exc.problems],
                    "notes": notes,
                }
            )
        else:
            err = stderr()
            for problem in exc.problems:
                err.print(Text(str(problem), style="red"))
            for note in notes:
                err.print(Text(f"note: {note}", style="yellow"))
            err.print(f"{len(exc.problems)} problem(s) in {pack}")
        raise typer.Exit(1) from None
    except PackError as exc:
        fail(exc, as_json, 2)
    failures = [r for r in with_locations(run_examples(Policy(p)), pack_dir) if not r.ok]
    if as_json:
        emit_json(
            {
                "pack": p.id,
                "ok": not failures,
                "digest": p.digest,
                "clauses": len(p.clauses),
                "rules": len(p.rules),
                "problems": [f.error().to_dict() for f in failures],
                "notes": notes,
            }
        )
    else:
        err = stderr()
        for f in failures:
            err.print(Text(str(f.error()), style="red"))
        for note in notes:
            err.print(Text(f"note: {note}", style="yellow"))
        status = "ok" if not failures else f"{len(failures)} problem(s)"
        stdout().print(
            f"{p.id} {p.version} {p.digest}: {len(p.clauses)} clauses, {len(p.rules)} rule "
            f"versions, citations verified; {status}"
        )
    raise typer.Exit(1 if failures else 0)


def test_cmd(
    pack: PackOrPathArg,
    rule: Annotated[
        str | None,
        typer.Option(metavar="TEXT", help="Only rules (and lexicons) whose id contains TEXT."),
    ] = None,
    fmt: FormatOpt = Fmt.text,
) -> None:
    """Run every rule's examples as tests. Exit 1 when one fails."""
    as_json = fmt == Fmt.json
    p = load(pack, as_json)
    results = with_locations(run_examples(Policy(p), rule), resolve_pack_dir(pack))
    failed = [r for r in results if not r.ok]
    if as_json:
        emit_json(
            {
                "pack": p.id,
                "passed": len(results) - len(failed),
                "failed": len(failed),
                "results": [
                    {
                        "name": r.name,
                        "ok": r.ok,
                        "detail": r.detail,
                        "location": r.location.to_dict() if r.location else None,
                    }
                    for r in results
                ],
            }
        )
    else:
        out = stdout()
        for r in results:
            if not r.ok:
                out.print(Text(f"FAILED {r.name}", style="red"))
                if r.location is not None:
                    out.print(f"  at {r.location}")
                out.print(f"  {r.detail}")
        out.print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    raise typer.Exit(1 if failed else 0)


def schemas(
    link: Annotated[
        Path | None,
        typer.Option(
            "--link",
            metavar="PACK_DIR",
            help="Point the `$schema` line of every YAML file in this pack directory at the "
            "installed schemas (for a copied pack).",
        ),
    ] = None,
    fmt: FormatOpt = Fmt.text,
) -> None:
    """Where the JSON Schemas of the pack files are, for editor completion.

    Each pack YAML file starts with `# yaml-language-server: $schema=...`, a path relative
    to the file. In the repository and in an installed package the path resolves; in a
    copied pack, `--link PACK_DIR` rewrites it to point at the schemas printed here.
    """
    from socialpolicy.schema import SCHEMA_FOR, link_pack, schemas, schemas_dir

    where = schemas_dir()
    as_json = fmt == Fmt.json
    changed: list[str] = []
    if link is not None:
        try:
            changed = [str(p) for p in link_pack(resolve_pack_dir(str(link)), where)]
        except PackError as exc:
            fail(exc, as_json, 2)
    described = {name: str(schema.get("description", "")) for name, schema in schemas().items()}
    if as_json:
        emit_json(
            {
                "directory": str(where),
                "pack_files": {pattern: str(where / name) for pattern, name in SCHEMA_FOR.items()},
                "schemas": {name: str(where / name) for name in described},
                "linked": changed,
            }
        )
        return
    out = stdout()
    out.print(Text(f"JSON Schemas in {where}", style="bold"))
    out.print("pack files (each starts with `# yaml-language-server: $schema=...`):")
    for pattern, name in SCHEMA_FOR.items():
        out.print(f"  {pattern:<16} {name}")
    out.print("inputs and decisions:")
    for name, text in described.items():
        if name not in SCHEMA_FOR.values():
            out.print(Text(f"  {name:<22} ") + Text(text, style="dim"))
    if link is not None:
        out.print(f"{len(changed)} file(s) in {link} now point at {where}{os.sep}")


def register(app: typer.Typer) -> None:
    """Add the pack commands to the `socialpolicy` command."""
    app.command(cls=Command)(packs)
    app.command(cls=Command)(clauses)
    app.command(cls=Command)(explain)
    app.command(cls=Command)(verify)
    app.command("test", cls=Command)(test_cmd)
    app.command(cls=Command)(schemas)
