"""Masking personal data before it reaches the log, the way OPA masks decision-log fields.

A `MaskConfig` names input field paths (`post.text`, `account.display_name`,
`post.media[*].people[*].name`) and/or asks for the personal-data spans of `post.text` to be
masked. Masked values are replaced by a fixed token. The decision's evidence quotes the
input, so evidence drawn from a masked field (or found by the personal-data detector) is
masked too: otherwise the log would keep what the mask was meant to remove.

The record stores the configuration and what was actually masked. A record whose input was
changed cannot be judged again, and replay counts it as not replayable.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import Field, field_validator

from socialpolicy._model import Frozen
from socialpolicy.citations import Span

TOKEN = "[MASKED]"
PERSONAL_DATA_DETECTOR = "personal_data"

_SEGMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\[(\*|\d+)\])*$")


class MaskConfig(Frozen):
    """What to mask in logged inputs. Empty (the default) masks nothing."""

    fields: tuple[str, ...] = Field(
        default=(),
        description="Input field paths, e.g. 'post.text', 'post.media[*].people[*].name'.",
    )
    personal_data: bool = Field(
        default=False,
        description="Mask the spans of post.text the detectors find: contact details, "
        "addresses, dates of birth, plates, SINs (personal_data) and people's names and "
        "ages (identity).",
    )
    token: str = Field(default=TOKEN, min_length=1)

    @field_validator("fields")
    @classmethod
    def _paths(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for path in value:
            parse_path(path)
        return value

    @property
    def active(self) -> bool:
        return bool(self.fields) or self.personal_data


def parse_path(path: str) -> list[str | int | None]:
    """`post.media[*].people[0].name` -> ['post', 'media', None, 'people', 0, 'name'].

    None stands for `[*]`, any index.
    """
    parts = path.split(".")
    if parts[0] not in ("post", "account") or len(parts) < 2:
        raise ValueError(f"mask path {path!r} must start with 'post.' or 'account.'")
    out: list[str | int | None] = []
    for seg in parts:
        if not _SEGMENT.match(seg):
            raise ValueError(f"mask path {path!r}: bad segment {seg!r}")
        name, _, rest = seg.partition("[")
        out.append(name)
        for idx in re.findall(r"\[(\*|\d+)\]", "[" + rest if rest else ""):
            out.append(None if idx == "*" else int(idx))
    return out


def _pattern(path: str) -> re.Pattern[str]:
    rx = re.escape(path).replace(r"\[\*\]", r"\[\d+\]")
    # A path masks itself and everything below it.
    return re.compile(rx + r"(?:$|[.\[])")


@dataclass(frozen=True, slots=True)
class Masked:
    """The masked input and decision, and the `mask` object the record stores."""

    input: dict[str, Any]
    decision: dict[str, Any]
    mask: dict[str, Any] | None


def apply_mask(
    config: MaskConfig,
    input: Mapping[str, Any],
    decision: Mapping[str, Any],
    personal_spans: Iterable[Span] | None = None,
) -> Masked:
    """Mask `input` (`{"post", "account", ...}`) and the evidence in `decision` (JSON forms).

    `personal_spans` are the spans of `post.text` the personal-data detector found (public
    contacts left out); without them, the personal-data evidence of the decision is used.
    Evidence quoting a masked field or span is masked as well.
    """
    if not config.active:
        return Masked(dict(input), dict(decision), None)
    inp = copy.deepcopy(dict(input))
    dec = copy.deepcopy(dict(decision))
    masked: list[str] = []
    for path in config.fields:
        _mask_path(inp, parse_path(path), "", config.token, masked)
    text_masked = any(_pattern(p).match("post.text") for p in config.fields)
    done: list[Span] = []
    if config.personal_data and not text_masked:
        spans = list(personal_spans) if personal_spans is not None else _evidence_spans(dec)
        post = inp.get("post")
        if isinstance(post, dict) and isinstance(post.get("text"), str) and spans:
            post["text"], done = _mask_spans(post["text"], spans, config.token)
            masked.extend(f"post.text[{s.start}:{s.end}]" for s in done)
    evidence_masked = _mask_evidence(dec, config, done)
    withheld = bool(masked or evidence_masked) and dec.get("input_digest") is not None
    if withheld:
        # The digest of the unmasked input would let anyone confirm a guess of what was
        # masked (a phone number, a name): it goes with the data it stands for.
        dec["input_digest"] = None
    return Masked(
        inp,
        dec,
        {
            "fields": list(config.fields),
            "personal_data": config.personal_data,
            "token": config.token,
            "masked": masked,
            "decision_masked": evidence_masked,
            **({"input_digest_withheld": True} if withheld else {}),
        },
    )


def _mask_path(
    node: Any, path: Sequence[str | int | None], where: str, token: str, masked: list[str]
) -> None:
    if not path or node is None:
        return
    head, rest = path[0], path[1:]
    if isinstance(head, str):
        if not isinstance(node, dict) or head not in node:
            return
        here = f"{where}.{head}" if where else head
        if not rest:
            if node[head] is not None and node[head] != token:
                node[head] = token
                masked.append(here)
            return
        _mask_path(node[head], rest, here, token, masked)
        return
    if not isinstance(node, list):
        return
    indices = range(len(node)) if head is None else ([head] if head < len(node) else [])
    for i in indices:
        here = f"{where}[{i}]"
        if not rest:
            if node[i] is not None and node[i] != token:
                node[i] = token
                masked.append(here)
        else:
            _mask_path(node[i], rest, here, token, masked)


def _merge(spans: Iterable[Span], length: int) -> list[Span]:
    out: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.start, s.end)):
        start, end = min(s.start, length), min(s.end, length)
        if end <= start:
            continue
        if out and start <= out[-1].end:
            out[-1] = Span(start=out[-1].start, end=max(out[-1].end, end))
        else:
            out.append(Span(start=start, end=end))
    return out


def _mask_spans(text: str, spans: Iterable[Span], token: str) -> tuple[str, list[Span]]:
    merged = _merge(spans, len(text))
    for s in reversed(merged):
        text = text[: s.start] + token + text[s.end :]
    return text, merged


def _evidence_spans(decision: Mapping[str, Any]) -> list[Span]:
    out: list[Span] = []
    for ev in _evidence(decision):
        span = ev.get("span")
        if (
            str(ev.get("detector", "")).startswith(PERSONAL_DATA_DETECTOR)
            and ev.get("field") == "text"
            and isinstance(span, dict)
        ):
            out.append(Span(start=int(span["start"]), end=int(span["end"])))
    return out


def _evidence(decision: Mapping[str, Any]) -> Iterable[dict[str, Any]]:
    for finding in decision.get("findings", ()) or ():
        if isinstance(finding, dict):
            for ev in finding.get("evidence", ()) or ():
                if isinstance(ev, dict):
                    yield ev


def evidence_input_path(field: str) -> str:
    """An evidence `field` as an input path: `text` -> `post.text`; account fields stay."""
    return field if field.startswith(("account.", "post.")) else "post." + field


def _mask_evidence(decision: dict[str, Any], config: MaskConfig, spans: list[Span]) -> list[str]:
    token = config.token
    patterns = [_pattern(p) for p in config.fields]
    out: list[str] = []
    for fi, finding in enumerate(decision.get("findings", ()) or ()):
        if not isinstance(finding, dict):
            continue
        for ei, ev in enumerate(finding.get("evidence", ()) or ()):
            if not isinstance(ev, dict) or ev.get("text") in (None, token):
                continue
            path = evidence_input_path(str(ev.get("field", "")))
            span = ev.get("span")
            in_masked_span = (
                path == "post.text"
                and isinstance(span, dict)
                and any(int(span["start"]) < s.end and s.start < int(span["end"]) for s in spans)
            )
            if in_masked_span or any(p.match(path) for p in patterns):
                ev["text"] = token
                out.append(f"findings[{fi}].evidence[{ei}].text")
    return out
