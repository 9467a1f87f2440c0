"""A source full of HTML and script runs nothing and creates no element in the browser.

A copy of the project gets one more seed whose text carries every usual
way to slip markup into a page; the built source page must show it as
text only, while the harmless HTML next to it (`<details>`, `<br>`,
`<sup>`, `<kbd>`, `<mark>`) renders as those elements.
"""

from __future__ import annotations

import re

import pytest
from browserkit import Watch, build_site, check_watch, copy_project, goto, open_page, serve

EVIL = """---
title: 注入测试 <script>window.__pwned=1</script>" onmouseover="window.__pwned=13
description: '"><script>window.__pwned=14</script>'
tags: ['<img src=x onerror="window.__pwned=15">']
---

# 注入测试 <script>window.__pwned=1</script>

正文里的脚本 <script>window.__pwned=1</script> 与图片 <img src=x onerror="window.__pwned=2"> 以及框架 <iframe src="javascript:window.__pwned=4"></iframe>。

[点我](javascript:window.__pwned=3) 和 <a href="javascript:window.__pwned=5">链接</a> 还有 <svg onload="window.__pwned=6"></svg>

- 列表项 <img src=x onerror="window.__pwned=7">
- <details open ontoggle="window.__pwned=8">x</details>

> 引用 <script>window.__pwned=9</script>

| 列 <script>window.__pwned=10</script> | b |
|---|---|
| <img src=x onerror="window.__pwned=11"> | [x](javascript:window.__pwned=12) |

See `![x](https://invalid.invalid/x.png){onerror=window.__pwned=16;alert(document.domain)}` here, and
`[x](javascript:window.__pwned=17)` and `*x*{onmouseover=window.__pwned=18}` and Antropix too.

<details>
<summary>字幕摘要</summary>

这是折叠起来的字幕，**粗体**也在。

</details>

上标 x<sup>2</sup> 与换行<br>之后，按 <kbd>Ctrl</kbd>。<!-- 注释不显示 -->

| 表格 | 值 |
|---|---|
| 一行<br>两行 | <mark>标记</mark> |

<details open ontoggle="window.__pwned=19"><summary>坏的</summary>x</details>

<p class="lead" onclick="window.__pwned=20">带事件的段落</p>

<details><summary>藏着脚本</summary><script>window.__pwned=21</script></details>
"""
# A correction is curated text that lands inside the source's paragraphs (script in it
# is refused by the check: see test_hostile_build.py); its Markdown must stay text.
EVIL_ENTRY = """
zz-injection.md:
  corrections:
    - {from: Antropix, to: "*A*{: .x } [y](https://example.com/y) <b>粗</b>"}
"""


@pytest.fixture(scope="module")
def evil_site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("evil-project"))
    (project / "seeds" / "zz-injection.md").write_text(EVIL, encoding="utf-8")
    with (project / "seeds" / "sources.yml").open("a", encoding="utf-8") as f:
        f.write(EVIL_ENTRY)
    site = build_site(project, tmp_path_factory.mktemp("evil-site"))
    heading = re.compile(r"<h1[^>]*>注入测试")
    pages = [p for p in (site / "briefing" / "sources").glob("*/index.html") if heading.search(p.read_text(encoding="utf-8"))]
    assert len(pages) == 1, "the injected source has no page"
    with serve(site) as url:
        yield url, pages[0].parent.relative_to(site).as_posix() + "/"


def test_injected_html_runs_nothing_and_creates_no_element(browser, evil_site) -> None:
    base_url, path = evil_site
    watch = Watch()
    page = open_page(browser, base_url, watch)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        goto(page, base_url, path)
        page.wait_for_load_state("networkidle")
        page.locator("article").click(position={"x": 5, "y": 5})  # give any ontoggle/onload a chance
        for target in page.locator("article code, article abbr, article em").all()[:40]:
            target.hover()  # any onmouseover would fire now
        assert dialogs == [], f"a dialog opened: {dialogs}"
        assert page.evaluate("typeof window.__pwned") == "undefined", "a script from the source ran"
        # Anywhere on the page: the title also shows in the header, the nav, <title> and meta tags.
        assert page.evaluate("[...document.scripts].filter(s => s.textContent.includes('__pwned')).length") == 0, (
            "a source <script> is in the page"
        )
        for selector in ("iframe", "[onerror]", "[onload]", "[onmouseover]", "[ontoggle]", 'a[href^="javascript:"]'):
            assert page.locator(selector).count() == 0, f"the source created {selector}"
        article = page.locator("article")
        text = article.inner_text()
        assert "<script>window.__pwned=1</script>" in text, "the markup is not shown as text"
        assert '<img src=x onerror="window.__pwned=2">' in text
        assert "![x](https://invalid.invalid/x.png){onerror=window.__pwned=16;alert(document.domain)}" in text
        assert "*A*{: .x } [y](https://example.com/y) <b>粗</b>" in text
        assert page.title().startswith("注入测试 <script>"), "the page title is not the source title as text"
        # Search results quote the page: excerpts must hold the markup as text too.
        page.locator("body").press("/")
        page.locator("dialog.briefing-search__dialog input[type=search]").fill("pwned onerror")
        page.wait_for_selector("li.briefing-search__result a.briefing-search__link", timeout=15000)
        page.wait_for_timeout(500)
        results = page.locator("ol.briefing-search__results")
        for selector in ("script", "img", "iframe", "svg", "details", "[onerror]", "[onload]", 'a[href^="javascript:"]'):
            assert results.locator(selector).count() == 0, f"a search result created {selector}"
        assert "<script>window.__pwned" in results.inner_text(), "the markup is not shown as text in the results"
        assert dialogs == [], f"a dialog opened: {dialogs}"
        # Harmless HTML renders as elements, and no tag or comment shows as text.
        assert page.locator("article details > summary", has_text="字幕摘要").count() == 1
        assert page.locator("article details strong", has_text="粗体").count() == 1
        assert page.locator("article sup", has_text="2").count() == 1 and page.locator("article kbd").count() == 1
        assert page.locator("article td br").count() == 1 and page.locator("article td mark").count() == 1
        assert page.locator("p br").count() >= 1
        for shown in ("<details>\n<summary>字幕摘要", "<sup>2</sup>", "<br>之后", "注释不显示", "<kbd>", "<mark>"):
            assert shown not in text, f"{shown!r} shows as text"
        # Hostile HTML next to harmless tags shows whole, as text.
        assert '<details open ontoggle="window.__pwned=19">' in text
        assert '<p class="lead" onclick="window.__pwned=20">' in text
        assert "<details><summary>藏着脚本</summary><script>window.__pwned=21</script></details>" in text
    finally:
        page.context.close()
    check_watch(watch)
