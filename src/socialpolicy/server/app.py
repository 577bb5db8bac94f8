"""The ASGI application: routes, problem details, metrics, security headers and the page."""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response
from pydantic.json_schema import models_json_schema
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from socialpolicy.errors import (
    FieldProblem,
    InputValidationError,
    Location,
    NotFoundError,
    ServiceError,
    SocialPolicyError,
)
from socialpolicy.inputs import Record
from socialpolicy.server.page import router as page_router
from socialpolicy.server.problems import MEDIA_TYPE, Problem, problem_of
from socialpolicy.server.routes import batch_error_schema
from socialpolicy.server.routes import router as api_router
from socialpolicy.server.service import Service
from socialpolicy.server.settings import Settings
from socialpolicy.server.views import EvaluateRequest, Health

log = logging.getLogger("socialpolicy.server")

SETTINGS_ENV = "SOCIALPOLICY_SERVE_SETTINGS"
"""The settings as JSON, for `app_from_env` (each of several uvicorn workers loads its own)."""

DESCRIPTION = """\
Check social-media posts and accounts against cited, versioned policy packs.
Decisions are the library's Decision JSON; errors are RFC 9457 problem details whose `code`
is the library's stable error code."""


def problem_response(exc: SocialPolicyError, request: Request, status: int = 0) -> Response:
    problem = problem_of(exc, request.url.path, status)
    headers = {"WWW-Authenticate": "Bearer"} if problem.status == 401 else None
    return Response(
        content=problem.model_dump_json(),
        status_code=problem.status,
        media_type=MEDIA_TYPE,
        headers=headers,
    )


class MetricsMiddleware:
    """Counts every request by route template and status, and times it to its last byte."""

    def __init__(self, app: ASGIApp, service: Service) -> None:
        self.app = app
        self.metrics = service.metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500
        m = self.metrics

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                headers = list(message.get("headers", []))
                headers.append((b"x-content-type-options", b"nosniff"))
                headers.append((b"referrer-policy", b"no-referrer"))
                message["headers"] = headers
            await send(message)

        m.in_flight.inc()
        try:
            await self.app(scope, receive, sending)
        finally:
            m.in_flight.dec()
            route = scope.get("route")
            template = getattr(route, "path", None) or "(unmatched)"
            method = scope.get("method", "")
            m.requests.labels(template, method, str(status)).inc()
            m.latency.labels(template, method).observe(time.perf_counter() - start)


def _validation_problem(exc: RequestValidationError) -> InputValidationError:
    problems = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ()) if p not in ("path", "query", "body")]
        problems.append(FieldProblem(".".join(loc) or None, str(err.get("msg", "invalid"))))
    first = problems[0] if problems else FieldProblem(None, "invalid request")
    return InputValidationError(
        f"invalid request: {first.message}", Location(field=first.field), problems=problems
    )


def openapi_document(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI 3.1 document: FastAPI's, plus the request models the routes read by hand."""
    doc = get_openapi(
        title=app.title,
        version=app.version,
        openapi_version="3.1.0",
        description=app.description,
        routes=app.routes,
    )
    _, extra = models_json_schema(
        [(EvaluateRequest, "validation"), (Record, "validation"), (Problem, "serialization")],
        ref_template="#/components/schemas/{model}",
    )
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in extra.get("$defs", {}).items():
        schemas.setdefault(name, schema)
    schemas["BatchError"] = batch_error_schema()
    # Declared whatever this instance's setting, so that one committed document fits all.
    doc["components"]["securitySchemes"] = {
        "bearer": {
            "type": "http",
            "scheme": "bearer",
            "description": "Required on /v1 and /metrics when the service is started with tokens.",
        }
    }
    doc["security"] = [{"bearer": []}, {}]
    return doc


def create_app(settings: Settings | None = None, service: Service | None = None) -> FastAPI:
    """The service for `settings` (every built-in pack, no log, no tokens by default)."""
    svc = service if service is not None else Service.load(settings or Settings())

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        svc.start()
        try:
            yield
        finally:
            svc.stop()

    from socialpolicy import __version__

    app = FastAPI(
        title="socialpolicy",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,  # Swagger UI and ReDoc load scripts from the internet: not here
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.service = svc

    @app.exception_handler(SocialPolicyError)
    async def _library_error(request: Request, exc: SocialPolicyError) -> Response:
        return problem_response(exc, request)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        return problem_response(_validation_problem(exc), request)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        if exc.status_code == 404:
            err: SocialPolicyError = NotFoundError(f"no such path {request.url.path!r}")
        else:
            err = ServiceError(str(exc.detail))
        return problem_response(err, request, exc.status_code)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error answering %s %s", request.method, request.url.path)
        return problem_response(
            ServiceError("internal error: the service's log has the details"), request, 500
        )

    @app.get("/healthz", response_model=Health, tags=["health"], summary="The process is up")
    async def healthz() -> Health:
        return Health(status="ok", packs=tuple(svc.packs), log=svc.sink is not None)

    @app.get(
        "/readyz",
        response_model=Health,
        tags=["health"],
        summary="Packs loaded and the decision log (if any) open",
        responses={503: {"model": Health}},
    )
    async def readyz() -> Response:
        ready = svc.ready
        body = Health(
            status="ok" if ready else "decision log closed",
            packs=tuple(svc.packs),
            log=svc.sink is not None and ready,
        )
        return JSONResponse(body.model_dump(mode="json"), status_code=200 if ready else 503)

    @app.get(
        "/metrics",
        tags=["health"],
        summary="Prometheus metrics (text exposition format)",
        response_class=Response,
        responses={200: {"content": {"text/plain": {}}}},
    )
    async def metrics(request: Request) -> Response:
        svc.auth.check(request.headers.get("authorization"))
        from socialpolicy.server.metrics import CONTENT_TYPE

        return Response(svc.metrics.render(), media_type=CONTENT_TYPE)

    app.include_router(api_router)
    app.include_router(page_router)
    app.add_middleware(MetricsMiddleware, service=svc)

    def custom_openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = openapi_document(app)
        return app.openapi_schema

    app.openapi = custom_openapi  # type: ignore[method-assign]
    return app


def app_from_env() -> FastAPI:
    """`uvicorn --factory socialpolicy.server.app:app_from_env`: settings from the environment."""
    raw = os.environ.get(SETTINGS_ENV)
    settings = Settings.model_validate(json.loads(raw)) if raw else Settings()
    return create_app(settings)
