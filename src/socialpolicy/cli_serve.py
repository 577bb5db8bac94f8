"""The `serve` command: the HTTP API and the compose and policy pages, on uvicorn."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Annotated

import typer

from socialpolicy.cli_output import Command, EngineOpt, fail, stderr
from socialpolicy.cli_packs import complete_pack
from socialpolicy.errors import ServiceError, SocialPolicyError

SERVE_MODULES = ("fastapi", "uvicorn", "prometheus_client")


def missing_extra() -> ServiceError | None:
    """The error to report when the `serve` extra is not installed, else None."""
    missing = [m for m in SERVE_MODULES if importlib.util.find_spec(m) is None]
    if not missing:
        return None
    return ServiceError(
        f"`socialpolicy serve` needs the serve extra ({', '.join(missing)} not installed)",
        suggestion="pip install 'socialpolicy[serve]'",
    )


def serve(
    host: Annotated[
        str,
        typer.Option(
            metavar="H",
            help="Address to listen on. The default answers this machine only; use 0.0.0.0 "
            "in a container.",
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(metavar="P", help="TCP port.")] = 8080,
    pack: Annotated[
        list[str] | None,
        typer.Option(
            "--pack",
            metavar="PACK",
            help="Serve this pack (name or directory); repeat for several. Default: every "
            "built-in pack.",
            autocompletion=complete_pack,
        ),
    ] = None,
    log: Annotated[
        str | None,
        typer.Option(
            "--log",
            metavar="LOG",
            help="Append every decision to this decision log (SQLite file or postgresql:// "
            "URL) before answering.",
        ),
    ] = None,
    token_file: Annotated[
        Path | None,
        typer.Option(
            "--token-file",
            metavar="FILE",
            help="Require a bearer token from this file (one a line) on /v1 and /metrics. "
            "Tokens in $SOCIALPOLICY_TOKENS are accepted too.",
        ),
    ] = None,
    max_body_bytes: Annotated[
        int, typer.Option(metavar="N", help="Largest request body, in bytes.")
    ] = 10_000_000,
    max_post_chars: Annotated[
        int, typer.Option(metavar="N", help="Longest post text, in characters.")
    ] = 20_000,
    max_batch: Annotated[
        int, typer.Option(metavar="N", help="Most records in one check request.")
    ] = 10_000,
    timeout: Annotated[
        float, typer.Option(metavar="SECONDS", help="Time one request may take.")
    ] = 30.0,
    record_timeout: Annotated[
        float,
        typer.Option(
            metavar="SECONDS",
            help="Time one record of a check batch may take; over it, that record is an "
            "error line (record_timeout) and the rest are judged. 0: no limit.",
        ),
    ] = 10.0,
    workers: Annotated[
        int,
        typer.Option(
            metavar="N",
            help="Worker processes (each loads the packs; the log is shared safely).",
        ),
    ] = 1,
    engine: Annotated[
        EngineOpt, typer.Option(metavar="[auto|durable|reference]", help="Rule engine.")
    ] = EngineOpt.auto,
    access_log: Annotated[
        bool, typer.Option("--access-log/--no-access-log", help="Log each request on stderr.")
    ] = True,
) -> None:
    """Serve the HTTP API (/v1/...), /metrics, /healthz, /readyz and the compose and policy
    pages. Needs the serve extra: pip install 'socialpolicy[serve]'."""
    problem = missing_extra()
    if problem is not None:
        fail(problem, False, 2)
    from pydantic import ValidationError

    from socialpolicy.server.settings import Limits, Settings, read_tokens

    try:
        settings = Settings(
            packs=tuple(pack or ()),
            engine=engine.value,
            log=log,
            tokens=read_tokens(token_file),
            limits=Limits(
                max_body_bytes=max_body_bytes,
                max_post_chars=max_post_chars,
                max_batch_records=max_batch,
                request_seconds=timeout,
                record_seconds=record_timeout,
            ),
        )
    except SocialPolicyError as exc:
        fail(exc, False, 2)
    except ValidationError as exc:
        fail(ServiceError(f"invalid setting: {exc.errors()[0]['msg']}"), False, 2)
    import uvicorn

    from socialpolicy.server.app import SETTINGS_ENV, create_app
    from socialpolicy.server.service import Service

    err = stderr()
    try:
        service = Service.load(settings)
        service.start()  # opens the log now, so a bad LOG is reported before listening
    except SocialPolicyError as exc:
        fail(exc, False, 2)
    auth = "bearer token required" if settings.tokens else "no authentication"
    err.print(
        f"serving {', '.join(service.packs)} on http://{host}:{port}/ ({auth}"
        + (f"; logging to {log}" if log else "")
        + ")"
    )
    if workers > 1:
        service.stop()
        import os

        os.environ[SETTINGS_ENV] = json.dumps(settings.model_dump(mode="json"))
        uvicorn.run(
            "socialpolicy.server.app:app_from_env",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            access_log=access_log,
        )
        return
    uvicorn.run(create_app(service=service), host=host, port=port, access_log=access_log)


def register(app: typer.Typer) -> None:
    """Add `serve` to the `socialpolicy` command."""
    app.command(cls=Command)(serve)
