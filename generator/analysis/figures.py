"""Key figures: numbers with units in passages, ranked, each with a short label.

What counts as a figure: a number written with digits (`6,710`, `1.4`,
`75`) or as `百分之…`, followed by a unit: money (`美元`, `亿美元`,
`万亿美元`, `$… million`), power (`GW`, `吉瓦`), parameters (`参数`,
`70B参数`), percentages, multiples (`倍`) and counts (`万次`, `家`, `名`,
`颗`, `token`…). Ranges (`3万亿至5万亿美元`, `40%到50%`, `3-5倍`) are one
figure. Dates, years, durations and version numbers (`2025年`, `12月`,
`GPT-4`, `Qwen2.5-1.5B`, `V3.2`) are not figures: they carry no unit
from the list, and a number glued to a Latin name is a version unless
it carries 万/亿.

Ranking ("most notable first"): by kind, money, then power, then
parameters, then percentages, multiples and counts; within a kind by
size (the upper end of a range, in base units: US dollars, watts, ...);
then by document order. So 1.4万亿美元 of investment outranks a 4倍
speed-up, and a 5GW cluster outranks a 50万颗 GPU count. When a
`relevant` test is given (a topic's keywords), figures whose label passes
it come before all others: on the 开源模型 page, the cost of an open
model beats a chip-smuggling sum quoted in the same passage.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import cn2an

from generator.core.model import Passage

MONEY, POWER, PARAMS, PERCENT, MULTIPLE, COUNT = "money", "power", "params", "percent", "multiple", "count"
KIND_RANK = {MONEY: 0, POWER: 1, PARAMS: 2, PERCENT: 3, MULTIPLE: 4, COUNT: 5}

_SCALE = {
    "": 1,
    "十": 1e1,
    "百": 1e2,
    "千": 1e3,
    "万": 1e4,
    "十万": 1e5,
    "百万": 1e6,
    "千万": 1e7,
    "亿": 1e8,
    "十亿": 1e9,
    "百亿": 1e10,
    "千亿": 1e11,
    "万亿": 1e12,
    "k": 1e3,
    "m": 1e6,
    "b": 1e9,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
}
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CN_SCALE = r"(?:十亿|百亿|千亿|万亿|十万|百万|千万|[十百千万亿])"
_AMOUNT = rf"(?:{_NUM})(?:多)?{_CN_SCALE}?"
_RANGE = rf"{_AMOUNT}(?:[%％]?\s*(?:-|~|～|—|至|到)\s*{_AMOUNT})?"
# Units by kind, longest first within each alternation.
_UNITS = (
    (MONEY, r"美元|人民币|欧元|英镑|元"),
    (POWER, r"GW|吉瓦|G瓦|MW|兆瓦"),
    (PARAMS, r"[BbMK]?(?:级)?参数"),
    (PERCENT, r"%|％|个百分点"),
    (MULTIPLE, r"倍"),
    (COUNT, r"次|家|名|位|人|项|颗|款|台|篇|条|用户|单词|分钟|个数量级|个(?!月)|[Kk]?\s?tokens?"),
)
_UNIT = "|".join(f"(?P<{kind}>{pattern})" for kind, pattern in _UNITS)
_FIGURE = re.compile(rf"(?P<value>{_RANGE})\s?(?:{_UNIT})")
_CN_PERCENT = re.compile(r"百分之(?P<value>[零一二三四五六七八九十百点两]+)")
_DOLLARS = re.compile(r"\$\s?(?P<value>\d+(?:\.\d+)?)\s?(?P<scale>thousand|million|billion|trillion|[kmb])?\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[，。；！？;!?\n]|,(?!\d{3})|(?<!\d),")
_LABEL_MAX = 48
_MIN_CLAUSE = 12


@dataclass(frozen=True, slots=True)
class Figure:
    """A number with its unit, found in a passage.

    Attributes:
        value: the figure as written (`1.4万亿美元`, `百分之四十六`).
        kind: MONEY, POWER, PARAMS, PERCENT, MULTIPLE or COUNT.
        amount: size in base units (upper end of a range), for ranking.
        label: the clause around the figure, trimmed.
        passage: where it was found, for the citation.
        start: offset in the passage text.
    """

    value: str
    kind: str
    amount: float
    label: str
    passage: Passage
    start: int = 0


def key_figures(passages: Iterable[Passage], limit: int = 0, relevant: Callable[[str], bool] | None = None) -> list[Figure]:
    """Figures of the passages, most notable first (see `rank_figures`).

    Args:
        passages: in document order (ties keep it).
        limit: keep at most this many (0: all).
        relevant: a test on a figure's label; passing figures rank first.
    """
    return rank_figures((f for p in passages for f in passage_figures(p)), limit, relevant)


def rank_figures(figures: Iterable[Figure], limit: int = 0, relevant: Callable[[str], bool] | None = None) -> list[Figure]:
    """Figures (in document order, as `passage_figures` gives them), most notable first.

    A value seen twice is kept once, and so is the same amount said twice
    in one passage (`1亿美元` and its English `$100 million`).
    """
    found = [(bool(relevant and relevant(fig.label)), order, fig) for order, fig in enumerate(figures)]
    found.sort(key=lambda item: (not item[0], KIND_RANK[item[2].kind], -item[2].amount, item[1]))
    out, seen = [], set()
    for _rel, _order, fig in found:
        keys = {fig.value, (fig.passage.id, fig.kind, fig.amount)}
        if not keys & seen:
            seen |= keys
            out.append(fig)
    return out[:limit] if limit else out


def passage_figures(passage: Passage) -> list[Figure]:
    """Every figure in one passage, in text order."""
    text = passage.text
    figs: list[Figure] = []
    for match in _FIGURE.finditer(text):
        kind = next(k for k, _ in _UNITS if match.group(k) is not None)
        value = match.group("value")
        if _is_version(text, match.start(), value):
            continue
        figs.append(_figure(passage, match.group().strip(), kind, _amount(value, match.group(kind), kind), match.start(), match.end()))
    for match in _CN_PERCENT.finditer(text):
        figs.append(_figure(passage, match.group(), PERCENT, _cn_number(match.group("value")), match.start(), match.end()))
    for match in _DOLLARS.finditer(text):
        scale = _SCALE[(match.group("scale") or "").lower()]
        figs.append(_figure(passage, match.group().strip(), MONEY, float(match.group("value")) * scale, match.start(), match.end()))
    return sorted(figs, key=lambda f: f.start)


def _is_version(text: str, start: int, value: str) -> bool:
    """A number glued to a name (`GPT-4`, `V3.2`, `Qwen2.5`) is a version, unless it has 万/亿."""
    before = text[start - 1] if start else ""
    if before and (before in "-._@/" or before.isdigit()):
        return True
    return before.isascii() and before.isalpha() and not re.search("[万亿]", value)


def _amount(value: str, unit: str, kind: str) -> float:
    """Size of the (upper end of the) value in base units."""
    parts = re.findall(rf"({_NUM})(?:多)?({_CN_SCALE})?", value)
    number, scale = parts[-1] if parts else ("0", "")
    amount = float(number.replace(",", "")) * _SCALE[scale]
    if kind == POWER and unit.upper().startswith("M") or unit == "兆瓦":
        return amount * 1e6
    if kind == POWER:
        return amount * 1e9
    if kind in (PARAMS, COUNT) and unit[:1] in "BbMKk":
        return amount * {"B": 1e9, "b": 1e9, "M": 1e6, "K": 1e3, "k": 1e3}[unit[0]]
    return amount


def _cn_number(text: str) -> float:
    try:
        return float(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError):
        return 0.0


def _figure(passage: Passage, value: str, kind: str, amount: float, start: int, end: int) -> Figure:
    return Figure(value=value, kind=kind, amount=amount, label=clause(passage.text, start, end), passage=passage, start=start)


def clause(text: str, start: int, end: int) -> str:
    """The clause holding text[start:end], with the one before it when it is too short."""
    bounds = [0] + [m.end() for m in _CLAUSE_END.finditer(text)] + [len(text)]
    left = max(b for b in bounds if b <= start)
    right = min((b for b in bounds if b >= end and b > left), default=len(text))
    if len(text[left:right].strip()) < _MIN_CLAUSE and left > 0:
        left = max((b for b in bounds if b < left - 1), default=0)
    label = " ".join(text[left:right].split()).strip("，。；！？,;!? ")
    if len(label) > _LABEL_MAX:
        # Keep the figure in view: cut around it rather than at the end.
        pos = label.find(text[start:end]) if text[start:end] in label else 0
        lo = max(0, min(pos - _LABEL_MAX // 2, len(label) - _LABEL_MAX))
        label = ("…" if lo else "") + label[lo : lo + _LABEL_MAX] + ("…" if lo + _LABEL_MAX < len(label) else "")
    return label
