"""What keeps big corpora and the `mkdocs serve` loop fast: the memo, its
cache folder, and a nav that does not list thousands of sources."""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from dataclasses import replace

import pytest

from generator.build import build
from generator.core.config import Settings
from generator.core.memo import DB_NAME, Memo
from generator.site.pipeline import nav, unlisted_pages

ARTICLE = "# 第{n}篇\n\n## 监管\n\n2025年8月，欧盟AI法案的通用模型条款开始生效，第{n}次报道。\n\n## 算力\n\n数据中心的电力需求继续增长。\n"


@pytest.fixture
def project(tmp_path, root) -> Settings:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for n in range(4):
        (seeds / f"{n}.md").write_text(ARTICLE.format(n=n), encoding="utf-8")
    (seeds / "sources.yml").write_text("".join(f"{n}.md:\n  date: 2026-01-0{n + 1}\n" for n in range(4)), encoding="utf-8")
    shutil.copytree(root / "curation", tmp_path / "curation")
    (tmp_path / "curation" / "verdicts.yml").write_text("{}\n", encoding="utf-8")  # they score the seeds' predictions
    return Settings(root=tmp_path, cache=".cache")


def cached(settings: Settings, kind: str) -> set[str]:
    with closing(sqlite3.connect(settings.cache_dir / DB_NAME)) as db:
        return {key for (key,) in db.execute("SELECT key FROM memo WHERE kind = ?", (kind,))}


def test_a_rebuild_after_one_edit_redoes_that_source_only(project) -> None:
    memo = Memo(project.cache_dir)  # as `mkdocs serve` keeps one across rebuilds
    first = build(project, memo)
    assert first.site.parsed == 4
    assert build(project, memo).report.written == ()  # nothing changed, nothing written
    (project.seeds_dir / "2.md").write_text(ARTICLE.format(n=22), encoding="utf-8")
    again = build(project, memo)
    assert again.site.parsed == 1
    written = set(again.report.written)
    assert "sources/2.md" in written and not written & {"sources/0.md", "sources/1.md", "sources/3.md"}


def test_a_new_process_reads_unchanged_sources_from_the_cache_folder(project) -> None:
    build(project)
    assert build(project).site.parsed == 0  # a fresh Memo: everything comes from disk


def test_the_cache_folder_is_safe_to_delete_and_keeps_one_corpus(project) -> None:
    before = build(project)
    pages = {p: p.read_bytes() for p in sorted(project.output_dir.rglob("*.md"))}
    assert len(cached(project, "sources")) == 4 and len(cached(project, "digests")) == 4
    old = cached(project, "sources")
    (project.seeds_dir / "1.md").write_text(ARTICLE.format(n=11), encoding="utf-8")
    build(project)
    assert len(cached(project, "sources")) == 4, "the edited source's old entry is pruned"
    assert len(old & cached(project, "sources")) == 3
    (project.seeds_dir / "1.md").write_text(ARTICLE.format(n=1), encoding="utf-8")
    shutil.rmtree(project.cache_dir)
    after = build(project)
    assert after.site.parsed == 4
    assert {p: p.read_bytes() for p in sorted(project.output_dir.rglob("*.md"))} == pages
    assert after.site.timeline == before.site.timeline


def test_a_broken_cache_entry_is_recomputed(project) -> None:
    build(project)
    with closing(sqlite3.connect(project.cache_dir / DB_NAME)) as db:
        db.execute("UPDATE memo SET value = ? WHERE kind = 'digests'", (b"not a pickle",))
        db.commit()
    again = build(project)
    assert again.report.written == () and again.site.parsed == 0  # digests redone from the cached sources
    assert len(cached(project, "digests")) == 4


def test_a_cache_file_that_is_not_a_database_is_replaced(project) -> None:
    build(project)
    for name in os.listdir(project.cache_dir):
        (project.cache_dir / name).write_bytes(b"garbage " * 100)
    assert build(project).report.written == ()
    assert build(project).site.parsed == 0, "the next run reads the new cache file"


def test_an_unwritable_cache_folder_only_costs_speed(project) -> None:
    project.cache_dir.parent.mkdir(parents=True, exist_ok=True)
    project.cache_dir.write_text("a file where the folder should be", encoding="utf-8")
    first = build(project)
    assert first.site.parsed == 4 and build(project).site.parsed == 4


def test_a_second_process_writing_the_cache_does_not_stall_a_build(project) -> None:
    build(project)
    (project.seeds_dir / "0.md").write_text(ARTICLE.format(n=9), encoding="utf-8")
    with closing(sqlite3.connect(project.cache_dir / DB_NAME)) as other:
        other.execute("BEGIN IMMEDIATE")  # holds the write lock, as a concurrent build would
        memo = Memo(project.cache_dir)
        assert build(project, memo).site.parsed == 1
        other.rollback()
    assert build(project, Memo(project.cache_dir)).site.parsed == 1, "what could not be stored is redone"


def test_nav_lists_sources_up_to_the_limit_then_only_the_index(seed_site) -> None:
    sources = tuple(replace(seed_site.sources[0], slug=f"s{n}") for n in range(6))
    site = replace(seed_site, sources=sources)
    assert len(nav(site, max_sources=6)[-1]["来源"]) == 7
    assert nav(site, max_sources=5)[-1]["来源"] == ["briefing/sources/index.md"]
    assert unlisted_pages(site, max_sources=6) == set()
    assert unlisted_pages(site, max_sources=5) == {f"briefing/sources/s{n}.md" for n in range(6)}


def test_strict_build_of_a_corpus_over_the_nav_limit(root, tmp_path) -> None:
    """Over `nav_max_sources`, source pages are built but left out of every page's nav, without warnings."""
    for name in ("seeds", "curation", "docs"):
        shutil.copytree(root / name, tmp_path / name, ignore=shutil.ignore_patterns("briefing"))
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - briefing\n" in config
    (tmp_path / "mkdocs.yml").write_text(config.replace("  - briefing\n", "  - briefing:\n      nav_max_sources: 2\n"), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "site"], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=600, check=False)
    assert run.returncode == 0 and "WARNING" not in run.stderr, run.stderr[-3000:]
    site = tmp_path / "site"
    page = site / "briefing" / "sources" / "blog-ai-trends-2026" / "index.html"
    assert "2026年AI发展趋势" in page.read_text(encoding="utf-8")
    # A source page's nav would list its sibling sources; over the limit it lists none.
    other = (site / "briefing" / "sources" / "mit-tr-whats-next-2026" / "index.html").read_text(encoding="utf-8")
    assert "blog-ai-trends-2026/" not in other
    index = (site / "briefing" / "sources" / "index.html").read_text(encoding="utf-8")
    assert 'href="blog-ai-trends-2026/"' in index  # the sources index still links every source
    assert "5 sources (5 parsed, 0 cached)" in run.stderr



class _Terminal:
    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


def test_progress_bars_show_on_a_terminal_for_big_builds_only(project, monkeypatch) -> None:
    from tqdm import tqdm

    from generator.build import PROGRESS_MIN_SOURCES, _progress

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(sys, "stderr", _Terminal())
    bar = _progress(replace(project, progress=True))
    assert isinstance(bar(range(PROGRESS_MIN_SOURCES), "reading sources"), tqdm)
    assert bar(range(PROGRESS_MIN_SOURCES - 1), "reading sources") == list(range(PROGRESS_MIN_SOURCES - 1))
    assert _progress(replace(project, progress=False)) is None  # the plugin under `mkdocs serve`
    monkeypatch.setenv("CI", "true")
    assert _progress(replace(project, progress=True)) is None
    monkeypatch.delenv("CI")
    monkeypatch.setattr(sys, "stderr", io.StringIO())  # a log file, not a terminal
    assert _progress(replace(project, progress=True)) is None


def test_an_unchanged_corpus_is_not_merged_again(project, monkeypatch) -> None:
    import generator.site.pipeline

    calls = []
    real = generator.site.pipeline.merge_entries
    monkeypatch.setattr(generator.site.pipeline, "merge_entries", lambda *args: calls.append(1) or real(*args))
    first = build(project)
    again = build(project)
    assert len(calls) == 1 and again.site.timeline == first.site.timeline
    (project.seeds_dir / "0.md").write_text(ARTICLE.format(n=5), encoding="utf-8")
    build(project)
    assert len(calls) == 2
