"""How well the curated keywords classify, against hand labels: the seeds, and documents they were not written for.

`tests/data/topic_labels.yml` labels every passage of the five seeds with
its true topics (labelled by reading, before the keywords were tuned).
`tests/data/topic_labels_fixtures.yml` labels every passage of our own
fixture corpus (tests/fixtures/corpus/: English and Chinese blog posts,
exports, tables, an advisory, a README, biographies, a list of names),
labelled before the rules were taught English, families and context.
Pins and exclusions are stripped here, so the figures measure the
keywords alone. Run with `-s` to see the tables.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

from generator.analysis.classify import Classification, classify, heading_parents
from generator.analysis.passages import source_passages
from generator.analysis.topics import load_topics
from generator.core.model import Passage
from generator.sources.readers import read_file

MIN_RECALL = 0.85
MIN_PRECISION = 0.80
# On the fixture corpus (issue 16: topics that generalise).
FIXTURE_MIN_PRECISION = 0.85
FIXTURE_MIN_RECALL = 0.80
# The seeds' figures before issue 16 (precision, recall): they must not get worse.
SEED_BEFORE = {
    "regulation": (0.97, 0.97),
    "compute-energy": (0.88, 1.00),
    "open-models": (0.93, 0.87),
    "security": (0.87, 0.96),
    "agents": (0.93, 0.96),
}
CORPUS = Path(__file__).parent / "fixtures" / "corpus"

# The issue's coverage check: (topic, source slug, words of a passage that must be on the page).
MUST_INCLUDE = [
    ("regulation", "mit-tr-whats-next-2026", "人工智能监管之战正在走向摊牌"),
    ("regulation", "mit-tr-whats-next-2026", "针对AI公司的诉讼是相当可预测的"),
    ("regulation", "state-of-ai-2025-video", "推出了5,000亿美元的星际之门"),  # US
    ("regulation", "state-of-ai-2025-video", "中国2025年的AI战略核心是自主可控"),  # China
    ("regulation", "state-of-ai-2025-video", "欧盟的AI法案是全球最严格的AI监管框架"),  # EU
    ("regulation", "state-of-ai-2025-video", "英国则走了发展优先的路线"),  # UK
    ("regulation", "state-of-ai-2025-video", "特朗普和阿联酋达成了美阿AI加速伙伴关系"),  # Middle East
    ("regulation", "state-of-ai-2025-video", "芯片出口政策则是美国的核心工具"),
    ("compute-energy", "state-of-ai-2025-video", "一是定制芯片的崛起"),
    ("compute-energy", "lex-fridman-state-of-ai-2026", "NVIDIA的平台就是最灵活的"),
    ("compute-energy", "state-of-ai-2025-video", "二是新云厂商的崛起"),
    ("compute-energy", "state-of-ai-2025-video", "可能会出现电力短缺"),
    ("compute-energy", "state-of-ai-2025-video", "美国居民的电价可能会上涨40%"),
    ("compute-energy", "state-of-ai-2025-video", "Stargate UAE集群"),
    ("compute-energy", "state-of-ai-2025-video", "形成投资采购的循环"),
    ("open-models", "mit-tr-whats-next-2026", "DeepSeek发布了其开源推理模型R1"),
    ("open-models", "mit-tr-whats-next-2026", "阿里巴巴创建的Qwen"),
    ("open-models", "mit-tr-whats-next-2026", "智谱的GLM和月之暗面的Kimi"),  # + OpenAI's open model, Olmo 3
    ("open-models", "state-of-ai-2025-video", "这是一个500亿参数的开源模型"),  # Latam GPT
    ("open-models", "blog-ai-trends-2026", "开源大模型继续崛起"),
    ("open-models", "blog-ai-trends-2026", "社区协作"),
    ("open-models", "blog-ai-trends-2026", "降低成本：使用开源模型"),
    ("open-models", "lex-fridman-state-of-ai-2026", "解决幻觉的最佳方式之一"),  # the 开源 vs 闭源 section
    ("open-models", "lex-fridman-state-of-ai-2026", "如果没有更多对开源模型的投资"),
    ("security", "state-of-ai-2025-video", "AI在网络攻击中的应用"),
    ("security", "state-of-ai-2025-video", "第一个是对齐伪装"),
    ("security", "state-of-ai-2025-video", "第二个是AI的霍桑效应"),
    ("security", "state-of-ai-2025-video", "总预算，只有1.334亿美元"),
    ("security", "state-of-ai-2025-video", "AI精神病和模型福利"),
    ("security", "blog-ai-trends-2026", "安全与伦理问题也日益凸显"),
    ("security", "blog-ai-trends-2026", "算法偏见"),
    ("agents", "mit-tr-whats-next-2026", "智能体商务每年将产生"),
    ("agents", "lex-fridman-state-of-ai-2026", "工具调用不能完全解决幻觉问题"),
    ("agents", "state-of-ai-2025-video", "百分之四十六使用Cursor"),
    ("agents", "state-of-ai-2025-video", "AI agents以55.4%的占比位居第一"),
    ("agents", "ai-roadmap-2025", "2024: 复杂任务自主执行"),
    ("agents", "ai-roadmap-2025", "2025: 持续学习的个人助手"),
    ("agents", "ai-roadmap-2025", "2026: 自主决策与行动系统"),
]


@pytest.fixture(scope="module")
def labelled(seed_site, root):
    """(classification without pins, {passage id: true topics}, topics)."""
    topics = load_topics(root / "curation" / "topics", "curation/topics")
    bare = [dataclasses.replace(t, pinned=(), excluded=()) for t in topics]
    result = classify(seed_site.passages, bare, heading_parents(seed_site.sources))
    entries = yaml.safe_load((root / "tests" / "data" / "topic_labels.yml").read_text(encoding="utf-8"))
    return result, _resolve(entries, seed_site.passages), topics


@pytest.fixture(scope="module")
def curated(seed_site, root):
    """The classification the site is built from (pins included)."""
    topics = load_topics(root / "curation" / "topics", "curation/topics")
    return classify(seed_site.passages, topics, heading_parents(seed_site.sources)), topics


def _resolve(entries, passages) -> dict[str, set[str]]:
    """Label id -> topics; an id a reader change renamed is found again by its text."""
    by_id = {p.id: p for p in passages}
    labels, missing = {}, []
    for entry in entries:
        pid = entry["id"]
        if pid not in by_id:
            slug = pid.split("/")[0]
            found = [p.id for p in passages if p.source == slug and " ".join(p.text.split()).startswith(entry["text"])]
            if len(found) != 1:
                missing.append(pid)
                continue
            pid = found[0]
        labels[pid] = set(entry["topics"])
    assert not missing, f"labels naming no passage (relabel them): {missing[:10]}"
    return labels


def test_enough_passages_are_labelled(labelled):
    _result, labels, topics = labelled
    assert len(labels) >= 80
    assert len({pid.split("/")[0] for pid in labels}) == 5
    assert sum(1 for t in labels.values() if not t) >= 20  # passages on no topic
    known = {t.id for t in topics}
    assert all(t <= known for t in labels.values())


def scores(result: Classification, labels: dict[str, set[str]], topics) -> dict[str, tuple[float, float, str]]:
    """Topic id -> (precision, recall, a line for the table and for failures)."""
    out = {}
    for topic in topics:
        predicted = {m.passage.id for m in result.included(topic.id)} & labels.keys()
        true = {pid for pid, t in labels.items() if topic.id in t}
        hit = len(predicted & true)
        precision = hit / len(predicted) if predicted else 0.0
        recall = hit / len(true) if true else 0.0
        line = f"{topic.id:15} precision {precision:.2f}  recall {recall:.2f}  ({hit} right, {len(predicted)} found, {len(true)} true)"
        line += f"\n    missed {sorted(true - predicted)[:5]}\n    wrongly included {sorted(predicted - true)[:5]}"
        out[topic.id] = (precision, recall, line)
    return out


def test_precision_and_recall_per_topic(labelled):
    result, labels, topics = labelled
    table = scores(result, labels, topics)
    print("\n" + "\n".join(line.split("\n")[0] for _p, _r, line in table.values()))
    failures = [line for p, r, line in table.values() if p < MIN_PRECISION or r < MIN_RECALL]
    assert not failures, "\n".join(failures)


def test_the_seeds_do_not_get_worse(labelled):
    """Teaching the rules English, families and context costs the seeds nothing."""
    result, labels, topics = labelled
    table = scores(result, labels, topics)
    worse = [
        f"{line} (before: precision {SEED_BEFORE[tid][0]:.2f}, recall {SEED_BEFORE[tid][1]:.2f})"
        for tid, (p, r, line) in table.items()
        if round(p, 2) < SEED_BEFORE[tid][0] or round(r, 2) < SEED_BEFORE[tid][1]
    ]
    assert set(SEED_BEFORE) == set(table) and not worse, "\n".join(worse)


@pytest.mark.parametrize(("topic_id", "slug", "words"), MUST_INCLUDE)
def test_topic_pages_cover_what_the_issue_names(seed_site, curated, topic_id, slug, words):
    result, _topics = curated
    candidates = [p for p in seed_site.passages if p.source == slug and words in p.text]
    assert candidates, f"no passage of {slug} contains {words!r}"
    assert any(topic_id in result.topics_of(p.id) for p in candidates), f"{topic_id} misses {candidates[0].id}"


def test_every_seed_appears_on_every_topic_that_it_discusses(seed_site, curated):
    result, topics = curated
    coverage = {t.id: set(result.per_source(t.id)) for t in topics}
    slugs = {s.slug for s in seed_site.sources}
    assert coverage["open-models"] == coverage["security"] == coverage["agents"] == slugs
    assert {"mit-tr-whats-next-2026", "state-of-ai-2025-video", "lex-fridman-state-of-ai-2026"} <= coverage["regulation"]


# --- documents the rules were not written for ---------------------------------------


@pytest.fixture(scope="module")
def fixtures_labelled(root):
    """(classification of the labelled fixtures without pins, {passage id: true topics}, passages, topics)."""
    entries = yaml.safe_load((root / "tests" / "data" / "topic_labels_fixtures.yml").read_text(encoding="utf-8"))
    slugs = {entry["id"].split("/")[0] for entry in entries}
    sources = [s for s in (read_file(path) for path in sorted(CORPUS.iterdir())) if s.slug in slugs]
    assert {s.slug for s in sources} == slugs, "a label names a fixture that is gone"
    passages = [p for s in sources for p in source_passages(s)]
    topics = [dataclasses.replace(t, pinned=(), excluded=()) for t in load_topics(root / "curation" / "topics")]
    result = classify(passages, topics, heading_parents(sources))
    labels = _resolve(entries, passages)
    assert set(labels) == {p.id for p in passages}, "every passage of a labelled fixture is labelled"
    return result, labels, passages, topics


def test_the_fixture_labels_are_enough_and_varied(fixtures_labelled):
    _result, labels, passages, topics = fixtures_labelled
    assert len(labels) >= 120
    known = {t.id for t in topics}
    assert all(t <= known for t in labels.values())
    assert sum(1 for t in labels.values() if not t) >= 60  # negatives matter as much as positives
    for topic in known:
        assert sum(topic in t for t in labels.values()) >= 10, topic
    english = [p for p in passages if p.id in labels and sum(c.isascii() and c.isalpha() for c in p.text) > len(p.text) / 2]
    assert len(english) >= 50 and len(labels) - len(english) >= 50  # zh and en


def test_fixture_precision_and_recall_per_topic(fixtures_labelled):
    result, labels, _passages, topics = fixtures_labelled
    table = scores(result, labels, topics)
    print("\n" + "\n".join(line.split("\n")[0] for _p, _r, line in table.values()))
    failures = [line for p, r, line in table.values() if p < FIXTURE_MIN_PRECISION or r < FIXTURE_MIN_RECALL]
    assert not failures, "\n".join(failures)


# The issue's misses and false positives, by (topic or None, fixture slug, words of the passage).
ISSUE_CASES = [
    ("security", "topic-security-advisory-en", "indirect prompt injection"),
    ("security", "topic-obsidian-security-zh", "间接提示注入"),
    ("open-models", "topic-events-table-en", "DeepSeek v3, openly licensed"),
    ("open-models", "topic-agent-readme-en", "Llama 3.2 (3B)"),  # a family name, with its list's lead-in
    ("open-models", "topic-policy-blog-en", "fine-tunes Llama 3.2"),
    ("open-models", "topic-policy-blog-en", "the NTIA asked the public"),
    ("regulation", "topic-policy-blog-en", "the NTIA asked the public"),
    ("agents", "topic-events-table-en", "ReAct paper"),
    ("agents", "topic-events-table-en", "Model Context Protocol (MCP)"),
    ("agents", "topic-events-table-en", "Computer Use beta"),
    ("open-models", "topic-events-table-en", "Qwen2.5-Coder 32B"),
    ("open-models", "topic-agent-readme-en", "Qwen2.5-Coder 32B and Qwen3"),
    ("open-models", "topic-weekly-digest-zh", "Qwen3-Coder"),
    (None, "topic-policy-blog-en", "Dana Whitfield writes"),  # a biography line
    (None, "topic-speaker-bios", "Rachel Moreno is a senior fellow"),
    (None, "topic-speaker-bios", "Tom Becker leads developer relations"),
    (None, "topic-speaker-bios", "曾任某互联网公司安全研究院负责人"),
    (None, "topic-org-list", "Open Source Initiative"),  # a list of organisation names
    (None, "topic-org-list", "Institute for Advanced Study in AI Safety"),
    (None, "topic-org-list", "Center for Security and Emerging Technology"),
    (None, "topic-org-list", "NVIDIA"),
]


@pytest.mark.parametrize(("topic_id", "slug", "words"), ISSUE_CASES)
def test_the_issue_cases(fixtures_labelled, topic_id, slug, words):
    result, _labels, passages, _topics = fixtures_labelled
    found = [p for p in passages if p.source == slug and words in p.text]
    assert len(found) == 1, f"{len(found)} passages of {slug} contain {words!r}"
    topics = result.topics_of(found[0].id)
    assert (topic_id in topics) if topic_id else topics == (), f"{found[0].id}: {topics}"


def _fixture_passage(passages: list[Passage], words: str) -> Passage:
    return next(p for p in passages if words in p.text)


def test_context_decides_what_the_words_alone_do_not(fixtures_labelled):
    """A list's lead-in and a heading carry a topic to items that only name it."""
    result, _labels, passages, topics = fixtures_labelled
    llama = _fixture_passage(passages, "Llama 3.2 (3B)")
    match = next(m for m in result.matches("open-models") if m.passage.id == llama.id)
    assert match.in_lead == ("open-weight",) and match.included
    alone = classify([llama], topics)  # the same item without its outline
    assert "open-models" not in alone.topics_of(llama.id)
    quoted = _fixture_passage(passages, "用户上传的文档、抓取的网页")  # a callout under `## 提示注入`
    assert "security" in result.topics_of(quoted.id)
