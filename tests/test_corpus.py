"""A corpus of our own, in shapes the seeds lack (tests/fixtures/corpus/).

Each fixture is read with no `sources.yml` entry, as a new user's file
would be. Per fixture: a golden page (in tests/test_readers_golden.py, so
`make goldens` regenerates it with the others), its metadata, the structure that must survive (headings,
list items at every depth, table rows, code blocks, counted in the source
by markdown-it's own tokens), and the text kept on the page (at least 99%).
The whole corpus, with the seeds, also builds with `mkdocs build --strict`.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from generator.core.model import CALLOUT, CODE_BLOCK, HEADING, LIST, QUOTE, TABLE, Source
from generator.site.writers.markdown import Inliner
from generator.site.writers.source import source_page_markdown
from generator.sources.readers import read_file

HERE = Path(__file__).parent
ROOT = HERE.parent
CORPUS = HERE / "fixtures" / "corpus"
FIXTURES = sorted(CORPUS.iterdir())
ENCODINGS = {"gb18030_plain.txt": "gb18030"}

# name: (reader, title, date, language, authors, address)
METADATA = {
    "hexo_events_table.md": ("frontmatter", "大模型这三年：一张时间表", "2026-01-15", "zh", ("周末读者",),
                             "https://blog.example.org/2026/01/15/llm-three-years/"),
    "jekyll_datetime.md": ("frontmatter", "在小公司里部署一个本地模型", "2024-05-27", "zh", ("林清",), ""),
    "hugo_toml.md": ("frontmatter", "边缘设备上的小模型：三条经验", "2025-03-02", "zh", ("沈砚", "Mara Quint"), ""),
    "notion_export_en.md": ("markdown", "Notes on Evaluating Coding Agents", "2026-02-09", "en", ("Priya Natarajan",),
                            "https://notes.example.com/coding-agents-eval"),
    "obsidian_note.md": ("frontmatter", "检索增强生成的几个误区", "2025-11-20", "zh", (), ""),
    "translated_comment_meta.md": ("markdown", "为什么开放权重很重要", "2024-05-27", "zh", ("Tomas Verhoeven",),
                                   "https://essays.example.net/open-weights"),
    "glossary_three_styles.md": ("markdown", "常用术语三种写法", "", "zh", (), ""),
    "talk_transcript_details.md": ("frontmatter", "从实验室到产品：一场关于模型评测的分享", "2025-11-08", "zh", ("韩知远",),
                                   "https://talks.example.com/eval-2025"),
    "year_notes_nested.md": ("markdown", "模型发布流水账", "", "zh", (), ""),
    "press_release_en.txt": ("plaintext", "Northwind Robotics Opens Public Beta of Its Warehouse Assistant", "", "en", (), ""),
    "gb18030_plain.txt": ("plaintext", "本地模型部署备忘", "", "zh", (), ""),
    "mixed_zh_en_code.md": ("frontmatter", "用 Python 调用本地模型的最小例子", "2025-08-19", "mixed", ("Wen Li",), ""),
    # Topic fixtures (issue 16), labelled in tests/data/topic_labels_fixtures.yml.
    "topic_agent_readme_en.md": ("markdown", "Relay", "", "en", (), ""),
    "topic_compute_news_zh.txt": ("plaintext", "算力紧张下的中小企业", "", "zh", (), ""),
    "topic_events_table_en.md": ("frontmatter", "Agents, Tools and Open Models: A Timeline", "2025-01-20", "en", ("Lab Notes",), ""),
    "topic_notion_open_models_en.md": ("markdown", "Choosing an Open Model for Internal Tools", "2025-03-14", "en", ("Sam Okafor",),
                                       "https://notes.example.com/choosing-open-model"),
    "topic_obsidian_security_zh.md": ("frontmatter", "给团队的大模型安全清单", "2025-09-03", "zh", (), ""),
    "topic_org_list.md": ("markdown", "Signatories of the Open Letter on Public Compute", "", "en", (), ""),
    "topic_policy_blog_en.md": ("frontmatter", "Open Weights, State Laws and the Grid: A Policy Reading List", "2024-12-18", "en",
                                ("Dana Whitfield",), ""),
    "topic_security_advisory_en.md": ("markdown", "Security advisory: prompt injection through fetched web pages", "", "en", (), ""),
    "topic_speaker_bios.md": ("frontmatter", "嘉宾介绍：2025 开放模型与治理论坛", "2025-06-10", "mixed", ("论坛组委会",), ""),
    "topic_weekly_digest_zh.md": ("frontmatter", "AI 周报第 42 期", "2025-10-24", "zh", ("周报编辑部",), ""),
    "topic_heldout_newsletter_en.md": ("frontmatter", "The Friday Stack #88", "2025-05-16", "en", ("Marguerite Olsen",), ""),
    "topic_heldout_forum_zh.md": ("frontmatter", "求助：公司想上大模型，从哪里开始？", "2025-07-08", "zh", ("论坛整理",), ""),
    "gloss_article_colons.md": ("markdown", "2025 年第三季度经营回顾", "", "zh", (), ""),
    "gloss_bullet_terms.md": ("markdown", "RAG 项目周会纪要", "", "zh", (), ""),
    "gloss_numbered_headings.md": ("markdown", "大模型入门：七个核心概念", "", "zh", (), ""),
    "gloss_tables_malformed.md": ("markdown", "训练与部署术语对照（整理中）", "", "zh", (), ""),
    "gloss_terms_en.md": ("markdown", "Glossary of Training Terms", "", "en", (), ""),
    # Timeline fixtures (issue 16), labelled in tests/data/timeline_fixture_labels.yml.
    "tl_blog_en_late2024.md": ("frontmatter", "What Shipped in Open Models This Autumn", "2024-12-22", "en", ("Dana Whitfield",), ""),
    "tl_conference_notes_zh.md": ("frontmatter", "江南开发者大会听会笔记", "2025-11-20", "zh", ("许知",), ""),
    "tl_hexo_product_table.md": ("frontmatter", "青雀助手大事记", "2025-02-10", "zh", ("山间笔记",), ""),
    "tl_holdout_meeting_notes_mixed.md": ("frontmatter", "Platform team notes / 平台组纪要", "2025-01-06", "mixed", ("Jonas Ebert",), ""),
    "tl_holdout_newsletter_en.md": ("frontmatter", "The Inference Letter, Issue 41", "2025-09-15", "en", ("Mira Castellanos",), ""),
    "tl_holdout_report_zh_en.md": ("frontmatter", "开源数据集年度回顾", "2025-12-30", "zh", ("数据小组",), ""),
    "tl_holdout_wechat_zh.md": ("frontmatter", "一家做语音模型的公司，这一年做了什么", "2025-04-08", "zh", ("晚风科技观察",), ""),
    "tl_hugo_city_forecasts.md": ("frontmatter", "江州的算力政策：做了什么，接下来做什么", "2025-03-02", "zh", ("程远",), ""),
    "tl_mixed_weekly_digest.md": ("frontmatter", "AI 周报第 26 期 / Weekly Digest #26", "2025-06-30", "mixed", ("周报编辑部",), ""),
    "tl_no_dates_checklist.md": ("markdown", "本地部署检查清单", "", "mixed", (), ""),
    "tl_notion_en_roadmap.md": ("markdown", "Harbor AI: Where We Are and What Is Next", "2025-01-14", "en", ("Sam Okafor",),
                                "https://notes.example.com/harbor-roadmap"),
    "tl_obsidian_year_notes.md": ("frontmatter", "大模型大事记", "", "zh", (), ""),
    "tl_press_release_en.txt": ("plaintext", "Brightline AI Makes Ledgerly Generally Available", "", "en", (), ""),
}
# Text kept on the page, as a share of the source's letters and digits.
MIN_KEPT = 0.99

_PARSER = MarkdownIt("commonmark").enable("table").use(footnote_plugin)
_FRONT = re.compile(r"\A(?:---\n.*?\n---|\+\+\+\n.*?\n\+\+\+)\n", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_NOTION_PROPERTY = re.compile(r"^(?:Author|Created|Tags|URL): .*$", re.MULTILINE)
_WIKILINK = re.compile(r"!?\[\[([^\]|]+?)(?:\|([^\]]+?))?\]\]")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"\{:[^}]*\}|\{ #[^}]*\}|<[^>]+>")
_FENCE_INFO = re.compile(r"^```\w+", re.MULTILINE)
_CALLOUT_TYPE = re.compile(r"^> \[!\w+\][+-]?", re.MULTILINE)
_SPLIT = re.compile(r"[。！？!?；;：:，,、\n]+")


def raw_text(path: Path) -> str:
    return path.read_bytes().decode(ENCODINGS.get(path.name, "utf-8"))


def body_of(path: Path) -> str:
    """The source without its metadata (front matter, a metadata comment, Notion's property lines)."""
    text = _FRONT.sub("", raw_text(path))
    return _NOTION_PROPERTY.sub("", _COMMENT.sub("", text))


def test_every_fixture_is_listed() -> None:
    assert sorted(METADATA) == [p.name for p in FIXTURES]
    assert len(FIXTURES) >= 12


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_metadata(path: Path) -> None:
    source = read_file(path)
    m = source.meta
    assert (source.reader, m.title, m.date, m.language, m.authors, m.url) == METADATA[path.name]
    assert source.notices == (), "a well-formed fixture gives no notice"


# --- structure ---------------------------------------------------------------------


def source_counts(text: str) -> Counter[str]:
    """What markdown-it finds in the source: headings, items per depth, body rows, code blocks."""
    counts: Counter[str] = Counter()
    depth = 0
    in_head = False
    for tok in _PARSER.parse(text):
        if tok.type == "heading_open":
            counts["headings"] += 1
        elif tok.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif tok.type == "list_item_open":
            counts[f"items@{depth - 1}"] += 1
        elif tok.type in ("thead_open", "thead_close"):
            in_head = tok.type == "thead_open"
        elif tok.type == "tr_open" and not in_head:
            counts["rows"] += 1
        elif tok.type in ("fence", "code_block"):
            counts["code"] += 1
    return counts


def model_counts(source: Source, had_h1: bool) -> Counter[str]:
    counts: Counter[str] = Counter()
    counts["headings"] = sum(bool(s.title) for s in source.sections) + had_h1
    for _, b in source.blocks():
        counts["headings"] += b.kind == HEADING
        if b.kind == LIST or b.kind in (QUOTE, CALLOUT):
            for item in b.items:
                if b.kind == LIST or item.listed:
                    counts[f"items@{item.depth}"] += 1
        counts["rows"] += len(b.items) if b.kind == TABLE else 0
        counts["code"] += b.kind == CODE_BLOCK
    return +counts


MARKDOWN = [p for p in FIXTURES if p.suffix == ".md"]


@pytest.mark.parametrize("path", MARKDOWN, ids=lambda p: p.name)
def test_structure_counts_equal_the_sources(path: Path) -> None:
    expected = source_counts(body_of(path))
    had_h1 = bool(re.search(r"^# ", body_of(path), re.MULTILINE))
    assert model_counts(read_file(path), had_h1) == +expected


# --- text kept -----------------------------------------------------------------------


def _squash(text: str) -> str:
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


def kept(path: Path) -> float:
    """The share of the source's letters and digits, chunk by chunk, found on the page."""
    page = _squash(html.unescape(_MARKUP.sub("", source_page_markdown(read_file(path), Inliner()))))
    # What is rendered as structure, not text: a link's or wikilink's target, a
    # fence's language (the code's class) and a callout's type (the admonition's).
    body = _WIKILINK.sub(lambda m: m.group(2) or m.group(1), body_of(path))
    body = _CALLOUT_TYPE.sub("", _FENCE_INFO.sub("```", body))
    body = _MARKUP.sub("", _LINK.sub(r"\1", body))
    chunks = [_squash(c) for c in _SPLIT.split(body)]
    total = sum(map(len, chunks))
    return sum(len(c) for c in chunks if c in page) / total


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_text_kept(path: Path) -> None:
    assert kept(path) >= MIN_KEPT


# --- the whole corpus builds -------------------------------------------------------------


def test_corpus_and_seeds_build_strict_with_no_entries(tmp_path) -> None:
    """`briefing check` (generator, then `mkdocs build --strict`) passes; what the fixtures lack
    (an undated source's `2月15日`) is a notice, never a warning."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project)
    shutil.copytree(ROOT / "docs", project / "docs", ignore=lambda folder, names: ["briefing"] if Path(folder) == ROOT / "docs" else [])
    for folder in ("seeds", "curation"):
        shutil.copytree(ROOT / folder, project / folder)
    for path in FIXTURES:
        shutil.copy(path, project / "seeds" / path.name)
    run = subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(project), "check", "--verbose"],
                         capture_output=True, text=True, timeout=600, cwd=ROOT, check=False)
    assert run.returncode == 0, run.stderr
    assert "mkdocs build --strict passed" in run.stdout
    assert "warning" not in run.stderr.lower()


def test_dated_table_rows_reach_the_timeline() -> None:
    """The issue's Hexo post: a document whose facts sit in tables gave no timeline entry."""
    from generator.analysis.passages import source_passages
    from generator.timeline.entries import extract_entries

    source = read_file(CORPUS / "hexo_events_table.md")
    entries, problems = extract_entries(source, source_passages(source), lambda _: ())
    rows = [e for e in entries if e.date.granularity == "month"]
    assert len(rows) == 10 and problems == []
    # A row's headline is its cells without the date cell and the headers (issue 16).
    assert (rows[1].date.iso, rows[1].summary) == ("2023-07", "开源社区放出可商用的 70B 模型，许可证允许商用，但有用户数上限")
