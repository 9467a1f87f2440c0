"""The per-source preview data: every cited passage is in it, with what cites it."""

from __future__ import annotations

import json
import re

import pytest

from generator.core.paths import GLOSSARY, PREDICTIONS, TIMELINE
from generator.site.pipeline import iter_pages
from generator.site.previews import cited_by, preview_files

CITATION = re.compile(r"\]\((?:\.\./)*(?:briefing/)?sources/([^)#\s/]+)\.md#([^)\s\"]+)\)")


@pytest.fixture(scope="module")
def pages(seed_site) -> dict[str, str]:
    return dict(iter_pages(seed_site))


@pytest.fixture(scope="module")
def previews(pages) -> dict[str, dict]:
    return {
        path.removeprefix("previews/").removesuffix(".json"): json.loads(text)
        for path, text in pages.items()
        if path.startswith("previews/")
    }


def test_one_file_per_source_with_each_passage_and_its_section(seed_site, previews) -> None:
    assert sorted(previews) == sorted(s.slug for s in seed_site.sources)
    for p in seed_site.passages:
        data = previews[p.source]
        text, section = data["p"][p.anchor]
        assert text == p.text and data["s"][section] == p.section_title
    for s in seed_site.sources:
        assert (previews[s.slug]["t"], previews[s.slug]["d"]) == (s.meta.title or s.path, s.meta.date)


def test_every_citation_on_every_citing_page_has_its_passage(pages, previews) -> None:
    found = 0
    for path, text in pages.items():
        if path.endswith(".md") and not path.startswith("sources/"):
            for slug, anchor in CITATION.findall(text):
                found += 1
                assert anchor in previews[slug]["p"], (path, slug, anchor)
    assert found > 100


def test_cited_by_names_each_kind_of_citing_place(seed_site) -> None:
    places = [place for citing in cited_by(seed_site).values() for place in citing]
    pages = {page for page, _, _ in places}
    assert {TIMELINE[:-3], PREDICTIONS[:-3], GLOSSARY[:-3]} <= pages
    assert any(page.startswith("topics/") for page in pages)
    # A topic passage points at its source's group; a verdict's evidence at its card.
    for t in seed_site.topics:
        for m in seed_site.classification.included(t.id):
            assert (f"topics/{t.id}", f"src-{m.passage.source}", f"专题：{t.title}") in cited_by(seed_site)[m.passage.id]
            break
    for p in seed_site.predictions:
        verdict = seed_site.verdicts.get(p.id)
        if verdict and verdict.internal:
            assert any(place[:2] == ("predictions", p.id) for place in cited_by(seed_site)[verdict.evidence])


def test_passages_nothing_cites_have_no_entry(seed_site, previews) -> None:
    citing = cited_by(seed_site)
    for p in seed_site.passages:
        assert (p.anchor in previews[p.source]["c"]) == (p.id in citing)
    assert any(p.id not in citing for p in seed_site.passages)


def test_the_data_is_deterministic_and_compact(seed_site) -> None:
    first, second = list(preview_files(seed_site)), list(preview_files(seed_site))
    assert first == second
    assert all("\n" not in text.rstrip("\n") and ": " not in text[:5] for _, text in first)
