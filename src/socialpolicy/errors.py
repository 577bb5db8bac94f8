"""The one error hierarchy: every error carries a stable code and a location.

```
SocialPolicyError
├── PackError                  a policy pack cannot be used
│   ├── PackNotFoundError          pack_not_found
│   ├── PackSyntaxError            pack_syntax_error      (YAML does not parse)
│   ├── PackSchemaError            pack_schema_error      (unknown field, wrong type, missing field)
│   ├── PackReferenceError         pack_reference_error   (unknown clause, signal, lexicon; duplicate id)
│   ├── PackVersionError           pack_version_error     (effective dates, overlapping versions)
│   ├── CitationError              citation_error         (quote not at its span; document hash)
│   └── PackProblems               pack_problems          (several of the above at once)
├── InputError                 a post, account or batch record is unusable
│   ├── InputSyntaxError           input_syntax_error     (malformed JSON)
│   └── InputValidationError       input_validation_error (wrong type, unknown field, bad timestamp)
├── EngineError                engine_error           (rule engine unavailable or failed)
└── LogError                   log_error              (decision log unreadable or inconsistent)
```
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Location:
    """Where a problem is: any of file, line, field and record may be known."""

    file: str | None = None
    line: int | None = None
    field: str | None = None
    record: str | None = None

    def __str__(self) -> str:
        parts: list[str] = []
        if self.file:
            parts.append(self.file + (f":{self.line}" if self.line else ""))
        elif self.line:
            parts.append(f"line {self.line}")
        if self.record:
            parts.append(f"record {self.record}")
        if self.field:
            parts.append(f"field {self.field}")
        return ", ".join(parts)

    def to_dict(self) -> dict[str, str | int | None]:
        return {"file": self.file, "line": self.line, "field": self.field, "record": self.record}


class SocialPolicyError(Exception):
    """Root of every error socialpolicy raises."""

    code = "socialpolicy_error"

    def __init__(
        self,
        message: str,
        location: Location | None = None,
        *,
        suggestion: str | None = None,
    ) -> None:
        self.message = message
        self.location = location or Location()
        self.suggestion = suggestion
        super().__init__(self._render())

    def _render(self) -> str:
        where = str(self.location)
        text = f"{where}: {self.message}" if where else self.message
        if self.suggestion:
            text += f" ({self.suggestion})"
        return f"[{self.code}] {text}"

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready form for `--format json` output."""
        return {
            "code": self.code,
            "message": self.message,
            "location": self.location.to_dict(),
            "suggestion": self.suggestion,
        }


class PackError(SocialPolicyError):
    """A policy pack cannot be loaded or used."""

    code = "pack_error"


class PackNotFoundError(PackError):
    code = "pack_not_found"


class PackSyntaxError(PackError):
    code = "pack_syntax_error"


class PackSchemaError(PackError):
    code = "pack_schema_error"


class PackReferenceError(PackError):
    code = "pack_reference_error"


class PackVersionError(PackError):
    code = "pack_version_error"


class CitationError(PackError):
    code = "citation_error"


class PackProblems(PackError):
    """Several problems found in one pack; `problems` lists each one."""

    code = "pack_problems"

    def __init__(self, pack: str, problems: Sequence[PackError]) -> None:
        self.problems: tuple[PackError, ...] = tuple(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(
            f"pack {pack!r} has {len(self.problems)} problem(s):\n{lines}",
            Location(file=pack),
        )

    def to_dict(self) -> dict[str, object]:
        data = super().to_dict()
        data["problems"] = [p.to_dict() for p in self.problems]
        return data


class InputError(SocialPolicyError):
    """A post, account or batch record cannot be judged."""

    code = "input_error"


class InputSyntaxError(InputError):
    code = "input_syntax_error"


class InputValidationError(InputError):
    code = "input_validation_error"


class EngineError(SocialPolicyError):
    code = "engine_error"


class LogError(SocialPolicyError):
    code = "log_error"


def closest(name: str, candidates: Iterable[str]) -> str | None:
    """A 'did you mean' suggestion for a misspelt name, or None."""
    import difflib

    found = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return f"did you mean {found[0]!r}?" if found else None
