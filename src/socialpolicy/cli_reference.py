"""The command-line reference page, written from the `socialpolicy` command itself.

The docs build calls `markdown()` (docs/hooks/reference.py), so the page cannot drift from
the commands: every command, argument and option is read from the typer application.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import typer

INTRO = """\
# Command-line reference

Generated from the `socialpolicy` command when the site is built: it is the `--help` of every
command. Exit codes are those of linters: **0** clean; **1** findings at or above `--fail-on`, or
problems found (`verify`, `test`, `log verify`, `replay`, `report` on a log that does not
verify, `diff` when the packs differ); **2** bad usage or unreadable input. Every command takes
`--format json` for tools.
"""


def anchor(path: list[str]) -> str:
    """`socialpolicy log verify` -> `log-verify`; the root command -> `socialpolicy`."""
    return "-".join(path[1:]) or path[0]


def _walk(cmd: Any, ctx: Any, path: list[str]) -> Iterator[tuple[list[str], Any, Any]]:
    yield path, cmd, ctx
    for name in getattr(cmd, "list_commands", lambda _ctx: [])(ctx):
        sub = cmd.get_command(ctx, name)
        if sub is None or sub.hidden:
            continue
        sub_ctx = sub.make_context(name, [], parent=ctx, resilient_parsing=True)
        yield from _walk(sub, sub_ctx, [*path, name])


def commands(app: typer.Typer) -> list[tuple[list[str], Any, Any]]:
    """Every command as (path, click command, context), the root first, in help order."""
    root = typer.main.get_command(app)
    ctx = root.make_context("socialpolicy", [], resilient_parsing=True)
    return list(_walk(root, ctx, ["socialpolicy"]))


def _cell(text: str) -> str:
    """Text for a table cell: pipes escaped, except inside code spans (where they are literal)."""
    parts = text.replace("\n", " ").split("`")
    return "`".join(p if i % 2 else p.replace("|", "\\|") for i, p in enumerate(parts))


def _records(cmd: Any, ctx: Any) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for param in cmd.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is None:
            continue
        name, text = record
        if isinstance(param, typer.core.TyperArgument) and param.metavar:
            name = param.metavar
        out.append((name, text))
    return out


def markdown(app: typer.Typer | None = None) -> str:
    """The whole reference page as Markdown."""
    if app is None:
        from socialpolicy.cli import app as main_app

        app = main_app
    parts = [INTRO]
    for path, cmd, ctx in commands(app):
        title = " ".join(path)
        parts.append(f"## `{title}` {{#{anchor(path)}}}\n")
        help_text = (cmd.help or "").strip()
        if help_text:
            parts.append(help_text.replace("\b\n", "") + "\n")
        usage = " ".join([title, *cmd.collect_usage_pieces(ctx)])
        parts.append(f"```text\n{usage}\n```\n")
        subs = [
            (name, cmd.get_command(ctx, name))
            for name in getattr(cmd, "list_commands", lambda _ctx: [])(ctx)
        ]
        subs = [(n, c) for n, c in subs if c is not None and not c.hidden]
        if subs:
            parts.append("| command | what it does |\n| --- | --- |")
            for name, sub in subs:
                target = anchor([*path, name])
                parts.append(f"| [`{name}`](#{target}) | {_cell(sub.get_short_help_str(200))} |")
            parts.append("")
        rows = _records(cmd, ctx)
        if rows:
            parts.append("| argument or option | what it does |\n| --- | --- |")
            parts.extend(f"| `{name}` | {_cell(text)} |" for name, text in rows)
            parts.append("")
        epilog = (cmd.epilog or "").replace("\b\n", "").strip()
        if epilog:
            parts.append(f"```text\n{epilog}\n```\n")
    return "\n".join(parts)
