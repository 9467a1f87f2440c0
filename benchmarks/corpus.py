"""A synthetic project of N sources for benchmarks: news-like text over a Zipf vocabulary.

The text is written by `benchmarks/newswire.py`: events (launches,
funding, rules, deals, results, incidents, forecasts), dated, with figures,
between commentary, over ranked names and words, including the curated
topics' keywords and the glossary's names. Common words are common and no
word is in every source, as in real news. The five source shapes the
readers know are mixed in turn: Markdown article, Markdown with YAML front
matter, podcast notes (modelled on seed 002; now and then one of its
bilingual quotes or a few rows of its terms table, `SEED_MATERIAL`), an
unpunctuated transcript (modelled on seed 003) and plain text.

Syndicated mode (`--syndicated`): about 30% of the sources restate events
that earlier sources reported, in another phrasing and date format, with
their own publication dates, as syndicated news does.

Output is deterministic: one `random.Random(seed)` drives every choice.

Usage: `python benchmarks/corpus.py 100 /tmp/corpus [--syndicated]`
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.newswire import Event, Vocabulary, commentary, headline, new_event, report

SEEDS = REPO / "seeds"
SHAPES = ("markdown", "frontmatter", "podcast", "transcript", "plaintext")
SYNDICATED = 0.3  # share of sources that restate other sources' events
SEED_MATERIAL = 0.2  # chance of a seed quote per podcast section, and of a seed terms table per podcast
START, SPAN_DAYS = date(2024, 1, 1), 900  # publication dates: 2024-01-01 to mid 2026

_PHRASE_SPLIT = re.compile(r"[，,、；;：:。！？!?“”\"（）()]+")


@dataclass(frozen=True, slots=True)
class Pool:
    """What the text takes from the seeds: bilingual quotes and terms-table rows.

    Attributes:
        quotes: (Chinese, English) quote pairs from the podcast notes.
        terms: rows of the podcast notes' terms table (`term definition`).
    """

    quotes: tuple[tuple[str, str], ...]
    terms: tuple[str, ...]


def load_pool(seeds: Path = SEEDS) -> Pool:
    """The seeds' 💬 quote pairs (a Chinese line, then its English) and their terms tables' rows."""
    quotes: list[tuple[str, str]] = []
    terms: list[str] = []
    for path in sorted(seeds.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        in_terms = False
        for i, raw in enumerate(lines):
            line = raw.strip()
            if line.startswith("💬"):
                zh = line.split(")", 1)[-1].split("）", 1)[-1].strip().strip('"“”')
                en = next((ln.strip().strip('"') for ln in lines[i + 1 : i + 4] if ln.strip()), "")
                if zh and en:
                    quotes.append((zh, en))
            elif line == "术语 解释":
                in_terms = True
            elif in_terms and line:
                terms.append(line)
            else:
                in_terms = False
    return Pool(quotes=tuple(quotes), terms=tuple(terms))


class Newsroom:
    """Writes one source: its events (new, or restated from other sources) between commentary."""

    def __init__(self, rng: random.Random, vocab: Vocabulary, pool: Pool, published: date, events: list[Event], restated: bool) -> None:
        self.rng, self.vocab, self.pool, self.published = rng, vocab, pool, published
        self.topic = vocab.topics(rng)
        self.events, self.restated = list(events), restated

    def sentence(self) -> str:
        if self.events and self.rng.random() < 0.45:
            return report(self.rng, self.events.pop(0), self.restated)
        return commentary(self.rng, self.vocab, self.topic, self.published)

    def paragraph(self, lo: int = 2, hi: int = 5) -> str:
        return "".join(self.sentence() for _ in range(self.rng.randint(lo, hi)))

    def rest(self) -> str:
        """The events not reported yet: every event of the source is in its text."""
        out = "".join(report(self.rng, e, self.restated) for e in self.events)
        self.events.clear()
        return out

    def title(self) -> str:
        return headline(self.rng, self.vocab, self.topic, self.published)

    def phrase(self) -> str:
        """A spoken phrase: part of a sentence, without punctuation."""
        parts = [p.strip() for p in _PHRASE_SPLIT.split(self.sentence()) if 2 <= len(p.strip()) <= 30]
        return self.rng.choice(parts) if parts else self.vocab.orgs(self.rng)


def make_corpus(root: Path, n: int, seed: int = 2026, repo: Path = REPO, syndicated: bool = False) -> list[Path]:
    """Write a project with `n` synthetic sources to `root`.

    The project holds `seeds/` (the sources, and a `sources.yml` that dates
    each one, as curators date real sources),
    copies of the repository's `curation/`, `docs/` (without the generated
    `docs/briefing/`) and `mkdocs.yml`. With `syndicated`, about
    `SYNDICATED` of the sources restate events that earlier sources
    reported, in other words and with their own (later) dates.

    Returns:
        The source files written, in file-name order.
    """
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(repo / "curation", root / "curation", dirs_exist_ok=True)
    # The seeds' verdicts name the seeds' predictions, which a synthetic corpus lacks.
    (root / "curation" / "verdicts.yml").write_text("{}\n", encoding="utf-8")
    shutil.copytree(repo / "docs", root / "docs", dirs_exist_ok=True, ignore=_ignore_generated(repo / "docs"))
    shutil.copy2(repo / "mkdocs.yml", root / "mkdocs.yml")
    seeds = root / "seeds"
    seeds.mkdir(exist_ok=True)
    pool = load_pool(repo / "seeds")
    rng = random.Random(seed)
    vocab = Vocabulary(rng, repo / "curation")
    writers: dict[str, Callable[[random.Random, Newsroom, int], str]] = {
        "markdown": markdown_article,
        "frontmatter": frontmatter_article,
        "podcast": podcast_notes,
        "transcript": transcript,
        "plaintext": plain_text,
    }
    files, curated = [], ["# Synthetic benchmark corpus: each source dated, nothing else curated."]
    reported: list[tuple[date, Event]] = []  # (publication date, event) of every source so far
    for i in range(n):
        shape = SHAPES[i % len(SHAPES)]
        path = seeds / f"{i:05d}_{shape}.txt"
        restated = syndicated and len(reported) > 10 and rng.random() < SYNDICATED
        if restated:
            # Syndication follows the news: recent events, a few days later.
            picked = rng.sample(reported[-300:], rng.randint(1, 3))
            published = max(day for day, _ in picked) + timedelta(days=rng.randint(0, 7))
            events = [event for _, event in picked]
        else:
            published = START + timedelta(days=rng.randrange(SPAN_DAYS))
            events = []
        room = Newsroom(rng, vocab, pool, published, events, restated)
        if not restated:
            room.events = [new_event(rng, vocab, room.topic, published) for _ in range(rng.randint(2, 6))]
            reported += [(published, e) for e in room.events]
        path.write_text(writers[shape](rng, room, i), encoding="utf-8")
        files.append(path)
        # Undated sources would leave their relative dates (明年) unresolved:
        # a warning each, which a strict MkDocs build refuses.
        curated.append(f"{path.name}:\n  date: {published.isoformat()}")
    (seeds / "sources.yml").write_text("\n".join(curated) + "\n", encoding="utf-8")
    return files


def _ignore_generated(docs: Path):
    def ignore(folder: str, names: list[str]) -> list[str]:
        return ["briefing"] if Path(folder).resolve() == docs.resolve() else []

    return ignore


def markdown_article(rng: random.Random, room: Newsroom, i: int) -> str:
    """A Markdown article: title, intro, a few `##` sections with paragraphs and a bold list."""
    parts = [f"# {room.title()}", room.paragraph(1, 2)]
    for _ in range(rng.randint(2, 4)):
        parts.append(f"## {room.title()}")
        parts.extend(room.paragraph() for _ in range(rng.randint(1, 3)))
        if rng.random() < 0.5:
            parts.append("\n".join(f"- **{room.vocab.words[room.topic](rng)}**：{room.sentence()}" for _ in range(3)))
    parts.append(room.rest() or room.sentence())
    return "\n\n".join(parts) + "\n"


def frontmatter_article(rng: random.Random, room: Newsroom, i: int) -> str:
    """Markdown with a YAML header (title, description, date, tags, author), like seed 004."""
    words = room.vocab.words[room.topic]
    tags = json.dumps(sorted({words(rng), words(rng)}), ensure_ascii=False)
    header = "\n".join(
        [
            "---",
            f"title: {json.dumps(room.title(), ensure_ascii=False)}",
            f"description: {json.dumps(room.sentence(), ensure_ascii=False)}",
            f'date: "{room.published.isoformat()}"',
            f"tags: {tags}",
            f"author: {json.dumps(room.vocab.people(rng), ensure_ascii=False)}",
            "---",
        ]
    )
    return header + "\n\n" + markdown_article(rng, room, i)


def podcast_notes(rng: random.Random, room: Newsroom, i: int) -> str:
    """Podcast notes shaped like seed 002: header fields, timestamped sections, 💬 quotes, terms table."""
    d = room.published
    month = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")[d.month - 1]
    out = [
        "▶ 原文链接",
        room.title(),
        (
            f"来源: {room.vocab.outlets(rng)}播客第{i}期 | 嘉宾:{room.vocab.people(rng)}、{room.vocab.people(rng)} | 日期:无 分类: AI 资讯 "
            f"原文发表: {month} {d.day}, {d.year} 纪要生成: {d.isoformat()}"
        ),
        "",
        "全集重点",
        "",
        "嘉宾/话题简介",
        room.paragraph(),
        "",
        "分节详述",
    ]
    minute = 0
    for _ in range(rng.randint(3, 6)):
        out += [
            f"{minute // 60}:{minute % 60:02d}:{rng.randint(0, 59):02d} {room.title()}"
            if minute >= 60
            else f"{minute}:{rng.randint(0, 59):02d} {room.title()}",
            "本节重点",
            room.paragraph(1, 3),
            "详细精要",
            room.paragraph(2, 4),
        ]
        # The seeds' few quotes and terms rows, rare enough that no page repeats them by the thousand.
        if rng.random() < SEED_MATERIAL:
            zh, en = rng.choice(room.pool.quotes)
            out += [f'💬 精华片段(中文) "{zh}"', f'"{en}"']
        out.append("")
        minute += rng.randint(5, 40)
    if rng.random() < SEED_MATERIAL:
        # The table's rows are consecutive lines: a blank line would end it.
        table = "\n".join(["术语 解释", *rng.sample(room.pool.terms, min(rng.randint(2, 5), len(room.pool.terms)))])
        out += ["专业术语注释", "", table, ""]
    out += ["延伸思考", ""]
    out += [f"  {k}. {room.sentence()}" for k in range(1, 4)]
    out.append(room.rest())
    return "\n\n".join(out) + "\n"


def transcript(rng: random.Random, room: Newsroom, i: int) -> str:
    """An unpunctuated transcript like seed 003: one short spoken phrase per line."""
    lines = ["大家好欢迎收看本期节目", f"今天我们来聊第{i}期的话题"]
    for _ in range(rng.randint(40, 120)):
        lines.append(room.phrase())
    # Events whole, without their punctuation, so their dates stay in the text.
    lines += [p for s in room.rest().split("。") for p in _PHRASE_SPLIT.split(s) if p.strip()]
    lines += ["好了", "以上就是今天的全部内容", "感谢大家的观看"]
    return "\n".join(lines) + "\n"


def plain_text(rng: random.Random, room: Newsroom, i: int) -> str:
    """Plain text: a title line, then paragraphs separated by blank lines."""
    parts = [room.title()]
    parts += [room.paragraph() for _ in range(rng.randint(3, 7))]
    parts.append(room.rest() or room.sentence())
    return "\n\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of sources")
    parser.add_argument("root", type=Path, help="project folder to create")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--syndicated", action="store_true", help=f"about {SYNDICATED:.0%} of sources restate other sources' events")
    args = parser.parse_args(argv)
    files = make_corpus(args.root, args.n, args.seed, syndicated=args.syndicated)
    print(f"{len(files)} sources in {args.root / 'seeds'}")


if __name__ == "__main__":
    main()
