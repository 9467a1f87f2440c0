"""What a reader sees around each passage: the headings above it, its list's lead-in, its document's title."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from generator.analysis.passages import lead_ins
from generator.core.model import Section, Source


@dataclass(frozen=True, eq=False)  # equal as a mapping, like the dict it replaces
class Outline(Mapping[tuple[str, str], str]):
    """What a reader sees around each passage, beyond its own text and section title.

    As a mapping: (source slug, section id) -> the titles of the headings
    enclosing that section. Besides: `lead_ins`, passage id -> the sentence
    introducing its list, table or quote; `titles`, source slug -> the
    document's title (read only for `skip_sections`: a title says what a
    document is, `嘉宾介绍`, not what each passage is about).
    """

    parents: Mapping[tuple[str, str], str] = field(default_factory=dict)
    lead_ins: Mapping[str, str] = field(default_factory=dict)
    titles: Mapping[str, str] = field(default_factory=dict)

    def __getitem__(self, key: tuple[str, str]) -> str:
        return self.parents[key]

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self.parents)

    def __len__(self) -> int:
        return len(self.parents)


def heading_parents(sources: Iterable[Source]) -> Outline:
    """The outline of some sources: the headings enclosing each section, and more (see `Outline`).

    Sections are flat in the model; `level` keeps the outline, so a level-3
    section's parent is the nearest level-2 section before it.
    """
    parents: dict[tuple[str, str], str] = {}
    leads: dict[str, str] = {}
    titles: dict[str, str] = {}
    for source in sources:
        stack: list[Section] = []
        for section in source.sections:
            while stack and stack[-1].level >= section.level:
                stack.pop()
            enclosing = [s.title for s in stack if s.title]
            if enclosing:
                parents[(source.slug, section.id)] = " / ".join(enclosing)
            stack.append(section)
        leads.update({f"{source.slug}/{anchor}": text for anchor, text in lead_ins(source).items()})
        if source.meta.title:
            titles[source.slug] = source.meta.title
    return Outline(parents, leads, titles)
