"""The page: Compose (screen a draft) and Policy (the source text beside its rules).

Plain HTML, CSS and JavaScript shipped as package data: no build step, nothing loaded from
elsewhere. The page reads the same /v1 API as any other client.
"""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter
from fastapi.responses import Response

from socialpolicy.errors import NotFoundError

STATIC = resources.files("socialpolicy.server") / "static"
_TYPES = {
    ".html": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".svg": "image/svg+xml",
}
# The page runs only its own script and style and talks only to this service.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
)

router = APIRouter(include_in_schema=False)


def _asset(name: str) -> Response:
    path = STATIC / name
    suffix = "." + name.rsplit(".", 1)[-1]
    if "/" in name or name.startswith(".") or suffix not in _TYPES or not path.is_file():
        raise NotFoundError(f"no page asset {name!r}")
    media = _TYPES[suffix] + ("; charset=utf-8" if suffix != ".svg" else "")
    headers = {"Content-Security-Policy": CSP, "Cache-Control": "no-cache"}
    return Response(path.read_bytes(), media_type=media, headers=headers)


@router.get("/")
async def compose() -> Response:
    return _asset("index.html")


@router.get("/policy")
async def policy() -> Response:
    return _asset("index.html")


@router.get("/static/{name}")
async def asset(name: str) -> Response:
    return _asset(name)
