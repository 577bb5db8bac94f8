"""The audit trail: a hash-chained decision log, replay, pack diffs and a monitoring report.

```python
from socialpolicy.audit import open_log, LogWriter, replay
import socialpolicy as sp

policy = sp.load_policy("toronto")
with open_log("decisions.sqlite") as log:
    writer = LogWriter(log, policy)          # keeps the pack in the log, once
    writer.add(post, account, policy.evaluate(post, account=account))
    writer.close()                           # commits the last chunk
    assert log.verify().ok
    assert replay(log).ok                    # every decision judged again, identically
```
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from socialpolicy.audit.diff import PackDiff, PackSide, diff_packs, resolve_pack_spec
    from socialpolicy.audit.log import (
        GENESIS,
        DecisionLog,
        LogEntry,
        LogRecord,
        VerifyResult,
        chain_hash,
        open_log,
    )
    from socialpolicy.audit.masking import MaskConfig, apply_mask
    from socialpolicy.audit.packstore import load_stored, store_pack
    from socialpolicy.audit.replay import ReplayResult, replay
    from socialpolicy.audit.report import write_report
    from socialpolicy.audit.writer import LogWriter, logged_input, open_writer

# Imported on first use, so that reading a log does not load the rule engine.
_WHERE = {
    "GENESIS": "log",
    "DecisionLog": "log",
    "LogEntry": "log",
    "LogRecord": "log",
    "VerifyResult": "log",
    "chain_hash": "log",
    "open_log": "log",
    "MaskConfig": "masking",
    "apply_mask": "masking",
    "load_stored": "packstore",
    "store_pack": "packstore",
    "PackDiff": "diff",
    "PackSide": "diff",
    "diff_packs": "diff",
    "resolve_pack_spec": "diff",
    "ReplayResult": "replay",
    "replay": "replay",
    "write_report": "report",
    "LogWriter": "writer",
    "logged_input": "writer",
    "open_writer": "writer",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'socialpolicy.audit' has no attribute {name!r}")
    return getattr(importlib.import_module(f"socialpolicy.audit.{module}"), name)


__all__ = [
    "GENESIS",
    "DecisionLog",
    "LogEntry",
    "LogRecord",
    "LogWriter",
    "MaskConfig",
    "PackDiff",
    "PackSide",
    "ReplayResult",
    "VerifyResult",
    "apply_mask",
    "chain_hash",
    "diff_packs",
    "load_stored",
    "logged_input",
    "open_log",
    "open_writer",
    "replay",
    "resolve_pack_spec",
    "store_pack",
    "write_report",
]
