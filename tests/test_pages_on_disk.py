"""What a build left in the output folder is kept with the cache: a build in a
new process finds unchanged pages by their file's time and size, without
reading every page back; a page changed behind its back is still written."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.core.memo import Memo
from generator.site import output
from generator.site.output import write_pages

PAGES = {"a.md": "一\n", "sub/b.md": "二\n", "c.json": "{}\n"}


@pytest.fixture
def reads(monkeypatch) -> list[Path]:
    """Every page file `write_pages` reads back."""
    seen: list[Path] = []
    original = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        seen.append(self)
        return original(self)

    monkeypatch.setattr(output.Path, "read_bytes", read_bytes)
    return seen


def _build(cache: Path, site: Path, pages: dict[str, str]) -> output.WriteReport:
    """One build in a new process: a fresh Memo on the cache folder."""
    memo = Memo(cache, keep=False)
    report = write_pages(site, pages, memo.pages_on_disk)
    memo.finish()
    memo.close()
    return report


def test_a_new_process_finds_unchanged_pages_without_reading_them(tmp_path: Path, reads: list[Path]) -> None:
    cache, site = tmp_path / "cache", tmp_path / "site"
    assert _build(cache, site, PAGES).written == tuple(sorted(PAGES))
    reads.clear()
    report = _build(cache, site, PAGES)
    assert report.written == () and report.unchanged == len(PAGES)
    assert reads == []


def test_a_page_changed_behind_the_builds_back_is_written_again(tmp_path: Path, reads: list[Path]) -> None:
    cache, site = tmp_path / "cache", tmp_path / "site"
    _build(cache, site, PAGES)
    (site / "a.md").write_text("改过的\n", encoding="utf-8")  # another size: not as the build left it
    (site / "sub" / "b.md").unlink()
    report = _build(cache, site, {**PAGES, "c.json": "[]\n"})
    assert report.written == ("a.md", "c.json", "sub/b.md")
    assert {rel: (site / rel).read_text(encoding="utf-8") for rel in PAGES} == {**PAGES, "c.json": "[]\n"}


def test_without_a_usable_cache_every_page_is_read_back(tmp_path: Path, reads: list[Path]) -> None:
    cache, site = tmp_path / "cache", tmp_path / "site"
    _build(cache, site, PAGES)
    (cache / "memo.sqlite").write_bytes(b"not a database")  # replaced on open: nothing kept
    reads.clear()
    assert _build(cache, site, PAGES).written == ()
    assert sorted(p.relative_to(site).as_posix() for p in reads) == sorted(PAGES)
