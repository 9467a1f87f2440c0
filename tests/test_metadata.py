"""Metadata as real files write it: dates in front-matter forms, and the keys of
Hexo, Jekyll, Hugo, Obsidian and Notion. One line per case."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.dates.metadata import metadata_date
from generator.sources.readers import read_text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-1-15", "2026-01-15"),  # Hexo, unpadded
        ("2026/01/15", "2026-01-15"),
        ("2026.01.15", "2026-01-15"),
        ("2024年5月27日", "2024-05-27"),
        ("2024年5月", "2024-05"),
        ("2024-05-27", "2024-05-27"),  # YAML date (kept as text by our loader)
        ("2024-05-27 10:00:00 +0800", "2024-05-27"),  # Jekyll
        ("2025-01-01T14:57:00.000Z", "2025-01-01"),  # ISO with milliseconds
        ("2025-12-31T23:30:00-08:00", "2025-12-31"),  # the day as written, never moved by the zone
        ("January 5, 2025 3:04 PM", "2025-01-05"),  # Notion
        ("2026-01", "2026-01"),
        ("2026", "2026"),
        (dt.date(2024, 2, 29), "2024-02-29"),  # TOML date
        (dt.datetime(2024, 2, 29, 8, 0), "2024-02-29"),  # TOML datetime
    ],
)
def test_front_matter_dates(value, expected) -> None:
    assert metadata_date(value) == expected


@pytest.mark.parametrize("value", ["soon", "2026-13-45", "May 27", "", "二〇二六年"])
def test_not_dates(value) -> None:
    with pytest.raises(ValueError):
        metadata_date(value)


BODY = "# 正文标题\n\n正文。\n"


@pytest.mark.parametrize(
    ("front", "field", "expected"),
    [
        ("---\ndate: 2026-1-15\n---\n", "date", "2026-01-15"),
        ("---\nupdated: 2026-03-01\ncreated: 2026-02-01\npublished: 2026-01-01\n---\n", "date", "2026-01-01"),
        ("---\nupdated: 2026-03-01\ncreated: 2026-02-01\n---\n", "date", "2026-02-01"),
        ("---\nlastmod: 2026-03-01\n---\n", "date", "2026-03-01"),
        ("---\ndate: 2024-05-27 10:00:00 +0800\n---\n", "date", "2024-05-27"),
        ("+++\ntitle = \"Hugo\"\ndate = 2024-02-29T08:00:00+08:00\n+++\n", "date", "2024-02-29"),
        ("+++\ntitle = \"Hugo\"\n+++\n", "title", "Hugo"),
        ("---\nlink: https://example.com/a\n---\n", "url", "https://example.com/a"),
        ("---\nsource: https://example.com/b\n---\n", "url", "https://example.com/b"),
        ("---\nsource: 某某日报\n---\n", "publisher", "某某日报"),
        ("---\nspeaker: 张三\n---\n", "authors", ("张三",)),
        ("---\nauthors: [A, B]\n---\n", "authors", ("A", "B")),
        ("---\nsummary: 一句话\n---\n", "description", "一句话"),
        ("---\ndescription: 描述\n---\n", "description", "描述"),
        ("---\ntags: [a]\ncategories: [b, a]\n---\n", "tags", ("a", "b")),
        ("---\ncategories: 工程 实践\n---\n", "tags", ("工程", "实践")),  # Jekyll
        ("---\ntags: 甲, 乙 丙\n---\n", "tags", ("甲", "乙 丙")),
        ("---\nlang: en-US\n---\n", "language", "en"),
        ("---\nTitle: 大写键\n---\n", "title", "大写键"),
        ("---\nauthor: \n---\n", "title", "正文标题"),  # the first heading when nothing names the title
    ],
)
def test_front_matter_keys(front, field, expected) -> None:
    _, doc = read_text(front + BODY, "a.md")
    assert getattr(doc.meta, field) == expected
    assert doc.notices == ()


def test_an_html_comment_of_key_lines_is_metadata_and_never_shown() -> None:
    text = ("<!--\ntitle: 机器翻译的文章\nauthor: Jane Roe\ndate: 2025/3/9\nsource: https://example.com/essay\n-->\n\n"
            "# 正文标题\n\n第一段。<!-- 译者注：待校对 -->\n\n<!-- 只是一条注释 -->\n\n第二段。\n")
    _, doc = read_text(text, "essay.md")
    assert (doc.meta.title, doc.meta.authors, doc.meta.date, doc.meta.url) == (
        "机器翻译的文章", ("Jane Roe",), "2025-03-09", "https://example.com/essay")
    texts = [b.text for s in doc.sections for b in s.blocks]
    assert texts == ["第一段。", "第二段。"]


@pytest.mark.parametrize(
    ("body", "language"),
    [
        ("# 标题\n\n人工智能正在改变软件行业，Anthropic 与 OpenAI 都发布了新模型。\n", "zh"),
        ("# Title\n\nThe company released a new model today, said 张三.\n", "en"),
        ("# 标题\n\n这是一段相当长的中文段落，讲述开源模型。\n\nThis is a long English paragraph about open models and more.\n", "mixed"),
        ("---\nlang: en\n---\n# 标题\n\n中文正文。\n", "en"),  # declared wins
    ],
)
def test_language_is_detected_when_not_declared(body, language) -> None:
    assert read_text(body, "a.md")[1].meta.language == language


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        ("# 一级标题\n\n正文。\n", "a.md", "一级标题"),
        ("## 二级标题\n\n正文。\n\n## 另一节\n\n- 一\n- 二\n- 三\n", "a.md", "二级标题"),
        ("没有标题的一段文字，结尾有句号。\n", "my notes.v2.txt", "my notes.v2"),
    ],
)
def test_title_falls_back_to_first_heading_then_file_name(text, name, title) -> None:
    assert read_text(text, name)[1].meta.title == title


def test_english_source_page_carries_lang_and_the_index_shows_summary_and_language() -> None:
    from generator.site.writers.markdown import Inliner
    from generator.site.writers.source import source_page_markdown, sources_index
    from generator.sources.readers import read_bytes

    text = "---\ntitle: Launch\nsummary: A short summary | with a pipe\n---\n# Launch\n\nThe company released a new model today.\n"
    source = read_bytes(text.encode(), "launch.md")
    page = source_page_markdown(source, Inliner())
    assert '<div lang="en" markdown>' in page
    assert "**摘要**：A short summary &#124; with a pipe" in page
    assert "**语言**：英文" in page
    index = sources_index([source], "sources/index.md")
    assert "| 英文 | A short summary &#124; with a pipe |" in index


def test_notion_properties_under_the_title_are_metadata() -> None:
    text = ("# Why small models win\n\nAuthor: Sam Lee\nCreated: January 5, 2025 3:04 PM\nTags: AI, Models\n"
            "URL: https://example.com/small\n\nSmall models are cheap to run.\n")
    _, doc = read_text(text, "Why small models win 0123abcd.md")
    meta = doc.meta
    assert (meta.title, meta.authors, meta.date, meta.tags, meta.url, meta.language) == (
        "Why small models win", ("Sam Lee",), "2025-01-05", ("AI", "Models"), "https://example.com/small", "en")
    assert [b.text for s in doc.sections for b in s.blocks] == ["Small models are cheap to run."]


def test_a_mixed_source_marks_its_english_paragraphs() -> None:
    from generator.site.writers.markdown import Inliner
    from generator.site.writers.source import source_page_markdown
    from generator.sources.readers import read_bytes

    text = ("# 标题\n\n这是一段相当长的中文段落，讲述开源模型的发展。\n\n"
            "This is a long English paragraph about open models and what comes next.\n")
    source = read_bytes(text.encode(), "mixed.md")
    page = source_page_markdown(source, Inliner())
    assert source.meta.language == "mixed" and "**语言**：中英混合" in page
    assert page.count("lang=en") == 1 and '<div lang="en"' not in page


@pytest.mark.parametrize("levels", [500, 100_000])
def test_toml_nested_too_deep_is_a_notice_not_a_crash(levels) -> None:
    _, doc = read_text(f"+++\nx = {'[' * levels}{']' * levels}\n+++\n# 标题\n\n正文。\n", "deep.md")
    assert [n.message.split(" ")[0] for n in doc.notices] == ["TOML"]
    assert doc.meta.title == "标题"
