"""The `socialpolicy` command. Exit codes: 0 clean, 1 findings or problems, 2 bad usage or input.

The commands live in modules by concept: `cli_packs` (packs, clauses, explain, verify, test,
schemas), `cli_check` (check, with `cli_inputs` for its POSTS and `cli_config` for its
settings), `audit.cli` (log, replay, diff, report); `cli_output` prints for all of them.
"""

from __future__ import annotations

import platform
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from socialpolicy.cli_output import Command, Fmt, FormatOpt, emit_json, fail, stderr, stdout
from socialpolicy.errors import ConfigError, SocialPolicyError

app = typer.Typer(
    no_args_is_help=True,
    help="Check social-media posts and accounts against cited, versioned policy packs.",
    rich_markup_mode=None,
    # Completion: `--install-completion` (detects the shell) or `socialpolicy completion SHELL`.
    add_completion=True,
)


def version_text() -> str:
    """`socialpolicy X.Y.Z (Python A.B.C, engine E)`: what a bug report needs."""
    from socialpolicy import __version__
    from socialpolicy.engine import durable_available

    engine = "durable-rules" if durable_available() else "reference interpreter only"
    return f"socialpolicy {__version__} (Python {platform.python_version()}, engine {engine})"


def _show_version(value: bool) -> None:
    if value:
        typer.echo(version_text())
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            help="Show the version and exit.",
            is_eager=True,
            callback=_show_version,
        ),
    ] = False,
) -> None:
    """Check social-media posts and accounts against cited, versioned policy packs."""


class Shell(str, Enum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"
    powershell = "powershell"


def completion(
    shell: Annotated[
        Shell, typer.Argument(metavar="[bash|zsh|fish|powershell]", help="The shell.")
    ],
) -> None:
    """Print the shell completion script for bash, zsh, fish or PowerShell.

    For example `socialpolicy completion bash > ~/.local/share/bash-completion/completions/socialpolicy`.
    Completes commands, options, built-in pack names and, for `explain`, clause and rule ids.
    `socialpolicy --install-completion` installs it for the shell you are in.
    """
    from typer._completion_shared import get_completion_script

    typer.echo(
        get_completion_script(
            prog_name="socialpolicy", complete_var="_SOCIALPOLICY_COMPLETE", shell=shell.value
        )
    )


def config(
    config_file: Annotated[
        Path | None,
        typer.Option("--config", metavar="FILE", help="Read this file, not the one found."),
    ] = None,
    fmt: FormatOpt = Fmt.text,
) -> None:
    """Show the configuration file in effect and its settings.

    `check` reads `.socialpolicy.toml` (top-level keys) or `[tool.socialpolicy]` in
    pyproject.toml, the nearest one from the current directory upward. Keys: policy, account,
    fail-on, log, findings-only. Flags win over the file.
    """
    from socialpolicy.cli_config import KEYS, discover

    try:
        cfg = discover(config_file)
    except ConfigError as exc:
        fail(exc, fmt == Fmt.json)
    if fmt == Fmt.json:
        emit_json(cfg.to_dict())
        return
    out = stdout()
    if cfg.file is None:
        out.print("no configuration file (.socialpolicy.toml or [tool.socialpolicy]) found")
        return
    out.print(Text(f"configuration: {cfg.file}", style="bold"))
    values = cfg.to_dict()
    for key, meaning in KEYS.items():
        value = values[key]
        shown = (
            "(not set)"
            if value is None
            else str(value).lower()
            if isinstance(value, bool)
            else value
        )
        out.print(Text(f"  {key:<14} {shown}") + Text(f"  {meaning}", style="dim"))


def _register() -> None:
    from socialpolicy.audit.cli import register as register_audit
    from socialpolicy.cli_check import register as register_check
    from socialpolicy.cli_packs import register as register_packs
    from socialpolicy.cli_serve import register as register_serve

    # Help lists commands in this order: the everyday ones first.
    register_packs(app)
    register_check(app)
    register_audit(app)
    register_serve(app)
    app.command(cls=Command)(config)
    app.command(cls=Command)(completion)


_register()


def main() -> None:
    try:
        app(prog_name="socialpolicy")
    except SocialPolicyError as exc:  # anything not handled by a command: report, exit 2
        stderr().print(Text(str(exc), style="red"))
        sys.exit(2)
