"""The `mkdocs serve --dirty` loop: an edit renders only the pages it changed,
and the site it leaves is the one a clean build makes.

The builds run as `mkdocs serve --dirty` runs them: one process, one plugin
instance started once, a fresh config per rebuild, and MkDocs'
`build(config, serve_url=..., dirty=True)` into the same site folder.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from generator.site.search_index import BUNDLE, IndexReport
from generator.site.search_refresh import GENERATIONS, SearchRefresh

URL = "http://127.0.0.1:8000/"
EDITED = "001_82380a7551734421.txt"  # blog-ai-trends-2026
NEW_SOURCE = "# 新加入的来源标题\n\n这是一个新加入的来源，用来检查导航是否在每一页更新。\n"


class Serve:
    """Builds a project as `mkdocs serve` rebuilds it."""

    def __init__(self, project: Path, site: Path, dirty: bool = True) -> None:
        self.project, self.site, self.dirty = project, site, dirty
        config = self.config()
        config.plugins.on_startup(command="serve", dirty=dirty)
        self.plugins = config.plugins
        self.plugin = config.plugins["briefing"]

    def config(self):
        config = load_config(config_file=str(self.project / "mkdocs.yml"), site_dir=str(self.site))
        config.site_url = URL
        return config

    def build(self) -> dict[str, int]:
        """One rebuild; returns the modification time of every HTML file of the site."""
        build(self.config(), serve_url=URL, dirty=self.dirty)
        return html_times(self.site)

    def close(self) -> None:
        self.plugins.on_shutdown()


def html_times(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*.html") if BUNDLE not in p.parts}


def generated_times(project: Path) -> dict[str, int]:
    folder = project / "docs" / "briefing"
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*.md")}


def site_files(site: Path) -> dict[str, bytes]:
    """Every file a page load can see, except the search index (made by Pagefind, checked apart)
    and the gzipped sitemap (it carries a timestamp)."""
    skip = {BUNDLE, GENERATIONS}
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and not skip & set(p.relative_to(site).parts) and p.name != "sitemap.xml.gz"
    }


@pytest.fixture
def project(root, tmp_path, monkeypatch) -> Path:
    dest = tmp_path / "project"
    for name in ("seeds", "curation", "docs"):
        shutil.copytree(root / name, dest / name, ignore=shutil.ignore_patterns("briefing"))
    shutil.copy(root / "mkdocs.yml", dest / "mkdocs.yml")
    monkeypatch.chdir(dest)  # as `mkdocs serve` runs: the snippets' base path is relative to it
    return dest


def set_plugin_options(project: Path, options: str) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - briefing\n" in text
    config.write_text(text.replace("  - briefing\n", f"  - briefing:\n{options}", 1), encoding="utf-8")


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


# A clean serve build in its own process: MkDocs keeps one plugin instance per process.
_CLEAN_BUILD = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(config_file=sys.argv[1], site_dir=sys.argv[2])
config.site_url = sys.argv[3]
config.plugins.on_startup(command="serve", dirty=False)
try:
    build(config, serve_url=sys.argv[3])
finally:
    config.plugins.on_shutdown()
"""


def assert_same_as_clean_build(project: Path, site: Path, clean: Path) -> None:
    """The site the dirty rebuilds left equals, file for file, a clean serve build of the same inputs."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run(
        [sys.executable, "-c", _CLEAN_BUILD, str(project / "mkdocs.yml"), str(clean), URL],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    mine, theirs = site_files(site), site_files(clean)
    assert sorted(mine) == sorted(theirs), set(mine) ^ set(theirs)
    # Material's tags export lists pages in the order they were read: a
    # rebuild reads the pages it renders first. The same pages, the same tags.
    for files in (mine, theirs):
        files["tags.json"] = json.dumps(sorted(json.loads(files["tags.json"])["mappings"], key=lambda m: m["item"]["url"])).encode()
    differ = [name for name in theirs if mine[name] != theirs[name]]
    assert not differ, f"pages that differ from a clean build: {differ}"


def test_an_edit_renders_only_the_pages_it_changed(project, tmp_path) -> None:
    serve = Serve(project, tmp_path / "site")
    try:
        before = serve.build()
        generated = generated_times(project)
        append(project / "seeds" / EDITED, "\n\n新增的一段：实时预览生效。\n")
        after = serve.build()
        rewritten = {p for p, t in generated_times(project).items() if generated.get(p) != t}
    finally:
        serve.close()
    page = "briefing/sources/blog-ai-trends-2026/index.html"
    assert "实时预览生效" in (tmp_path / "site" / page).read_text(encoding="utf-8")
    rendered = {p for p, t in after.items() if before.get(p) != t}
    # Rendered: the pages whose Markdown the generator rewrote, the hand-written
    # home page (it includes the generated brief), and MkDocs' own 404 page.
    expected = {_html(p) for p in rewritten} | {"index.html", "404.html"}
    assert page in rendered
    assert rendered == expected, f"rendered {sorted(rendered)}, expected {sorted(expected)}"
    assert len(after) - len(rendered) >= 10, "most pages were not rendered again"


def _html(generated_md: str) -> str:
    """The HTML file of a generated page (docs/briefing/<path>.md), with directory URLs."""
    stem = generated_md.removesuffix(".md")
    folder = stem.removesuffix("index").rstrip("/")
    return f"briefing/{folder}/index.html".replace("//", "/")


def test_adding_and_removing_a_source_updates_the_nav_on_every_page(project, tmp_path) -> None:
    site = tmp_path / "site"
    serve = Serve(project, site)
    new = project / "seeds" / "zz_new_source.md"
    link = "briefing/sources/zz-new-source/"
    try:
        serve.build()
        new.write_text(NEW_SOURCE, encoding="utf-8")
        serve.build()
        # Material prunes the navigation to the page's own section: the sources' pages list every source.
        pages = sorted((site / "briefing" / "sources").rglob("index.html"))
        missing = [p.relative_to(site).as_posix() for p in pages if "新加入的来源标题" not in p.read_text(encoding="utf-8")]
        assert len(pages) == 7 and not missing, f"pages whose navigation lacks the new source: {missing}"
        assert_same_as_clean_build(project, site, tmp_path / "added")
        # The title comes from the curated metadata now: every page's navigation shows it.
        append(project / "seeds" / "sources.yml", "\nzz_new_source.md:\n  title: 改过的来源标题\n")
        serve.build()
        stale = [p.relative_to(site).as_posix() for p in pages if "新加入的来源标题" in p.read_text(encoding="utf-8")]
        assert not stale, f"pages that still show the old title: {stale}"
        append(project / "seeds" / EDITED, "\n\n又一段：2026年5月，某公司发布了新的开源模型。\n")
        serve.build()
        new.unlink()
        sources_yml = project / "seeds" / "sources.yml"
        sources_yml.write_text(sources_yml.read_text(encoding="utf-8").split("\nzz_new_source.md:")[0], encoding="utf-8")
        serve.build()
    finally:
        serve.close()
    assert not (site / link).exists(), "the removed source's page is gone, as after a clean build"
    linking = [p.relative_to(site).as_posix() for p in site.rglob("*.html") if "zz-new-source" in p.read_text(encoding="utf-8")]
    assert not linking, f"pages that still link to the removed source: {linking}"
    assert_same_as_clean_build(project, site, tmp_path / "removed")


def test_a_title_read_from_a_page_heading_reaches_every_page(project, tmp_path) -> None:
    """With MkDocs' own navigation, titles come from the pages' first headings,
    which MkDocs reads only from pages it renders."""
    set_plugin_options(project, "      set_nav: false\n      search: false\n")
    site = tmp_path / "site"
    serve = Serve(project, site)
    sources_yml = project / "seeds" / "sources.yml"
    old = "title: MIT科技评论：2026年AI的下一步是什么\n"
    try:
        serve.build()
        assert sources_yml.read_text(encoding="utf-8").count(old) == 1
        sources_yml.write_text(sources_yml.read_text(encoding="utf-8").replace(old, "title: 一个全新的标题\n"), encoding="utf-8")
        serve.build()
    finally:
        serve.close()
    pages = sorted((site / "briefing" / "sources").rglob("index.html"))
    missing = [p.relative_to(site).as_posix() for p in pages if "一个全新的标题" not in p.read_text(encoding="utf-8")]
    assert not missing, f"pages whose navigation lacks the new title: {missing}"
    assert_same_as_clean_build(project, site, tmp_path / "clean")


def test_a_change_to_mkdocs_yml_reaches_every_page(project, tmp_path) -> None:
    """What no page's Markdown says (the theme's colours) shows on every page."""
    site = tmp_path / "site"
    serve = Serve(project, site)
    config = project / "mkdocs.yml"
    try:
        serve.build()
        text = config.read_text(encoding="utf-8")
        assert text.count("primary: indigo") == 2
        config.write_text(text.replace("primary: indigo", "primary: teal"), encoding="utf-8")
        serve.build()
    finally:
        serve.close()
    pages = sorted(site.rglob("index.html"))
    stale = [p.relative_to(site).as_posix() for p in pages if 'data-md-color-primary="teal"' not in p.read_text(encoding="utf-8")]
    assert len(pages) > 10 and not stale, f"pages with the old colours: {stale}"
    assert_same_as_clean_build(project, site, tmp_path / "clean")


def test_search_index_follows_in_the_background(project, tmp_path) -> None:
    site = tmp_path / "site"
    serve = Serve(project, site)
    try:
        serve.build()
        assert (site / BUNDLE).is_symlink(), "served search lives in a generation folder, swapped in by a link"
        first = (site / BUNDLE / "pagefind-entry.json").read_bytes()
        append(project / "seeds" / EDITED, "\n\n新增的一段：搜索索引随后更新。\n")
        serve.build()
        assert serve.plugin.search.idle(timeout=300), "the background index finished"
        entry = (site / BUNDLE / "pagefind-entry.json").read_bytes()
        assert entry != first, "the index was made again from the rebuilt pages"
        assert len(list((site / GENERATIONS).iterdir())) == 1, "older generations are deleted"
    finally:
        serve.close()


def test_search_is_swapped_in_whole(tmp_path) -> None:
    """While an index is being made, the served one is the previous, complete one;
    after the swap, a reader holding the previous index's list of chunks still finds them."""
    site = tmp_path / "site"
    site.mkdir()
    started, release = threading.Event(), threading.Event()
    told: list[str] = []

    def index(_site: Path, out: Path) -> IndexReport:
        generation = out.name
        out.mkdir(parents=True, exist_ok=True)
        (out / "index").mkdir()
        (out / "index" / f"chunk-{generation}.pf_index").write_text(generation)
        if generation != "1":
            started.set()
            assert release.wait(30)
        (out / "pagefind-entry.json").write_text(f'{{"generation": {generation}}}')
        return IndexReport(pages=1, seconds=0.0, bytes=1)

    search = SearchRefresh(site, told.append, index=index)
    search.now()
    served = site / BUNDLE
    assert (served / "pagefind-entry.json").read_text() == '{"generation": 1}'
    search.soon()
    assert started.wait(30)
    # Mid-run: the new folder is half written, the served index is still the first, whole.
    assert (served / "pagefind-entry.json").read_text() == '{"generation": 1}'
    search.soon()  # a rebuild during the run: folded into one more run after it
    release.set()
    assert search.idle(timeout=30)
    search.close()
    assert (served / "pagefind-entry.json").read_text() == '{"generation": 3}'
    assert sorted(p.name for p in (served / "index").iterdir()) == ["chunk-2.pf_index", "chunk-3.pf_index"]
    assert os.readlink(served) == f"{GENERATIONS}/3"
    assert sorted(p.name for p in (site / GENERATIONS).iterdir()) == ["3"]
    assert len(told) == 2 and all("in the background" in line for line in told)


def test_a_plain_build_is_untouched(project, tmp_path) -> None:
    """`mkdocs build` writes the index as a folder, as before; nothing of the serve loop shows."""
    set_plugin_options(project, "      workers: 1\n")
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    assert (tmp_path / "site" / BUNDLE).is_dir() and not (tmp_path / "site" / BUNDLE).is_symlink()
    assert not (tmp_path / "site" / GENERATIONS).exists()


def test_mkdocs_serve_dirty_shows_an_edit(project) -> None:
    """The real command: `mkdocs serve --dirty` with the project's `strict: true` (MkDocs
    warns at every dirty build; the plugin makes that a note, or strict would stop
    every rebuild), and an edit to a seed shows in the served page."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--livereload", "-a", f"127.0.0.1:{port}"]
    proc = subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/briefing/sources/blog-ai-trends-2026/"
    try:
        _wait(lambda: "2026年AI发展趋势" in _get(url), 180)
        append(project / "seeds" / EDITED, "\n\n新增的一段：脏构建也显示修改。\n")
        _wait(lambda: "脏构建也显示修改" in _get(url), 120)
        assert '"page_count"' in _get(f"http://127.0.0.1:{port}/pagefind/pagefind-entry.json")
    finally:
        proc.send_signal(signal.SIGINT)  # as Ctrl+C: serve deletes its site folder
        _, err = proc.communicate(timeout=120)
    assert "Traceback" not in err and "Aborted" not in err, err[-3000:]
    assert "5 sources (1 parsed, 4 cached)" in err, err[-3000:]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as resp:
        return resp.read().decode("utf-8")


def _wait(check, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError("timed out waiting for the served page")
