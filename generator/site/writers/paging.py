"""Corpus-wide pages split into pages of a readable size, and the links between them.

A topic, the timeline or the predictions ledger of a big corpus is tens of
megabytes of HTML, more than a browser opens. Each is cut into a family of
pages: page one keeps its path (so every old link still lands on it), the
others sit beside it, named after it (`topics/security.p2.md`,
`timeline.2025-03.md`): in the same folder, a page's relative links are
the same on every page of its family, so a piece is rendered once, before
it is known which page it lands on. The dot keeps the names apart from
every topic id and slug, which never hold one. Pages are cut by the bytes of Markdown they hold,
the proxy for their rendered size, greedily and in order, so the same
model always gives the same pages.

Every page of a family shows where it is (previous, next, and a map of all
pages with what each holds); page one also lists, in a small JSON file,
which page holds each anchor. `docs/javascripts/paging.js` reads it when
a link names an anchor the page does not have (an address from before the
split, or from before an edit moved the anchor) and goes to the right page.
Without JavaScript the map still gets the reader there.

Pure: pieces in, pages out. Labels and anchors come from the model; labels
are escaped here, anchors are ids made by the generator (`core.ids`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from generator.core.paths import link
from generator.core.text import short
from generator.site.writers.markdown import escape

PAGE_BYTES = 400 * 1024  # Markdown per page (`Settings.page_kb`): about 0.8 MB of HTML with Material's frame (benchmarks/results.md)
_SEGMENT = re.compile(r"[^a-z0-9-]+")
ANCHORS = "anchors.json"  # beside page one: anchor -> page number


@dataclass(frozen=True, slots=True)
class Piece:
    """The smallest run of a page that is never cut: one source's group, one month of entries.

    Attributes:
        text: its Markdown.
        anchors: the ids it holds that other pages link to.
        label: what it covers, for the map of pages (a source's title, a period).
        count: the passages, entries or predictions it holds.
        key: a name for a page that starts with it (a path segment, unique in its family).
    """

    text: str
    anchors: tuple[str, ...] = ()
    label: str = ""
    count: int = 0
    key: str = ""
    items: tuple = ()  # what the writer needs to lay the piece out, if its text is not enough

    @property
    def size(self) -> int:
        return len(self.text.encode("utf-8"))


@dataclass(frozen=True, slots=True)
class Part:
    """One page of a family.

    Attributes:
        path: the page's path inside the generated folder.
        pieces: what it holds, in order.
        label: what it covers, for the map ("2025年1月 – 2025年3月").
    """

    path: str
    pieces: tuple[Piece, ...]
    label: str

    @property
    def count(self) -> int:
        return sum(p.count for p in self.pieces)


def pack(pieces: Sequence[Piece], budget: int, first_budget: int | None = None) -> list[list[Piece]]:
    """Pieces in order, cut into runs of at most `budget` bytes each (a piece
    larger than that has a run to itself). The first run holds at most
    `first_budget`: page one also carries the introduction."""
    runs: list[list[Piece]] = [[]]
    room = budget if first_budget is None else first_budget
    for piece in pieces:
        size = piece.size
        if runs[-1] and size > room:
            runs.append([])
            room = budget
        runs[-1].append(piece)
        room -= size
    return runs


def fits(pieces: Iterable[Piece], budget: int | None) -> bool:
    """Whether the pieces hold at most `budget` bytes together (None: no limit).
    Counted in characters first: UTF-8 takes at most 4 bytes for one."""
    if budget is None:
        return True
    pieces = list(pieces)
    return 4 * sum(len(p.text) for p in pieces) <= budget or sum(p.size for p in pieces) <= budget


def later_page(first: str, key: str) -> str:
    """`topics/security.md`, `p2` -> `topics/security.p2.md`."""
    return f"{first.removesuffix('.md')}.{key}.md"


def parts_of(first: str, runs: Sequence[Sequence[Piece]], label: Callable[[Sequence[Piece], int], str]) -> list[Part]:
    """Pages for runs of pieces: page one at `first`, the others named after their first piece.

    Args:
        label: (pieces, page number from 1) -> what the page covers.
    """
    parts: list[Part] = []
    taken = {first}
    for n, run in enumerate(runs, 1):
        key = _SEGMENT.sub("-", (run[0].key if run else "").lower()).strip("-") or f"p{n}"
        path = first if n == 1 else later_page(first, key)
        if n > 1 and path in taken:
            path = later_page(first, f"{key}-p{n}")
        taken.add(path)
        parts.append(Part(path, tuple(run), label(run, n)))
    return parts


def span_label(run: Sequence[Piece], n: int) -> str:
    """A page's label from its first and last pieces ("2025年1月 – 2025年3月"), or its number."""
    labels = [short(p.label, LABEL_MAX) for p in run if p.label]
    if not labels:
        return f"第 {n} 页"
    return labels[0] if labels[0] == labels[-1] else f"{labels[0]} – {labels[-1]}"


LABEL_MAX = 20  # characters of a source title in a page's label


def anchors_path(first: str) -> str:
    return f"{first.removesuffix('.md')}.{ANCHORS}"


def anchors_json(parts: Sequence[Part]) -> str:
    """{"pages": [page paths], "anchors": {id: index of its page}}: the first page that holds an id wins."""
    where: dict[str, int] = {}
    for index, part in enumerate(parts):
        for piece in part.pieces:
            for anchor in piece.anchors:
                where.setdefault(anchor, index)
    doc = {"pages": [p.path for p in parts], "anchors": where}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def page_map(parts: Sequence[Part], index: int, unit: str, open_list: bool = False, anchors: bool = True) -> str:
    """Where this page is in its family: previous and next, then every page with what it holds.

    Args:
        parts: the family's pages.
        index: this page's place in `parts` (from 0).
        unit: what `Piece.count` counts ("段", "条").
        open_list: show the list of pages unfolded (page one); elsewhere it is one click away.
        anchors: link the family's anchors table (`anchors_json`); False for a family whose pieces have no anchors.
    """
    here = parts[index].path
    steps = []
    if index > 0:
        steps.append(f"[« 上一页：{escape(parts[index - 1].label)}]({link(here, parts[index - 1].path)})")
    steps.append(f"第 {index + 1} / {len(parts)} 页")
    if index + 1 < len(parts):
        steps.append(f"[下一页：{escape(parts[index + 1].label)} »]({link(here, parts[index + 1].path)})")
    items = []
    for n, part in enumerate(parts):
        what = f"（{part.count} {unit}）"
        if n == index:
            items.append(f"{n + 1}. **{escape(part.label)}**{what}（本页）")
        else:
            items.append(f'{n + 1}. [{escape(part.label)}]({link(here, part.path)}){{ data-pg="{n}" }}{what}')
    table = f'\n\n[锚点索引]({link(here, anchors_path(parts[0].path))}){{ .pg-anchors hidden="hidden" }}' if anchors else ""
    fold = " open" if open_list else ""
    return (
        f'<nav class="pg-map" aria-label="分页" markdown>\n\n{" · ".join(steps)}\n{{: .pg-steps }}\n\n'
        f'<details class="pg-list"{fold} markdown>\n<summary>全部 {len(parts)} 页</summary>\n\n'
        + "\n".join(items)
        + f"\n\n</details>{table}\n\n</nav>"
    )


def page_steps(parts: Sequence[Part], index: int) -> str:
    """Previous and next only, for the foot of a page."""
    here = parts[index].path
    steps = []
    if index > 0:
        steps.append(f"[« 上一页：{escape(parts[index - 1].label)}]({link(here, parts[index - 1].path)})")
    if index + 1 < len(parts):
        steps.append(f"[下一页：{escape(parts[index + 1].label)} »]({link(here, parts[index + 1].path)})")
    return f'<nav class="pg-steps" aria-label="翻页" markdown>\n\n{" · ".join(steps)}\n\n</nav>' if steps else ""


def locator(parts: Iterable[Part]) -> Callable[[str], str | None]:
    """anchor -> the page that holds it (the first, if several do)."""
    where: dict[str, str] = {}
    for part in parts:
        for piece in part.pieces:
            for anchor in piece.anchors:
                where.setdefault(anchor, part.path)
    return where.get


def first_page(path: str, firsts: Iterable[str]) -> str | None:
    """The first page of the family `path` is a later page of (`timeline.md` for `timeline.2025.md`), else None."""
    for first in firsts:
        if path != first and path.startswith(first.removesuffix(".md") + ".") and path.endswith(".md"):
            return first
    return None
