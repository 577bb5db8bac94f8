"""JSON parsing for records that may be hostile.

`json.loads` alone lets a record end a batch: 1,000 nested brackets raise `RecursionError`,
an integer of 4,301 digits raises `ValueError`, `NaN` and `1e999` parse into values no
later stage expects, and `"\\ud800"` gives a string that cannot be written as UTF-8. Here
number literals are screened as they are parsed (a long one is never converted), the
parsed tree is walked once without recursion, and each problem becomes an `InputError`
naming the file, the line and the field.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any

from socialpolicy.errors import (
    InputError,
    InputLimitError,
    InputSyntaxError,
    InputValidationError,
    Location,
)


@dataclass(frozen=True, slots=True)
class JsonLimits:
    """What one record may hold. A post nests five deep (record, post, media, people, person)."""

    max_depth: int = 32
    max_number_chars: int = 100


JSON_LIMITS = JsonLimits()

# Lone UTF-16 surrogates: only JSON escapes (`\ud800`) can produce them, and no UTF-8
# writer (SQLite, PostgreSQL, stdout) accepts them.
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class _Rejected:
    """A literal refused while parsing; reported with its field after the parse."""

    what: str
    kind: type[InputError]


def _hooks(limits: JsonLimits) -> dict[str, Any]:
    longest = limits.max_number_chars

    def parse_int(text: str) -> int | _Rejected:
        if len(text) > longest:
            return _Rejected(
                f"an integer of {len(text)} digits (at most {longest})", InputLimitError
            )
        return int(text)

    def parse_float(text: str) -> float | _Rejected:
        if len(text) > longest:
            return _Rejected(
                f"a number of {len(text)} characters (at most {longest})", InputLimitError
            )
        value = float(text)
        if not math.isfinite(value):
            return _Rejected(f"{text}, a number out of range", InputValidationError)
        return value

    def parse_constant(text: str) -> _Rejected:
        return _Rejected(f"{text}, which is not a JSON number", InputSyntaxError)

    return {"parse_int": parse_int, "parse_float": parse_float, "parse_constant": parse_constant}


_HOOKS = _hooks(JSON_LIMITS)


def syntax_error(exc: json.JSONDecodeError, file: str, line: int | None = None) -> InputSyntaxError:
    """A JSON syntax error at its file, line and column.

    `line` is the file line of a JSONL record (the decoder's own line is then always 1).
    """
    at_end = exc.pos >= len(exc.doc.rstrip()) and len(exc.doc.strip()) > 1
    msg = exc.msg + (" (the JSON ends too early: is it cut short?)" if at_end else "")
    return InputSyntaxError(
        f"malformed JSON: {msg}", Location(file=file, line=line or exc.lineno, column=exc.colno)
    )


def loads(
    text: str,
    file: str | None = None,
    line: int | None = None,
    *,
    limits: JsonLimits = JSON_LIMITS,
    check: bool = True,
) -> Any:
    """One JSON document; every failure is an `InputError` naming `file` and `line`.

    With `check=False` the tree is returned unchecked (it may hold rejected literals):
    call `check_tree` on each part, e.g. on each item of an array, so that one bad item
    costs only itself.
    """
    hooks = _HOOKS if limits is JSON_LIMITS else _hooks(limits)
    where = Location(file=file, line=line)
    try:
        data = json.loads(text, **hooks)
    except json.JSONDecodeError as exc:
        raise syntax_error(exc, file or "", line) from None
    except RecursionError:
        raise InputLimitError(
            f"nested deeper than the reader allows (at most {limits.max_depth} levels)", where
        ) from None
    except (ValueError, TypeError, OverflowError, MemoryError) as exc:
        # Whatever else the parser raises for one record costs that record only.
        raise InputSyntaxError(
            f"cannot parse JSON: {type(exc).__name__}: {exc}"[:500], where
        ) from None
    if check:
        check_tree(data, file, line, limits=limits)
    return data


def _field(path: list[str | int], prefix: str) -> str:
    out = prefix.rstrip(".")
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + part
    return out


def check_tree(
    data: Any,
    file: str | None = None,
    line: int | None = None,
    *,
    prefix: str = "",
    limits: JsonLimits = JSON_LIMITS,
) -> None:
    """Raise an `InputError` naming the first field that is too deep, a refused number, or a
    string with a lone surrogate. Iterative: depth costs no Python stack."""
    stack: list[tuple[Any, list[str | int]]] = [(data, [])]
    while stack:
        node, path = stack.pop()
        kind: type[InputError] = InputValidationError
        problem: str | None = None
        if isinstance(node, dict | list) and len(path) >= limits.max_depth:
            kind, problem = InputLimitError, f"nested deeper than {limits.max_depth} levels"
        elif isinstance(node, dict):
            for key, value in node.items():
                if _SURROGATE.search(key):
                    problem = f"the field name {key!r} holds a lone UTF-16 surrogate"
                    break
                stack.append((value, [*path, key]))
        elif isinstance(node, list):
            stack.extend((value, [*path, i]) for i, value in enumerate(node))
        elif isinstance(node, str):
            found = _SURROGATE.search(node)
            if found is not None:
                problem = (
                    f"a lone UTF-16 surrogate (\\u{ord(found.group()):04x}) at character "
                    f"{found.start() + 1}: it is no character and cannot be stored"
                )
        elif isinstance(node, _Rejected):
            kind, problem = node.kind, f"refused {node.what}"
        if problem is not None:
            where = Location(file=file, line=line, field=_field(path, prefix) or None)
            raise kind(problem, where)


def check_item(
    data: Any,
    file: str | None = None,
    *,
    record: str | None = None,
    limits: JsonLimits = JSON_LIMITS,
) -> None:
    """`check_tree` for a value another parser built (an item of a platform export streamed
    by ijson), where numbers arrive converted: a float that is not finite or an integer
    longer than `max_number_chars` digits is refused too. The error names `record`."""
    try:
        check_tree(data, file, limits=limits)
        stack: list[tuple[Any, list[str | int]]] = [(data, [])]
        while stack:
            node, path = stack.pop()
            if isinstance(node, dict):
                stack.extend((v, [*path, k]) for k, v in node.items())
            elif isinstance(node, list):
                stack.extend((v, [*path, i]) for i, v in enumerate(node))
            elif isinstance(node, float) and not math.isfinite(node):
                raise InputValidationError(
                    f"refused {node}, a number out of range",
                    Location(file=file, field=_field(path, "") or None),
                )
            elif (
                isinstance(node, int)
                and not isinstance(node, bool)
                and node.bit_length() > limits.max_number_chars * 3.33
            ):
                raise InputLimitError(
                    f"refused an integer of more than {limits.max_number_chars} digits",
                    Location(file=file, field=_field(path, "") or None),
                )
    except InputError as exc:
        raise exc.relocated(record=record) if record else exc from None
