"""Site search: a Pagefind index of the built site, made after MkDocs wrote it.

Pagefind (its extended build, which segments Chinese) reads the finished
HTML, so search runs on any static output, whatever built it. It writes a
chunked index that the browser loads piece by piece for each query, never
the whole; `docs/javascripts/search.js` is the dialog over its JS API.

Only each page's content is indexed: the element `CONTENT` holds it in
Material's pages (anything else falls back to Pagefind's own choice), and
the header, navigation, footer and permalink marks are left out. `CONTENT`
is the article's parent, not the article: Pagefind matches an excluded
selector's combinators only inside the root element, so `article > …`
needs the article inside it.

Chinese is cut into words twice: by jieba when Pagefind indexes, and by
the browser's `Intl.Segmenter` when a reader searches. Where the browser's
dictionary lacks a word (Chromium cuts 缩放定律 into 缩 / 放 / 定律, and
开源 into 开 / 源), every character becomes a word of its own, and a page
that holds the jieba word 缩放 is missed. `align_query_words` joins such
runs of single characters back into one word before the search, so the
query's words line up with the index's (Pagefind matches words by prefix).
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.core.errors import BriefingError
from generator.core.paths import GENERATED_DIR, GLOSSARY, PREDICTIONS, SOURCES_INDEX, TIMELINE, TOPICS_INDEX, source_page, topic_page
from generator.glossary import TermMatcher
from generator.site.pipeline import Site
from generator.site.writers.topic import source_anchor

BUNDLE = "pagefind"  # folder of the index and UI in the built site
CONTENT = ".md-content"
# Inside the content: permalink marks and navigation aids add nothing to a
# result. The passages that corpus-wide pages quote (a topic's quotes and
# their citations, timeline entries, prediction cards) are indexed once, on
# their source page: indexed again they multiplied the index and every
# query's download, and buried the page a passage comes from. Those pages
# are still found by what is theirs: title, introduction, key figures, headings.
# A topic page's group headings (a source's title over the passages it
# quotes) go with the passages: indexed, they made every topic page a hit
# for every title it lists. `.related-topics` is the other topics' list,
# `.term-appearances` the glossary's full lists of the pages a term is on.
EXCLUDE = (
    ".headerlink", ".md-source-file", "nav.tl-filter", "article > blockquote", ".passage-cite", ".tl-entry", ".pred-card",
    f'h3[id^="{source_anchor("")}"]', ".related-topics", ".term-appearances",
)
# Pagefind's own UIs: the dialog is ours (docs/javascripts/search.js), over pagefind.js.
UNUSED = tuple(f"pagefind-{ui}.{ext}" for ui in ("ui", "modular-ui", "component-ui") for ext in ("js", "css"))
TIMEOUT_SECONDS = 3600
_TAG = re.compile(r"<[^>]+>")
# A passage another page quotes, with its citation (EXCLUDE keeps it out of the
# index): the names of its terms are not the quoting page's own words either.
_QUOTED = re.compile(r'<blockquote>.*?</blockquote>\s*<p class="passage-cite">.*?</p>', re.DOTALL)
# Filter names and values readers pick from in the search dialog.
KIND, TOPIC = "类型", "专题"
SOURCE_KIND, TOPIC_KIND = "来源", "专题"
_PAGE_KINDS = {TIMELINE: "时间线", GLOSSARY: "术语表", PREDICTIONS: "预测账本", TOPICS_INDEX: TOPIC_KIND, SOURCES_INDEX: SOURCE_KIND}
_QUOTING = ("时间线", "预测账本")


@dataclass(frozen=True, slots=True)
class IndexReport:
    pages: int
    seconds: float
    bytes: int


def index_site(site_dir: Path, timeout: float = TIMEOUT_SECONDS, output: Path | None = None) -> IndexReport:
    """Index every HTML page of a built site into `site_dir/pagefind/` (or `output`).

    Raises:
        BriefingError: Pagefind is missing or failed; its own message is kept.
    """
    command = [
        sys.executable, "-m", "pagefind", "--site", str(site_dir), *(("--output-path", str(output)) if output else ("--output-subdir", BUNDLE)),
        "--root-selector", CONTENT, "--exclude-selectors", ", ".join(EXCLUDE), "--force-language", "zh",
    ]
    start = time.perf_counter()
    try:
        run = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise BriefingError(f"search index: Pagefind did not finish in {timeout:.0f} s", str(site_dir)) from None
    if run.returncode != 0:
        detail = (run.stderr or run.stdout).strip().splitlines()[-1:] or ["no message"]
        raise BriefingError(f"search index: Pagefind failed ({detail[0]}); is `pagefind[extended]` installed?", str(site_dir))
    bundle = output or site_dir / BUNDLE
    align_query_words(bundle)
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())
    return IndexReport(pages=_pages(run.stdout), seconds=time.perf_counter() - start, bytes=size)


# Where pagefind.js (and its worker) join the browser's words into the query.
_QUERY_JOIN = 'term=term_chunks.join(" ")'
_ALIGNED_JOIN = 'term=briefingJoinSingleHan(term_chunks).join(" ")'
_JOIN_SINGLE_HAN = r"""
// briefing: runs of single Han characters from Intl.Segmenter are one word to the index (see generator/site/search_index.py).
function briefingJoinSingleHan(words) {
  const single = /^\p{Script=Han}$/u;
  const out = [];
  let joining = false;  // the last word out is a run of single characters
  for (const word of words) {
    const one = single.test(word);
    if (one && joining) {
      out[out.length - 1] += word;
    } else {
      out.push(word);
    }
    joining = one;
  }
  return out;
}
"""


def align_query_words(bundle: Path) -> None:
    """Make Pagefind's search join runs of single Han characters into one word.

    Raises:
        BriefingError: the code to change is not there (a Pagefind upgrade):
            search would then miss words, so say so rather than ship it.
    """
    for name in ("pagefind.js", "pagefind-worker.js"):
        path = bundle / name
        code = path.read_text(encoding="utf-8")
        if "briefingJoinSingleHan" in code:
            continue
        if code.count(_QUERY_JOIN) != 1:
            raise BriefingError(f"search index: {name} no longer joins query words as expected; check the Pagefind version", str(path))
        path.write_text(_JOIN_SINGLE_HAN + code.replace(_QUERY_JOIN, _ALIGNED_JOIN), encoding="utf-8")


def _pages(output: str) -> int:
    # Pagefind prints `Indexed N pages`; the count is for the log only.
    for line in output.splitlines():
        words = line.split()
        if len(words) >= 3 and words[0] == "Indexed" and words[2].startswith("page"):
            return int(words[1])
    return 0


def page_filters(site: Site) -> dict[str, tuple[tuple[str, str], ...]]:
    """Search filters per generated page (its path under docs/): its kind, and
    for a source or a topic page the topics it belongs to."""
    titles = site.topic_titles
    by_source: dict[str, list[str]] = {}
    for topic in site.topics:
        for slug in site.classification.per_source(topic.id):
            by_source.setdefault(slug, []).append(titles[topic.id])
    filters: dict[str, tuple[tuple[str, str], ...]] = {f"{GENERATED_DIR}/{p}": ((KIND, kind),) for p, kind in _PAGE_KINDS.items()}
    for source in site.sources:
        topics = ((TOPIC, t) for t in by_source.get(source.slug, ()))
        filters[f"{GENERATED_DIR}/{source_page(source.slug)}"] = ((KIND, SOURCE_KIND), *topics)
    for topic in site.topics:
        filters[f"{GENERATED_DIR}/{topic_page(topic.id)}"] = ((KIND, TOPIC_KIND), (TOPIC, topic.title))
    for first, later in site.layout.items():  # a split page's later pages are of its kind (`site.writers.paging`)
        filters.update(dict.fromkeys((f"{GENERATED_DIR}/{page}" for page in later), filters.get(f"{GENERATED_DIR}/{first}", ())))
    return filters


def names_marker(text: str, matcher: TermMatcher) -> str:
    """Every name of each glossary term the page uses, for the index only: a
    hidden element whose attribute Pagefind indexes (readers see nothing), so
    a page that says 缩放定律 is found by `Scaling Law` too, and back."""
    own = _QUOTED.sub(" ", text)
    used = {term.id: term for _, term in matcher.segments(_TAG.sub(" ", own)) if term is not None and term.aliases}
    names = dict.fromkeys(name for term in sorted(used.values(), key=lambda t: t.id) for name in (term.name, *term.aliases))
    if not names:
        return ""
    return f'<span data-pagefind-index-attrs="data-names" data-names="{html.escape(" ".join(names))}" hidden></span>'


def quotes_own_text(filters: Iterable[tuple[str, str]]) -> bool:
    """False for the timeline and the ledger: everything on them is another
    page's passage, left out of the index (`EXCLUDE`), so the names of the
    terms in it must not be indexed there either."""
    return not {(KIND, kind) for kind in _QUOTING} & set(filters)


def filter_markers(filters: Iterable[tuple[str, str]], summary: str = "") -> str:
    """Pagefind filter markers: empty, hidden elements (nothing shows on the page).

    A topic page's `summary` (its description: the abstract the topics
    index and the other topics show) is indexed on the topic's own page
    too, the one page it is about, from a hidden attribute like the names.

    This is rendered HTML, past Markdown: `html.escape` is the escaping that
    holds here (a topic title is curated text).
    """
    filters = tuple(filters)
    markers = "".join(f'<span data-pagefind-filter="{html.escape(name)}:{html.escape(value)}" hidden></span>' for name, value in filters)
    if summary and (KIND, TOPIC_KIND) in filters:
        markers += f'<span data-pagefind-index-attrs="data-summary" data-summary="{html.escape(summary)}" hidden></span>'
    return markers
