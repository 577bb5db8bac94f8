"""Load a policy pack from its directory: parse, validate, resolve citations, verify, digest.

Every problem is collected with its file, line and field; loading fails with `PackProblems`
listing all of them, so a policy writer sees everything at once. Files are read through
`socialpolicy.packfiles` (no links, nothing outside the pack) and parsed by
`socialpolicy._yaml` (aliases bounded before anything is built).
"""

from __future__ import annotations

import contextlib
import gc
import os
import threading
from collections.abc import Iterable, Iterator, Mapping
from datetime import timedelta
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from socialpolicy._yaml import Located, Path_, parse
from socialpolicy.citations import (
    Citation,
    Span,
    aligned_passage,
    find_unique,
    nearest_match,
    verify,
)
from socialpolicy.clauses import Clause
from socialpolicy.conditions import FactTest, SignalTest, walk
from socialpolicy.documents import SourceDocument, sha256_hex
from socialpolicy.errors import (
    CitationError,
    Location,
    PackError,
    PackNotFoundError,
    PackProblems,
    PackReferenceError,
    PackSchemaError,
    PackUnsafeError,
    PackVersionError,
    closest,
)
from socialpolicy.facts import FACTS
from socialpolicy.lexicons import Contact, Lexicon
from socialpolicy.packfiles import pack_files, read_pack_file
from socialpolicy.packs import PackManifest, PolicyPack, compute_digest, pack_content
from socialpolicy.rules import Rule

M = TypeVar("M", bound=BaseModel)

MAX_FILE_BYTES = 5_000_000


def builtin_packs_dir() -> Path:
    """Where built-in packs live: inside the wheel, or the repository's `policies/` in development."""
    installed = Path(str(resources.files("socialpolicy"))) / "_packs"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[2] / "policies"


def builtin_pack_names() -> list[str]:
    root = builtin_packs_dir()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "pack.yaml").is_file())


def resolve_pack_dir(name_or_path: str | os.PathLike[str]) -> Path:
    """A built-in pack name or a pack directory path."""
    text = str(name_or_path)
    names = builtin_pack_names()
    if text in names:
        return builtin_packs_dir() / text
    path = Path(text)
    if path.is_dir() and (path / "pack.yaml").is_file():
        return path
    if path.is_dir():
        raise PackNotFoundError("directory has no pack.yaml", Location(file=str(path)))
    raise PackNotFoundError(
        f"no built-in pack or pack directory named {text!r} (built-in: {', '.join(names) or 'none'})",
        Location(file=text),
        suggestion=closest(text, names),
    )


class _Collector:
    def __init__(self, pack_dir: Path) -> None:
        self.pack_dir = pack_dir
        self.problems: list[PackError] = []
        # Documents that failed their hash. Their citations are still checked against the
        # edited text (`edited_documents`), so that the writer learns which clauses to
        # re-cite; a document that cannot be read at all has no citation checked.
        self.broken_documents: set[str] = set()
        self.edited_documents: dict[str, SourceDocument] = {}
        # Likewise clauses that failed validation: rules citing them are not reported as
        # citing an unknown clause.
        self.broken_ids: set[str] = set()

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.pack_dir.parent))
        except ValueError:
            return str(path)

    def add(self, error: PackError) -> None:
        self.problems.append(error)

    def read_yaml(self, path: Path) -> Located | None:
        file = self.rel(path)
        try:
            raw = read_pack_file(self.pack_dir, path, MAX_FILE_BYTES)
            text = raw.decode("utf-8")
        except (OSError, UnicodeDecodeError, PackError) as exc:
            self.add(
                exc
                if isinstance(exc, PackError)
                else PackSchemaError(f"cannot read file: {exc}", Location(file=file))
            )
            return None
        try:
            return parse(text, file)
        except PackError as exc:
            self.add(exc)
            return None

    def validate(self, model: type[M], data: Any, located: Located, path: Path_) -> M | None:
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors():
                self.add(_schema_error(err, located, path))
            return None


def _yaml_files(directory: Path) -> list[Path]:
    """The pack's `*.yaml` files in `directory`, hidden ones left out (as the log's snapshot
    leaves them out)."""
    return sorted(p for p in directory.glob("*.yaml") if not p.name.startswith("."))


def _data_path(data: Any, loc: Iterable[str | int]) -> Path_:
    """Pydantic's error location without the union tags it inserts, as a path into the data."""
    out: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str):
            if part in node:
                out.append(part)
                node = node[part]
            elif part in ("all", "any", "not", "signal", "fact") or part.startswith("function-"):
                continue  # a union tag pydantic inserts: not in the data
            else:
                out.append(part)  # a missing field: name it and stop descending
                node = None
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            out.append(part)
            node = node[part]
    return tuple(out)


_KNOWN_KEYS: set[str] = set()


def _known_keys() -> set[str]:
    if not _KNOWN_KEYS:
        from socialpolicy import clauses, documents, inputs, lexicons, packs, rules

        for module in (clauses, documents, inputs, lexicons, packs, rules):
            for obj in vars(module).values():
                if isinstance(obj, type) and issubclass(obj, BaseModel):
                    for name, info in obj.model_fields.items():
                        _KNOWN_KEYS.add(info.alias or name)
        _KNOWN_KEYS.update(
            {"all", "any", "not", "signal", "fact", "equals", "in", "at_least", "at_most", "has"}
        )
    return _KNOWN_KEYS


def _schema_error(err: Mapping[str, Any], located: Located, base: Path_) -> PackSchemaError:
    node = located.data
    for part in base:
        node = node[part]
    rel = _data_path(node, err["loc"])
    path = base + rel
    message = str(err["msg"])
    suggestion = None
    if err["type"] == "extra_forbidden" and path:
        message = f"unknown field {path[-1]!r}"
        suggestion = closest(str(path[-1]), _known_keys())
    elif err["type"] == "missing" and path:
        message = f"missing required field {path[-1]!r}"
    elif message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    return PackSchemaError(message, located.location(path), suggestion=suggestion)


class _CollectorPause:
    """Pauses the cyclic garbage collector while a pack is built, and restores it after.

    Loading a pack allocates tens of thousands of containers (YAML nodes, parsed data, models,
    the matcher's entries) and frees few: each allocation burst would start a collection that
    walks every live object, for nothing, and costs a tenth of the load. Reference counting
    still frees everything at once; cycles wait for the next collection. Nested and
    concurrent loads share one pause; the collector is enabled again only if it was enabled
    when the first one began.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._depth = 0
        self._was_enabled = False

    @contextlib.contextmanager
    def __call__(self) -> Iterator[None]:
        with self._lock:
            if self._depth == 0:
                self._was_enabled = gc.isenabled()
                gc.disable()
            self._depth += 1
        try:
            yield
        finally:
            with self._lock:
                self._depth -= 1
                if self._depth == 0 and self._was_enabled:
                    gc.enable()


collector_paused = _CollectorPause()


def load_pack(name_or_path: str | os.PathLike[str]) -> PolicyPack:
    """Load and verify a pack; raise `PackProblems` listing every problem found."""
    pack_dir = resolve_pack_dir(name_or_path)
    col = _Collector(pack_dir)
    with collector_paused():
        pack = _load(pack_dir, col)
    if col.problems or pack is None:
        raise PackProblems(pack_dir.name, col.problems or [PackError("pack could not be loaded")])
    return pack


def _load(pack_dir: Path, col: _Collector) -> PolicyPack | None:
    try:
        pack_files(pack_dir)  # a link or a FIFO anywhere in the pack: refuse it outright
    except PackError as exc:
        col.add(exc)
        return None
    manifest_file = pack_dir / "pack.yaml"
    located = col.read_yaml(manifest_file)
    if located is None:
        return None
    manifest = col.validate(PackManifest, located.data, located, ())
    if manifest is None:
        return None
    documents = _load_documents(pack_dir, manifest, located, col)

    clause_file = pack_dir / "clauses.yaml"
    if not clause_file.exists():
        col.add(PackSchemaError("missing file clauses.yaml", Location(file=col.rel(clause_file))))
    clauses = _load_entries(clause_file, "clauses", Clause, col) if clause_file.exists() else []
    lexicons = _load_lexicons(pack_dir / "lexicons", col)
    _check_required_lexicons(lexicons, pack_dir, col)
    contacts_file = pack_dir / "contacts.yaml"
    contacts = _load_list(contacts_file, "contacts", Contact, col) if contacts_file.exists() else []
    rule_entries: list[tuple[Rule, Located, Path_]] = []
    rules_dir = pack_dir / "rules"
    if rules_dir.is_dir():
        for path in _yaml_files(rules_dir):
            rule_entries.extend(_load_entries(path, "rules", Rule, col))

    docs_by_id = {d.id: d for d in documents}
    clause_list = _check_clauses(clauses, docs_by_id, col)
    rules = _check_rules(
        rule_entries, {c.id: c for c in clause_list}, docs_by_id, {lex.id for lex in lexicons}, col
    )
    if col.problems:
        return None
    # Every part was validated above (the strings by the manifest, the rest as models), and
    # `PolicyPack` has no check of its own: `model_validate` would only run every nested
    # model's validators a second time (pydantic re-runs them on instances).
    draft = PolicyPack.model_construct(
        id=manifest.id,
        title=manifest.title,
        version=manifest.version,
        issuer=manifest.issuer,
        description=manifest.description,
        documents=tuple(documents),
        clauses=tuple(clause_list),
        rules=tuple(sorted(rules, key=lambda r: (r.id, r.version_key))),
        lexicons=tuple(sorted(lexicons, key=lambda lex: lex.id)),
        contacts=tuple(contacts),
        assumed_account=manifest.assumed_account,
        assumed_account_note=manifest.assumed_account_note,
        digest="",
    )
    pack = draft.model_copy(update={"digest": compute_digest(pack_content(draft))})
    return pack


def _load_documents(
    pack_dir: Path, manifest: PackManifest, located: Located, col: _Collector
) -> list[SourceDocument]:
    out: list[SourceDocument] = []
    for i, doc in enumerate(manifest.documents):
        where = located.location(("documents", i, "file"))
        path = Path(os.path.normpath(pack_dir / doc.file))
        try:
            raw = read_pack_file(pack_dir, path, MAX_FILE_BYTES)
        except PackUnsafeError as exc:
            col.broken_documents.add(doc.id)
            col.add(PackUnsafeError(f"document file {doc.file!r}: {exc.message}", where))
            continue
        except (OSError, PackError) as exc:
            col.broken_documents.add(doc.id)
            col.add(PackReferenceError(f"cannot read document {doc.file!r}: {exc}", where))
            continue
        actual = sha256_hex(raw)
        if actual != doc.sha256:
            col.broken_documents.add(doc.id)
            col.add(
                CitationError(
                    f"document {doc.id!r} ({doc.file}) has sha256 {actual}, "
                    f"but the pack records {doc.sha256}: the shipped text was changed",
                    located.location(("documents", i, "sha256")),
                    suggestion="the citation errors below name each quote the edit broke; "
                    "if the edit is wanted, re-cite those and record the new sha256",
                )
            )
            # Not UTF-8 any more: reported above as changed; no text to compare quotes with.
            with contextlib.suppress(UnicodeDecodeError):
                col.edited_documents[doc.id] = doc.with_text(raw)
            continue
        try:
            out.append(doc.with_text(raw))
        except UnicodeDecodeError as exc:
            col.add(
                PackReferenceError(f"document {doc.file!r} is not {doc.encoding}: {exc}", where)
            )
    return out


def _load_entries(
    path: Path, key: str, model: type[M], col: _Collector
) -> list[tuple[M, Located, Path_]]:
    located = col.read_yaml(path)
    if located is None:
        return []
    data = located.data
    if not isinstance(data, dict) or key not in data:
        col.add(PackSchemaError(f"expected a mapping with a '{key}' list", located.location(())))
        return []
    extra = sorted(set(data) - {key})
    if extra:
        col.add(
            PackSchemaError(f"unknown top-level field {extra[0]!r}", located.location((extra[0],)))
        )
    items = data[key]
    if not isinstance(items, list):
        col.add(PackSchemaError(f"'{key}' must be a list", located.location((key,))))
        return []
    out: list[tuple[M, Located, Path_]] = []
    for i, item in enumerate(items):
        obj = col.validate(model, item, located, (key, i))
        if obj is not None:
            out.append((obj, located, (key, i)))
        elif isinstance(item, dict) and isinstance(item.get("id"), str):
            col.broken_ids.add(item["id"])
    return out


def _load_list(path: Path, key: str, model: type[M], col: _Collector) -> list[M]:
    return [obj for obj, _, _ in _load_entries(path, key, model, col)]


def _load_lexicons(lex_dir: Path, col: _Collector) -> list[Lexicon]:
    out: list[Lexicon] = []
    if not lex_dir.is_dir():
        return out
    seen: dict[str, str] = {}
    for path in _yaml_files(lex_dir):
        located = col.read_yaml(path)
        if located is None:
            continue
        lex = col.validate(Lexicon, located.data, located, ())
        if lex is None:
            col.broken_ids.add(path.stem)
            continue
        if lex.id != path.stem:
            col.add(
                PackReferenceError(
                    f"lexicon id {lex.id!r} does not match its file name {path.name!r}",
                    located.location(("id",)),
                )
            )
        if lex.id in seen:
            col.add(
                PackReferenceError(
                    f"duplicate lexicon id {lex.id!r} (also in {seen[lex.id]})",
                    located.location(("id",)),
                )
            )
        seen[lex.id] = col.rel(path)
        out.append(lex)
    return out


def _check_required_lexicons(lexicons: list[Lexicon], pack_dir: Path, col: _Collector) -> None:
    from socialpolicy.detectors import REQUIRED_LEXICONS

    have = {lex.id for lex in lexicons} | col.broken_ids
    for lex_id in REQUIRED_LEXICONS:
        if lex_id not in have:
            col.add(
                PackReferenceError(
                    f"the detectors need a lexicon {lex_id!r}: add lexicons/{lex_id}.yaml",
                    Location(file=col.rel(pack_dir / "lexicons" / f"{lex_id}.yaml")),
                )
            )


def _verify_citation(
    cit: Citation, docs: Mapping[str, SourceDocument], owner: str, where: Location, col: _Collector
) -> bool:
    doc = docs.get(cit.document_id)
    if doc is None and cit.document_id in col.broken_documents:
        edited = col.edited_documents.get(cit.document_id)
        problem = verify(cit, edited.text) if edited is not None else None
        if edited is not None and problem is not None:
            col.add(
                _quote_error(
                    f"{owner}: the edited document no longer matches the quote: {problem}",
                    where,
                    cit,
                    edited.text,
                )
            )
        return False
    if doc is None:
        col.add(
            PackReferenceError(
                f"{owner} cites unknown document {cit.document_id!r}",
                where,
                suggestion=closest(cit.document_id, docs),
            )
        )
        return False
    problem = verify(cit, doc.text)
    if problem is None:
        return True
    col.add(_quote_error(f"{owner}: {problem}", where, cit, doc.text))
    return False


def _quote_error(message: str, where: Location, cit: Citation, text: str) -> CitationError:
    """A citation error carrying the quote and the closest text now in the document (a diff)."""
    found = aligned_passage(text, cit.quote, around=cit.span.start)
    return CitationError(
        message, where, expected=cit.quote, found=found if found != cit.quote else None
    )


def _check_clauses(
    entries: list[tuple[Clause, Located, Path_]],
    docs: Mapping[str, SourceDocument],
    col: _Collector,
) -> list[Clause]:
    out: list[Clause] = []
    seen: set[str] = set()
    for clause, located, path in entries:
        if clause.id in seen:
            col.add(
                PackReferenceError(
                    f"duplicate clause id {clause.id!r}", located.location(path + ("id",))
                )
            )
            continue
        seen.add(clause.id)
        for j, cit in enumerate(clause.citations):
            _verify_citation(
                cit,
                docs,
                f"clause {clause.id}",
                located.location(path + ("citations", j, "quote")),
                col,
            )
        doc = docs.get(clause.citations[0].document_id)
        if doc is not None and clause.text not in doc.text:
            near = nearest_match(doc.text, clause.text)
            col.add(
                CitationError(
                    f"clause {clause.id}: its text does not occur verbatim in {doc.id!r}"
                    + (f"; nearest text is {near[1]!r}" if near else ""),
                    located.location(path + ("text",)),
                )
            )
        out.append(clause)
    return out


def _check_rules(
    entries: list[tuple[Rule, Located, Path_]],
    clauses: Mapping[str, Clause],
    docs: Mapping[str, SourceDocument],
    lexicon_ids: set[str],
    col: _Collector,
) -> list[Rule]:
    from socialpolicy.detectors import signal_catalogue

    signals = signal_catalogue(lexicon_ids)
    out: list[Rule] = []
    versions: dict[tuple[str, str], Location] = {}
    by_id: dict[str, list[tuple[Rule, Located, Path_]]] = {}
    for rule, located, path in entries:
        where = located.location(path + ("id",))
        key = (rule.id, rule.version)
        if key in versions:
            col.add(
                PackReferenceError(
                    f"duplicate rule {rule.id} version {rule.version} (also at {versions[key]})",
                    where,
                )
            )
            continue
        versions[key] = where
        citations = _resolve_rule_citations(rule, clauses, docs, located, path, col)
        _check_condition(rule, signals, located, path, col)
        by_id.setdefault(rule.id, []).append((rule, located, path))
        out.append(rule.model_copy(update={"citations": tuple(citations)}))
    for rule_id, group in by_id.items():
        _check_overlap(rule_id, group, col)
    return out


def _resolve_rule_citations(
    rule: Rule,
    clauses: Mapping[str, Clause],
    docs: Mapping[str, SourceDocument],
    located: Located,
    path: Path_,
    col: _Collector,
) -> list[Citation]:
    out: list[Citation] = []
    for i, ref in enumerate(rule.implements):
        where = located.location(path + ("implements", i, "clause"))
        clause = clauses.get(ref.clause)
        if clause is None and ref.clause in col.broken_ids:
            continue
        if clause is None:
            col.add(
                PackReferenceError(
                    f"rule {rule.id} implements unknown clause {ref.clause!r}",
                    where,
                    suggestion=closest(ref.clause, clauses),
                )
            )
            continue
        resolved = None
        for cit in clause.citations:
            offsets = find_unique(cit.quote, ref.quote)
            if len(offsets) == 1:
                start = cit.span.start + offsets[0]
                resolved = Citation(
                    document_id=cit.document_id,
                    section=cit.section,
                    quote=ref.quote,
                    span=Span(start=start, end=start + len(ref.quote)),
                )
                break
        if resolved is None:
            quotes = "\n".join(c.quote for c in clause.citations)
            near = nearest_match(quotes, ref.quote)
            found = aligned_passage(quotes, ref.quote) if near else None
            col.add(
                CitationError(
                    f"rule {rule.id}: quote {ref.quote!r} does not occur exactly once in a citation of "
                    f"clause {clause.id}"
                    + (f"; nearest text there is {near[1]!r}" if near else ""),
                    located.location(path + ("implements", i, "quote")),
                    expected=ref.quote,
                    found=found if found != ref.quote else None,
                )
            )
            continue
        doc = docs.get(resolved.document_id)
        if doc is not None and doc.text[resolved.span.start : resolved.span.end] != resolved.quote:
            col.add(CitationError(f"rule {rule.id}: resolved quote is not in the document", where))
            continue
        out.append(resolved)
    return out


def _check_condition(
    rule: Rule, signals: Mapping[str, Any], located: Located, path: Path_, col: _Collector
) -> None:
    where = located.location(path + ("when",))
    for leaf, _neg in walk(rule.when):
        if isinstance(leaf, SignalTest):
            spec = signals.get(leaf.signal)
            if spec is None:
                col.add(
                    PackReferenceError(
                        f"rule {rule.id}: unknown signal {leaf.signal!r}",
                        where,
                        suggestion=closest(leaf.signal, signals),
                    )
                )
                continue
            if leaf.has is not None:
                if spec.kind != "tags":
                    col.add(
                        PackReferenceError(
                            f"rule {rule.id}: 'has' needs a tags signal; {leaf.signal} is a {spec.kind}",
                            where,
                        )
                    )
                elif spec.tags and leaf.has not in spec.tags:
                    col.add(
                        PackReferenceError(
                            f"rule {rule.id}: signal {leaf.signal} has no tag {leaf.has!r}",
                            where,
                            suggestion=closest(leaf.has, spec.tags),
                        )
                    )
        elif isinstance(leaf, FactTest):
            fact = FACTS.get(leaf.fact)
            if fact is None:
                col.add(
                    PackReferenceError(
                        f"rule {rule.id}: unknown fact {leaf.fact!r}",
                        where,
                        suggestion=closest(leaf.fact, FACTS),
                    )
                )
                continue
            op = leaf.operator
            values: list[Any]
            if op == "equals":
                values = [leaf.equals]
            elif op == "in":
                values = list(leaf.in_ or ())
            else:
                values = []
                if fact.type != "int":
                    col.add(
                        PackReferenceError(
                            f"rule {rule.id}: '{op}' needs a number fact; {leaf.fact} is {fact.type}",
                            where,
                        )
                    )
            for value in values:
                if not fact.accepts(value):
                    allowed = f" (one of {', '.join(fact.values)})" if fact.values else ""
                    col.add(
                        PackReferenceError(
                            f"rule {rule.id}: fact {leaf.fact} is {fact.type}{allowed}; "
                            f"{value!r} can never match",
                            where,
                        )
                    )


def _check_overlap(rule_id: str, group: list[tuple[Rule, Located, Path_]], col: _Collector) -> None:
    ordered = sorted(group, key=lambda e: e[0].effective_from)
    for (a, _, _), (b, located, path) in zip(ordered, ordered[1:], strict=False):
        a_end = a.effective_to
        if a_end is None or a_end >= b.effective_from:
            day = b.effective_from
            col.add(
                PackVersionError(
                    f"rule {rule_id}: versions {a.version} and {b.version} are both in force on {day} "
                    f"(give {a.version} effective_to: {day - timedelta(days=1)})",
                    located.location(path + ("effective_from",)),
                )
            )
        if b.version_key <= a.version_key:
            col.add(
                PackVersionError(
                    f"rule {rule_id}: version {b.version} takes effect after {a.version} "
                    "but is not a higher version",
                    located.location(path + ("version",)),
                )
            )
