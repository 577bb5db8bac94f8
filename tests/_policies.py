"""One compiled `Policy` per pack and engine for the whole session.

Compiling a pack costs about 0.3 s; some sixty test modules each compiled their own copy of the
same two packs. The modules that only read their policy (evaluate, look up its catalogue, its
lexicons) share these. A test that changes a policy's state patches it with `monkeypatch`
(undone after the test) or loads its own with `sp.load_policy`.
"""

from __future__ import annotations

from functools import cache

import socialpolicy as sp
from socialpolicy import Policy
from socialpolicy.policy import EngineChoice


@cache
def shared_policy(name: str, engine: EngineChoice = "auto") -> Policy:
    return sp.load_policy(name, engine=engine)
