"""What the service answers about packs: the same data `packs`, `clauses` and `explain` print.

Every model here is frozen and generated into the OpenAPI document.
"""

from __future__ import annotations

from datetime import date

from pydantic import Field

from socialpolicy._model import Frozen
from socialpolicy.citations import Citation, Span
from socialpolicy.clauses import Binds, CheckedBy, Clause, Modality
from socialpolicy.documents import DocumentMetadata
from socialpolicy.inputs import Account, Post
from socialpolicy.packs import PolicyPack
from socialpolicy.rules import Determinacy, Level, Rule


class DocumentRef(Frozen):
    id: str
    title: str
    issuer: str
    sha256: str


class PackSummary(Frozen):
    """A served pack, as `socialpolicy packs` lists it."""

    id: str
    title: str
    issuer: str
    version: str
    digest: str = Field(description="The bundle revision an auditor quotes.")
    clauses: int
    rules: int = Field(description="Rules (each counted once, whatever its versions).")
    documents: tuple[DocumentRef, ...]


class RuleRef(Frozen):
    """One version of a rule, in short."""

    id: str
    version: str
    title: str
    level: Level
    determinacy: Determinacy
    effective_from: date
    effective_to: date | None


class ClauseView(Frozen):
    """A clause with the rule versions that implement it (its coverage)."""

    id: str
    heading: str
    text: str
    modality: Modality
    binds: Binds
    checked_by: CheckedBy
    check_note: str | None
    duties: tuple[str, ...]
    citations: tuple[Citation, ...]
    document_id: str = Field(description="The document the clause is in.")
    span: Span | None = Field(
        description="Where the clause's whole text is in that document (its citations quote "
        "the sentences rules rely on); null if the text is not found verbatim."
    )
    rules: tuple[RuleRef, ...]


class Coverage(Frozen):
    """How a pack's clauses are checked."""

    by_checked_by: dict[str, int] = Field(description="Clauses per `checked_by` value.")
    checkable: int = Field(description="Clauses checked on a post or an account.")
    checkable_with_rules: int = Field(description="Of those, clauses at least one rule implements.")
    without_rules: tuple[str, ...] = Field(
        description="Checkable clauses no rule implements (should be empty)."
    )


class PackDetail(Frozen):
    """A pack: what it is, whom it assumes, its clauses and rules, and its coverage."""

    id: str
    title: str
    issuer: str
    version: str
    digest: str
    description: str
    assumed_account: Account
    assumed_account_note: str
    documents: tuple[DocumentRef, ...]
    clauses: tuple[ClauseView, ...]
    coverage: Coverage


class RuleVersions(Frozen):
    """Every version of one rule, oldest first, with its examples."""

    rule: str
    versions: tuple[Rule, ...]


class ClauseDetail(Frozen):
    """One clause verbatim, with its citations and the rule versions that implement it."""

    clause: Clause
    rules: tuple[RuleRef, ...]


class DocumentText(Frozen):
    """A source document as shipped: the text citations' spans index."""

    id: str
    title: str
    issuer: str
    sha256: str
    metadata: DocumentMetadata
    text: str


class EvaluateRequest(Frozen):
    """One post to judge, the account that posts it (optional) and the date to judge by."""

    post: Post
    account: Account | None = Field(
        default=None, description="Omitted: the pack's assumed member; account rules do not run."
    )
    as_of: date | None = Field(
        default=None,
        description="Judge by the rules in force on this date; default the post's date.",
    )


class Health(Frozen):
    status: str = Field(description="`ok`, or what is not ready.")
    packs: tuple[str, ...] = ()
    log: bool = Field(default=False, description="A decision log is configured and open.")


def rule_ref(r: Rule) -> RuleRef:
    return RuleRef(
        id=r.id,
        version=r.version,
        title=r.title,
        level=r.level,
        determinacy=r.determinacy,
        effective_from=r.effective_from,
        effective_to=r.effective_to,
    )


def _docs(pack: PolicyPack) -> tuple[DocumentRef, ...]:
    return tuple(
        DocumentRef(id=d.id, title=d.title, issuer=d.issuer, sha256=d.sha256)
        for d in pack.documents
    )


def summary(pack: PolicyPack) -> PackSummary:
    return PackSummary(
        id=pack.id,
        title=pack.title,
        issuer=pack.issuer,
        version=pack.version,
        digest=pack.digest,
        clauses=len(pack.clauses),
        rules=len({r.id for r in pack.rules}),
        documents=_docs(pack),
    )


def _rules_of(pack: PolicyPack, clause_id: str) -> tuple[RuleRef, ...]:
    rules = sorted(pack.rules_for_clause(clause_id), key=lambda r: (r.id, r.version_key))
    return tuple(rule_ref(r) for r in rules)


def clause_view(pack: PolicyPack, c: Clause) -> ClauseView:
    doc_id = c.citations[0].document_id
    text = pack.document(doc_id).text
    # Search from the first citation back: a clause's text starts at or before its quotes.
    at = text.find(c.text, max(0, c.citations[0].span.start - len(c.text)))
    return ClauseView(
        id=c.id,
        heading=c.heading,
        text=c.text,
        modality=c.modality,
        binds=c.binds,
        checked_by=c.checked_by,
        check_note=c.check_note,
        duties=c.duties,
        citations=c.citations,
        document_id=doc_id,
        span=Span(start=at, end=at + len(c.text)) if at != -1 else None,
        rules=_rules_of(pack, c.id),
    )


def coverage(pack: PolicyPack) -> Coverage:
    counts: dict[str, int] = {k.value: 0 for k in CheckedBy}
    checkable = [c for c in pack.clauses if c.checked_by in (CheckedBy.POST, CheckedBy.ACCOUNT)]
    for c in pack.clauses:
        counts[c.checked_by.value] += 1
    without = tuple(c.id for c in checkable if not pack.rules_for_clause(c.id))
    return Coverage(
        by_checked_by=counts,
        checkable=len(checkable),
        checkable_with_rules=len(checkable) - len(without),
        without_rules=without,
    )


def detail(pack: PolicyPack) -> PackDetail:
    return PackDetail(
        id=pack.id,
        title=pack.title,
        issuer=pack.issuer,
        version=pack.version,
        digest=pack.digest,
        description=pack.description,
        assumed_account=pack.assumed_account,
        assumed_account_note=pack.assumed_account_note,
        documents=_docs(pack),
        clauses=tuple(clause_view(pack, c) for c in pack.clauses),
        coverage=coverage(pack),
    )


def clause_detail(pack: PolicyPack, clause_id: str) -> ClauseDetail:
    return ClauseDetail(clause=pack.clause(clause_id), rules=_rules_of(pack, clause_id))


def document_text(pack: PolicyPack, doc_id: str) -> DocumentText:
    d = pack.document(doc_id)
    return DocumentText(
        id=d.id, title=d.title, issuer=d.issuer, sha256=d.sha256, metadata=d.metadata, text=d.text
    )
