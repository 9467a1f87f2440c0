"""End to end: `mkdocs build --strict` on the real project, and `mkdocs serve` live reload."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
MKDOCS = [sys.executable, "-m", "mkdocs"]
SLUGS = ["mit-tr-whats-next-2026", "blog-ai-trends-2026", "lex-fridman-state-of-ai-2026", "state-of-ai-2025-video", "ai-roadmap-2025"]


@pytest.fixture(scope="module")
def built(root, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    run = subprocess.run([*MKDOCS, "build", "--strict", "-d", str(out)], cwd=root, env=ENV, capture_output=True, text=True, timeout=600,
                         check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "WARNING" not in run.stderr, run.stderr[-3000:]
    return out


def _page(site: Path, slug: str) -> str:
    return (site / "briefing" / "sources" / slug / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("slug", SLUGS)
def test_source_page_built(built, slug) -> None:
    html = _page(built, slug)
    assert 'class="passage"' in html
    assert "来源信息" in html
    assert re.search(r'<p[^>]* id="p-[0-9a-f]{8}', html), "paragraphs carry stable ids"


def test_podcast_page_has_timestamps_quotes_and_table(built) -> None:
    html = _page(built, "lex-fridman-state-of-ai-2026")
    assert html.count('class="timestamp"') == 26
    assert html.count('class="passage quote"') == 26
    assert 'lang="en"' in html and "I truly believe in the machine learning" in html
    assert "<table>" in html and "Mixture of Experts" in html
    assert "本节重点" not in html


def test_transcript_reads_as_paragraphs_under_sections(built) -> None:
    html = _page(built, "state-of-ai-2025-video")
    headings = re.findall(r"<h2 id=\"[^\"]+\">([^<]+)", html)
    assert len(headings) >= 6, headings
    paragraphs = re.findall(r'<p class="passage" id="p-[^"]+">([^<]+)</p>', html)
    assert len(paragraphs) > 40
    assert sum(len(p) for p in paragraphs) / len(paragraphs) > 40, "phrases were joined into paragraphs"
    assert "。" in paragraphs[0]


def test_corrections_are_marked_with_the_original(built) -> None:
    html = _page(built, "state-of-ai-2025-video")
    assert re.search(r'<abbr class="correction" title="[^"]*Antropix[^"]*">Anthropic</abbr>', html)
    assert "Latam GPT" in html and "Latam GBT</" not in html


def test_headings_have_readable_stable_anchors(built) -> None:
    html = _page(built, "lex-fridman-state-of-ai-2026")
    assert 'id="157-中美ai竞赛谁会胜出"' in html
    assert not re.search(r'id="_\d+"', html)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as resp:
        return resp.read().decode("utf-8")


def test_serve_picks_up_seed_edits(root, tmp_path) -> None:
    """An edit to a seed while `mkdocs serve` runs shows up in the served page."""
    for name in ("seeds", "curation", "docs"):
        shutil.copytree(root / name, tmp_path / name, ignore=shutil.ignore_patterns("briefing"))
    shutil.copy(root / "mkdocs.yml", tmp_path / "mkdocs.yml")
    port = _free_port()
    proc = subprocess.Popen([*MKDOCS, "serve", "--livereload", "-a", f"127.0.0.1:{port}"], cwd=tmp_path, env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/briefing/sources/blog-ai-trends-2026/"
    try:
        _wait(lambda: "2026年AI发展趋势" in _get(url), 120)
        entry = f"http://127.0.0.1:{port}/pagefind/pagefind-entry.json"
        first = _get(entry)
        seed = tmp_path / "seeds" / "001_82380a7551734421.txt"
        seed.write_text(seed.read_text(encoding="utf-8") + "\n\n新增的一段：实时预览生效。\n", encoding="utf-8")
        _wait(lambda: "新增的一段" in _get(url), 60)
        # The search index is served and is made again from the rebuilt pages (in the background).
        assert '"page_count"' in first
        _wait(lambda: _get(entry) != first, 120)
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=20)
    assert "Traceback" not in err
    # The rebuild after the edit parsed that one seed again, the rest came from memory.
    assert "5 sources (1 parsed, 4 cached)" in err, err[-3000:]


def _wait(check, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if check():
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the served page")
        time.sleep(0.5)


def test_glossary_tooltips_in_built_html(built) -> None:
    """A Chinese and an English term inside Chinese sentences get tooltip links; headings and code never do."""
    html = _page(built, "blog-ai-trends-2026")
    assert re.search(r'的<a href="\.\./\.\./glossary/#scaling-laws" title="Scaling Laws：[^"]+">Scaling Law</a>的挑战', html) or \
        re.search(r'传统的<a href="\.\./\.\./glossary/#scaling-laws" title="Scaling Laws：[^"]+">Scaling Law</a>', html)
    assert re.search(r'（<a href="\.\./\.\./glossary/#scaling-laws" title="[^"]+">缩放定律</a>）', html)
    for page in (_page(built, slug) for slug in SLUGS):
        for heading in re.findall(r"<h[1-6][^>]*>.*?</h[1-6]>", page, re.DOTALL):
            assert "glossary/#" not in heading, heading
        for code in re.findall(r"<code>.*?</code>", page, re.DOTALL):
            assert "glossary/#" not in code
