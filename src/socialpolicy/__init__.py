"""socialpolicy: organisational social-media policies as typed, versioned, cited rules.

```python
import socialpolicy as sp
policy = sp.load_policy("toronto")
decision = policy.evaluate({"id": "1", "text": "...", "created_at": "2025-05-01T10:00:00-04:00"})
decision.verdict, decision.findings
```
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from socialpolicy.citations import Citation, Span
from socialpolicy.clauses import CheckedBy, Clause, Modality
from socialpolicy.decisions import Decision, Finding, Verdict
from socialpolicy.documents import SourceDocument
from socialpolicy.errors import (
    AuthError,
    CheckpointError,
    CitationError,
    ConfigError,
    EngineError,
    ExampleError,
    FieldProblem,
    InputError,
    InputLimitError,
    InputSyntaxError,
    InputValidationError,
    Location,
    LogError,
    LogFormatError,
    NotFoundError,
    PackError,
    PackNotFoundError,
    PackProblems,
    PackReferenceError,
    PackSchemaError,
    PackSyntaxError,
    PackUnsafeError,
    PackVersionError,
    ProofError,
    RecordFailedError,
    RecordTimeoutError,
    RequestLimitError,
    ServiceError,
    SocialPolicyError,
    WatchListError,
)
from socialpolicy.evidence import Evidence
from socialpolicy.guard.judging import Judged, judge_records
from socialpolicy.inputs import Account, Media, Person, Post, Record
from socialpolicy.loader import builtin_pack_names, load_pack
from socialpolicy.packs import PolicyPack
from socialpolicy.policy import Policy, load_policy
from socialpolicy.readers import AccountProfile, ExportRecord, detect_format, open_export
from socialpolicy.rules import Determinacy, Level, Rule

try:
    __version__ = version("socialpolicy")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"

__all__ = [
    "Account",
    "AccountProfile",
    "AuthError",
    "CheckedBy",
    "CheckpointError",
    "Citation",
    "CitationError",
    "Clause",
    "ConfigError",
    "Decision",
    "Determinacy",
    "EngineError",
    "Evidence",
    "ExampleError",
    "ExportRecord",
    "FieldProblem",
    "Finding",
    "InputError",
    "InputLimitError",
    "InputSyntaxError",
    "InputValidationError",
    "Judged",
    "Level",
    "Location",
    "LogError",
    "LogFormatError",
    "Media",
    "Modality",
    "NotFoundError",
    "PackError",
    "PackNotFoundError",
    "PackProblems",
    "PackReferenceError",
    "PackSchemaError",
    "PackSyntaxError",
    "PackUnsafeError",
    "PackVersionError",
    "Person",
    "Policy",
    "PolicyPack",
    "Post",
    "ProofError",
    "Record",
    "RecordFailedError",
    "RecordTimeoutError",
    "RequestLimitError",
    "Rule",
    "ServiceError",
    "SocialPolicyError",
    "SourceDocument",
    "Span",
    "Verdict",
    "WatchListError",
    "__version__",
    "builtin_pack_names",
    "detect_format",
    "judge_records",
    "load_pack",
    "load_policy",
    "open_export",
]
