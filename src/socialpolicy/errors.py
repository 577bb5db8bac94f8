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
│   ├── ExampleError               example_failed         (a rule or lexicon example not honoured)
│   └── PackProblems               pack_problems          (several of the above at once)
├── InputError                 a post, account or batch record is unusable
│   ├── InputSyntaxError           input_syntax_error     (malformed JSON)
│   └── InputValidationError       input_validation_error (wrong type, unknown field, bad timestamp)
├── EngineError                engine_error           (rule engine unavailable or failed)
├── LogError                   log_error              (decision log unreadable or inconsistent)
├── ConfigError                config_error           (configuration file unreadable or invalid)
└── ServiceError               service_error          (`socialpolicy serve` cannot start or serve)
    ├── RequestLimitError          limit_exceeded         (body, post, batch or time over its limit)
    ├── AuthError                  unauthorized           (bearer token missing or not accepted)
    └── NotFoundError              not_found              (no such pack, rule, clause or document)
```
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Self


@dataclass(frozen=True, slots=True)
class Location:
    """Where a problem is: any of file, line (and column), field and record may be known."""

    file: str | None = None
    line: int | None = None
    field: str | None = None
    record: str | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts: list[str] = []
        # file:line:column, the form editors and CI annotations turn into a link.
        col = f":{self.column}" if self.line and self.column else ""
        if self.file:
            parts.append(self.file + (f":{self.line}{col}" if self.line else ""))
        elif self.line:
            parts.append(f"line {self.line}" + (f", column {self.column}" if col else ""))
        if self.record:
            parts.append(f"record {self.record}")
        if self.field:
            parts.append(f"field {self.field}")
        return ", ".join(parts)

    def to_dict(self) -> dict[str, str | int | None]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "record": self.record,
        }


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

    def relocated(self, **where: Any) -> Self:
        """The same error at a more precise location (e.g. the file and line of a record).

        Keeps everything else the error carries; `where` takes Location's fields.
        """
        # Not copy.copy: exceptions pickle through __init__(*args), and args is the rendering.
        new = type(self).__new__(type(self))
        new.__dict__.update(self.__dict__)
        new.location = dataclasses.replace(self.location, **where)
        new.args = (new._render(),)
        return new


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
    """A quote that is not at its span, or a source document whose hash changed.

    When the document's text was edited under a quote, `expected` is the quote and `found`
    the nearest text in the edited document; `str()` then shows a word diff of the two.
    """

    code = "citation_error"

    def __init__(
        self,
        message: str,
        location: Location | None = None,
        *,
        suggestion: str | None = None,
        expected: str | None = None,
        found: str | None = None,
    ) -> None:
        self.expected = expected
        self.found = found
        super().__init__(message, location, suggestion=suggestion)

    @property
    def diff(self) -> str | None:
        """`[-removed-]{+added+}` word diff from the quote to the text now found, or None."""
        if self.expected is None or self.found is None:
            return None
        return word_diff(self.expected, self.found)

    def _render(self) -> str:
        text = super()._render()
        diff = self.diff
        return text + f"\n    quote → text now: {diff}" if diff else text

    def to_dict(self) -> dict[str, object]:
        data = super().to_dict()
        if self.expected is not None:
            data.update(expected=self.expected, found=self.found, diff=self.diff)
        return data


class ExampleError(PackError):
    """A rule's example that no longer fires (or fires when it must not), or a lexicon example."""

    code = "example_failed"


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


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One problem in a record: the field (e.g. `post.media[0].kind`) and what is wrong."""

    field: str | None
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message

    def to_dict(self) -> dict[str, str | None]:
        return {"field": self.field, "message": self.message}


class InputValidationError(InputError):
    """A record that does not fit the input models. `problems` lists every problem in it."""

    code = "input_validation_error"

    def __init__(
        self,
        message: str,
        location: Location | None = None,
        *,
        suggestion: str | None = None,
        problems: Sequence[FieldProblem] = (),
    ) -> None:
        where = location or Location()
        self.problems: tuple[FieldProblem, ...] = tuple(problems) or (
            FieldProblem(where.field, message),
        )
        super().__init__(message, where, suggestion=suggestion)

    def _render(self) -> str:
        text = super()._render()
        if len(self.problems) > 1:
            text += "".join(f"\n  {p}" for p in self.problems)
        return text

    def to_dict(self) -> dict[str, object]:
        data = super().to_dict()
        data["problems"] = [p.to_dict() for p in self.problems]
        return data


class EngineError(SocialPolicyError):
    code = "engine_error"


class LogError(SocialPolicyError):
    code = "log_error"


class ConfigError(SocialPolicyError):
    """A configuration file (`.socialpolicy.toml`, `[tool.socialpolicy]`) that cannot be used."""

    code = "config_error"


class ServiceError(SocialPolicyError):
    """The HTTP service cannot start (e.g. its extra is not installed) or answer a request."""

    code = "service_error"


class RequestLimitError(ServiceError):
    """A request over one of the service's limits (body bytes, post length, batch, time)."""

    code = "limit_exceeded"


class AuthError(ServiceError):
    """A request without a bearer token the service accepts."""

    code = "unauthorized"


class NotFoundError(ServiceError):
    """A pack, rule, clause, document or path the service does not have."""

    code = "not_found"


def closest(name: str, candidates: Iterable[str]) -> str | None:
    """A 'did you mean' suggestion for a misspelt name, or None."""
    import difflib

    found = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return f"did you mean {found[0]!r}?" if found else None


def word_diff(old: str, new: str) -> str:
    """A git-style word diff: `[-removed-]{+added+}` around the words that differ."""
    import difflib
    import re

    a = re.findall(r"\s+|[^\s]+", old)
    b = re.findall(r"\s+|[^\s]+", new)
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append("".join(a[i1:i2]))
            continue
        if i2 > i1:
            out.append("[-" + "".join(a[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + "".join(b[j1:j2]) + "+}")
    return "".join(out)
