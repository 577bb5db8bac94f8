"""Errors as RFC 9457 problem details, carrying the library's stable codes and locations."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from socialpolicy._model import Frozen
from socialpolicy.errors import (
    AuthError,
    InputError,
    LogError,
    NotFoundError,
    PackNotFoundError,
    RequestLimitError,
    SocialPolicyError,
)

MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "https://socialpolicy.invalid/problems/"
"""A problem's `type` is this plus its code; the docs' Errors page describes every code."""


class ProblemLocation(Frozen):
    """Where the problem is: any of these may be known (`record` is a line of an NDJSON body)."""

    file: str | None = None
    line: int | None = None
    column: int | None = None
    field: str | None = None
    record: str | None = None


class ProblemField(Frozen):
    """One problem of a record that has several."""

    field: str | None
    message: str


class Problem(Frozen):
    """An RFC 9457 problem details object, with the library's error fields as extensions."""

    type: str = Field(description="A URI naming the kind of problem: the base plus `code`.")
    title: str = Field(description="A short summary of the kind of problem.")
    status: int = Field(description="The HTTP status code.")
    detail: str = Field(description="What is wrong with this request.")
    instance: str | None = Field(default=None, description="The request path.")
    code: str = Field(description="The library's stable error code, e.g. input_syntax_error.")
    location: ProblemLocation = ProblemLocation()
    suggestion: str | None = None
    problems: tuple[ProblemField, ...] = Field(
        default=(), description="Every problem of an input record that has several."
    )


_TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    404: "Not found",
    413: "Content too large",
    422: "Unprocessable content",
    500: "Internal error",
    503: "Service unavailable",
    504: "Timed out",
}


def status_of(exc: SocialPolicyError) -> int:
    """The HTTP status an error answers with."""
    if isinstance(exc, AuthError):
        return 401
    if isinstance(exc, NotFoundError | PackNotFoundError):
        return 404
    if isinstance(exc, RequestLimitError):
        return 504 if exc.location.field == "time" else 413
    if isinstance(exc, LogError):
        return 503  # the decision was made but could not be logged: it is not given out
    if isinstance(exc, InputError):
        return 400 if exc.code == "input_syntax_error" else 422
    return 500


def problem_of(exc: SocialPolicyError, instance: str | None = None, status: int = 0) -> Problem:
    status = status or status_of(exc)
    data: dict[str, Any] = exc.to_dict()
    raw_problems = data.get("problems") or ()
    fields = tuple(
        ProblemField(field=p.get("field"), message=str(p.get("message", "")))
        for p in raw_problems
        if isinstance(p, dict) and "message" in p
    )
    return Problem(
        type=TYPE_BASE + exc.code,
        title=_TITLES.get(status, "Error"),
        status=status,
        detail=exc.message,
        instance=instance,
        code=exc.code,
        location=ProblemLocation.model_validate(exc.location.to_dict()),
        suggestion=exc.suggestion,
        problems=fields,
    )
