"""The hand-written `curation/glossary.yml`, and merging it with the sources' terms.

The file adds terms the sources use without defining, adds aliases, and
corrects source definitions. Its structure is validated strictly (errors
are raised, naming file, line and field). In the merge (`merge_glossary`)
a curated entry always wins and keeps the anchor of its own name; what
the sources say besides is kept as other sources' definitions and
reported as notices, since the build goes on either way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.core.errors import BriefingError
from generator.core.ids import IdAllocator
from generator.core.model import Term
from generator.core.text import fold
from generator.core.yamlfile import check_keys, line_of, load
from generator.glossary.names import term_id, unique_names

CURATED = "curated"  # Term.source of a term that only the curated file defines
_SPACES = re.compile(r"\s+")
_FILE_KEYS = frozenset({"terms"})
_CURATED_KEYS = frozenset({"name", "aliases", "definition", "id", "correction"})
_ID = re.compile(r"^[0-9a-z\u3400-\u9fff-]+$")
_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef\u201c\u201d"
# Between two CJK characters, or after CJK punctuation, a space is only a folded line end.
_CJK_GAP = re.compile(f"(?<=[{_CJK}])\\s+(?=[{_CJK}])|(?<=[\u3000-\u303f\uff00-\uffef])\\s+")


@dataclass(frozen=True, slots=True)
class CuratedTerm:
    """One entry of `curation/glossary.yml`.

    Attributes:
        name: the term as the glossary shows it; matched against table terms.
        aliases: other names to match and show.
        definition: plain text; empty keeps a table term's definition.
        id: anchor on the glossary page, when the derived one will not do.
        correction: why the table's definition is replaced (shown to readers).
        path: the curated file, for messages.
        line: 1-based line of the entry.
    """

    name: str
    aliases: tuple[str, ...] = ()
    definition: str = ""
    id: str = ""
    correction: str = ""
    path: str = ""
    line: int = 0

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def load_curated_terms(path: str | Path, display: str = "") -> list[CuratedTerm]:
    """Read and validate the curated glossary file; a missing file means no entries.

    The file holds `terms:`, a list of mappings with the keys `name`
    (required), `aliases` (list), `definition`, `id` and `correction`.

    Args:
        path: the file.
        display: how messages name it (e.g. `curation/glossary.yml`).

    Raises:
        BriefingError: malformed YAML, an unknown or mistyped key, a missing
            name, or a name used twice; naming the file, line and field.
    """
    path = Path(path)
    display = display or str(path)
    if not path.exists():
        return []
    data = load(path, display)
    if data is None:
        return []
    if not isinstance(data, dict):
        raise BriefingError("must be a mapping with the key `terms`", display, 1)
    check_keys(data, _FILE_KEYS, display)
    entries = data.get("terms") or []
    if not isinstance(entries, list):
        raise BriefingError("must be a list of terms", display, line_of(data, "terms"), "terms")
    out = [_curated(body, line_of(entries, i), display) for i, body in enumerate(entries)]
    _check_names_unique(out)
    return out


def _curated(body: object, line: int, display: str) -> CuratedTerm:
    if not isinstance(body, dict):
        raise BriefingError("each term must be a mapping with at least `name`", display, line)
    check_keys(body, _CURATED_KEYS, display, str(body.get("name", "")))
    if "name" not in body:
        raise BriefingError("missing required key", display, line, "name")
    values = {key: _text(body, key, display) for key in body if key != "aliases"}
    aliases = body.get("aliases", [])
    if not isinstance(aliases, list):
        raise BriefingError("must be a list of names", display, line_of(body, "aliases"), "aliases")
    names = tuple(_text(aliases, i, display, "aliases") for i in range(len(aliases)))
    if values.get("id") and not _ID.match(values["id"]):
        raise BriefingError("use lower-case letters, digits, CJK and hyphens", display, line_of(body, "id"), "id")
    return CuratedTerm(aliases=names, path=display, line=line, **values)


def _text(data: dict | list, key: str | int, display: str, field: str = "") -> str:
    value = data[key]
    if not isinstance(value, str) or not value.strip():
        raise BriefingError("must be non-empty text", display, line_of(data, key), field or str(key))
    return join_lines(value)


def join_lines(text: str) -> str:
    """Collapse whitespace, dropping it between CJK characters (YAML folds lines with a space)."""
    return _SPACES.sub(" ", _CJK_GAP.sub("", text)).strip()


def _check_names_unique(entries: list[CuratedTerm]) -> None:
    seen: dict[str, CuratedTerm] = {}
    for entry in entries:
        for name in entry.names:
            if (other := seen.get(fold(name))) is not None and other is not entry:
                raise BriefingError(
                    f"name {name!r} is already used by the entry on line {other.line}", path=entry.path, line=entry.line, field="name"
                )
            seen[fold(name)] = entry


# --- Merging source terms with the curated file ------------------------------


@dataclass(frozen=True, slots=True)
class Glossary:
    """The merged glossary.

    Attributes:
        terms: every term, ids unique: terms a source defines, in source
            order, then terms only the curated file defines.
        others: term id -> further definitions of the term by other
            sources (or other rows), each a source `Term` with its own
            name, definition and citation, in source order.
        problems: notices about the sources and problems in the curated
            file the build worked around.
    """

    terms: tuple[Term, ...]
    others: dict[str, tuple[Term, ...]] = field(default_factory=dict)
    problems: tuple[BriefingError, ...] = ()


@dataclass(slots=True)
class _Slot:
    """One glossary term being assembled: its curated entry, if any, and the source rows that define it."""

    entry: CuratedTerm | None
    rows: list[Term] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    first: int = 0  # position of its first row among the source terms


def merge_terms(parsed: Iterable[Term], curated: Iterable[CuratedTerm]) -> tuple[tuple[Term, ...], list[BriefingError]]:
    """`merge_glossary` without the other sources' definitions: (terms, problems)."""
    glossary = merge_glossary(parsed, curated)
    return glossary.terms, list(glossary.problems)


def merge_glossary(parsed: Iterable[Term], curated: Iterable[CuratedTerm]) -> Glossary:
    """Source terms plus the curated file: the curated entry always wins.

    Each curated entry is a term, never dropped, with the id of its own
    name (or its `id`). A source term whose name or alias is a name of a
    known term joins that term, curated entries first: the first such
    row defines an entry without a `definition` (and is the row a
    `correction` corrects); every later one is shown as another source's
    definition, with its citation, and its new names become aliases. A
    name already taken by another term stays with that term. Terms no
    curated entry names take the id of the first row's name, so adding a
    source never changes the id of a term that exists without it (a new
    source that sorts first and names a table-only term differently can;
    a curated entry pins it).

    Returns:
        the glossary; its problems are notices (a second definition, a
        name that belongs to another term) and curated-file mistakes.
    """
    problems: list[BriefingError] = []
    slots = [_Slot(entry, names=list(entry.names)) for entry in curated]
    index = {fold(name): slot for slot in slots for name in slot.names}
    for position, row in enumerate(parsed):
        slot = _owner(row, index)
        if slot is None:
            slot = _Slot(None, first=position)
            slots.append(slot)
        elif (notice := _joined(row, slot, index)) is not None:
            problems.append(notice)
        if not slot.rows:
            slot.first = position
        slot.rows.append(row)
        for name in row.names:
            if index.setdefault(fold(name), slot) is slot and fold(name) not in {fold(n) for n in slot.names}:
                slot.names.append(name)
    ids = _ids(slots)
    terms: list[tuple[int, Term]] = []
    others: dict[str, tuple[Term, ...]] = {}
    for order, slot in enumerate(slots):
        term, more = _term(slot, ids[order], problems)
        if term is None:
            continue
        # Terms a source defines in source order, then curated-only terms in file order.
        terms.append(((0, slot.first) if slot.rows else (1, order), term))
        if more:
            others[term.id] = more
    return Glossary(tuple(t for _, t in sorted(terms, key=lambda pt: pt[0])), others, tuple(problems))


def _owner(row: Term, index: dict[str, _Slot]) -> _Slot | None:
    """The known term a source row defines: the one its own name names, else the first its aliases name."""
    return next((index[fold(n)] for n in row.names if fold(n) in index), None)


def _joined(row: Term, slot: _Slot, index: dict[str, _Slot]) -> BriefingError | None:
    """The notice for a source row that joins a known term, when there is something to say."""
    entry = slot.entry
    # The first row defines a curated entry without a definition, or is the row its `correction` corrects.
    defining = entry is not None and not slot.rows and (not entry.definition or bool(entry.correction))
    notes = []
    strays = [n for n in row.names if fold(n) in index and index[fold(n)] is not slot]
    if strays:
        notes.append(f"{', '.join(map(repr, strays))} names another term and stays with it")
    if not defining and not _same_text(row.definition, _main_definition(slot)):
        notes.append("its definition here is shown there as another source's")
    if not notes:
        return None
    name = entry.name if entry is not None else slot.rows[0].name
    # The path is the source's slug here; the site maps it to the file in seeds/.
    return BriefingError(f"term {row.name!r} is already in the glossary as {name!r}; {'; '.join(notes)}", path=row.source, line=row.line)


def _main_definition(slot: _Slot) -> str:
    if slot.entry is not None and slot.entry.definition:
        return slot.entry.definition
    return slot.rows[0].definition if slot.rows else ""


def _same_text(a: str, b: str) -> bool:
    return _SPACES.sub("", a) == _SPACES.sub("", b)


def _ids(slots: list[_Slot]) -> list[str]:
    """Curated entries take their ids first, so no source term can take one of theirs."""
    taken = IdAllocator()
    ids = [""] * len(slots)
    order = sorted(range(len(slots)), key=lambda i: slots[i].entry is None)  # stable: curated, then source order
    for i in order:
        slot = slots[i]
        name = slot.entry.name if slot.entry else slot.rows[0].name
        ids[i] = taken.take((slot.entry.id if slot.entry else "") or term_id(name))
    return ids


def _term(slot: _Slot, tid: str, problems: list[BriefingError]) -> tuple[Term | None, tuple[Term, ...]]:
    entry, rows = slot.entry, slot.rows
    if entry is None:
        first = rows[0]
        term = replace(first, id=tid, aliases=unique_names(slot.names, exclude=first.name))
        return term, _distinct(rows[1:], first.definition)
    if not rows:
        return _new_term(entry, tid, problems), ()
    first = rows[0]
    aliases = unique_names(slot.names, exclude=entry.name)
    if not entry.definition:
        if entry.correction:
            problems.append(
                BriefingError("the definition is the table's own, so there is nothing to correct", entry.path, entry.line, "correction")
            )
        return replace(first, id=tid, name=entry.name, aliases=aliases), _distinct(rows[1:], first.definition)
    if entry.correction:
        # The correction replaces the first row's definition, which it cites; later rows are shown as they are.
        if _same_text(entry.definition, first.definition):
            problems.append(
                BriefingError("the definition is the table's own, so there is nothing to correct", entry.path, entry.line, "correction")
            )
        return replace(first, id=tid, name=entry.name, aliases=aliases, definition=entry.definition), _distinct(rows[1:], entry.definition)
    term = Term(id=tid, name=entry.name, aliases=aliases, definition=entry.definition, source=CURATED)
    return term, _distinct(rows, entry.definition)


def _distinct(rows: Iterable[Term], main: str) -> tuple[Term, ...]:
    """Rows whose definition says something other than the main one and than each other."""
    seen = {_SPACES.sub("", main)}
    out = []
    for row in rows:
        if (key := _SPACES.sub("", row.definition)) not in seen:
            seen.add(key)
            out.append(row)
    return tuple(out)


def _new_term(entry: CuratedTerm, tid: str, problems: list[BriefingError]) -> Term | None:
    if not entry.definition:
        problems.append(BriefingError("a term that no terms table defines needs a definition", entry.path, entry.line, "definition"))
        return None
    if entry.correction:
        problems.append(
            BriefingError("no terms table defines this term, so there is nothing to correct", entry.path, entry.line, "correction")
        )
    return Term(id=tid, name=entry.name, aliases=entry.aliases, definition=entry.definition, source=CURATED)


def editorial_notes(terms: Iterable[Term], curated: Iterable[CuratedTerm]) -> dict[str, str]:
    """Term id -> the curated `correction` reason, for terms whose table definition was replaced."""
    by_name = {fold(t.name): t.id for t in terms if t.source != CURATED}
    return {by_name[fold(c.name)]: c.correction for c in curated if c.correction and fold(c.name) in by_name}
