"""PolicyPack: documents, clauses, rules and lexicons, with a content digest."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from pydantic import Field

from socialpolicy._model import Frozen
from socialpolicy.clauses import Clause
from socialpolicy.documents import SourceDocument
from socialpolicy.inputs import Account
from socialpolicy.lexicons import Contact, Lexicon
from socialpolicy.rules import Rule


class PackManifest(Frozen):
    """`pack.yaml`: what a pack is, and whom it binds by default."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    title: str
    version: str
    issuer: str
    description: str
    documents: tuple[SourceDocument, ...] = Field(min_length=1)
    assumed_account: Account = Field(
        description="Whom a post is judged as written by when no account is given."
    )
    assumed_account_note: str = Field(description="One line on why this is the default author.")


class PolicyPack(Frozen):
    """A loaded, verified pack. `digest` is the bundle revision an auditor quotes."""

    id: str
    title: str
    version: str
    issuer: str
    description: str
    documents: tuple[SourceDocument, ...]
    clauses: tuple[Clause, ...]
    rules: tuple[Rule, ...]
    lexicons: tuple[Lexicon, ...]
    contacts: tuple[Contact, ...]
    assumed_account: Account
    assumed_account_note: str
    digest: str

    def document(self, doc_id: str) -> SourceDocument:
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        raise KeyError(doc_id)

    def clause(self, clause_id: str) -> Clause:
        for clause in self.clauses:
            if clause.id == clause_id:
                return clause
        raise KeyError(clause_id)

    def lexicon(self, lexicon_id: str) -> Lexicon:
        for lex in self.lexicons:
            if lex.id == lexicon_id:
                return lex
        raise KeyError(lexicon_id)

    def rule_versions(self, rule_id: str) -> tuple[Rule, ...]:
        """Every version of a rule, oldest first."""
        return tuple(
            sorted((r for r in self.rules if r.id == rule_id), key=lambda r: r.version_key)
        )

    def rules_in_force(self, on: date) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.in_force(on))

    def rules_for_clause(self, clause_id: str) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if clause_id in r.clause_ids)


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def compute_digest(content: Mapping[str, Any]) -> str:
    """sha256 over the canonical JSON of a pack's content (documents are included by hash)."""
    return "sha256:" + hashlib.sha256(canonical_json(content)).hexdigest()


def pack_content(pack: PolicyPack | Mapping[str, Any]) -> dict[str, Any]:
    """Everything the digest covers: all of the pack but the digest itself."""
    data = pack.model_dump(mode="json") if isinstance(pack, PolicyPack) else dict(pack)
    data.pop("digest", None)
    return data
