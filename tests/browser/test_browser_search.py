"""Chinese and English search in a real browser, against the built site.

Search is Pagefind's index behind our own dialog (docs/javascripts/search.js),
opened from the header as Material's was (`/`, `s`, `f`, Ctrl+K). Each
query goes through the dialog a reader uses; the results are read from
the list it shows.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from browserkit import Watch, artifact, check_watch, goto, open_page
from test_browser_a11y import _describe as describe
from test_browser_a11y import run_axe

from generator.site.search_index import EXCLUDE

# Passages quoted on corpus-wide pages are indexed on their source page only
# (generator/site/search_index.py EXCLUDE); `article > blockquote` too.
# The class selectors of what the index leaves out (`nav.tl-filter` too), as the parser below reads them.
EXCLUDED_CLASSES = {s[1:] for s in EXCLUDE if s.startswith(".")} | {"tl-filter"}

LEX = "briefing/sources/lex-fridman-state-of-ai-2026/"
MIT = "briefing/sources/mit-tr-whats-next-2026/"
BLOG = "briefing/sources/blog-ai-trends-2026/"
SOA = "briefing/sources/state-of-ai-2025-video/"
ROADMAP = "briefing/sources/ai-roadmap-2025/"
GLOSSARY = "briefing/glossary/"

TRIGGER = "button.briefing-search__trigger"
DIALOG = "dialog.briefing-search__dialog"
INPUT = "dialog.briefing-search__dialog input[type=search]"
RESULT = "ol.briefing-search__results li.briefing-search__result"
RESULT_LINK = "a.briefing-search__link"
KIND_FILTER = "select.briefing-search__filter[data-filter='类型']"

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
# A glossary term's own entry, and a topic page for a phrase of its introduction.
RANKED = [("缩放定律", GLOSSARY), ("RLVR", GLOSSARY), ("MoE", GLOSSARY), ("对齐伪装", "briefing/topics/security/")]


@pytest.fixture(scope="module")
def search_page(browser, base_url):
    """One page with the search dialog, reused by every query (index chunks load once)."""
    watch = Watch()
    page = open_page(browser, base_url, watch)
    goto(page, base_url, "")
    page.wait_for_selector(TRIGGER, timeout=15000)
    yield page
    page.context.close()
    check_watch(watch)


def open_dialog(page) -> None:
    if page.locator(f"{DIALOG}[open]").count():
        return
    page.locator("body").press("/")  # Material's key
    page.locator(INPUT).wait_for(state="visible", timeout=5000)


def search(page, query: str) -> list[tuple[str, str]]:
    """Search as a reader does; (page path, page link) of each result, best first."""
    open_dialog(page)
    box = page.locator(INPUT)
    box.fill("")
    page.wait_for_function(f"() => !document.querySelector({RESULT!r})", timeout=15000)
    box.fill(query)
    page.wait_for_function(
        f"""q => {{
             const text = document.querySelector('.briefing-search__summary').textContent;
             if (document.querySelector({INPUT!r}).value !== q || !text.includes(q) || text.includes('正在搜索')) return false;
             // Each result shows once its page's fragment arrives: wait for the top three, in place.
             const total = Number((text.match(/(\\d+) 个结果/) || ['', '0'])[1]);
             const top = [...document.querySelectorAll({RESULT!r})].slice(0, Math.min(total, 3));
             return top.length === Math.min(total, 3) && top.every(li => li.querySelector({RESULT_LINK!r}));
           }}""",
        arg=query,
        timeout=15000,
    )
    hrefs = page.eval_on_selector_all(
        RESULT, f"items => items.map(li => li.querySelector({RESULT_LINK!r})).filter(Boolean).map(a => a.href)"
    )
    return [(_path(href), href) for href in hrefs]


def search_all(page, query: str) -> set[str]:
    """Every page a query finds (the dialog shows the first few): Pagefind's own API, as the dialog calls it
    (with the dialog's ranking: the module is the one the dialog loaded)."""
    urls = page.evaluate(
        """async q => {
        const pagefind = await import(new URL('pagefind/pagefind.js', document.baseURI.replace(/[^/]*$/, '')).href);
        const search = await pagefind.search(q);
        return Promise.all(search.results.map(async r => (await r.data()).url));
    }""",
        query,
    )
    return {_path(url) for url in urls}


def result_links(page) -> list[str]:
    """Every link of the current results, pages and their sections, in order."""
    return page.eval_on_selector_all("ol.briefing-search__results a", "links => links.map(a => a.href)")


def _path(href: str) -> str:
    return unquote(urlsplit(href).path).lstrip("/")


@pytest.mark.parametrize(("query", "page_now", "topic", "also"), QUERIES, ids=IDS)
def test_query_finds_the_right_page_in_the_top_three(search_page, site_dir, query, page_now, topic, also) -> None:
    top = [path for path, _ in search(search_page, query)[:3]]
    if topic and (site_dir / topic / "index.html").exists():
        assert topic in top, f"{query}: topic page {topic} not in the top three {top}"
    else:
        assert {page_now, *also} & set(top), f"{query}: expected {page_now} in the top three, got {top}"


@pytest.mark.parametrize(
    ("query", "expected"), RANKED, ids=["suofang-dinglv-glossary", "rlvr-glossary", "moe-glossary", "duiqi-weizhuang-security"]
)
def test_term_entry_and_topic_page_rank_in_the_top_three(search_page, query, expected) -> None:
    top = [path for path, _ in search(search_page, query)[:3]]
    assert expected in top, f"{query}: {expected} not in the top three {top}"


@pytest.mark.parametrize("word", WORDS, ids=["kaiyuan-moxing", "suofang-dinglv", "shuju-zhongxin", "xinpian-chukou"])
def test_chinese_query_finds_every_page_with_the_word(search_page, site_dir, word) -> None:
    """The browser cuts words its dictionary lacks into single characters (缩 / 放 / 定律);
    every built page whose article holds the word must still be found."""
    holding = {_page_path(p, site_dir) for p in site_dir.rglob("index.html") if word in _article_text(p)}
    found = search_all(search_page, word)
    assert holding and holding <= found, f"{word}: pages with the word not found: {sorted(holding - found)}"


# (query, another name of the same glossary term): pages that say only the other name must be found.
ALIASES = [("Scaling Law", "缩放定律"), ("应用程序编程接口", "API"), ("图形处理器", "GPU"), ("RL", "强化学习")]


@pytest.mark.parametrize(("query", "other"), ALIASES, ids=["scaling-law", "api", "gpu", "rl"])
def test_every_name_of_a_term_finds_what_its_other_names_find(search_page, site_dir, query, other) -> None:
    """A page that says only 缩放定律 is found by `Scaling Law`, and the other way round
    (the names come from the glossary: curated aliases and the sources' terms tables)."""
    only_other = {
        _page_path(p, site_dir)
        for p in site_dir.rglob("index.html")
        if other.lower() in (text := _article_text(p).lower()) and query.lower() not in text
    }
    assert only_other, f"no page says only {other}: the case is not exercised"
    found = search_all(search_page, query)
    assert only_other & found, f"{query}: none of {sorted(only_other)} found"


def _page_path(page: Path, site_dir: Path) -> str:
    """`briefing/glossary/index.html` -> `briefing/glossary/`, as result links read."""
    folder = page.parent.relative_to(site_dir).as_posix()
    return "" if folder == "." else folder + "/"


class _Indexed(HTMLParser):
    """The text Pagefind indexes on a page: the article, less what `EXCLUDE` leaves out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, excluded)
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "hr", "img", "input", "meta", "link", "wbr"):
            return
        classes = set((dict(attrs).get("class") or "").split())
        parent = self.stack[-1][0] if self.stack else ""
        excluded = (
            bool(self.stack and self.stack[-1][1]) or bool(classes & EXCLUDED_CLASSES) or (tag == "blockquote" and parent == "article")
        )
        self.stack.append((tag, excluded))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        inside = any(t == "article" for t, _ in self.stack)
        if inside and not (self.stack and self.stack[-1][1]):
            self.text.append(data)


def _article_text(page: Path) -> str:
    parser = _Indexed()
    parser.feed(page.read_text(encoding="utf-8"))
    return "".join(parser.text)


def test_results_show_title_section_and_highlighted_excerpt(search_page) -> None:
    search(search_page, "数据中心")
    first = search_page.locator(RESULT).first
    assert first.locator(f"{RESULT_LINK} .briefing-search__title").inner_text().strip()
    assert "数据中心" in "".join(first.locator("mark").all_inner_texts())
    sections = first.locator("a.briefing-search__section[href*='#']")
    assert sections.count() >= 1, "no section links under the first result"
    assert sections.first.locator(".briefing-search__title").inner_text().strip()
    search_page.screenshot(path=artifact("search-shujuzhongxin.png"))


def test_filters_narrow_results_to_a_kind(search_page) -> None:
    everything = search(search_page, "开源")
    assert any(path.startswith("briefing/sources/") for path, _ in everything)
    kind = search_page.locator(KIND_FILTER)
    kind.focus()  # the filters' values load when a reader reaches for them
    kind.select_option(value="专题")
    search_page.wait_for_function(
        f"() => [...document.querySelectorAll('{RESULT} {RESULT_LINK}')].every(a => a.href.includes('/topics/'))", timeout=15000
    )
    topics_only = [path for path, _ in search(search_page, "开源")]
    assert topics_only and all("briefing/topics/" in path for path in topics_only), topics_only
    assert len(topics_only) < len(everything) or len(everything) <= 5, (topics_only, everything)
    kind.select_option(value="")
    search_page.keyboard.press("Escape")


def test_keyboard_alone_opens_searches_and_follows_a_result(browser, base_url) -> None:
    watch = Watch()
    page = open_page(browser, base_url, watch)
    try:
        goto(page, base_url, "briefing/glossary/")
        page.wait_for_selector(TRIGGER, timeout=15000)
        page.keyboard.press("s")
        box = page.locator(INPUT)
        box.wait_for(state="visible", timeout=5000)
        assert page.evaluate(f"document.activeElement === document.querySelector({INPUT!r})")
        page.keyboard.type("RLVR")
        page.wait_for_selector(f"{RESULT} {RESULT_LINK}", timeout=15000)
        page.keyboard.press("ArrowDown")
        assert page.evaluate("document.activeElement.matches('a.briefing-search__link')")
        with page.expect_navigation(timeout=15000):
            page.keyboard.press("Enter")
        assert "highlight=" in page.url, page.url
        page.wait_for_selector("article mark", timeout=15000)
        assert any("RLVR" in m for m in page.locator("article mark").all_inner_texts())
        page.keyboard.press("/")
        page.locator(INPUT).wait_for(state="visible", timeout=5000)
        page.keyboard.press("Escape")
        page.locator(INPUT).wait_for(state="hidden", timeout=5000)
        page.keyboard.press("Control+k")
        page.locator(INPUT).wait_for(state="visible", timeout=5000)
    finally:
        page.context.close()
    check_watch(watch)


def test_dialog_follows_the_dark_scheme(browser, base_url) -> None:
    watch = Watch()
    page = open_page(browser, base_url, watch, color_scheme="dark")
    try:
        goto(page, base_url, "")
        page.wait_for_selector(TRIGGER, timeout=15000)
        page.locator("body").press("/")
        dialog = page.locator(DIALOG)
        dialog.wait_for(state="visible", timeout=5000)
        background = dialog.evaluate("d => getComputedStyle(d).backgroundColor")
        page_background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == page_background, (background, page_background)
        page.screenshot(path=artifact("search-dark.png"))
    finally:
        page.context.close()
    check_watch(watch)


def test_search_loads_only_what_a_query_needs(browser, base_url, site_dir) -> None:
    """Nothing of search loads before the dialog opens; the first query fetches a few
    index chunks, never the whole index, and no filter chunk."""
    watch = Watch()
    page = open_page(browser, base_url, watch)
    fetched: dict[str, int] = {}
    page.on("requestfinished", lambda r: fetched.__setitem__(urlsplit(r.url).path, (r.sizes() or {}).get("responseBodySize", 0)))
    try:
        goto(page, base_url, "")
        page.wait_for_selector(TRIGGER, timeout=15000)
        page.wait_for_load_state("networkidle")
        assert not [p for p in fetched if "/pagefind/" in p], sorted(fetched)
        search(page, "开源模型")
    finally:
        page.context.close()
    check_watch(watch)
    chunks = [p for p in fetched if p.endswith(".pf_index")]
    total = len(list((site_dir / "pagefind" / "index").glob("*.pf_index")))
    assert chunks and (total == 1 or len(chunks) < total), (chunks, total)
    assert not [p for p in fetched if p.endswith(".pf_filter") or "component-ui" in p], sorted(fetched)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_open_dialog_with_results_passes_axe(browser, base_url, scheme) -> None:
    """The dialog, its filters and a list of results: no serious or critical axe violation."""
    watch = Watch()
    page = open_page(browser, base_url, watch, color_scheme=scheme)
    try:
        goto(page, base_url, "")
        page.wait_for_selector(TRIGGER, timeout=15000)
        search(page, "数据中心")
        violations = run_axe(page)
    finally:
        page.context.close()
    assert not violations, describe(violations)
    check_watch(watch)
