"""What counts as a timeline entry: which dates of a text date a statement.

A date in a sentence dates a statement (an event, a release, a law, a
deal, a concrete forecast) unless the rules below say it frames something
else; `statements` keeps the ones that date a statement. See the module
docstring of `entries` for the rules in prose; each pattern below says
which rule it serves.
"""

from __future__ import annotations

import re

from generator.dates.find import DateMatch, speaks_of_future
from generator.timeline.headlines import sentence_bounds
from generator.timeline.subjects import actors_in

QUESTION = re.compile(r"[？?][”\"」』)）]?\s*$")
# Sentences about the predictions themselves (`以下是我们对未来12个月的大胆预测`).
_META = re.compile(r"大胆预测|做出.{0,12}预测|给出了?.{0,12}预测|以下是.{0,12}预测|可能发生的")
# Sentences about the text itself: a subtitle, an episode's description, a reading guide.
_SELF = re.compile(
    r"^\s*(?:探讨|介绍|解读|盘点|回顾|梳理|解析|大家好|我是)|本文|本篇|下表|上表|本表|下图|(?:the\s+)?table\s+below|below\s+is|本期|本次对话|本次分享|这篇文章|这期视频|今天这期|这份路线图|这份报告将"
    r"|我们选择了|(?<![A-Za-z])(?:this|in this|today'?s)\s+(?:post|article|episode|essay|note|page|issue|newsletter|talk)(?![A-Za-z])",
    re.IGNORECASE,
)
# A lead-in whose content is the list after it.
_LEAD_IN = re.compile(r"(?:以下|如下|下列)|(?:包括|如下|体现在|表现在|分别是)\s*[:：]?\s*$|(?:the\s+following|as\s+follows)", re.IGNORECASE)
# A date that is a point of comparison: what stands just before it in its clause...
_BASELINE_BEFORE = re.compile(
    r"(?:比|较|相比|相较于?|对比|而|vs\.?|than|compared\s+(?:with|to)|up\s+from|down\s+from)\s*(?:在|于)?\s*$", re.IGNORECASE
)
# `从2023年的3.9万美元` starts a comparison; `从2025年起`, `from August 2025` start a period.
_FROM = re.compile(r"(?:从|from)\s*$", re.IGNORECASE)
_FIGURE_NEXT = re.compile(r"^\s*(?:的|'s)?\s*[\d一二两三四五六七八九十]")
# ...or what follows it in its clause (`2022年只有50%`, `2025年1月的时候还只有5%`).
# `与去年相比`, `和2023年同期相比`: the date is what the statement compares with.
_BASELINE_AFTER = re.compile(
    r"^[^，,；;。]{0,8}?(?:还?只有|仅有|仅为|才有?\d|还不到|不足)|^[^，,；;。]{0,24}?的[\d.]+倍|^\s*(?:同期)?\s*(?:相比|相较|比较|对比)"
)
# A sentence that characterises a period rather than dating a statement:
# `2025年AI研究领域最核心的关键词…`, `去年…是重要的一年`, `2023年则是…渗透年`.
_CHARACTERISES = re.compile(
    r"(?:关键词|最核心的|核心是|的核心|最大的变化|主旋律|主题是|(?:是|为)[^，,。；;]{0,12}(?:一年|之年|元年|年|期)(?:[，,。；;]|$))"
)
# A clause announcing things the text lists next (`还发现了几个关键的问题`).
_ANNOUNCES = re.compile(
    r"(?:发现了?|出现了?|遇到了?|还有|有|提出了?|面临着?)\s*(?:[几两三四五六七八九十多一]\s*(?:个|项|类|点|大)|很多|许多|不少)"
    r"[^，,。；;]{0,10}(?:问题|方向|风险|隐患|地区|方面|趋势|变化|领域|特点|挑战|原因|阶段)"
)
# A year-long trend rather than an event (`继续崛起`, `开始重新审视`, `进一步深化`).
_TREND = re.compile(r"正在|继续|开始|进一步|日益|不断|逐渐|越来越|依然|仍然|从[^，,。]{1,12}(?:走向|转向|变成|变为)")
# Words of a measurement: a share, a rate, a total, a survey.
_MEASURE = re.compile(r"比例|占比|[^效]率|环比|同比|总和|总额|总预算|大约是|只有|仅有|\d+/\d+", re.IGNORECASE)
# A survey's answers (statistics even when they speak of plans), or its fieldwork: the report's
# method (`对1,183名AI从业者进行了调查`), not an event; an investigation of someone (`对OpenAI展开调查`) names no headcount.
_SURVEY = re.compile(
    r"受访者|调查显示|respondents|of those surveyed"
    r"|对\s*\d[\d,]*\s*(?:名|位|家)[^，,。；;]{0,16}?(?:调查|调研|问卷|访谈)|surveyed\s+\d[\d,]*",
    re.IGNORECASE,
)
# A named actor: a Latin-script name with a capital (`Elevenlabs`, `GPT-4`), not a bare acronym (`AI`).
_NAMED = re.compile(r"(?<![A-Za-z])(?:[A-Z][a-z]+[A-Za-z]*|[A-Z]{2,}[a-z]+[A-Za-z]*|[A-Za-z]+-?\d[\w.]*)")
# A period up to now: what a figure under it counts is a total, not an event.
_TO_NOW = re.compile(r"^[^，,；;。]{0,10}?(?:到现在|到目前|至今|迄今|以来)")
_SINCE = re.compile(r"(?<![A-Za-z])since\s*$", re.IGNORECASE)
# A figure: a number with a unit, a percentage, money, a multiple.
_FIGURE = re.compile(
    r"\d[\d,.]*\s*(?:%|％|percent|倍|万|亿|千|百万|美元|元|美金|家|名|款|billion|million|x(?![A-Za-z])"
    r"|(?:dollars?|euros?|yuan|minutes?|hours?|seconds?)(?![A-Za-z]))|[$€£¥]\s?\d|[一二两三四五六七八九十百千]+(?:倍|万|亿)|\d+/\d+|\d{1,3}(?:,\d{3})+",
    re.IGNORECASE,
)


def statements(text: str, dated: list[DateMatch]) -> list[DateMatch]:
    """The dates that date a statement (module docstring): no baselines, no
    background statistics, questions, lead-ins or sentences about the text."""
    by_sentence: dict[tuple[int, int], list[DateMatch]] = {}
    for m in dated:
        by_sentence.setdefault(sentence_bounds(text, m.start, m.end), []).append(m)
    # The dates themselves are no figures (`2024/10` is a month, not a ratio).
    bare = text
    for m in dated:
        bare = bare[: m.start] + " " * (m.end - m.start) + bare[m.end :]
    kept: list[DateMatch] = []
    for (left, right), found in by_sentence.items():
        sentence = text[left:right]
        if QUESTION.search(sentence.strip()) or _META.search(sentence) or _SELF.search(sentence) or _lead_in(sentence):
            continue
        baselines = [m for m in found if _is_baseline(text, m, left)]
        rest = [m for m in found if m not in baselines]
        years = {m.span.start.year for m in found if not m.target and not m.relative}
        figures = bool(_FIGURE.search(bare[left:right]))
        if figures and (baselines or len(years) >= 2) or _compared_across_semicolons(text, bare, left, right, dated):
            continue  # a background statistic
        if _SURVEY.search(sentence):
            continue  # a survey's answers
        if figures and any(_is_since(text, m, left) for m in found):
            continue  # a total since a date (`从2021年推出到现在，…超过了3,000万分钟`)
        named = bool(_NAMED.search(sentence)) or _milestone(sentence)
        measured = figures and bool(_MEASURE.search(bare[left:right])) and not named
        kept.extend(m for m in rest if not _background(text, m, left, right, named, measured))
    return kept


# A figure reached: `市值突破4万亿美元`, `用户数首次超过1亿`.
_REACHED = re.compile(r"(?:突破|达到|超过|创下|首次|登顶|跃升至)\s*(?:了\s*)?[\d一二两三四五六七八九十]")


_HARD_END = re.compile(r"[。！？!?\n]|(?<=[a-z0-9%)”\"'])\.(?=\s+[A-Z“\"(])")


def _whole_sentence(text: str, left: int, right: int) -> tuple[int, int]:
    """The sentence holding text[left:right] up to its full stops, across semicolons."""
    start = max((m.end() for m in _HARD_END.finditer(text) if m.end() <= left), default=0)
    end = _HARD_END.search(text, max(left, right - 1))  # the sentence's own end mark is its last character
    return start, end.end() if end else len(text)


def _compared_across_semicolons(text: str, bare: str, left: int, right: int, dated: list[DateMatch]) -> bool:
    """`Last year the build took 40 minutes; in 2023 it took 70`, `去年营收为3亿元；2022年为1亿元`:
    parts of one sentence joined by semicolons, each with a number (dates aside), a figure among
    them, under two or more years (relative ones too): one statistic, not two events."""
    start, end = _whole_sentence(text, left, right)
    parts = re.split(r"[;；]", bare[start:end])
    if (
        len(parts) < 2
        or not _FIGURE.search(bare[start:end])
        or not all(re.search(r"\d|[一二两三四五六七八九十]", p) for p in parts if p.strip(" 。."))
    ):
        return False
    years = {m.span.start.year for m in dated if start <= m.start < end and not m.target and m.span is not None}
    return len(years) >= 2


def _milestone(sentence: str) -> bool:
    """One actor (a Chinese name: `英伟达`) reaches a figure: an event of that actor at that date,
    not a background measurement; a sentence naming two (`英国…而美国是…`) compares them."""
    return len(set(actors_in(sentence))) == 1 and bool(_REACHED.search(sentence))


def _background(text: str, m: DateMatch, left: int, right: int, named: bool, measured: bool) -> bool:
    """The date frames a characterisation, an announcement of a list, a
    trend or a measurement, not a statement of its own (module docstring).
    `named`: the sentence names an actor; `measured`: it reports a share,
    a rate or a total with a figure and names none."""
    clause = clause_at(text, m, left, right)
    window = clause_at(text, m, left, right, 1)
    if _CHARACTERISES.search(clause[clause.find(m.text) :]) and not speaks_of_future(clause):
        return True
    if _ANNOUNCES.search(clause):
        return True
    coarse = m.span is not None and m.span.granularity in ("year", "half", "quarter")
    if coarse and _TREND.search(window) and not named and not speaks_of_future(window):
        return True
    return measured and not speaks_of_future(window)


def clause_at(text: str, m: DateMatch, left: int, right: int, more: int = 0) -> str:
    """The clause holding the date (and the next one when it is only the
    date), with `more` clauses after it."""
    start = _clause_start(text, left, m.start)
    end = _clause_end(text, m.end, right)
    if not text[start:end].replace(m.text, "").strip(" 在于到了呢"):
        more += 1
    for _ in range(more):
        end = _clause_end(text, end + 1, right)
    return text[start:end]


# Clause marks; a comma inside a number (`1,000`) is none.
_CLAUSE_MARK = re.compile(r"[，；;。]|,(?!\d)")
_CLAUSE_OPEN = re.compile(r"[，；;]|,(?!\d)")
_REACH = 400  # no clause mark this far back: the clause starts there (a bound for long texts)


def _clause_start(text: str, left: int, at: int) -> int:
    start = max(left, at - _REACH)
    return max([start, *(m.end() for m in _CLAUSE_OPEN.finditer(text, start, at))])


def _clause_end(text: str, at: int, right: int) -> int:
    m = _CLAUSE_MARK.search(text, at, right)
    return m.start() if m else right


def _is_baseline(text: str, m: DateMatch, left: int) -> bool:
    clause_start = _clause_start(text, left, m.start)
    before = text[clause_start : m.start]
    clause_end = _clause_end(text, m.end, len(text))
    after = text[m.end : clause_end]
    return bool(_BASELINE_BEFORE.search(before) or _BASELINE_AFTER.match(after) or (_FROM.search(before) and _FIGURE_NEXT.match(after)))


def _is_since(text: str, m: DateMatch, left: int) -> bool:
    before = text[_clause_start(text, left, m.start) : m.start]
    after = text[m.end : _clause_end(text, m.end, len(text))]
    return bool(re.search(r"(?:从|自)\s*$", before) and _TO_NOW.match(after)) or bool(_SINCE.search(before))


def _lead_in(sentence: str) -> bool:
    body = sentence.strip()
    return body.endswith(("：", ":")) or (bool(_LEAD_IN.search(body)) and len(body) <= 60)


# A technique as the subject of what it makes possible (`量化技术使…成为可能`, `TinyML技术使IoT设备能…`):
# a capability, not an event; an actor's release (`Apple的私人云计算使…`) names no technique word.
_CAPABILITY = re.compile(
    r"^[^，,。；;]{1,12}?(?:技术|方法|工具|techniques?|methods?)\s*(?:使得?|让|能够|可以|enables?|makes?|allows?)", re.IGNORECASE
)


def capability(point: str) -> bool:
    """The point states what a technique makes possible, not an event (`_CAPABILITY`)."""
    return bool(_CAPABILITY.search(point.strip()))


# An acronym the text spells out (`XR（扩展现实）`): a named technology, unlike a bare `AI`.
_DEFINED_ACRONYM = re.compile(r"(?<![A-Za-z])[A-Z]{2,}\s*[（(]")
_QUOTED = re.compile(r"[“\"「『][^”\"」』]{2,}[”\"」』]")


def concrete(point: str) -> bool:
    """A point dated only by its heading names something checkable: a
    Latin-script name (`Claude 2`, `AlphaFold 3`, `MoE`), an acronym it
    spells out (`XR（扩展现实）`), a figure (`50%`, `10B`, `百万级`) or a
    quoted term (`"无限上下文"`). Bullets under `### 2023年关键突破` are
    otherwise general trends (`多模态基础模型正在挑战…`): no entry; forecast
    points under `2024: 稀疏激活成为标准` otherwise vague (`AI系统将能…`,
    `…将成为标准`): on the ledger only (see `entries`)."""
    return bool(
        _NAMED.search(point) or _DEFINED_ACRONYM.search(point) or re.search(r"\d", point) or _FIGURE.search(point) or _QUOTED.search(point)
    )
