"""The audit trail: a decision log in a Merkle tree with signed checkpoints, proofs and
erasure; replay, pack diffs and a monitoring report.

```python
from socialpolicy.audit import open_log, LogWriter, replay, issue_checkpoint, SigningKey
import socialpolicy as sp

policy = sp.load_policy("toronto")
with open_log("decisions.sqlite") as log:
    writer = LogWriter(log, policy)          # keeps the pack in the log, once
    writer.add(post, account, policy.evaluate(post, account=account))
    writer.close()                           # commits the last chunk
    assert log.verify().ok
    assert replay(log).ok                    # every decision judged again, identically
    note = issue_checkpoint(log, SigningKey.generate("example.org/log"))  # keep it elsewhere
```
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from socialpolicy.audit.anchor import issue_checkpoint, verify_against
    from socialpolicy.audit.checkpoint import Checkpoint, SignedCheckpoint, SigningKey, VerifierKey
    from socialpolicy.audit.diff import PackDiff, PackSide, diff_packs, resolve_pack_spec
    from socialpolicy.audit.erase import EraseResult, erase
    from socialpolicy.audit.legacy import migrate
    from socialpolicy.audit.log import (
        DecisionLog,
        Erasure,
        LogEntry,
        LogRecord,
        VerifyResult,
        open_log,
    )
    from socialpolicy.audit.masking import MaskConfig, apply_mask
    from socialpolicy.audit.packstore import load_stored, store_pack
    from socialpolicy.audit.proof import check_bundle, consistency_bundle, inclusion_bundle
    from socialpolicy.audit.replay import ReplayResult, replay
    from socialpolicy.audit.report import write_report
    from socialpolicy.audit.writer import LogWriter, logged_input, open_writer

# Imported on first use, so that reading a log does not load the rule engine.
_WHERE = {
    "issue_checkpoint": "anchor",
    "verify_against": "anchor",
    "Checkpoint": "checkpoint",
    "SignedCheckpoint": "checkpoint",
    "SigningKey": "checkpoint",
    "VerifierKey": "checkpoint",
    "EraseResult": "erase",
    "erase": "erase",
    "migrate": "legacy",
    "check_bundle": "proof",
    "consistency_bundle": "proof",
    "inclusion_bundle": "proof",
    "Erasure": "log",
    "DecisionLog": "log",
    "LogEntry": "log",
    "LogRecord": "log",
    "VerifyResult": "log",
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
    "Checkpoint",
    "DecisionLog",
    "EraseResult",
    "Erasure",
    "LogEntry",
    "LogRecord",
    "LogWriter",
    "MaskConfig",
    "PackDiff",
    "PackSide",
    "ReplayResult",
    "SignedCheckpoint",
    "SigningKey",
    "VerifierKey",
    "VerifyResult",
    "anchor",
    "apply_mask",
    "check_bundle",
    "checkpoint",
    "consistency_bundle",
    "diff",
    "diff_packs",
    "erase",
    "inclusion_bundle",
    "issue_checkpoint",
    "legacy",
    "load_stored",
    "log",
    "logged_input",
    "masking",
    "migrate",
    "open_log",
    "open_writer",
    "packstore",
    "proof",
    "replay",
    "report",
    "resolve_pack_spec",
    "store_pack",
    "verify_against",
    "write_report",
    "writer",
]
