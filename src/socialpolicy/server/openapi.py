"""The service's OpenAPI 3.1 document, generated from the pydantic models.

`python -m socialpolicy.server.openapi` (or `make schemas`) rewrites `schemas/openapi.json`;
a test fails when the committed file differs from what a running service serves.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

FILE = "openapi.json"


def document() -> dict[str, Any]:
    """The document the service serves at /openapi.json (it does not depend on the packs)."""
    from socialpolicy.server.app import create_app
    from socialpolicy.server.auth import TokenCheck
    from socialpolicy.server.service import Service
    from socialpolicy.server.settings import Settings

    app = create_app(service=Service(settings=Settings(), packs={}, auth=TokenCheck(())))
    return app.openapi()


def render(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    target = (
        Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[3] / "schemas"
    )
    path = target / FILE
    path.write_text(render(document()), encoding="utf-8")
    print(path)
