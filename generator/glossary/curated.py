"""The hand-written `curation/glossary.yml`, and merging it with table terms.

The file adds terms the sources use without defining, adds aliases, and
corrects table definitions. Its structure is validated strictly (errors
are raised, naming file, line and field); clashes with table terms are
returned as problems, since the build can go on with the curated version.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from generator.core.errors import BriefingError
from generator.core.ids import IdAllocator
from generator.core.model import Term
from generator.core.text import fold
from generator.core.yamlfile import check_keys, line_of, load
from generator.glossary.tables import term_id, unique_names

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


# --- Merging table terms with the curated file -------------------------------


def merge_terms(parsed: Iterable[Term], curated: Iterable[CuratedTerm]) -> tuple[tuple[Term, ...], list[BriefingError]]:
    """Table terms plus curated additions and overrides, with unique ids.

    A curated entry whose name or alias matches a table term updates it:
    its name and definition win, aliases are combined, and the table row
    stays the cited source. A different definition without a `correction`
    (the documented reason) is reported as a problem, since it may be an
    accident. A term defined by two tables keeps the first definition.

    Returns:
        (table terms in the given order, then new curated ones; problems).
    """
    problems: list[BriefingError] = []
    terms, index = _table_terms(parsed, problems)
    updated: dict[int, CuratedTerm] = {}
    for entry in curated:
        hits = sorted({index[fold(n)] for n in entry.names if fold(n) in index})
        if len(hits) > 1 or (hits and hits[0] in updated):
            problems.append(_clash(entry, [terms[i] for i in hits], updated.get(hits[0])))
            continue
        if hits:
            terms[hits[0]] = _override(terms[hits[0]], entry, problems)
            updated[hits[0]] = entry
        elif (term := _new_term(entry, problems)) is not None:
            hits = [len(terms)]
            terms.append(term)
        index.update((fold(n), hits[0]) for n in entry.names if hits)
    return _with_unique_ids(terms), problems


def _table_terms(parsed: Iterable[Term], problems: list[BriefingError]) -> tuple[list[Term], dict[str, int]]:
    """Table terms without repeats, and folded name -> position."""
    terms: list[Term] = []
    index: dict[str, int] = {}
    for term in parsed:
        hit = next((index[fold(n)] for n in term.names if fold(n) in index), None)
        if hit is None:
            index.update((fold(n), len(terms)) for n in term.names)
            terms.append(term)
        elif not _same_row(term, terms[hit]):
            other = terms[hit]
            message = f"term {term.name!r} is already defined by {other.source} as {other.name!r}; this row is skipped"
            # The path is the source's slug here; the site maps it to the file in seeds/.
            problems.append(BriefingError(message, path=term.source, line=term.line))
    return terms, index


def _same_row(a: Term, b: Term) -> bool:
    """One table row copied into another source's table: no conflict to report."""
    return fold(a.name) == fold(b.name) and _SPACES.sub("", a.definition) == _SPACES.sub("", b.definition)


def _clash(entry: CuratedTerm, hits: list[Term], earlier: CuratedTerm | None) -> BriefingError:
    if earlier is not None and len(hits) == 1:
        message = f"curated term {entry.name!r} updates {hits[0].name!r} like the entry on line {earlier.line}; skipped"
    else:
        message = f"curated term {entry.name!r} matches several terms ({', '.join(repr(t.name) for t in hits)}); skipped"
    return BriefingError(message, path=entry.path, line=entry.line, field="name")


def _new_term(entry: CuratedTerm, problems: list[BriefingError]) -> Term | None:
    if not entry.definition:
        problems.append(BriefingError("a term that no terms table defines needs a definition", entry.path, entry.line, "definition"))
        return None
    if entry.correction:
        problems.append(
            BriefingError("no terms table defines this term, so there is nothing to correct", entry.path, entry.line, "correction")
        )
    return Term(id=entry.id or term_id(entry.name), name=entry.name, aliases=entry.aliases, definition=entry.definition, source=CURATED)


def _override(base: Term, entry: CuratedTerm, problems: list[BriefingError]) -> Term:
    definition = entry.definition or base.definition
    changed = _SPACES.sub("", definition) != _SPACES.sub("", base.definition)
    if changed and not entry.correction:
        message = (
            f"curated term {entry.name!r} redefines {base.name!r} from {base.source} (line {base.line}); "
            "the curated definition is used (add `correction:` with the reason to confirm)"
        )
        problems.append(BriefingError(message, entry.path, entry.line, "definition"))
    elif entry.correction and not changed:
        problems.append(
            BriefingError("the definition is the table's own, so there is nothing to correct", entry.path, entry.line, "correction")
        )
    aliases = unique_names([*entry.aliases, *base.names], exclude=entry.name)
    return replace(base, id=entry.id or base.id, name=entry.name, aliases=aliases, definition=definition)


def _with_unique_ids(terms: list[Term]) -> tuple[Term, ...]:
    ids = IdAllocator()
    return tuple(replace(t, id=ids.take(t.id or term_id(t.name))) for t in terms)


def editorial_notes(terms: Iterable[Term], curated: Iterable[CuratedTerm]) -> dict[str, str]:
    """Term id -> the curated `correction` reason, for terms whose table definition was replaced."""
    by_name = {fold(t.name): t.id for t in terms}
    return {by_name[fold(c.name)]: c.correction for c in curated if c.correction and fold(c.name) in by_name}
