"""A synthetic project of N sources for benchmarks, recombined from the real seeds.

Every file is built from sentences of the five seeds (split on 。！？), so
dates, figures and glossary terms occur as densely as in real input. The
five source shapes the readers know are mixed in turn: Markdown article,
Markdown with YAML front matter, podcast notes (modelled on seed 002),
an unpunctuated transcript (modelled on seed 003) and plain text.

Output is deterministic: one `random.Random(seed)` drives every choice.

Usage: `python benchmarks/corpus.py 100 /tmp/corpus`
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SHAPES = ("markdown", "frontmatter", "podcast", "transcript", "plaintext")

_SENTENCE = re.compile(r"[^。！？]+[。！？]")
_MARKUP = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)|[*#>|`_\[\]]|^\s*(?:[-+]|\d+[.、])\s+")
_TIMESTAMP = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?\s+(\S.*)$")
_NUMBERING = re.compile(r"^\d+[.、]\s*")
# Titles end without punctuation, so plain text reads its first line as one.
_END = re.compile(r"[。！？!?.…:：;；，,”\"')）]$")
_PHRASE_SPLIT = re.compile(r"[，,、；;：:。！？!?“”\"（）()]+")


@dataclass(frozen=True, slots=True)
class Pool:
    """Material cut from the seeds.

    Attributes:
        sentences: punctuated Chinese sentences (ending in 。！？).
        phrases: short unpunctuated phrases, as a transcript has them.
        titles: short lines usable as headings and section titles.
        quotes: (Chinese, English) quote pairs from the podcast notes.
        terms: rows of the podcast notes' terms table (`term definition`).
    """

    sentences: tuple[str, ...]
    phrases: tuple[str, ...]
    titles: tuple[str, ...]
    quotes: tuple[tuple[str, str], ...]
    terms: tuple[str, ...]


def load_pool(seeds: Path = SEEDS) -> Pool:
    """Cut the seeds into sentences, phrases, titles, quote pairs and term rows."""
    sentences: set[str] = set()
    phrases: set[str] = set()
    titles: set[str] = set()
    quotes: list[tuple[str, str]] = []
    terms: list[str] = []
    for path in sorted(seeds.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        if _is_transcript(lines):
            phrases.update(ln.strip() for ln in lines if 2 <= len(ln.strip()) <= 30)
            continue
        in_terms = False
        for i, raw in enumerate(lines):
            line = raw.strip()
            if line.startswith("💬"):
                zh = line.split(")", 1)[-1].split("）", 1)[-1].strip().strip('"“”')
                en = next((ln.strip().strip('"') for ln in lines[i + 1:i + 4] if ln.strip()), "")
                if zh and en:
                    quotes.append((zh, en))
                continue
            if line == "术语 解释":
                in_terms = True
                continue
            if in_terms:
                if not line:
                    in_terms = False
                else:
                    terms.append(line)
                continue
            if (m := _TIMESTAMP.match(line)):
                titles.add(m.group(1))
                continue
            if line.startswith("#"):
                titles.add(_clean(line))
                continue
            text = _clean(line)
            for s in _SENTENCE.findall(text):
                s = s.strip()
                if 8 <= len(s) <= 150 and "---" not in s and ":" not in s[:12]:
                    sentences.add(s)
    for s in sentences:
        phrases.update(p.strip() for p in _PHRASE_SPLIT.split(s) if 4 <= len(p.strip()) <= 24)
    return Pool(
        sentences=tuple(sorted(sentences)),
        phrases=tuple(sorted(phrases)),
        titles=tuple(sorted({_NUMBERING.sub("", t) for t in titles if 2 <= len(t) <= 30 and not _END.search(t)})),
        quotes=tuple(quotes),
        terms=tuple(terms),
    )


def _is_transcript(lines: list[str]) -> bool:
    filled = [ln for ln in lines if ln.strip()]
    # A transcript has no sentence punctuation at all, only line breaks.
    return len(filled) >= 20 and sum(ln.count("。") for ln in filled) < len(filled) / 20


def _clean(line: str) -> str:
    """Seed text without Markdown markup: the shapes add their own."""
    return _MARKUP.sub(lambda m: m.group(1) or "", line).strip()


def make_corpus(root: Path, n: int, seed: int = 2026, repo: Path = REPO) -> list[Path]:
    """Write a project with `n` synthetic sources to `root`.

    The project holds `seeds/` (the sources, and a `sources.yml` that dates
    each one, as curators date real sources),
    copies of the repository's `curation/`, `docs/` (without the generated
    `docs/briefing/`) and `mkdocs.yml`.

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
    writers: dict[str, Callable[[random.Random, Pool, int], str]] = {
        "markdown": markdown_article,
        "frontmatter": frontmatter_article,
        "podcast": podcast_notes,
        "transcript": transcript,
        "plaintext": plain_text,
    }
    files, curated = [], ["# Synthetic benchmark corpus: each source dated, nothing else curated."]
    for i in range(n):
        shape = SHAPES[i % len(SHAPES)]
        path = seeds / f"{i:05d}_{shape}.txt"
        path.write_text(writers[shape](rng, pool, i), encoding="utf-8")
        files.append(path)
        # Undated sources would leave their relative dates (明年) unresolved:
        # a warning each, which a strict MkDocs build refuses.
        curated.append(f"{path.name}:\n  date: {_date(rng)}")
    (seeds / "sources.yml").write_text("\n".join(curated) + "\n", encoding="utf-8")
    return files


def _date(rng: random.Random) -> str:
    return f"{rng.choice((2024, 2025, 2026))}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _ignore_generated(docs: Path):
    def ignore(folder: str, names: list[str]) -> list[str]:
        return ["briefing"] if Path(folder).resolve() == docs.resolve() else []
    return ignore


def _paragraph(rng: random.Random, pool: Pool, lo: int = 2, hi: int = 5) -> str:
    return "".join(rng.sample(pool.sentences, rng.randint(lo, hi)))


def _title(rng: random.Random, pool: Pool, i: int) -> str:
    # The number keeps titles (and so slugs and anchors) distinct across the corpus.
    return f"{rng.choice(pool.titles)} 第{i}篇"


def markdown_article(rng: random.Random, pool: Pool, i: int) -> str:
    """A Markdown article: title, intro, a few `##` sections with paragraphs and a bold list."""
    parts = [f"# {_title(rng, pool, i)}", _paragraph(rng, pool, 1, 2)]
    for _ in range(rng.randint(2, 4)):
        parts.append(f"## {rng.choice(pool.titles)}")
        parts.extend(_paragraph(rng, pool) for _ in range(rng.randint(1, 3)))
        if rng.random() < 0.5:
            parts.append("\n".join(f"- **{rng.choice(pool.phrases)}**：{rng.choice(pool.sentences)}" for _ in range(3)))
    return "\n\n".join(parts) + "\n"


def frontmatter_article(rng: random.Random, pool: Pool, i: int) -> str:
    """Markdown with a YAML header (title, description, date, tags, author), like seed 004."""
    title = _title(rng, pool, i)
    date = _date(rng)
    tags = json.dumps(rng.sample(("AI趋势", "大模型", "智能体", "开源模型", "算力", "AI安全", "监管"), 2), ensure_ascii=False)
    header = "\n".join([
        "---",
        f"title: {json.dumps(title, ensure_ascii=False)}",
        f"description: {json.dumps(rng.choice(pool.sentences), ensure_ascii=False)}",
        f'date: "{date}"',
        f"tags: {tags}",
        'author: "技术趋势分析师"',
        "---",
    ])
    return header + "\n\n" + markdown_article(rng, pool, i)


def podcast_notes(rng: random.Random, pool: Pool, i: int) -> str:
    """Podcast notes shaped like seed 002: header fields, timestamped sections, 💬 quotes, terms table."""
    day = rng.randint(1, 28)
    month = rng.choice(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"))
    out = [
        "▶ 原文链接",
        _title(rng, pool, i),
        (f"来源: AI 播客第{i}期 | 嘉宾:Nathan Lambert、Sebastian Raschka | 日期:无 分类: AI 资讯 "
        f"原文发表: {month} {day}, 2026 纪要生成: 2026-02-{day:02d}"),
        "",
        "全集重点",
        "",
        "嘉宾/话题简介",
        _paragraph(rng, pool),
        "",
        "分节详述",
    ]
    minute = 0
    for _ in range(rng.randint(3, 6)):
        zh, en = rng.choice(pool.quotes)
        out += [
            f"{minute // 60}:{minute % 60:02d}:{rng.randint(0, 59):02d} {rng.choice(pool.titles)}" if minute >= 60
            else f"{minute}:{rng.randint(0, 59):02d} {rng.choice(pool.titles)}",
            "本节重点",
            _paragraph(rng, pool, 1, 3),
            "详细精要",
            _paragraph(rng, pool, 2, 4),
            f'💬 精华片段(中文) "{zh}"',
            f'"{en}"',
            "",
        ]
        minute += rng.randint(5, 40)
    # The table's rows are consecutive lines: a blank line would end it.
    table = "\n".join(["术语 解释", *rng.sample(pool.terms, min(8, len(pool.terms)))])
    out += ["专业术语注释", "", table, "", "延伸思考", ""]
    out += [f"  {k}. {rng.choice(pool.sentences)}" for k in range(1, 4)]
    return "\n\n".join(out) + "\n"


def transcript(rng: random.Random, pool: Pool, i: int) -> str:
    """An unpunctuated transcript like seed 003: one short spoken phrase per line."""
    lines = ["大家好这里是最佳拍档", "我是大飞", f"今天我们来聊第{i}期的话题"]
    for _ in range(rng.randint(40, 120)):
        lines.append(rng.choice(pool.phrases))
    lines += ["好了", "以上就是今天的全部内容", "感谢大家的观看"]
    return "\n".join(lines) + "\n"


def plain_text(rng: random.Random, pool: Pool, i: int) -> str:
    """Plain text: a title line, then paragraphs separated by blank lines."""
    parts = [_title(rng, pool, i)]
    parts += [_paragraph(rng, pool) for _ in range(rng.randint(3, 7))]
    return "\n\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of sources")
    parser.add_argument("root", type=Path, help="project folder to create")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    files = make_corpus(args.root, args.n, args.seed)
    print(f"{len(files)} sources in {args.root / 'seeds'}")


if __name__ == "__main__":
    main()
