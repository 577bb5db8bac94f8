"""The service's limits on one request: body bytes, post length, batch size, time."""

from __future__ import annotations

from collections.abc import AsyncIterator

from starlette.requests import Request

from socialpolicy.errors import Location, RequestLimitError
from socialpolicy.inputs import Post
from socialpolicy.server.settings import Limits


def _too_large(limit: int) -> RequestLimitError:
    return RequestLimitError(
        f"the request body is larger than the service's limit of {limit} bytes",
        Location(field="body"),
        suggestion="send fewer records per request",
    )


def check_declared_length(request: Request, limits: Limits) -> None:
    """Refuse at once a body whose Content-Length is over the limit."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limits.max_body_bytes:
        raise _too_large(limits.max_body_bytes)


async def body_chunks(request: Request, limits: Limits) -> AsyncIterator[bytes]:
    """The request body as it arrives; RequestLimitError once it passes the limit."""
    check_declared_length(request, limits)
    seen = 0
    async for chunk in request.stream():
        seen += len(chunk)
        if seen > limits.max_body_bytes:
            raise _too_large(limits.max_body_bytes)
        if chunk:
            yield chunk


async def read_body(request: Request, limits: Limits) -> bytes:
    parts = [chunk async for chunk in body_chunks(request, limits)]
    return b"".join(parts)


def check_post(post: Post, limits: Limits, record: str | None = None) -> None:
    if len(post.text) > limits.max_post_chars:
        raise RequestLimitError(
            f"the post text is {len(post.text)} characters long; this service judges posts of "
            f"up to {limits.max_post_chars}",
            Location(field="post.text", record=record),
        )


def batch_exceeded(limits: Limits, line: int) -> RequestLimitError:
    return RequestLimitError(
        f"the batch holds more than {limits.max_batch_records} records: the rest were not judged",
        Location(line=line, field="batch"),
        suggestion="split the input into several requests",
    )


def time_exceeded(limits: Limits, line: int | None = None) -> RequestLimitError:
    what = "the rest of the batch was not judged" if line else "no decision was made"
    return RequestLimitError(
        f"the request took longer than the service's limit of {limits.request_seconds:g} s: "
        + what,
        Location(line=line, field="time"),
    )
