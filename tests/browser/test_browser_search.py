"""Chinese and English search in a real browser, against the built site.

Material's search runs on `keyup`; playwright's `fill()` with Chinese text
fires none, so the query is entered and then End is pressed.
"""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from browserkit import Watch, artifact, check_watch, goto, open_page

LEX = "briefing/sources/lex-fridman-state-of-ai-2026/"
MIT = "briefing/sources/mit-tr-whats-next-2026/"
BLOG = "briefing/sources/blog-ai-trends-2026/"
SOA = "briefing/sources/state-of-ai-2025-video/"
ROADMAP = "briefing/sources/ai-roadmap-2025/"
GLOSSARY = "briefing/glossary/"

# (query, page that must be among the first three results, topic page that
# takes over once it is built, other pages that are equally right).
# Each page holds the term prominently: in its title, a heading, or a
# definition. A topic page, when built, must rank in the top three itself.
QUERIES = [
    ("缩放定律", LEX, None, ()),  # title, and heading 48:05 AI缩放定律
    ("开源模型", BLOG, "briefing/topics/open-models/", ()),  # heading 6. 开源模型的崛起
    ("芯片出口", SOA, "briefing/topics/regulation/", ()),  # section 政治：中美战略分化
    ("数据中心", SOA, "briefing/topics/compute-energy/", ()),  # ten mentions, section 九、数据中心的邻避效应
    ("出口管制", SOA, "briefing/topics/regulation/", ()),
    ("智能体", LEX, "briefing/topics/agents/", ()),  # title
    ("行政命令", MIT, "briefing/topics/regulation/", ()),  # the 2025-12-11 executive order
    ("MoE", ROADMAP, None, (LEX, GLOSSARY)),  # 稀疏激活与专家混合系统(MoE); the podcast's term table
    ("RLVR", LEX, None, (GLOSSARY,)),  # heading 后训练详解, term table
    ("NVIDIA", LEX, None, ()),  # heading 4:00:10 NVIDIA、GPU与AI计算集群的未来
    ("Olmo", MIT, "briefing/topics/open-models/", ()),  # 艾伦人工智能研究所 … Olmo 3
    ("Scaling Law", BLOG, None, ()),  # heading 4. Scaling Law的挑战与突破
]
IDS = [
    "suofang-dinglv",
    "kaiyuan-moxing",
    "xinpian-chukou",
    "shuju-zhongxin",
    "chukou-guanzhi",
    "zhinengti",
    "xingzheng-mingling",
    "moe",
    "rlvr",
    "nvidia",
    "olmo",
    "scaling-law",
]
WORDS = ["开源模型", "缩放定律", "数据中心", "芯片出口"]


@pytest.fixture(scope="module")
def search_page(browser, base_url):
    """One page with the search index loaded, reused by every query (the index loads once)."""

    watch = Watch()
    page = open_page(browser, base_url, watch)
    goto(page, base_url, "")
    yield page
    page.context.close()
    check_watch(watch)


def search(page, query: str) -> list[tuple[str, str]]:
    """Search as a reader does; (page path, page link) of each result, best first.

    The box is cleared first and the old results are awaited away, then
    the whole query goes in at once and End fires the one keyup Material
    searches on: typing character by character would start a search per
    keystroke, and an earlier one could be read as the answer.
    """
    box = page.locator("input.md-search__input")
    box.click()
    box.press("Control+a")
    box.press("Backspace")
    page.wait_for_function("() => !document.querySelector('.md-search-result__item')", timeout=15000)
    page.keyboard.insert_text(query)
    page.keyboard.press("End")
    page.wait_for_function(
        """q => {
             const meta = document.querySelector('.md-search-result__meta');
             return document.querySelector('.md-search__input').value === q && meta
               && !/初始化|Initializing/.test(meta.textContent)
               && (document.querySelector('.md-search-result__item') || /没有|No matching/.test(meta.textContent));
           }""",
        arg=query,
        timeout=15000,
    )
    hrefs = page.eval_on_selector_all(
        "li.md-search-result__item", "items => items.map(li => li.querySelector('a.md-search-result__link').href)"
    )
    return [(_path(href), href) for href in hrefs]


def result_links(page) -> list[str]:
    """Every link of the current results, pages and their sections, in order."""
    return page.eval_on_selector_all("a.md-search-result__link", "links => links.map(a => a.href)")


def _path(href: str) -> str:
    return unquote(urlsplit(href).path).lstrip("/")


@pytest.mark.parametrize(("query", "page_now", "topic", "also"), QUERIES, ids=IDS)
def test_query_finds_the_right_page_in_the_top_three(search_page, site_dir, query, page_now, topic, also) -> None:
    top = [path for path, _ in search(search_page, query)[:3]]
    if topic and (site_dir / topic / "index.html").exists():
        assert topic in top, f"{query}: topic page {topic} not in the top three {top}"
    else:
        assert {page_now, *also} & set(top), f"{query}: expected {page_now} in the top three, got {top}"


@pytest.mark.parametrize("word", WORDS, ids=["kaiyuan-moxing", "suofang-dinglv", "shuju-zhongxin", "xinpian-chukou"])
def test_chinese_query_is_searched_as_one_word(search_page, word) -> None:
    """The query is segmented against the index into the whole word, not into its first characters.

    Material passes the matched terms to the result page as `?h=` (for
    highlighting): `数据中心` must arrive whole, not as `数据` or `中`.
    """
    assert search(search_page, word), f"{word}: no result"
    terms = {t for href in result_links(search_page) for t in parse_qs(urlsplit(href).query).get("h", [""])[0].split()}
    assert word in terms, f"{word}: searched as {sorted(terms)} (Material's query segmentation split the word)"


def test_search_screenshot_for_kaiyuan(search_page) -> None:
    """Always saved: the results for 开源, as an artifact of the run."""
    results = search(search_page, "开源")
    search_page.screenshot(path=artifact("search-kaiyuan.png"))
    assert len(results) >= 3


def test_search_index_holds_the_words(site_dir) -> None:
    """jieba with the user dictionary segmented the field's terms as words at build time."""
    import json
    import re

    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    separator = re.compile(index["config"]["separator"])
    tokens = {t for doc in index["docs"] for t in separator.split(re.sub(r"<[^>]+>", " ", doc["title"] + " " + doc["text"]))}
    assert index["config"]["lang"] == ["zh"]
    missing = [w for w in [*WORDS, "MoE", "RLVR", "NVIDIA", "智能体"] if w not in tokens]
    assert not missing, f"not indexed as words: {missing}"


def test_result_page_highlights_the_query(search_page, base_url) -> None:
    """search.highlight: following a result marks the query on the page it opens."""
    search(search_page, "RLVR")
    target = next(href for href in result_links(search_page) if "h=rlvr" in href.lower())
    page = search_page.context.new_page()
    try:
        page.goto(target)
        page.wait_for_selector("article mark[data-md-highlight]", timeout=15000)  # after the index loads
        marks = page.locator("article mark[data-md-highlight]").all_text_contents()
        assert any("RLVR" in m for m in marks), marks[:10]
    finally:
        page.close()
