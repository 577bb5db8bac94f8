"""`socialpolicy serve`: the HTTP API (/v1/...) and the compose and policy pages.

Needs the `serve` extra (`pip install 'socialpolicy[serve]'`: FastAPI, uvicorn,
prometheus-client); the library itself imports without it.

```python
from socialpolicy.server import Settings, create_app
app = create_app(Settings(packs=("toronto",), log="decisions.db"))
```
"""

from __future__ import annotations

from socialpolicy.server.app import app_from_env, create_app
from socialpolicy.server.settings import Limits, Settings

__all__ = ["Limits", "Settings", "app_from_env", "create_app"]
