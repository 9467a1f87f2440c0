"""Property tests: any text or bytes given to a reader or the date parser yields a model or a BriefingError.

Nothing else may escape (no IndexError from a reader, no ValueError from
a date): the build turns BriefingError into a message naming the file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.core import yamlfile
from generator.core.errors import BriefingError
from generator.core.model import Source
from generator.core.yamlfile import parse
from generator.sources.readers import REGISTRY, Cue, frontmatter, read_bytes, transcript

# Pieces of the shapes the readers and the date parser look for, so random
# documents reach their deeper branches, not only the plain-text fallback.
FRAGMENTS = [
    "---\n", "...\n", "title: x\n", "tags: [a, b\n", "date: 2026-13-45\n", "author: {a: 1}\n", ": \n", "- \n",
    "# ", "## ", "#### ", "\n\n", "\n", "\r\n", "\r", "\ufeff", "\x00", " ", "\t",
    "0:00 ", "1:23:45 ", "12:00 开场\n", "💬 精华片段(中文) ", "\"", "“", "”", "We said it.\n",
    "来源: 播客 | 嘉宾: 甲、乙 | 原文发表: Jan 31, 2026\n", "▶ https://x.example\n", "本节重点\n",
    "术语 解释\n", "MoE(Mixture of Experts) 混合专家\n", "KV Cache(键值缓存\n", "(", "（", ")", "）",
    "1. ", "2、", "999) ", "- ", "* ", "+ ", "> ", "| a | b |\n|---|---|\n| c |\n", "|", "`", "```\n", "**", "*", "_",
    "[x](javascript:alert(1))", "<script>alert(1)</script>", "<div>", "&amp;", "——Caiwei Chen\n",
    "看完研究\n", "我们再把目光转向产业界\n", "首先", "但是", "吗", "。", "，", "！",
    "2026年", "2025年10月", "3月", "12月31日", "2月30日", "明年", "去年", "下半年", "年底", "第三季度", "Q3", "H1 2026",
    "二〇二六年", "十十年", "99999年", "1月1日至3月", "到2030年", "Jan 31, 2026", "2026-01-05", "202", "-",
    "人工智能", "大模型", "Anthropic", "\u200b", "\U0001f4ac",
]
documents = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), max_size=60).map("".join),
)
cues = st.lists(st.builds(Cue, title=st.text(min_size=1, max_size=8), starts=st.text(max_size=8)), max_size=3)
FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def produces_model_or_briefing_error(read, *args) -> None:
    try:
        read(*args)
    except BriefingError:
        pass


@pytest.mark.parametrize("reader", REGISTRY, ids=lambda r: r.NAME)
@FAST
@given(text=documents, cue_list=cues)
def test_every_reader_reads_any_text(reader, text, cue_list) -> None:
    reader.sniff(text)  # sniffing never raises at all
    if reader is frontmatter:
        produces_model_or_briefing_error(frontmatter.read, text, "x.md")
    elif reader is transcript:
        produces_model_or_briefing_error(transcript.read, text, cue_list)
    else:
        produces_model_or_briefing_error(reader.read, text)


@FAST
@given(data=st.one_of(st.binary(max_size=400), documents.map(lambda t: t.encode("utf-8")), documents.map(lambda t: t.encode("gb18030"))))
def test_read_bytes_gives_a_source_or_a_briefing_error(data) -> None:
    try:
        source = read_bytes(data, "x.txt")
    except BriefingError:
        return
    assert isinstance(source, Source) and source.sections


@FAST
@given(text=documents)
def test_yaml_of_any_text_parses_or_gives_a_briefing_error(text) -> None:
    produces_model_or_briefing_error(parse, text, "curation/x.yml")


def _with_lines(value):
    """A parsed YAML value with the line numbers it carries, for comparing two parsers."""
    if isinstance(value, dict):
        return ("map", getattr(value, "line", 0), sorted((repr(k), getattr(value, "lines", {}).get(k), _with_lines(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ("seq", getattr(value, "line", 0), list(getattr(value, "lines", [])), [_with_lines(v) for v in value])
    return value


def _loaded(text: str, loader):
    try:
        return ("ok", _with_lines(yaml.load(text, Loader=loader)))
    except (yaml.YAMLError, ValueError, TypeError, OverflowError):
        return ("error",)


@FAST
@given(text=documents)
def test_libyaml_and_pure_python_loaders_agree(text) -> None:
    # The fast loader answers whenever it can: where both read a text, they
    # read it alike. (libyaml also takes a few texts PyYAML refuses, such
    # as a trailing tab; where it refuses one, PyYAML's reading is used.)
    assume("\ufeff" not in text)  # `parse` reads these with the pure-Python loader only
    fast, pure = _loaded(text, yamlfile._FastLoader), _loaded(text, yamlfile._Loader)
    if fast[0] == pure[0] == "ok":
        assert fast == pure


@pytest.mark.parametrize("path", ["seeds/sources.yml", "curation/glossary.yml", "curation/verdicts.yml"])
def test_both_loaders_read_the_curated_files_alike(root, path) -> None:
    text = (root / path).read_text(encoding="utf-8")
    assert _loaded(text, yamlfile._FastLoader) == _loaded(text, yamlfile._Loader)


@FAST
@given(
    text=documents,
    anchor=st.one_of(st.none(), st.integers(min_value=1, max_value=9999)),
    made=st.one_of(st.none(), st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))),
)
def test_date_parser_never_raises(text, anchor, made) -> None:
    from generator.dates.find import find_dates

    for match in find_dates(text, anchor_year=anchor, source_date=made):
        assert text[match.start : match.end] == match.text


@FAST
@given(value=st.one_of(st.text(max_size=20), st.from_regex(r"\d{4}(-\d{2}(-\d{2})?)?", fullmatch=True)))
def test_iso_dates_parse_or_give_a_briefing_error(value) -> None:
    from generator.dates.spans import parse_iso

    produces_model_or_briefing_error(parse_iso, value)


SEEDS = sorted(p for p in (Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_damaged_real_sources_read_or_give_a_briefing_error(seed, data) -> None:
    """A real source with lines cut, repeated or truncated mid-character still reads."""
    lines = seed.read_bytes().splitlines(keepends=True)
    for _ in range(data.draw(st.integers(0, 4))):
        start = data.draw(st.integers(0, len(lines)))
        end = data.draw(st.integers(start, min(len(lines), start + 40)))
        lines[start:end] = data.draw(st.sampled_from([[], lines[start:end] * 2, [b"".join(lines[start:end])[:7]]]))
    produces_model_or_briefing_error(read_bytes, b"".join(lines), seed.name)


def test_a_byte_order_mark_inside_yaml_reads_as_pyyaml_reads_it() -> None:
    # libyaml would read `---\n\ufeff` as null; the reading must not depend on which parser is installed.
    assert yamlfile.parse("---\n\ufeff", "x.yml") == yaml.load("---\n\ufeff", Loader=yamlfile._Loader)
