"""The /v1 API: packs, clauses, rules and documents; evaluate one post; check an NDJSON batch.

Posts are read and judged the way `socialpolicy check` reads and judges them (`batch` and
`Policy.evaluate`), so the service and the command line give the same decisions.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import anyio
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response, StreamingResponse
from starlette.requests import ClientDisconnect
from starlette.types import Receive, Scope, Send

from socialpolicy.batch import BadRecord, RawRecord, decode_json_bytes, parse_record_line
from socialpolicy.decisions import Decision
from socialpolicy.errors import (
    InputSyntaxError,
    InputValidationError,
    Location,
    RequestLimitError,
    SocialPolicyError,
)
from socialpolicy.guard.judging import judge_record
from socialpolicy.inputs import Account, Post
from socialpolicy.policy import coerce_record
from socialpolicy.server.limits import (
    batch_exceeded,
    body_chunks,
    check_declared_length,
    check_post,
    read_body,
    time_exceeded,
)
from socialpolicy.server.problems import MEDIA_TYPE, Problem, problem_of
from socialpolicy.server.service import Service
from socialpolicy.server.views import (
    ClauseDetail,
    DocumentText,
    PackDetail,
    PackSummary,
    RuleVersions,
    clause_detail,
    document_text,
)

NDJSON = "application/x-ndjson"
BODY_NAME = "request body"
CHUNK = 64
"""Records judged per worker-thread call in a batch (and logged per group)."""


class BodyStream(StreamingResponse):
    """A streamed answer that reads its request body while it streams.

    Starlette's StreamingResponse listens for a disconnect on `receive` while it streams
    (under ASGI < 2.4), which would swallow the body chunks the answer is made from; here a
    gone client shows up as a failed send instead.
    """

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self.stream_response(send)
        except OSError:
            raise ClientDisconnect() from None


def service_of(request: Request) -> Service:
    svc: Service = request.app.state.service
    return svc


def require_token(request: Request) -> None:
    service_of(request).auth.check(request.headers.get("authorization"))


def _problem_response(status: int) -> dict[str, Any]:
    return {"model": Problem, "content": {MEDIA_TYPE: {}}}


_ERRORS: dict[int | str, dict[str, Any]] = {
    s: _problem_response(s) for s in (400, 401, 404, 413, 422, 503, 504)
}

router = APIRouter(prefix="/v1", dependencies=[Depends(require_token)], responses=_ERRORS)


def _json(model_json: bytes | str) -> Response:
    return Response(content=model_json, media_type="application/json")


@router.get("/packs", response_model=list[PackSummary], summary="The packs this service serves")
async def list_packs(request: Request) -> Response:
    svc = service_of(request)
    body = "[" + ",".join(s.summary.model_dump_json() for s in svc.packs.values()) + "]"
    return _json(body)


@router.get(
    "/packs/{pack}",
    response_model=PackDetail,
    summary="A pack: its clauses, the rules implementing each, and coverage",
)
async def get_pack(pack: str, request: Request) -> Response:
    return _json(service_of(request).pack(pack).detail_json)


@router.get(
    "/packs/{pack}/rules/{rule_id}",
    response_model=RuleVersions,
    summary="Every version of a rule, with dates, citations and examples",
)
async def get_rule(pack: str, rule_id: str, request: Request) -> Response:
    svc = service_of(request)
    p = svc.pack(pack).policy.pack
    versions = p.rule_versions(rule_id)
    if not versions:
        raise svc.not_found("rule", rule_id, sorted({r.id for r in p.rules}))
    return _json(RuleVersions(rule=rule_id, versions=versions).model_dump_json(by_alias=True))


@router.get(
    "/packs/{pack}/clauses/{clause_id}",
    response_model=ClauseDetail,
    summary="A clause verbatim, with its citations and rules",
)
async def get_clause(pack: str, clause_id: str, request: Request) -> Response:
    svc = service_of(request)
    p = svc.pack(pack).policy.pack
    try:
        view = clause_detail(p, clause_id)
    except KeyError:
        raise svc.not_found("clause", clause_id, [c.id for c in p.clauses]) from None
    return _json(view.model_dump_json(by_alias=True))


@router.get(
    "/packs/{pack}/documents/{document_id}",
    response_model=DocumentText,
    summary="A source document as shipped: the text citation spans index",
)
async def get_document(pack: str, document_id: str, request: Request) -> Response:
    svc = service_of(request)
    p = svc.pack(pack).policy.pack
    try:
        view = document_text(p, document_id)
    except KeyError:
        raise svc.not_found("document", document_id, [d.id for d in p.documents]) from None
    return _json(view.model_dump_json())


def _as_of(value: Any, field: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise InputValidationError(
        f"{field} {value!r} is not a date like 2025-01-31", Location(field=field)
    )


def parse_evaluate(data: Any) -> tuple[Post, Account | None, date | None]:
    """An evaluate body: `{"post", "account"?, "as_of"?}` (or a bare post)."""
    if not isinstance(data, dict):
        raise InputValidationError(
            f"the body must be a JSON object, not {type(data).__name__}", Location(field="body")
        )
    data = dict(data)
    on = _as_of(data.pop("as_of", None), "as_of")
    post, account = coerce_record(data)
    return post, account, on


@router.post(
    "/packs/{pack}/evaluate",
    response_model=Decision,
    summary="Judge one post (and its account) and return the decision",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/EvaluateRequest"}}
            },
        }
    },
)
async def evaluate(pack: str, request: Request) -> Response:
    svc = service_of(request)
    served = svc.pack(pack)
    limits = svc.settings.limits
    raw = await read_body(request, limits)
    if not raw.strip():
        raise InputSyntaxError(
            'the request body is empty: send {"post": {...}}', Location(field="body")
        )
    post, account, on = parse_evaluate(decode_json_bytes(raw, BODY_NAME))
    check_post(post, limits)
    try:
        with anyio.fail_after(limits.request_seconds):
            decision = await anyio.to_thread.run_sync(
                served.policy.evaluate,
                post,
                account,
                on,
                abandon_on_cancel=True,
                limiter=svc.limiter(),
            )
    except TimeoutError:
        raise time_exceeded(limits) from None
    await svc.record(pack, [(post, account, decision)])
    return _json(decision.model_dump_json())


def _error_line(exc: SocialPolicyError, line: int) -> bytes:
    located = exc.relocated(file=None, line=line or exc.location.line)
    problem = problem_of(located)
    return b'{"error":' + problem.model_dump_json().encode("utf-8") + b"}\n"


def _judge_chunk(
    svc: Service, pack: str, chunk: list[RawRecord | BadRecord], on: date | None
) -> list[tuple[bytes, tuple[Post, Account | None, Decision] | None]]:
    """Judge records in a worker thread: each gives its output line (and what to log).

    Each record goes through `guard.judging.judge_record`, the guard `socialpolicy check`
    uses: whatever one record causes (bad input, a post over the size limit, the record time
    budget, any exception) is an error line naming it, and the rest are judged.
    """
    policy = svc.packs[pack].policy
    limits = svc.settings.limits

    def accept(post: Post) -> None:
        check_post(post, limits)

    out: list[tuple[bytes, tuple[Post, Account | None, Decision] | None]] = []
    for rec in chunk:
        judged = (
            rec
            if isinstance(rec, BadRecord)
            else judge_record(policy, rec, as_of=on, timeout=limits.record_seconds, accept=accept)
        )
        if isinstance(judged, BadRecord):
            svc.metrics.bad_records.labels(pack, judged.error.code).inc()
            out.append((_error_line(judged.error, judged.line), None))
            continue
        d = judged.decision
        out.append(((d.model_dump_json() + "\n").encode("utf-8"), (judged.post, judged.account, d)))
    return out


@router.post(
    "/packs/{pack}/check",
    summary="Judge an NDJSON batch: one decision (or error) a line, streamed in input order",
    description=(
        'The body holds one record a line: a post, or `{"post": ..., "account": ...}`. '
        "Each output line is the decision of the input line at the same position, or "
        '`{"error": <problem>}` naming that line; a bad line does not stop the rest. A limit '
        "reached mid-stream (batch size, body size, time) ends the stream with an error line."
    ),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {NDJSON: {"schema": {"$ref": "#/components/schemas/Record"}}},
        }
    },
    responses={
        200: {
            "description": 'One JSON object a line: a Decision, or {"error": Problem}.',
            "content": {
                NDJSON: {
                    "schema": {
                        "oneOf": [
                            {"$ref": "#/components/schemas/Decision"},
                            {"$ref": "#/components/schemas/BatchError"},
                        ]
                    }
                }
            },
        }
    },
    response_class=StreamingResponse,
)
async def check(
    pack: str,
    request: Request,
    as_of: str | None = Query(
        default=None, description="Judge by the rules in force on this date (YYYY-MM-DD)."
    ),
) -> BodyStream:
    svc = service_of(request)
    svc.pack(pack)
    on = _as_of(as_of, "as_of")
    limits = svc.settings.limits
    chunks = body_chunks(request, limits)
    # A body declared too large is refused before the stream starts, with a plain 413.
    check_declared_length(request, limits)

    async def lines() -> AsyncIterator[bytes]:
        deadline = anyio.current_time() + limits.request_seconds
        pending: list[RawRecord | BadRecord] = []
        buf = b""
        line_no = 0
        records = 0

        async def flush() -> list[bytes]:
            remaining = deadline - anyio.current_time()
            if remaining <= 0:
                raise time_exceeded(limits, pending[0].line if pending else line_no)
            batch = list(pending)
            pending.clear()
            try:
                with anyio.fail_after(remaining):
                    judged = await anyio.to_thread.run_sync(
                        _judge_chunk,
                        svc,
                        pack,
                        batch,
                        on,
                        abandon_on_cancel=True,
                        limiter=svc.limiter(),
                    )
            except TimeoutError:
                raise time_exceeded(limits, batch[0].line) from None
            await svc.record(pack, [j for _, j in judged if j is not None])
            return [text for text, _ in judged]

        def take(raw: bytes) -> bool:
            """Parse one line; False once the batch is over its limit."""
            nonlocal line_no, records
            line_no += 1
            for rec in parse_record_line(raw, "", line_no):
                records += 1
                if records > limits.max_batch_records:
                    return False
                pending.append(rec)
            return True

        stop: SocialPolicyError | None = None
        try:
            try:
                async for chunk in chunks:
                    buf += chunk
                    *complete, buf = buf.split(b"\n")
                    if not all(take(raw) for raw in complete):
                        stop = batch_exceeded(limits, line_no)
                        break
                    if len(pending) >= CHUNK:
                        for text in await flush():
                            yield text
                else:
                    if buf.strip() and not take(buf):
                        stop = batch_exceeded(limits, line_no)
            except RequestLimitError as exc:  # the body passed its size limit mid-stream
                stop = exc
            # What was read before a limit was reached is still judged and answered.
            if pending:
                for text in await flush():
                    yield text
            if stop is None and records == 0:
                stop = InputValidationError("no records: the body is empty", Location(line=0))
        except SocialPolicyError as exc:
            stop = exc
        if stop is not None:
            svc.metrics.bad_records.labels(pack, stop.code).inc()
            yield _error_line(stop, stop.location.line or 0)

    return BodyStream(lines(), media_type=NDJSON)


def batch_error_schema() -> dict[str, Any]:
    """The schema of a batch's error line, for the OpenAPI document."""
    return {
        "title": "BatchError",
        "type": "object",
        "properties": {"error": {"$ref": "#/components/schemas/Problem"}},
        "required": ["error"],
        "additionalProperties": False,
        "description": "A record that could not be judged (or a limit reached), at its line.",
    }
