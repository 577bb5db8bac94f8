"""Optional bearer-token authentication, compared in constant time."""

from __future__ import annotations

import hmac

from socialpolicy.errors import AuthError, Location


class TokenCheck:
    """Accepts a request whose `Authorization: Bearer <token>` is one of `tokens`.

    With no tokens configured every request is accepted. Each candidate is compared with
    `hmac.compare_digest` against every accepted token (no early exit), so the time taken
    does not tell how much of a guess was right, nor which token it was close to.
    """

    def __init__(self, tokens: tuple[str, ...]) -> None:
        self._tokens = tuple(t.encode("utf-8") for t in tokens)

    @property
    def enabled(self) -> bool:
        return bool(self._tokens)

    def check(self, authorization: str | None) -> None:
        """Raise AuthError unless the header carries an accepted token."""
        if not self._tokens:
            return
        if not authorization:
            raise AuthError(
                "this service needs a bearer token",
                Location(field="Authorization"),
                suggestion="send the header `Authorization: Bearer <token>`",
            )
        scheme, _, token = authorization.strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthError(
                "the Authorization header is not `Bearer <token>`", Location(field="Authorization")
            )
        given = token.strip().encode("utf-8")
        ok = False
        for accepted in self._tokens:
            ok |= hmac.compare_digest(given, accepted)
        if not ok:
            raise AuthError("the bearer token is not accepted", Location(field="Authorization"))
