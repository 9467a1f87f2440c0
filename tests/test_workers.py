"""Worker processes: a cold build of many sources spreads parsing, digesting
and rendering over every core, and must give exactly what one process gives."""

from __future__ import annotations

import pickle
import shutil
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from generator.build import build
from generator.core.config import Settings
from generator.core.errors import BriefingError
from generator.core.memo import Memo, dumps
from generator.core.workers import Workers, _context
from generator.sources import loader as sources

FIXTURES = Path(__file__).parent / "fixtures" / "bad"


def copy_project(root: Path, folder: Path, **options: object) -> Settings:
    for name in ("seeds", "curation"):
        shutil.copytree(root / name, folder / name)
    return Settings(root=folder, **options)


def pages(settings: Settings) -> dict[str, bytes]:
    return {p.relative_to(settings.output_dir).as_posix(): p.read_bytes()
            for p in sorted(settings.output_dir.rglob("*")) if p.is_file()}


@pytest.fixture
def spy(monkeypatch) -> list[list]:
    """The results of every `Workers.map` call the build makes."""
    calls: list[list] = []
    real = Workers.map

    def recording(self, *args, **kwargs):
        results = list(real(self, *args, **kwargs))
        calls.append(results)
        return iter(results)

    monkeypatch.setattr(Workers, "map", recording)
    return calls


def _sorted(chunk: bytes) -> list:
    return sorted(pickle.loads(chunk))


def test_workers_give_byte_identical_pages_and_cache(root, tmp_path, spy) -> None:
    alone = copy_project(root, tmp_path / "alone", workers=1)
    shared = copy_project(root, tmp_path / "shared", workers=2, parallel_min=1)
    one, two = build(alone), build(shared)
    assert len(spy) == 3, "parse, digest and render each went to the workers"
    assert all(result is not None for call in spy for result in call), "every result came from a worker"
    assert one.site.parsed == two.site.parsed == 5
    assert pages(alone) == pages(shared)
    assert one.site.timeline == two.site.timeline and one.site.classification == two.site.classification
    # What the workers stored is read back as what one process makes.
    assert build(shared).report.written == () and build(shared).site.parsed == 0


def test_a_source_with_an_error_fails_as_without_workers(root, tmp_path, spy) -> None:
    errors = []
    for workers in (1, 2):
        settings = copy_project(root, tmp_path / str(workers), workers=workers, parallel_min=1)
        (settings.seeds_dir / "bad.md").write_bytes((FIXTURES / "invalid_front_matter.md").read_bytes())
        # A source's own front matter only gives notices; a curated correction that matches nothing stops the build.
        with (settings.seeds_dir / "sources.yml").open("a", encoding="utf-8") as curated:
            curated.write("\nbad.md:\n  corrections:\n    - {from: 无此词, to: 有}\n")
        with pytest.raises(BriefingError) as caught:
            build(settings)
        errors.append(str(caught.value))
    assert errors[0] == errors[1] and "matches nothing in bad.md" in errors[0]
    assert [r is None for r in spy[0]] == [name == "bad.md" for name in sorted(p.name for p in (tmp_path / "2" / "seeds").iterdir()
                                                                             if p.name != "sources.yml")]


def test_few_sources_stay_in_one_process(root, tmp_path, spy) -> None:
    build(copy_project(root, tmp_path / "p", workers=2))  # 5 sources, under the default parallel_min
    assert spy == []
    assert not Workers(2, 3).wanted(2) and Workers(2, 3).wanted(3)
    assert not Workers(1, 0).wanted(100), "one worker is this process"


def test_results_come_back_in_order_and_a_failed_chunk_is_left_out() -> None:
    items = list(range(64))
    with Workers(2, 1) as pool:
        assert list(pool.map(pickle.loads, items)) == items
        items[9] = "nine"  # `sorted` fails on the chunk that mixes it with numbers
        results = list(pool.map(_sorted, items))
        failed = [i for i, r in enumerate(results) if r is None]
        assert 9 in failed and len(failed) < len(items) // 4
        assert all(results[i] == items[i] for i in range(len(items)) if i not in failed)
        assert list(pool.map(lambda chunk: chunk, items)) == [None] * len(items), "work that cannot reach a worker"


def test_under_other_threads_workers_start_fresh_instead_of_forking() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert _context().get_start_method() == "spawn"
        with Workers(2, 1) as pool:
            assert list(pool.map(pickle.loads, list(range(40)))) == list(range(40))
    finally:
        stop.set()
        thread.join()


def test_a_pool_leaves_no_thread_behind_to_make_the_next_one_spawn() -> None:
    before = threading.active_count()
    with Workers(2, 1) as pool:
        list(pool.map(pickle.loads, list(range(40))))
    assert threading.active_count() == before


def test_a_result_made_elsewhere_is_found_without_a_cache_file(seed_site) -> None:
    memo = Memo()
    source = seed_site.sources[0]
    assert not memo.has("sources", "k")
    memo.put_pickled("sources", "k", dumps(source))
    assert memo.has("sources", "k") and memo.get("sources", "k", lambda: None) == source
    assert memo.made == 0
    renamed = replace(source, slug="other")
    assert Memo().get("x", "k", lambda: renamed) == renamed


def test_a_file_edited_after_it_was_hashed_is_not_cached_under_its_old_key(root, tmp_path) -> None:
    settings = copy_project(root, tmp_path / "p", workers=1)
    path = settings.seeds_dir / "000_73097608b6939b6a.txt"
    key = sources._checked_key(path, None, settings)
    path.write_text("# 改过了\n\n正文。\n", encoding="utf-8")
    with pytest.raises(BriefingError, match="changed while the build was reading it"):
        sources._parse_unchanged(path, key, None, settings)
    assert sources._parse_chunk(dumps([(path, key, None)]), settings) == [None]
