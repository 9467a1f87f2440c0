"""Classifying passages into topics, and explaining each score.

Scoring, in one pass over each passage (see `phrases.PhraseMatcher`):
each distinct keyword found in the passage text adds its weight once
(repeats add nothing, so a long passage does not win by repetition);
where keywords overlap, only the longest counts (`开源模型`, not also
`开源`). The headings are the passage's context, as a reader sees it:
keywords found only in the section title count with `TITLE_SHARE` of
their weight (a list item under `6. 开源模型的崛起` is about open models),
those found only in an enclosing heading with `PARENT_SHARE` (the items
under `### 2023年关键突破` inside `## 4. Agent与自主系统`). The sentence that
introduces a list, table or quote (`Tested open-weight models:`, see
`passages.lead_ins`) counts like the section title for each of its items;
a nested item already carries its parents' text and a table row its
header. Each exclude phrase found in the passage or its headings hides
the keywords inside it and subtracts its weight; a `veto` phrase keeps
the passage out, and so does a `skip_sections` phrase in its section
title, an enclosing heading or the document's title (`About the author`).
A lowercase-written keyword inside a capitalised name in the passage
(`Open Source Initiative`) does not count (see `phrases`). A passage is in
a topic when its score reaches the threshold, or when pinned; an excluded
id never is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from generator.analysis.outline import Outline, heading_parents  # noqa: F401 (heading_parents: site.digest imports it from here)
from generator.analysis.phrases import Hit, PhraseMatcher, is_family, phrase_key
from generator.analysis.topics import VETO, Topic
from generator.core.errors import BriefingError
from generator.core.model import Passage
from generator.core.text import short

TITLE_SHARE = 1.0  # weight share of a keyword found only in the section title or the list's lead-in
PARENT_SHARE = 0.5  # ... found only in an enclosing heading (`## 4. Agent与自主系统` above `### 2023年关键突破`)


@dataclass(frozen=True, slots=True)
class Context:
    """The hits of one passage's text and of what surrounds it."""

    text: Sequence[Hit]
    title: Sequence[Hit] = ()
    parent: Sequence[Hit] = ()
    lead: Sequence[Hit] = ()
    document: Sequence[Hit] = ()


@dataclass(frozen=True, slots=True)
class TopicMatch:
    """How one passage scored for one topic.

    Attributes:
        matched: keywords found in the passage text, in text order.
        in_title: keywords found only in its section title.
        in_parent: ... only in an enclosing heading.
        in_lead: ... only in the sentence introducing its list, table or quote.
        excluded_by: exclude phrases found in the passage text or its headings.
        found: per keyword of `matched`, the words of the text it matched
            (`Qwen2.5-Coder` for `Qwen*`).
        in_names: lowercase keywords not counted, with the capitalised name
            they were found in (`Open Source` in `Open Source Initiative`).
        skipped_by: the `skip_sections` phrase that keeps the passage out.
        reason: `pinned`, `excluded`, `veto`, `skipped`, or '' when the score decided.
    """

    passage: Passage
    score: float
    matched: tuple[str, ...]
    excluded_by: tuple[str, ...]
    included: bool
    in_title: tuple[str, ...] = ()
    in_parent: tuple[str, ...] = ()
    reason: str = ""
    in_lead: tuple[str, ...] = ()
    found: tuple[str, ...] = ()
    in_names: tuple[str, ...] = ()
    skipped_by: str = ""


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
    """One topic's phrases keyed by their `phrase_key`."""

    def __init__(self, topic: Topic) -> None:
        self.topic = topic
        exact = set(topic.exact)
        self.weights = {phrase_key(p, p in exact): (p, w) for p, w in topic.keywords}
        self.excludes = {phrase_key(p): (p, w) for p, w in topic.exclude}
        self.skips = {phrase_key(p): p for p in topic.skip_sections}
        self.pinned, self.excluded = set(topic.pinned), set(topic.excluded)

    def keywords_in(self, hits: Sequence[Hit], names_count: bool = True) -> list[Hit]:
        """The first hit of each keyword that counts: not inside a longer keyword or an exclude phrase.

        In the order of `hits`. With `names_count` False, a hit inside a
        capitalised name (`Hit.in_name`) does not count either. One sweep in
        text order, so the work grows with the number of hits, not its
        square: a 1 MB paragraph of keywords once took minutes here.
        """
        own = [h for h in hits if h.key in self.weights]
        hidden = _covered(own, [h for h in hits if h.key in self.excludes])
        first: dict[str, Hit] = {}
        spans: set[tuple[int, int]] = set()  # `open model` (plural) and `open models` on the same words count once
        for hit, out in zip(own, hidden, strict=True):
            if not out and (names_count or not hit.in_name) and (hit.start, hit.end) not in spans:
                spans.add((hit.start, hit.end))
                first.setdefault(hit.key, hit)
        return list(first.values())

    def match(self, passage: Passage, ctx: Context) -> TopicMatch | None:
        text_hits = self.keywords_in(ctx.text, names_count=False)
        in_text = [h.key for h in text_hits]
        in_title = [k for k in self._keys(ctx.title) if k not in in_text]
        in_lead = [k for k in self._keys(ctx.lead) if k not in in_text and k not in in_title]
        seen = {*in_text, *in_title, *in_lead}
        in_parent = [k for k in self._keys(ctx.parent) if k not in seen]
        names = [h for h in ctx.text if h.key in self.weights and h.in_name and h.key not in in_text]
        excl = list(dict.fromkeys(h.key for h in (*ctx.text, *ctx.title, *ctx.parent) if h.key in self.excludes))
        skip = next((h.key for h in (*ctx.title, *ctx.parent, *ctx.document) if h.key in self.skips), "")
        pid = passage.id
        if not (in_text or in_title or in_lead or in_parent or names or excl or pid in self.pinned or pid in self.excluded):
            return None
        score = sum(self.weights[k][1] for k in in_text)
        score += TITLE_SHARE * sum(self.weights[k][1] for k in (*in_title, *in_lead))
        score += PARENT_SHARE * sum(self.weights[k][1] for k in in_parent)
        score -= sum(self.excludes[k][1] or 0.0 for k in excl)
        vetoed = any(self.excludes[k][1] is VETO for k in excl)
        reason = "excluded" if pid in self.excluded else "pinned" if pid in self.pinned else "veto" if vetoed else "skipped" if skip else ""
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
            in_lead=tuple(self.weights[k][0] for k in in_lead),
            found=tuple(passage.text[h.start : h.end] for h in text_hits),
            in_names=tuple(dict.fromkeys(f"{self.weights[h.key][0]} in {_name_at(passage.text, h)}" for h in names)),
            skipped_by=self.skips.get(skip, ""),
        )

    def _keys(self, hits: Sequence[Hit]) -> list[str]:
        return [h.key for h in self.keywords_in(hits)]


def _name_at(text: str, hit: Hit) -> str:
    """The capitalised words around a hit, for `explain` (`Open Source Initiative`)."""
    start, end = hit.start, hit.end
    while start > 0 and not text[start - 1] in ",;:，；：()（）\n":
        start -= 1
    while end < len(text) and not text[end] in ",;:，；：()（）\n":
        end += 1
    return text[start:end].strip()


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
    matcher = PhraseMatcher((p, p in topic.exact) for p, _ in topic.keywords)
    return lambda text: bool(matcher.find(text))


def build_matcher(topics: Iterable[Topic]) -> PhraseMatcher:
    """One automaton over every topic's keywords, exclude phrases and skip_sections phrases."""
    return PhraseMatcher(
        (p, p in t.exact) for t in topics for p in (*(k for k, _ in t.keywords), *(e for e, _ in t.exclude), *t.skip_sections)
    )


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
        parents: `heading_parents(sources)`: the headings above each section,
            the lead-in of each list and the documents' titles (a plain
            mapping gives the headings alone).
        matcher: a prebuilt `build_matcher(topics)`, to share between calls.
    """
    matcher = matcher or build_matcher(topics)
    parents = {} if parents is None else parents
    leads = parents.lead_ins if isinstance(parents, Outline) else {}
    titles = parents.titles if isinstance(parents, Outline) else {}
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
        ctx = Context(
            text=matcher.find(passage.text),
            title=heading_hits(passage.section_title),
            parent=heading_hits(parents.get((passage.source, passage.section), "")),
            lead=heading_hits(leads.get(passage.id, "")),
            document=heading_hits(titles.get(passage.source, "")),
        )
        found = []
        for rule in rules:
            match = rule.match(passage, ctx)
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


def explain(classification: Classification, topic_id: str, only: str = "") -> str:
    """Why each passage is in or out of a topic: its score, and which rule gave each word.

    Included passages come first, best score first; then the passages that
    matched something but stayed out. Each word says how it matched: a
    plain keyword, a family rule with the name it took (`Qwen* = Qwen2.5-Coder`),
    a case-exact rule, or context (`[title]`, `[lead-in]`, `[heading]`);
    then what held it back (`[name]`, `[exclude]`, a skipped section).

    Args:
        only: show only the passages whose id or text contains this (any case).

    Raises:
        BriefingError: unknown topic id.
    """
    topic = next((t for t in classification.topics if t.id == topic_id), None)
    if topic is None:
        known = ", ".join(t.id for t in classification.topics) or "none"
        raise BriefingError(f"unknown topic `{topic_id}`; topics: {known}")
    matches = classification.matches(topic_id)
    shown = sum(m.included for m in matches)
    out = [
        f"{topic.id} ({topic.title}): {shown} of {classification.total} passages included",
        (
            f"threshold {topic.threshold:g}; each keyword counts once; x{TITLE_SHARE:g} in the section title or the list's "
            f"lead-in, x{PARENT_SHARE:g} in an enclosing heading"
        ),
        "",
    ]
    needle = only.casefold()
    order = sorted(range(len(matches)), key=lambda i: (not matches[i].included, -matches[i].score, i))
    for i in order:
        m = matches[i]
        if needle and needle not in m.passage.id.casefold() and needle not in m.passage.text.casefold():
            continue
        notes = [m.reason] if m.reason and m.reason != "skipped" else []
        notes += [f"in a skipped section: {m.skipped_by}"] if m.skipped_by else []
        note = f" ({'; '.join(notes)})" if notes else ""
        out.append(f"{'IN ' if m.included else 'out'} {m.score:6.2f}  {m.passage.id}{note}")
        out.append(f"           {', '.join(_reasons(topic, m)) or '-'}")
        out.append(f"           {short(m.passage.text, 90)}")
    return "\n".join(out) + "\n"


def _reasons(topic: Topic, m: TopicMatch) -> list[str]:
    """Each word of a match with the rule that gave it (see `explain`)."""
    weights, excludes, exact = dict(topic.keywords), dict(topic.exclude), set(topic.exact)
    words = [f"{_rule(p, found, p in exact)} +{weights[p]:g}" for p, found in zip(m.matched, m.found or m.matched, strict=False)]
    words += [f"[title] {p} +{TITLE_SHARE * weights[p]:g}" for p in m.in_title]
    words += [f"[lead-in] {p} +{TITLE_SHARE * weights[p]:g}" for p in m.in_lead]
    words += [f"[heading] {p} +{PARENT_SHARE * weights[p]:g}" for p in m.in_parent]
    words += [f"[name] {n}: not counted" for n in m.in_names]
    words += [f"[exclude] {p} {_exclude_effect(excludes[p])}" for p in m.excluded_by]
    return words


def _rule(phrase: str, found: str, exact: bool) -> str:
    """`Qwen* = Qwen2.5-Coder` (family), `ReAct (exact case)`, `agent = agents`, or the phrase."""
    if is_family(phrase):
        return f"{phrase} = {found} (family)"
    label = f"{phrase} (exact case)" if exact else phrase
    return label if found.casefold() == phrase.casefold() else f"{label} = {found}"


def _exclude_effect(weight: float | None) -> str:
    if weight is VETO:
        return "veto"
    return f"-{weight:g}" if weight else "(masks the keywords inside it)"
