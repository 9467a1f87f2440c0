"""Atomic output: a failed build leaves the previous pages (bytes and timestamps) untouched.

Also: unchanged pages keep their timestamps, stale pages go, a folder the
generator did not create is never written into, and curated files are
never changed by any build.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import generator.site.output
import generator.site.pipeline
from generator.build import build
from generator.core.config import Settings
from generator.core.errors import BriefingError
from generator.site.output import MARKER, write_pages

ROOT = Path(__file__).resolve().parent.parent
GOOD = "# 来源{n}\n\n人工智能正在改变软件行业，第{n}篇。\n\n## 小节\n\n第二段。\n"
OLD = 1_000_000_000  # 2001-09-09: a timestamp no write can produce


def project(root: Path, names: tuple[str, ...] = ("a.md", "b.md")) -> Settings:
    seeds = root / "seeds"
    seeds.mkdir(parents=True)
    for n, name in enumerate(names):
        (seeds / name).write_text(GOOD.format(n=n), encoding="utf-8")
    (seeds / "sources.yml").write_text("# curated\na.md:\n  title: 甲\n", encoding="utf-8")
    shutil.copytree(ROOT / "curation", root / "curation")
    (root / "curation" / "verdicts.yml").write_text("{}\n", encoding="utf-8")  # they score the seeds' predictions
    return Settings(root=root, cache=".cache")


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under a folder: relative path -> (bytes, mtime in ns)."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.rglob("*")) if p.is_file()}


def age(folder: Path) -> None:
    """Backdate every file, so any rewrite shows in its timestamp."""
    for path in folder.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(OLD * 10**9, OLD * 10**9))


@pytest.fixture
def built(tmp_path) -> Settings:
    settings = project(tmp_path)
    build(settings)
    age(settings.output_dir)
    return settings


def test_build_that_fails_on_an_invalid_source_leaves_the_output_untouched(built) -> None:
    before = snapshot(built.output_dir)
    (built.seeds_dir / "a.md").write_text(GOOD.format(n=9), encoding="utf-8")  # would change a page
    (built.seeds_dir / "c.md").write_text(GOOD.format(n=3), encoding="utf-8")  # would add one
    (built.seeds_dir / "b.md").write_text("---\ntitle: [unclosed\n---\n# x\n\ny\n", encoding="utf-8")  # only a notice
    with (built.seeds_dir / "sources.yml").open("a", encoding="utf-8") as curated:
        curated.write("b.md:\n  corrections:\n    - {from: 无此词, to: 有}\n")
    with pytest.raises(BriefingError, match="matches nothing in b.md"):
        build(built)
    assert snapshot(built.output_dir) == before


def test_build_that_fails_halfway_through_rendering_leaves_the_output_untouched(built, monkeypatch) -> None:
    before = snapshot(built.output_dir)
    # Both pages change, so neither comes from the cache: both get rendered.
    (built.seeds_dir / "a.md").write_text(GOOD.format(n=9), encoding="utf-8")
    (built.seeds_dir / "b.md").write_text(GOOD.format(n=8), encoding="utf-8")
    real = generator.site.pipeline.source_page_markdown
    calls = []

    def fail_on_second(source, *args, **kwargs):
        calls.append(source.slug)
        if len(calls) == 2:
            raise BriefingError("injected failure while rendering", source.path)
        return real(source, *args, **kwargs)

    monkeypatch.setattr(generator.site.pipeline, "source_page_markdown", fail_on_second)
    with pytest.raises(BriefingError, match="injected failure"):
        build(built)
    assert len(calls) == 2, "the first page was rendered before the failure"
    assert snapshot(built.output_dir) == before


def test_build_that_fails_while_writing_leaves_the_output_untouched(built, monkeypatch) -> None:
    before = snapshot(built.output_dir)
    for name in ("a.md", "b.md"):
        (built.seeds_dir / name).write_text(GOOD.format(n=name), encoding="utf-8")
    (built.seeds_dir / "new.md").write_text(GOOD.format(n=7), encoding="utf-8")
    real = generator.site.output._temp_copy
    calls = []

    def disk_full_on_second(target, data):
        calls.append(target)
        if len(calls) == 2:
            raise OSError(28, "No space left on device", str(target))
        return real(target, data)

    monkeypatch.setattr(generator.site.output, "_temp_copy", disk_full_on_second)
    with pytest.raises(OSError):
        build(built)
    assert len(calls) == 2
    assert snapshot(built.output_dir) == before, "no page replaced, no temporary file left behind"


def test_unchanged_pages_keep_their_timestamps(built) -> None:
    before = snapshot(built.output_dir)
    report = build(built).report
    assert report.written == () and report.removed == ()
    assert snapshot(built.output_dir) == before
    (built.seeds_dir / "b.md").write_text(GOOD.format(n=5), encoding="utf-8")
    report = build(built).report
    after = snapshot(built.output_dir)
    assert "sources/b.md" in report.written
    assert after["sources/b.md"][1] != OLD * 10**9
    assert after["sources/a.md"] == before["sources/a.md"], "a page whose source did not change keeps its timestamp"


def test_stale_pages_and_leftover_temporary_files_are_removed(built) -> None:
    (built.seeds_dir / "b.md").unlink()
    (built.output_dir / "sources" / ".tmp-crashed.md").write_text("half", encoding="utf-8")
    (built.output_dir / "old" / "deep").mkdir(parents=True)
    (built.output_dir / "old" / "deep" / "page.md").write_text("old", encoding="utf-8")
    report = build(built).report
    # b's page goes, and with it b's preview data (the citation popovers' file).
    assert set(report.removed) == {"sources/b.md", "previews/b.json", "sources/.tmp-crashed.md", "old/deep/page.md"}
    assert not (built.output_dir / "sources" / "b.md").exists()
    assert not (built.output_dir / "old").exists()
    assert (built.output_dir / MARKER).is_file()


def test_refuses_a_non_empty_folder_it_did_not_create(tmp_path) -> None:
    settings = project(tmp_path)
    settings.output_dir.mkdir(parents=True)
    mine = settings.output_dir / "notes.md"
    mine.write_text("hand-written", encoding="utf-8")
    with pytest.raises(BriefingError, match="refusing to write into a folder the generator did not create"):
        build(settings)
    assert [p.name for p in settings.output_dir.iterdir()] == ["notes.md"]
    assert mine.read_text(encoding="utf-8") == "hand-written"


def test_an_empty_folder_is_claimed(tmp_path) -> None:
    settings = project(tmp_path)
    settings.output_dir.mkdir(parents=True)
    build(settings)
    assert (settings.output_dir / MARKER).is_file() and (settings.output_dir / "sources" / "a.md").is_file()


def test_refuses_an_output_path_that_is_a_file(tmp_path) -> None:
    settings = project(tmp_path)
    settings.output_dir.parent.mkdir(parents=True)
    settings.output_dir.write_text("a file", encoding="utf-8")
    with pytest.raises(BriefingError, match="taken by a file"):
        build(settings)
    assert settings.output_dir.read_text(encoding="utf-8") == "a file"


@pytest.mark.parametrize("page", ["../escape.md", "sources/../../escape.md", "/tmp/escape.md"])
def test_a_page_path_never_escapes_the_folder(tmp_path, page) -> None:
    folder = tmp_path / "docs" / "briefing"
    with pytest.raises(BriefingError, match="would escape the output folder"):
        write_pages(folder, {"ok.md": "ok\n", page: "x\n"})
    assert not (tmp_path / "docs" / "escape.md").exists() and not (folder / "ok.md").exists()


def test_curated_files_are_never_changed_by_a_build(built) -> None:
    def curated() -> dict[str, tuple[bytes, int]]:
        return {**snapshot(built.curation_dir), **snapshot(built.seeds_dir)}

    before = curated()
    build(built)
    assert curated() == before
    (built.seeds_dir / "b.md").write_text("---\ntitle: [unclosed\n---\n# x\n\ny\n", encoding="utf-8")
    assert build(built).site.notices, "a source's bad front matter is a notice"
    assert curated()["b.md"][0].startswith(b"---\ntitle: [unclosed")
    (built.seeds_dir / "b.md").write_text(GOOD.format(n=1), encoding="utf-8")
    built.sources_file.write_text("a.md:\n  titel: 甲\n", encoding="utf-8")
    before = curated()
    with pytest.raises(BriefingError):
        build(built)
    assert curated() == before
