"""What a detector sees: the post, the effective author, normalised texts, pack resources."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from socialpolicy.inputs import Account, Post
from socialpolicy.models._ngrams import tokens
from socialpolicy.normalise import normalise

if TYPE_CHECKING:
    from socialpolicy.detectors.account import AccountView
    from socialpolicy.detectors.matching import LexiconMatch
    from socialpolicy.detectors.resources import PackResources
    from socialpolicy.detectors.respect.speech import SpeechLayout
    from socialpolicy.normalise import NormalisedText


def _group_pure(matches: list[LexiconMatch]) -> dict[str, list[LexiconMatch]]:
    """Matches by lexicon id, each list in the order given: the reference of the C loop."""
    out: dict[str, list[LexiconMatch]] = {}
    for m in matches:
        got = out.get(m.lexicon_id)
        if got is None:
            out[m.lexicon_id] = [m]
        else:
            got.append(m)
    return out


def _load_group() -> Callable[[list[LexiconMatch]], dict[str, list[LexiconMatch]]]:
    """`_cngrams.group_by_lexicon` when the optional C extension is built (and
    `SOCIALPOLICY_PURE` is not 1), else `_group_pure`."""
    if os.environ.get("SOCIALPOLICY_PURE") == "1":
        return _group_pure
    try:
        from socialpolicy import _cngrams
    except ImportError:
        return _group_pure
    group: Callable[[list[LexiconMatch]], dict[str, list[LexiconMatch]]] | None = getattr(
        _cngrams, "group_by_lexicon", None
    )
    return _group_pure if group is None else group


_group = _load_group()


@dataclass(slots=True, init=False)
class Context:
    """One evaluation's input. Detectors must not keep state between contexts.

    Normalisation and the lexicon pass are done at most once per field and shared by all
    detectors: ask the context, do not call `normalise` or `matcher.find` yourself.
    """

    post: Post
    author: Account  # the given account, or the pack's assumed member
    account_given: bool
    resources: PackResources
    view: AccountView | None = None  # set by the Policy from its per-account cache
    # The signals some rule of the pack reads, when the Policy judges (a detector may skip
    # the work of a signal outside it); None: every signal (`Policy.signals_for`).
    reads: frozenset[str] | None = None
    _own: tuple[tuple[str, str], ...] | None = None
    _texts: dict[str, NormalisedText] = field(default_factory=dict)
    _matches: dict[str, list[LexiconMatch]] = field(default_factory=dict)
    _grouped: dict[str, dict[str, list[LexiconMatch]]] = field(default_factory=dict)
    _tokens: dict[tuple[str, int, int], list[str]] = field(default_factory=dict)
    _layouts: dict[str, SpeechLayout] = field(default_factory=dict)

    def __init__(
        self,
        post: Post,
        author: Account,
        account_given: bool,
        resources: PackResources,
        view: AccountView | None = None,
        reads: frozenset[str] | None = None,
    ) -> None:
        # Written out rather than generated: one context per post, and the generated
        # `__init__` calls a factory for each of the five caches (a fifth of its cost).
        self.post = post
        self.author = author
        self.account_given = account_given
        self.resources = resources
        self.view = view
        self.reads = reads
        self._own = None
        self._texts = {}
        self._matches = {}
        self._grouped = {}
        self._tokens = {}
        self._layouts = {}

    def account_view(self) -> AccountView:
        """Identity and account-level hits; the same for every post of one account."""
        if self.view is None:
            from socialpolicy.detectors.account import account_view

            self.view = account_view(self)
        return self.view

    def normalised(self, field_name: str, raw: str) -> NormalisedText:
        """Normalised form of one input field's text, computed once per context."""
        cached = self._texts.get(field_name)
        if cached is None:
            cached = self._texts[field_name] = normalise(raw)
        return cached

    def matches(self, field_name: str, raw: str) -> list[LexiconMatch]:
        """Every lexicon match in one field (positions in its normalised text), computed once."""
        cached = self._matches.get(field_name)
        if cached is None:
            cached = self._matches[field_name] = self.resources.matcher.find(
                self.normalised(field_name, raw)
            )
        return cached

    def grouped(self, field_name: str, raw: str) -> dict[str, list[LexiconMatch]]:
        """`matches` by lexicon id (positions stay sorted), computed once per field.

        Shared by every detector: read it, never change it. Only lexicons with a match
        have a key, so `lexicon in grouped` says whether the field has any of its terms.
        """
        cached = self._grouped.get(field_name)
        if cached is None:
            cached = self._grouped[field_name] = _group(self.matches(field_name, raw))
        return cached

    def model_tokens(self, field_name: str, raw: str, start: int, end: int) -> list[str]:
        """The learned models' tokens (`socialpolicy.models._ngrams.tokens`, no denial) of
        `[start, end)` of one field's normalised text, computed once per stretch: the offensive
        model and the clause reader read the same stretches. Shared: never change the list."""
        key = (field_name, start, end)
        cached = self._tokens.get(key)
        if cached is None:
            cached = self._tokens[key] = tokens(self.normalised(field_name, raw), start, end)
        return cached

    def known_model_tokens(self, field_name: str, start: int, end: int) -> list[str] | None:
        """`model_tokens` of a stretch if they were read already, else None."""
        return self._tokens.get((field_name, start, end))

    def keep_model_tokens(self, field_name: str, start: int, end: int, got: list[str]) -> None:
        """Record a stretch's `model_tokens` read along with another reading (the offensive
        detector reads them with and without denial in one pass)."""
        self._tokens[field_name, start, end] = got

    def layout(self, field_name: str, raw: str) -> SpeechLayout:
        """The respect detector's `SpeechLayout` of one field over all its matches (quotes,
        sentences, speech cues), built once per field for every detector that reads it."""
        cached = self._layouts.get(field_name)
        if cached is None:
            from socialpolicy.detectors.respect.speech import SpeechLayout

            cached = self._layouts[field_name] = SpeechLayout.build(
                self.normalised(field_name, raw),
                self.matches(field_name, raw),
                self.grouped(field_name, raw),
            )
        return cached

    def own_texts(self) -> tuple[tuple[str, str], ...]:
        """(field, text) of the author's own words: the text, then each caption and alt text.

        The post replied to is never the author's words; detectors may read it as context.
        """
        if self._own is None:
            out = [("text", self.post.text)]
            for i, item in enumerate(self.post.media):
                if item.caption:
                    out.append((f"media[{i}].caption", item.caption))
                if item.alt_text:
                    out.append((f"media[{i}].alt_text", item.alt_text))
            self._own = tuple(out)
        return self._own


# The author's own words (`Context.own_texts`), as a function of the context: the method itself,
# not a wrapper calling it (detectors ask about ten times a post).
own_text_fields: Callable[[Context], tuple[tuple[str, str], ...]] = Context.own_texts
