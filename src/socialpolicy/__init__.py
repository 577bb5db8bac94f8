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
    CitationError,
    ConfigError,
    EngineError,
    ExampleError,
    FieldProblem,
    InputError,
    InputSyntaxError,
    InputValidationError,
    Location,
    LogError,
    NotFoundError,
    PackError,
    PackNotFoundError,
    PackProblems,
    PackReferenceError,
    PackSchemaError,
    PackSyntaxError,
    PackVersionError,
    RequestLimitError,
    ServiceError,
    SocialPolicyError,
)
from socialpolicy.evidence import Evidence
from socialpolicy.inputs import Account, Media, Person, Post, Record
from socialpolicy.loader import builtin_pack_names, load_pack
from socialpolicy.packs import PolicyPack
from socialpolicy.policy import Policy, load_policy
from socialpolicy.rules import Determinacy, Level, Rule

try:
    __version__ = version("socialpolicy")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"

__all__ = [
    "Account",
    "AuthError",
    "CheckedBy",
    "Citation",
    "CitationError",
    "Clause",
    "ConfigError",
    "Decision",
    "Determinacy",
    "EngineError",
    "Evidence",
    "ExampleError",
    "FieldProblem",
    "Finding",
    "InputError",
    "InputSyntaxError",
    "InputValidationError",
    "Level",
    "Location",
    "LogError",
    "Media",
    "Modality",
    "NotFoundError",
    "PackError",
    "PackNotFoundError",
    "PackProblems",
    "PackReferenceError",
    "PackSchemaError",
    "PackSyntaxError",
    "PackVersionError",
    "Person",
    "Policy",
    "PolicyPack",
    "Post",
    "Record",
    "RequestLimitError",
    "Rule",
    "ServiceError",
    "SocialPolicyError",
    "SourceDocument",
    "Span",
    "Verdict",
    "__version__",
    "builtin_pack_names",
    "load_pack",
    "load_policy",
]
