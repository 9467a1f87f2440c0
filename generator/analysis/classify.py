"""Classifying passages into topics, and explaining each score.

Scoring, in one pass over each passage (see `phrases.PhraseMatcher`):
each distinct keyword found in the passage text adds its weight once
(repeats add nothing, so a long passage does not win by repetition);
where keywords overlap, only the longest counts (`开源模型`, not also
`开源`). The headings are the passage's context, as a reader sees it:
keywords found only in the section title count with `TITLE_SHARE` of
their weight (a list item under `6. 开源模型的崛起` is about open models),
those found only in an enclosing heading with `PARENT_SHARE` (the items
under `### 2023年关键突破` inside `## 4. Agent与自主系统`). Each exclude
phrase found hides the keywords inside it and subtracts its weight; a
`veto` phrase keeps the passage out. A passage is in a topic when
its score reaches the threshold, or when pinned; an excluded id never is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from generator.analysis.phrases import Hit, PhraseMatcher, phrase_key
from generator.analysis.topics import VETO, Topic
from generator.core.errors import BriefingError
from generator.core.model import Passage, Section, Source
from generator.core.text import short

TITLE_SHARE = 1.0  # weight share of a keyword found only in the section title
PARENT_SHARE = 0.5  # ... found only in an enclosing heading (`## 4. Agent与自主系统` above `### 2023年关键突破`)


def heading_parents(sources: Iterable[Source]) -> dict[tuple[str, str], str]:
    """(source slug, section id) -> the titles of the headings enclosing that section.

    Sections are flat in the model; `level` keeps the outline, so a level-3
    section's parent is the nearest level-2 section before it.
    """
    out: dict[tuple[str, str], str] = {}
    for source in sources:
        stack: list[Section] = []
        for section in source.sections:
            while stack and stack[-1].level >= section.level:
                stack.pop()
            titles = [s.title for s in stack if s.title]
            if titles:
                out[(source.slug, section.id)] = " / ".join(titles)
            stack.append(section)
    return out


@dataclass(frozen=True, slots=True)
class TopicMatch:
    """How one passage scored for one topic.

    Attributes:
        matched: keywords found in the passage text, in text order.
        in_title: keywords found only in its section title or enclosing headings.
        excluded_by: exclude phrases found in the passage text.
        reason: `pinned`, `excluded`, `veto`, or '' when the score decided.
    """

    passage: Passage
    score: float
    matched: tuple[str, ...]
    excluded_by: tuple[str, ...]
    included: bool
    in_title: tuple[str, ...] = ()
    in_parent: tuple[str, ...] = ()
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Classification:
    """Every topic's candidate passages (document order) and each passage's topics."""

    topics: tuple[Topic, ...]
    by_topic: Mapping[str, tuple[TopicMatch, ...]]
    by_passage: Mapping[str, tuple[str, ...]]
    total: int = 0

    def matches(self, topic_id: str) -> tuple[TopicMatch, ...]:
        """Passages with any matched or excluding phrase, pinned or excluded, in document order."""
        return self.by_topic.get(topic_id, ())

    def included(self, topic_id: str) -> tuple[TopicMatch, ...]:
        """The passages shown on the topic page, in document order."""
        return tuple(m for m in self.matches(topic_id) if m.included)

    def per_source(self, topic_id: str) -> dict[str, int]:
        """Source slug -> how many of its passages the topic includes (for a coverage grid)."""
        counts: dict[str, int] = {}
        for match in self.included(topic_id):
            counts[match.passage.source] = counts.get(match.passage.source, 0) + 1
        return counts

    def topics_of(self, passage_id: str) -> tuple[str, ...]:
        """Ids of the topics a passage is in, in topic order."""
        return self.by_passage.get(passage_id, ())


class _Rules:
    """One topic's phrases keyed by their folded form."""

    def __init__(self, topic: Topic) -> None:
        self.topic = topic
        self.weights = {phrase_key(p): (p, w) for p, w in topic.keywords}
        self.excludes = {phrase_key(p): (p, w) for p, w in topic.exclude}
        self.pinned, self.excluded = set(topic.pinned), set(topic.excluded)

    def keywords_in(self, hits: Sequence[Hit]) -> list[str]:
        """Folded keywords that count: not inside a longer keyword or an exclude phrase.

        In the order of `hits`. One sweep in text order, so the work grows
        with the number of hits, not its square: a 1 MB paragraph of
        keywords once took minutes here.
        """
        own = [h for h in hits if h.key in self.weights]
        hidden = _covered(own, [h for h in hits if h.key in self.excludes])
        return list(dict.fromkeys(hit.key for hit, out in zip(own, hidden, strict=True) if not out))

    def match(self, passage: Passage, text_hits: Sequence[Hit], title_hits: Sequence[Hit], parent_hits: Sequence[Hit]) -> TopicMatch | None:
        in_text = self.keywords_in(text_hits)
        in_title = [k for k in self.keywords_in(title_hits) if k not in in_text]
        in_parent = [k for k in self.keywords_in(parent_hits) if k not in in_text and k not in in_title]
        excl = list(dict.fromkeys(h.key for h in text_hits if h.key in self.excludes))
        pid = passage.id
        if not (in_text or in_title or in_parent or excl or pid in self.pinned or pid in self.excluded):
            return None
        score = sum(self.weights[k][1] for k in in_text)
        score += TITLE_SHARE * sum(self.weights[k][1] for k in in_title) + PARENT_SHARE * sum(self.weights[k][1] for k in in_parent)
        score -= sum(self.excludes[k][1] or 0.0 for k in excl)
        vetoed = any(self.excludes[k][1] is VETO for k in excl)
        reason = "excluded" if pid in self.excluded else "pinned" if pid in self.pinned else "veto" if vetoed else ""
        included = reason == "pinned" or (not reason and score >= self.topic.threshold - 1e-9)
        return TopicMatch(
            passage=passage,
            score=round(score, 2),
            included=included,
            reason=reason,
            matched=tuple(self.weights[k][0] for k in in_text),
            in_title=tuple(self.weights[k][0] for k in in_title),
            in_parent=tuple(self.weights[k][0] for k in in_parent),
            excluded_by=tuple(self.excludes[k][0] for k in excl),
        )


def _covered(own: Sequence[Hit], masks: Sequence[Hit]) -> list[bool]:
    """Per hit of `own`: is it inside a longer hit of `own` (`Hit.covers`) or
    inside any mask (an exclude phrase)?

    Hits are visited by start, longest first. A hit is inside a longer one
    exactly when a hit starting before it ends at or after its end, or one
    starting with it ends after it; inside a mask when a mask starting at
    or before it ends at or after its end. So the furthest end reached so
    far answers both, with no pairwise comparison.
    """
    order = sorted(range(len(own)), key=lambda i: (own[i].start, -own[i].end))
    masks = sorted(masks, key=lambda m: m.start)
    hidden = [False] * len(own)
    reach = group_start = group_end = mask_reach = -1  # reach: furthest end of hits starting before the group
    next_mask = 0
    for i in order:
        hit = own[i]
        if hit.start != group_start:
            reach = max(reach, group_end)
            group_start, group_end = hit.start, hit.end  # the longest hit at this start comes first
        while next_mask < len(masks) and masks[next_mask].start <= hit.start:
            mask_reach = max(mask_reach, masks[next_mask].end)
            next_mask += 1
        hidden[i] = reach >= hit.end or group_end > hit.end or mask_reach >= hit.end
    return hidden


def keyword_test(topic: Topic) -> Callable[[str], bool]:
    """A test: does a text contain one of the topic's keywords (for ranking its key figures)?"""
    matcher = PhraseMatcher(p for p, _ in topic.keywords)
    return lambda text: bool(matcher.find(text))


def build_matcher(topics: Iterable[Topic]) -> PhraseMatcher:
    """One automaton over every topic's keywords and exclude phrases."""
    return PhraseMatcher(p for t in topics for p, _ in (*t.keywords, *t.exclude))


def classify(
    passages: Iterable[Passage],
    topics: Sequence[Topic],
    parents: Mapping[tuple[str, str], str] | None = None,
    matcher: PhraseMatcher | None = None,
) -> Classification:
    """Score every passage for every topic in one pass over its text.

    Args:
        passages: in document order; the order is kept on topic pages.
        topics: as `load_topics` returns them.
        parents: `heading_parents(sources)`, the headings above each section.
        matcher: a prebuilt `build_matcher(topics)`, to share between calls.
    """
    matcher = matcher or build_matcher(topics)
    parents = parents or {}
    rules = [_Rules(t) for t in topics]
    by_topic: dict[str, list[TopicMatch]] = {t.id: [] for t in topics}
    by_passage: dict[str, tuple[str, ...]] = {}
    heading_cache: dict[str, list[Hit]] = {}

    def heading_hits(text: str) -> list[Hit]:
        # Headings repeat for every passage of a section: match each once.
        if text not in heading_cache:
            heading_cache[text] = matcher.find(text)
        return heading_cache[text]

    total = 0
    for passage in passages:
        total += 1
        text_hits = matcher.find(passage.text)
        title_hits = heading_hits(passage.section_title)
        parent_hits = heading_hits(parents.get((passage.source, passage.section), ""))
        found = []
        for rule in rules:
            match = rule.match(passage, text_hits, title_hits, parent_hits)
            if match is not None:
                by_topic[rule.topic.id].append(match)
                if match.included:
                    found.append(rule.topic.id)
        if found:
            by_passage[passage.id] = tuple(found)
    return Classification(
        topics=tuple(topics),
        by_topic={k: tuple(v) for k, v in by_topic.items()},
        by_passage=by_passage,
        total=total,
    )


# --- explanation -------------------------------------------------------------


def explain(classification: Classification, topic_id: str) -> str:
    """Why each passage is in or out of a topic: score and the words that matched.

    Included passages come first, best score first; then the passages that
    matched something but stayed out.

    Raises:
        BriefingError: unknown topic id.
    """
    topic = next((t for t in classification.topics if t.id == topic_id), None)
    if topic is None:
        known = ", ".join(t.id for t in classification.topics) or "none"
        raise BriefingError(f"unknown topic `{topic_id}`; topics: {known}")
    weights = dict(topic.keywords)
    excludes = dict(topic.exclude)
    matches = classification.matches(topic_id)
    shown = sum(m.included for m in matches)
    out = [
        f"{topic.id} ({topic.title}): {shown} of {classification.total} passages included",
        f"threshold {topic.threshold:g}; each keyword counts once; x{TITLE_SHARE:g} in the section title, x{PARENT_SHARE:g} in an enclosing heading",
        "",
    ]
    order = sorted(range(len(matches)), key=lambda i: (not matches[i].included, -matches[i].score, i))
    for i in order:
        m = matches[i]
        words = [f"{p} +{weights[p]:g}" for p in m.matched]
        words += [f"[title] {p} +{TITLE_SHARE * weights[p]:g}" for p in m.in_title]
        words += [f"[heading] {p} +{PARENT_SHARE * weights[p]:g}" for p in m.in_parent]
        words += [f"[exclude] {p} {_exclude_effect(excludes[p])}" for p in m.excluded_by]
        note = f" ({m.reason})" if m.reason else ""
        out.append(f"{'IN ' if m.included else 'out'} {m.score:6.2f}  {m.passage.id}{note}")
        out.append(f"           {', '.join(words) or '-'}")
        out.append(f"           {short(m.passage.text, 90)}")
    return "\n".join(out) + "\n"


def _exclude_effect(weight: float | None) -> str:
    if weight is VETO:
        return "veto"
    return f"-{weight:g}" if weight else "(masks the keywords inside it)"
