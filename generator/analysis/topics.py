"""Curated topics: reading and validating the hand-written topic files.

A topic is one hand-written Markdown file in `curation/topics/`: its file
name is the topic id, its YAML front matter holds the rules, its body is
the editor's introduction. Adding a file adds a topic; no code changes.

    ---
    title: 监管与政策              # page title
    summary: 一行简介               # plain text, one line
    order: 1                       # display order (then id)
    tags: [监管, 政策]             # Material tags
    threshold: 3                   # score a passage needs (default 3)
    keywords:                      # phrase: weight (> 0), Chinese or English
      出口管制: 3
      regulation: 3                # whole words, any case: also `regulations`
      regulat*: 3                  # a family: regulator, regulatory, regulated
      Qwen*: 3                     # a family: Qwen3, Qwen2.5-Coder, QwenLM
      ReAct: {weight: 3, case: exact}   # only as written: not the verb `react`
    exclude:                       # phrase: weight subtracted (0: just hide the
      有助于监管: 0                 #   keywords inside it), or `veto`; a plain list vetoes
    skip_sections: [作者简介]       # headings (or a document title) whose passages are in no topic
    pinned: [slug/anchor]          # always shown
    excluded: [slug/anchor]        # never shown
    related: [compute-energy]      # other topic ids
    ---
    编者按正文（Markdown）……

A Latin phrase matches whole words only (`agent` finds `agents`, never
`agency` or `agentic`); `*` at its end makes it a family rule (the phrase and
any word it begins, with the version written on to it); `case: exact` makes it
match only as written. A phrase written in lowercase does not count inside a
capitalised name (`Open Source Initiative`). See `generator.analysis.phrases`.

`_shared.md` in the same folder holds rules for every topic: its `exclude`
and `skip_sections` (same syntax) are added to each topic's own.

How passages are scored against these rules: `generator.analysis.classify`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from generator.analysis.keyword_rules import number as _number
from generator.analysis.keyword_rules import parse_keywords as _keywords
from generator.analysis.keyword_rules import phrase_text as _phrase
from generator.analysis.phrases import phrase_key
from generator.core.errors import BriefingError
from generator.core.model import Section
from generator.core.yamlfile import check_keys, line_of, parse, read_text
from generator.sources.readers import markdown as markdown_reader

TOPIC_KEYS = frozenset(
    {"title", "summary", "keywords", "exclude", "skip_sections", "pinned", "excluded", "related", "order", "tags", "threshold"}
)
SHARED_FILE = "_shared.md"  # rules for every topic (not a topic: `_` cannot start a topic id)
SHARED_KEYS = frozenset({"exclude", "skip_sections"})
DEFAULT_THRESHOLD = 3.0
DEFAULT_ORDER = 100
VETO = None  # exclude weight meaning "never include"

# `index` would be written over the topics landing page (topics/index.md).
RESERVED_IDS = frozenset({"index"})
_TOPIC_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_PASSAGE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*/[A-Za-z0-9][\w-]*$")


@dataclass(frozen=True, slots=True)
class Topic:
    """One curated topic.

    Attributes:
        id: the file stem, used in URLs and in `related`.
        intro: the editor's introduction, Markdown as the curator wrote it
            (`intro_sections` reads it like a source, for the same escaping).
        keywords: (phrase, weight) pairs, as the curator wrote them.
        exclude: (phrase, weight) pairs; weight None (VETO) keeps a passage out.
        exact: the keywords that match only as written (`case: exact`).
        skip_sections: phrases that, in a section's heading, an enclosing
            heading or the document's title, keep every passage there out.
        pinned: passage ids always shown; excluded: passage ids never shown.
        path: the file as shown in messages; lines: (field, line) pairs for
            messages, with `pinned:<id>`/`excluded:<id>` for single ids.
    """

    id: str
    title: str
    summary: str
    intro: str
    keywords: tuple[tuple[str, float], ...]
    exclude: tuple[tuple[str, float | None], ...] = ()
    exact: tuple[str, ...] = ()
    skip_sections: tuple[str, ...] = ()
    pinned: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    order: int = DEFAULT_ORDER
    tags: tuple[str, ...] = ()
    threshold: float = DEFAULT_THRESHOLD
    path: str = ""
    lines: tuple[tuple[str, int], ...] = ()

    def line(self, field: str) -> int:
        """Line of a field (or of `pinned:<id>`) in the topic file, 0 if unknown."""
        return dict(self.lines).get(field, 0)


# --- loading -----------------------------------------------------------------


def load_topics(folder: Path, display: str = "") -> tuple[Topic, ...]:
    """Read every `*.md` topic file of a folder, sorted by (order, id).

    A missing folder means no topics. `README.md` is documentation, not a topic.

    Raises:
        BriefingError: naming the file, the field and the line at fault.
    """
    if not folder.is_dir():
        return ()
    files = sorted(p for p in folder.glob("*.md") if p.name.lower() not in ("readme.md", SHARED_FILE))
    shown = display or str(folder)
    topics = [load_topic(p, f"{shown}/{p.name}") for p in files]
    if (folder / SHARED_FILE).is_file():
        shared = load_shared(folder / SHARED_FILE, f"{shown}/{SHARED_FILE}")
        topics = [with_shared(t, shared) for t in topics]
    ids = {t.id for t in topics}
    for topic in topics:
        for rid in topic.related:
            if rid not in ids:
                raise BriefingError(
                    f"unknown topic `{rid}`; topics: {', '.join(sorted(ids))}", topic.path, topic.line(f"related:{rid}"), "related"
                )
    return tuple(sorted(topics, key=lambda t: (t.order, t.id)))


def load_topic(path: Path, display: str) -> Topic:
    """Read and validate one topic file."""
    topic_id = path.stem
    if not _TOPIC_ID.match(topic_id):
        raise BriefingError("topic file name must be lowercase letters, digits and hyphens (it is the topic id)", display)
    if topic_id in RESERVED_IDS:
        raise BriefingError(
            f"a topic cannot be named `{topic_id}`: its page would replace the topics landing page; rename the file", display
        )
    text = read_text(path, display, "topic file")
    head, intro = _split_front_matter(text, display)
    data = parse(head, display, line_offset=1)
    if not isinstance(data, dict):
        raise BriefingError("front matter must be a mapping of fields", display, 2)
    return _topic(topic_id, data, intro, display)


@dataclass(frozen=True, slots=True)
class SharedRules:
    """`_shared.md`: rules added to every topic.

    Attributes:
        exclude: (phrase, weight) pairs, as a topic's `exclude`.
        skip_sections: as a topic's `skip_sections`.
        path: the file as shown in messages; lines: phrase -> its line there.
    """

    exclude: tuple[tuple[str, float | None], ...] = ()
    skip_sections: tuple[str, ...] = ()
    path: str = ""
    lines: tuple[tuple[str, int], ...] = ()


def load_shared(path: Path, display: str) -> SharedRules:
    """Read `_shared.md` (front matter: `exclude`, `skip_sections`; the body documents them)."""
    head, _doc = _split_front_matter(read_text(path, display, "shared topic rules"), display)
    data = parse(head, display, line_offset=1)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise BriefingError("front matter must be a mapping of fields", display, 2)
    _check_fields(data, SHARED_KEYS, display)
    lines: dict[str, int] = {key: line_of(data, key) + 1 for key in data}
    body = data.get("exclude", {})
    exclude = _exclude(body, display, lines.get("exclude", 1))
    at = {p: (line_of(body, p) + 1 if isinstance(body, dict) else lines.get("exclude", 1)) for p, _ in exclude}
    return SharedRules(exclude, _names(data, "skip_sections", display, lines), display, tuple(at.items()))


def with_shared(topic: Topic, shared: SharedRules) -> Topic:
    """A topic with the shared rules added to its own (its own exclude weight wins).

    Raises:
        BriefingError: a shared exclude phrase is one of the topic's keywords.
    """
    own = {phrase_key(p) for p, _ in topic.exclude}
    keys = {phrase_key(p) for p, _ in topic.keywords}
    clash = [p for p, _ in shared.exclude if phrase_key(p) in keys]
    if clash:
        line = dict(shared.lines).get(clash[0], 1)
        raise BriefingError(f"`{clash[0]}` is a keyword of topic `{topic.id}` and a shared exclude phrase", shared.path, line, "exclude")
    extra = tuple((p, w) for p, w in shared.exclude if phrase_key(p) not in own)
    skip_sections = tuple(dict.fromkeys((*topic.skip_sections, *shared.skip_sections)))
    return replace(topic, exclude=(*topic.exclude, *extra), skip_sections=skip_sections)


def _check_fields(data: dict, allowed: frozenset[str], display: str) -> None:
    try:
        check_keys(data, allowed, display)
    except BriefingError as exc:  # its line counts from the front matter's first line
        unknown = next(str(k) for k in data if k not in allowed)
        raise BriefingError(exc.message, display, exc.line + 1 if exc.line else 1, unknown) from None


def _split_front_matter(text: str, display: str) -> tuple[str, str]:
    lines = text.replace("\r\n", "\n").split("\n")
    if not lines or lines[0].strip() != "---":
        raise BriefingError("topic file must start with `---` and YAML front matter", display, 1)
    for n, line in enumerate(lines[1:], 1):
        if line.strip() in ("---", "..."):
            return "\n".join(lines[1:n]), "\n".join(lines[n + 1 :]).strip()
    raise BriefingError("front matter is not closed by a `---` line", display, 1)


def _topic(topic_id: str, data: dict, intro: str, display: str) -> Topic:
    _check_fields(data, TOPIC_KEYS, display)
    lines: dict[str, int] = {key: line_of(data, key) + 1 for key in data}

    def where(key: str) -> int:
        return lines.get(key, 1)

    title = _text(data, "title", display, where, required=True)
    summary = _text(data, "summary", display, where, required=True)
    if "\n" in summary:
        raise BriefingError("`summary` must be one line", display, where("summary"), "summary")
    keywords, exact = _keywords(data.get("keywords"), display, where("keywords"))
    exclude = _exclude(data.get("exclude", {}), display, where("exclude"))
    clash = {phrase_key(p) for p, _ in keywords if p not in exact} & {phrase_key(p) for p, _ in exclude}
    if clash:
        raise BriefingError(f"`{min(clash)}` is both a keyword and an exclude phrase", display, where("exclude"), "exclude")
    pinned = _ids(data, "pinned", display, lines)
    excluded = _ids(data, "excluded", display, lines)
    both = sorted(set(pinned) & set(excluded))
    if both:
        raise BriefingError(f"`{both[0]}` is both pinned and excluded", display, lines.get(f"excluded:{both[0]}", 1), "excluded")
    related = _names(data, "related", display, lines)
    if topic_id in related:
        raise BriefingError("a topic cannot be related to itself", display, lines[f"related:{topic_id}"], "related")
    return Topic(
        id=topic_id,
        title=title,
        summary=summary,
        intro=intro,
        keywords=keywords,
        exclude=exclude,
        exact=exact,
        skip_sections=_names(data, "skip_sections", display, lines),
        pinned=pinned,
        excluded=excluded,
        related=related,
        order=_int(data, "order", DEFAULT_ORDER, display, where),
        tags=_names(data, "tags", display, lines),
        threshold=_number(data.get("threshold", DEFAULT_THRESHOLD), "threshold", display, where("threshold")),
        path=display,
        lines=tuple(sorted(lines.items())),
    )


def intro_sections(intro: str) -> tuple[Section, ...]:
    """A topic's introduction read by the sources' Markdown reader, so the curator's
    text reaches the page through the one escaping path, like any source's.
    A `# heading` in it becomes a section too."""
    doc = markdown_reader.read(intro)
    if not doc.meta.title:
        return doc.sections
    return (Section(id="", title=doc.meta.title), *doc.sections)


def _text(data: dict, key: str, display: str, where, required: bool = False) -> str:
    value = data.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise BriefingError(f"`{key}` is required and must be text", display, where(key), key)
    return value.strip()


def _int(data: dict, key: str, default: int, display: str, where) -> int:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise BriefingError(f"must be a whole number, not {value!r}", display, where(key), key)
    return value


def _exclude(body: object, display: str, line: int) -> tuple[tuple[str, float | None], ...]:
    if isinstance(body, list):  # a plain list: every phrase vetoes
        body_items = [(item, "veto", line_of(body, i) + 1) for i, item in enumerate(body)]
    elif isinstance(body, dict):
        body_items = [(key, value, line_of(body, key) + 1) for key, value in body.items()]
    else:
        raise BriefingError("must be a mapping of phrase -> weight or `veto`, or a list of phrases to veto", display, line, "exclude")
    out: list[tuple[str, float | None]] = []
    for key, value, at in body_items:
        phrase = _phrase(key, "exclude", display, at)
        if value == "veto":
            out.append((phrase, VETO))
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0:
            out.append((phrase, float(value)))
        else:
            raise BriefingError(f"`{phrase}`: weight must be a number >= 0 or `veto`, not {value!r}", display, at, "exclude")
    return tuple(out)


def _names(data: dict, key: str, display: str, lines: dict[str, int]) -> tuple[str, ...]:
    value = data.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise BriefingError("must be a list of names", display, lines.get(key, 1), key)
    for i, name in enumerate(value):
        lines[f"{key}:{name.strip()}"] = line_of(value, i) + 1 if hasattr(value, "lines") else lines.get(key, 1)
    return tuple(dict.fromkeys(v.strip() for v in value))


def _ids(data: dict, key: str, display: str, lines: dict[str, int]) -> tuple[str, ...]:
    ids = _names(data, key, display, lines)
    for pid in ids:
        if not _PASSAGE_ID.match(pid):
            raise BriefingError(f"`{pid}` is not a passage id (`<source slug>/<anchor>`)", display, lines[f"{key}:{pid}"], key)
    return ids


def validate_passage_ids(topics: Iterable[Topic], known: Iterable[str]) -> list[BriefingError]:
    """Errors for pinned or excluded ids that name no passage (e.g. after a source edit)."""
    known_ids = set(known)
    errors = []
    for topic in topics:
        for field, ids in (("pinned", topic.pinned), ("excluded", topic.excluded)):
            for pid in ids:
                if pid not in known_ids:
                    errors.append(
                        BriefingError(
                            f"unknown passage id `{pid}` (run `briefing explain {topic.id}` to see ids)",
                            topic.path,
                            topic.line(f"{field}:{pid}"),
                            field,
                        )
                    )
    return errors
