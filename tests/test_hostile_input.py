"""Hostile text in any untrusted field renders as that very text, and nothing in it is live.

Everything in seeds/ and curation/ arrives by pull request. The writers'
one escaping path (`escape` / `attr`) must hold whatever a field holds:
Markdown, attr_list, raw HTML, entities, URLs, snippet lines, placeholders.
Each property renders writer output with the project's own Markdown
extensions (read from mkdocs.yml) and checks two things: no live markup
(`live_markup`), and the input's text is visible as it was written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import markdown
import pytest
from htmlcheck import live_markup, parse, squash
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from mkdocs.utils.meta import get_data

from generator.analysis.topics import Topic
from generator.core.model import (
    BREAK,
    CALLOUT,
    CODE,
    CODE_BLOCK,
    CORRECTED,
    EMPH,
    HEADING,
    HTML,
    KBD,
    LINK,
    LIST,
    MARK,
    PARAGRAPH,
    QUOTE,
    RULE,
    STRONG,
    SUB,
    SUP,
    TABLE,
    TEXT,
    Block,
    HtmlNode,
    Item,
    Meta,
    Section,
    Source,
    Span,
    Term,
)
from generator.dates.find import parse_iso
from generator.glossary import TermMatcher
from generator.site.writers.blocks import block
from generator.site.writers.glossary import glossary_page
from generator.site.writers.markdown import Inliner
from generator.site.writers.predictions import prediction_card
from generator.site.writers.source import source_page_markdown
from generator.site.writers.timeline import timeline_entry
from generator.site.writers.topic import topic_page
from generator.sources.readers import read_bytes
from generator.timeline.ledger import Prediction, Verdict
from generator.timeline.model import EVENT, Citation, TimelineEntry

ROOT = Path(__file__).resolve().parents[1]

# Every way we know to slip markup through a Markdown + HTML pipeline.
PAYLOADS = (
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>", "<iframe src=javascript:alert(1)>",
    "<a href='javascript:alert(1)'>a</a>", "<details open ontoggle=alert(1)>", "<div markdown=\"1\" onclick=\"alert(1)\">",
    "[x](javascript:alert(1))", "![x](https://invalid.invalid/x.png){onerror=alert(1)}", "*x*{onmouseover=alert(1)}",
    "{: onclick=\"alert(1)\" }", "{ #id .cls onclick=alert(1) }", "`", "``", "**", "__", "_", "*", "~~", "|", "\\", "\\`",
    "[", "]", "(", ")", "<", ">", "&", "&lt;script&gt;", "&#60;script&#62;", "&amp;", "&#x6a;avascript:", "\"", "'",
    "javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "<javascript:alert(1)>",
    "<https://example.com>", "--8<-- \".git/config\"", "--8<-- \"mkdocs.yml\"", "\n# 标题\n", "\n- 列表\n", "\n1. 第一\n",
    "\n> 引用\n", "\n---\n", "\n    code\n", "*[HTML]: Hyper Text", "[^1]", "[TOC]", "\x02wzxhzdk:0\x03", "\x02klzzwxh:0\x03",
    "</div>", "</code>", "<!-- c -->", "<![CDATA[x]]>", "<?php ?>", "\u200b", "智能体", "Scaling Law", " ", "\n",
)
hostile = st.lists(
    st.one_of(st.sampled_from(PAYLOADS), st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=6)),
    min_size=1, max_size=8,
).map("".join)
EXAMPLES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

@pytest.fixture(scope="module")
def md() -> markdown.Markdown:
    """Python-Markdown configured exactly as mkdocs.yml configures it."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)


def render(md: markdown.Markdown, text: str) -> str:
    """The page body as HTML; front matter must parse, or MkDocs would render it as text."""
    if text.startswith("---\n"):
        text, meta = get_data(text)
        assert meta, "the front matter does not parse"
    return md.reset().convert(text)


def assert_shown_as_text(md: markdown.Markdown, markdown_text: str, *fields: str) -> None:
    html = render(md, markdown_text)
    assert live_markup(html) == [], (markdown_text, html)
    shown = squash("".join(parse(html).text))
    for field in fields:
        if squash(field):
            assert squash(field) in shown, (field, markdown_text, html)


# --- inline spans and blocks --------------------------------------------------------


@EXAMPLES
@given(text=hostile, other=hostile)
def test_every_inline_kind_shows_its_text(md, text, other):
    for kind in (TEXT, STRONG, EMPH, CODE, SUP, SUB, KBD, MARK):
        assert_shown_as_text(md, Inliner().spans((Span("前 "), Span(text, kind), Span(" 后"))), text)
    assert_shown_as_text(md, Inliner().spans((Span(text), Span("\n", BREAK), Span(other))), text, other)
    assert_shown_as_text(md, Inliner().spans((Span(text, LINK, href=other),)), text)
    assert_shown_as_text(md, Inliner().spans((Span(text, LINK, href="https://example.com/" + other),)), text)
    assert_shown_as_text(md, Inliner().spans((Span(text, CORRECTED, title=other), Span(other))), text, other)


@EXAMPLES
@given(a=hostile, b=hostile, c=hostile)
def test_every_block_kind_shows_its_text(md, a, b, c):
    blocks = [
        Block(kind=PARAGRAPH, id="p-1", spans=(Span(a), Span(b, CODE), Span(c))),
        Block(kind=HEADING, id="h-1", spans=(Span(a),), level=4),
        Block(kind=LIST, id="l-1", items=(Item(id="i-1", spans=(Span(a),)), Item(id="i-2", spans=(Span(b, STRONG),)))),
        Block(kind=QUOTE, id="q-1", items=(Item(id="ql-1", spans=(Span(a),), lang="en"),), header=(b,)),
        Block(kind=TABLE, id="t-1", header=(a, b), items=(Item(id="r-1", spans=(Span(c),), cells=((Span(c),), (Span(a),))),)),
        Block(kind=LIST, id="l-2", items=(Item(id="i-3", spans=(Span(b),), number=3), Item(id="i-4", spans=(Span(a),), depth=1),
                                          Item(id="i-5", spans=(Span(c),), depth=2, number=7))),
        Block(kind=QUOTE, id="q-2", items=(Item(id="ql-2", spans=(Span(b),)), Item(id="ql-3", spans=(Span(a),), listed=True),
                                           Item(id="ql-4", spans=(Span(c),), listed=True, depth=1, number=2))),
        Block(kind=CALLOUT, id="c-1", header=(b, a), items=(Item(id="ql-5", spans=(Span(a),)), Item(id="ql-6", spans=(Span(c),), listed=True))),
        Block(kind=CALLOUT, id="c-2", header=(a, ""), items=(Item(id="ql-7", spans=(Span(a),)),)),
        Block(kind=CODE_BLOCK, id="code-1", spans=(Span(f"{a}\n\n  {b}\n{c}", CODE),), header=(b,)),
        Block(kind=HTML, id="h-1", spans=(Span(a),), html=(
            HtmlNode("details", (("open", b), ("ontoggle", "alert(1)")), (
                HtmlNode("summary", (), (HtmlNode(text=a),)),
                HtmlNode("p", (("class", b), ("onclick", c)), (HtmlNode(text=b), HtmlNode("br"), HtmlNode(text=c))),
                HtmlNode("script", (), (HtmlNode(text=c),)),
                HtmlNode("td", (("colspan", a),), (HtmlNode("sup", (), (HtmlNode(text=a),)),)),
            )),
        )),
    ]
    for b_ in blocks:
        assert_shown_as_text(md, block(b_, Inliner()), a)
    assert live_markup(render(md, block(Block(kind=RULE, id="hr"), Inliner()))) == []


@EXAMPLES
@given(name=hostile, definition=hostile, text=hostile)
def test_glossary_tooltips_hold_any_definition(md, name, definition, text):
    """A definition is shown in every tooltip of its term: a backtick or a quote in it must not swallow text."""
    term = Term(id="t-1", name="智能体", aliases=(), definition=definition, source="")
    inliner = Inliner(lambda t: "glossary.md#" + t.id, TermMatcher([term]).segments)
    paragraph = f"{text} 智能体 {name} 智能体 {text}"
    html = render(md, inliner.spans((Span(paragraph),)))
    assert live_markup(html) == []
    assert squash(paragraph) in squash("".join(parse(html).text))
    assert html.count('href="glossary.md#t-1"') >= 2


# Harmless HTML a source may write, to mix with the payloads.
HARMLESS = ("<details>", "<details open>", "</details>", "<summary>", "</summary>", "<br>", "<br/>", "<sup>", "</sup>",
            "<sub>", "</sub>", "<kbd>", "</kbd>", "<mark>", "</mark>", '<p class="x">', "</p>", "<table><tr><td>", "</td></tr></table>",
            "\n\n", "\n")
html_source = st.lists(st.one_of(st.sampled_from(HARMLESS), st.sampled_from(PAYLOADS), hostile), min_size=1, max_size=12).map("".join)


@EXAMPLES
@given(body=html_source)
def test_html_in_a_source_renders_harmless_tags_only(md, body):
    """A source's HTML, read and rendered: never live, whatever is mixed into it."""
    body = body.replace("\x00", "")  # a NUL makes the file binary: skipped, see test_bad_input.py
    source = read_bytes(f"# 标题\n\n{body}\n\n段落。\n".encode(), "evil.md")
    html = render(md, source_page_markdown(source, Inliner()))
    assert live_markup(html) == [], (body, html)


# --- whole pages ----------------------------------------------------------------------


def hostile_source(x: str, y: str) -> Source:
    meta = Meta(title=x, kind=y, publisher=x, authors=(y, x), date="2026-01", date_note=x, url="javascript:" + y,
                language="en", description=y, tags=(x,), extra=((x, y),))
    section = Section(id="s-1", title=x, blocks=(Block(kind=PARAGRAPH, id="p-1", spans=(Span(y),)),), timestamp=y, signature=x)
    return Source(path=f"{x}.md", slug="evil", meta=meta, sections=(section,), reader="markdown")


@EXAMPLES
@given(x=hostile, y=hostile)
def test_source_page_shows_metadata_and_text_as_text(md, x, y):
    assert_shown_as_text(md, source_page_markdown(hostile_source(x, y), Inliner()), x, y)


@EXAMPLES
@given(x=hostile, y=hostile)
def test_timeline_entry_shows_its_parts_as_text(md, x, y):
    date = parse_iso("2025-12")
    cites = tuple(Citation(source="evil", anchor="p-1", title=t, text=t, kind=EVENT, date=date, author=t) for t in (x, y))
    entry = TimelineEntry(id="t-1", date=date, summary=x, kind=EVENT, sources=cites, topics=("agents",), context=y, note=x)
    sources = {"evil": hostile_source(x, y)}
    assert_shown_as_text(md, timeline_entry(entry, sources, {"agents": y}, Inliner(), "timeline.md"), x, y)


@EXAMPLES
@given(x=hostile, y=hostile)
def test_prediction_card_shows_statement_and_verdict_note_as_text(md, x, y):
    p = Prediction(id="pred-1", made_by="evil", author=x, made_on=parse_iso("2025-10"), target=parse_iso("2026"),
                   topics=("agents",), statement=x, anchor="p-1")
    verdict = Verdict(status="hit", note=y, evidence="javascript:alert(1)")
    card = prediction_card(p, verdict, {"evil": hostile_source(x, y)}, {"agents": y}, Inliner(), "predictions.md", dt.date(2026, 6, 1))
    assert_shown_as_text(md, card, x, y)


@EXAMPLES
@given(x=hostile, y=hostile)
def test_glossary_page_shows_names_and_definitions_as_text(md, x, y):
    term = Term(id="t-1", name=x, aliases=(y,), definition=y, source="evil", anchor="p-1")
    page = glossary_page([term], {}, {"evil": hostile_source(x, y)}, {}, Inliner(), "glossary.md", {"t-1": x})
    assert_shown_as_text(md, page, x, y)


@EXAMPLES
@given(title=hostile, summary=hostile, intro=hostile)
def test_topic_page_renders_the_curated_introduction_through_the_same_path(md, title, summary, intro):
    topic = Topic(id="agents", title=title, summary=summary, intro=intro, keywords=(("智能体", 1.0),))
    page = topic_page(topic, (), (), {}, (topic,), Inliner(), "topics/agents.md")
    html = render(md, page)
    assert live_markup(html) == [], (intro, html)
    shown = squash("".join(parse(html).text))
    assert squash(title) in shown


def test_topic_introduction_markup_shows_as_text(md):
    intro = "编者按：**重要**。\n\n<img src=x onerror=alert(5)> <script>alert(6)</script>\n\n--8<-- \".git/config\"\n"
    topic = Topic(id="agents", title="智能体", summary="s", intro=intro, keywords=(("智能体", 1.0),))
    html = render(md, topic_page(topic, (), (), {}, (topic,), Inliner(), "topics/agents.md"))
    assert live_markup(html) == [] and "<strong>重要</strong>" in html
    shown = squash("".join(parse(html).text))
    assert squash("<img src=x onerror=alert(5)> <script>alert(6)</script>") in shown and squash('--8<-- ".git/config"') in shown
