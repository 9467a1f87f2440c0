"""Unit tests of the model helpers: ids, slugs, escaping, links, curation of sources."""

from __future__ import annotations

import pytest

from generator.analysis.passages import source_passages
from generator.core.errors import BriefingError
from generator.core.ids import IdAllocator, content_hash, file_slug, heading_slug
from generator.core.model import CORRECTED, PARAGRAPH, Block, Meta, Section, Source, Span
from generator.core.paths import link
from generator.site.writers.markdown import attr, escape, safe_href
from generator.sources.curation import Correction, apply_entry, correct, load_source_entries
from generator.sources.readers import choose


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("000_73097608b6939b6a", "000-73097608b6939b6a"),
        ("My Notes 2026", "my-notes-2026"),
        ("../../etc/passwd", "etc-passwd"),
        ("中文 文件名", "中文-文件名"),
        ("...", "source"),
    ],
)
def test_file_slug(name, slug) -> None:
    assert file_slug(name) == slug


def test_heading_slug_is_readable() -> None:
    assert heading_slug("1:57 中美AI竞赛:谁会胜出?") == "157-中美ai竞赛谁会胜出"


def test_content_ids_ignore_whitespace_and_dedupe() -> None:
    assert content_hash("a b\nc") == content_hash("abc")
    ids = IdAllocator()
    assert ids.for_text("p", "x") != ids.for_text("p", "x")


@pytest.mark.parametrize(
    ("text", "markdown"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("**不是加粗**", "&#42;&#42;不是加粗&#42;&#42;"),
        ("1. 不是列表", "1&#46; 不是列表"),
        ("2.5 倍，GPT-4", "2.5 倍，GPT-4"),
        ("# 不是标题 #", "&#35; 不是标题 &#35;"),
        ("- 不是列表", "&#45; 不是列表"),
        ("--8<-- \".git/config\"", "&#45;-8&lt;-- \".git/config\""),
        ("`x`{onclick=alert(1)} [a](javascript:b) ~~c~~ |", "&#96;x&#96;&#123;onclick=alert(1)&#125; &#91;a&#93;(javascript:b) &#126;&#126;c&#126;&#126; &#124;"),
        ("a & b \\ c", "a &amp; b &#92; c"),
        ("多行\n文本", "多行 文本"),
    ],
)
def test_escape(text, markdown) -> None:
    assert escape(text) == markdown


def test_attr_also_closes_quotes_and_link_titles() -> None:
    assert attr('a "b" \'c\' (d) `e`') == "a &quot;b&quot; &#39;c&#39; &#40;d&#41; &#96;e&#96;"


@pytest.mark.parametrize(
    ("href", "safe"),
    [("javascript:alert(1)", ""), ("#", ""), ("data:text/html,x", ""), ("https://a.org/x y", "https://a.org/x%20y"), ("mailto:a@b.c", "mailto:a@b.c")],
)
def test_safe_href(href, safe) -> None:
    assert safe_href(href) == safe


def test_links_between_generated_pages() -> None:
    assert link("topics/agents.md", "sources/x.md", "p-1") == "../sources/x.md#p-1"
    assert link("../index.md", "topics/agents.md") == "briefing/topics/agents.md"


def _source(text: str) -> Source:
    block = Block(kind=PARAGRAPH, id="p-1", spans=(Span(text),))
    return Source(path="x.txt", slug="x", meta=Meta(), sections=(Section(id="s", title="标题", blocks=(block,)),))


def test_correction_marks_the_fixed_word() -> None:
    fixed, count = correct(_source("Antropix发布了模型，Antropix很强"), Correction("Antropix", "Anthropic", 1))
    spans = fixed.sections[0].blocks[0].spans
    assert count == 2
    assert [s.kind for s in spans].count(CORRECTED) == 2
    assert spans[0] == Span("Anthropic", CORRECTED, title="Antropix")
    assert fixed.sections[0].blocks[0].id == "p-1", "ids do not change with corrections"


def test_correction_that_matches_nothing_is_an_error(tmp_path) -> None:
    (tmp_path / "sources.yml").write_text("x.txt:\n  corrections:\n    - {from: Nope, to: Right}\n", encoding="utf-8")
    entry = load_source_entries(tmp_path / "sources.yml", "seeds/sources.yml")["x.txt"]
    with pytest.raises(BriefingError, match="matches nothing") as err:
        apply_entry(_source("文本"), entry, "seeds/sources.yml")
    assert err.value.line == 3


def test_unknown_key_in_sources_yml_names_line_and_suggestion(tmp_path) -> None:
    (tmp_path / "sources.yml").write_text("x.txt:\n  slug: x\n  titel: 标题\n", encoding="utf-8")
    with pytest.raises(BriefingError) as err:
        load_source_entries(tmp_path / "sources.yml", "seeds/sources.yml")
    assert err.value.line == 3 and "title" in str(err.value)


def test_passages_cover_paragraphs_items_quotes_and_table_rows(seed_site) -> None:
    kinds = {p.kind for p in seed_site.passages}
    assert kinds == {"paragraph", "item", "quote", "row"}
    ids = [p.id for p in seed_site.passages]
    assert len(ids) == len(set(ids))


def test_reader_is_chosen_by_content_not_name() -> None:
    assert choose("---\ntitle: x\n---\n正文").NAME == "frontmatter"
    assert choose("# 标题\n\n正文").NAME == "markdown"
    assert choose("没有格式的一段文字。").NAME == "plaintext"


def test_passage_ids_are_stable_across_edits_elsewhere() -> None:
    a = source_passages(_source("第一段"))
    assert a[0].id == "x/p-1"
