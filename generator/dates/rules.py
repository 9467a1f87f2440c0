"""The patterns that find date expressions, each with a builder of its span.

Every rule is a compiled pattern with a builder; all rules run over the
text and the longest match wins where they overlap (earliest rule on a
tie). Some rules only *block* (`2020年前`, `2019年以来`): they consume text
so that no shorter date is read inside it. A builder returns a `Raw`
reading that still lacks the year when the text does not state it;
`dates.find_dates` supplies it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import cn2an

from generator.dates.spans import DateSpan, christmas_span, day_span, half_span, month_span, part_span, quarter_span, range_span, year_span

# --- numbers ------------------------------------------------------------------

FOLD = str.maketrans("０１２３４５６７８９－～：．／", "0123456789-~:./")


def number(text: str) -> int:
    """An Arabic or Chinese numeral (`12`, `十二`, `二〇二五`) as an int."""
    if text.isascii():
        return int(text)
    return int(cn2an.cn2an(text.replace("两", "二"), "smart"))


# --- patterns -----------------------------------------------------------------

_CND = "〇零一二三四五六七八九"
_Y4 = r"(?:19|20)\d\d"
_M = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_D = r"(?:3[01]|[12]\d|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
_NOT_BEFORE_NUM = r"(?<![A-Za-z0-9_.\-/])"


def _year(n: str = "") -> str:
    """A stated year with 年 (`2025年`, `二〇二五年`) or a relative one (`去年`)."""
    return (
        rf"(?:(?:{_NOT_BEFORE_NUM}(?P<y{n}>{_Y4})|(?<![{_CND}十百千万两])(?P<ycn{n}>[{_CND}]{{4}}))\s?年度?"
        rf"|(?P<rel{n}>(?<![过失除回离褪])去|今|(?<![说证表声聪文发透光鲜分简阐申标注])明|(?<![之然最此以其随前背午落])后)年(?![轻代级龄均份]))"
    )


_YEAR = _year()
_A = r"(?<![A-Za-z])"  # ASCII word edges: `\b` would count CJK letters as word characters
_Z = r"(?![A-Za-z0-9])"
# A month after a colon counts (`2025：1月20日`): the folded `：` is `:`.
_MONTH_LB = r"(?<![A-Za-z0-9_.\-/〇零一二三四五六七八九十百千万两几第个每])"
BY = re.compile(r"(?:到|至|截至|截止到?|直到|直至|(?<![A-Za-z])(?:by|until|through))\s*$", re.IGNORECASE)
_EN_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_EN_MONTH = (
    r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)


@dataclass(frozen=True, slots=True)
class Raw:
    """A rule's reading of a match before its year is known."""

    year: int | None  # stated year; None when yearless or relative
    rel: str  # relative year word (`去年`), '' if none
    make: Callable[[int], DateSpan | None] | None  # year -> span; None blocks
    ahead: tuple[int, int, str] | None = None  # (n1, n2, unit) for `未来三年`
    states_year: bool = True  # may serve later yearless dates


def _g(m: re.Match, name: str) -> str:
    return m.groupdict().get(name) or ""


def _stated(m: re.Match, n: str = "") -> tuple[int | None, str]:
    if _g(m, f"y{n}"):
        return int(_g(m, f"y{n}")), ""
    if _g(m, f"ycn{n}"):
        return number(_g(m, f"ycn{n}")), ""
    if _g(m, f"rel{n}"):
        return None, _g(m, f"rel{n}") + "年"
    return None, ""


def _with_year(m: re.Match, make: Callable[[int], DateSpan | None], states: bool = True) -> Raw:
    year, rel = _stated(m)
    return Raw(year, rel, make, states_year=states)


def _yearless(make: Callable[[int], DateSpan | None]) -> Raw:
    return Raw(None, "", make, states_year=False)


def _safe(make: Callable[[int], DateSpan | None]) -> Callable[[int], DateSpan | None]:
    """Invalid calendar dates (`2月30日`) read as no date, not as an error."""

    def build(year: int) -> DateSpan | None:
        try:
            return make(year)
        except (ValueError, OverflowError):
            return None

    return build


def _month_day(m: re.Match) -> Callable[[int], DateSpan | None]:
    return _safe(lambda y: day_span(y, number(m["m"]), number(m["d"])))


def _month(m: re.Match) -> Callable[[int], DateSpan | None]:
    part = _g(m, "part")
    return _safe(lambda y: month_span(y, number(m["m"]), f"{y}年{number(m['m'])}月{part}" if part else ""))


def _month_range(m: re.Match) -> Callable[[int], DateSpan | None]:
    return _safe(lambda y: range_span(month_span(y, number(m["m"])), month_span(y, number(m["m2"]))))


def _day_range(m: re.Match) -> Callable[[int], DateSpan | None]:
    return _safe(lambda y: range_span(day_span(y, number(m["m"]), number(m["d"])), day_span(y, number(m["m"]), number(m["d2"]))))


def _quarter(m: re.Match) -> Callable[[int], DateSpan | None]:
    return _safe(lambda y: quarter_span(y, number(m["q"])))


def _year_range(m: re.Match) -> Raw:
    y1, y2 = int(m["y"]), int(m["y2"])
    ok = y1 < y2 <= y1 + 50
    return Raw(y1, "", _safe(lambda _y: range_span(year_span(y1), year_span(y2)) if ok else None), states_year=False)


def _cross_month_range(m: re.Match) -> Raw:
    (y1, rel1), (y2, rel2) = _stated(m), _stated(m, "2")
    if rel1 or rel2 or y1 is None or y2 is None:
        return Raw(None, "", None)
    return Raw(y1, "", _safe(lambda _y: range_span(month_span(y1, number(m["m"])), month_span(y2, number(m["m2"])))), states_year=False)


def _ahead(m: re.Match, unit: str) -> Raw:
    n1 = number(m["n"])
    n2 = number(m["n2"]) if _g(m, "n2") else n1
    if not 0 < n1 <= n2 <= 100:
        return Raw(None, "", None)
    return Raw(None, "", lambda _y: None, ahead=(n1, n2, unit), states_year=False)


_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}


def _en_half(m: re.Match) -> Raw:
    half = int(m["h"]) if _g(m, "h") else _ORDINALS[m["hw"].lower()]
    return _with_year(m, _safe(lambda y: half_span(y, half)))


def _en_month(m: re.Match) -> int:
    return _EN_MONTHS[m["mon"][:4].lower() if m["mon"].lower().startswith("sept") else m["mon"][:3].lower()]


_Builder = Callable[[re.Match], Raw]

# (pattern, builder) in priority order for equal-length matches.
RULES: tuple[tuple[re.Pattern[str], _Builder], ...] = tuple(
    (re.compile(p), b)
    for p, b in (
        # blockers: "before/after/since year X" is not a dated statement
        (rf"{_NOT_BEFORE_NUM}{_Y4}\s?年(?:以|之)?[前后](?![一二三两四五六七八九十\d半])", lambda m: Raw(None, "", None)),
        (rf"{_NOT_BEFORE_NUM}{_Y4}\s?年(?:以来|来)", lambda m: Raw(None, "", None)),
        # full Chinese dates and ranges with a year
        (rf"{_YEAR}\s?(?P<m>{_M})\s?月\s?(?P<d>{_D})\s?[日号]", lambda m: _with_year(m, _month_day(m))),
        (
            rf"{_YEAR}\s?(?P<m>{_M})\s?月\s?(?P<d>{_D})\s?[日号]?\s?[-~至到]\s?(?P<d2>{_D})\s?[日号]",
            lambda m: _with_year(m, _day_range(m), False),
        ),
        (rf"{_YEAR}\s?(?P<m>{_M})\s?(?:月\s?)?[-~至到]\s?(?P<m2>{_M})\s?月", lambda m: _with_year(m, _month_range(m), False)),
        (rf"{_YEAR}\s?(?P<m>{_M})\s?月\s?[-~至到]\s?{_year('2')}\s?(?P<m2>{_M})\s?月", _cross_month_range),
        (rf"{_YEAR}\s?(?P<m>{_M})\s?月份?(?P<part>初|底|末|上旬|中旬|下旬)?", lambda m: _with_year(m, _month(m))),
        (rf"{_YEAR}\s?(?:第\s?)?(?P<q>[一二三四1-4])\s?季度", lambda m: _with_year(m, _quarter(m))),
        (rf"{_YEAR}\s?Q(?P<q>[1-4])(?![\d])", lambda m: _with_year(m, _quarter(m))),
        (rf"{_YEAR}\s?(?P<h>上|下)半年", lambda m: _with_year(m, _safe(lambda y: half_span(y, 1 if m["h"] == "上" else 2)))),
        (
            rf"{_YEAR}年?(?P<part>初(?![创次步级衷心始期中等版稿])|底|末|中(?:期)?(?=[\s,，。；;、:：)）]|$))",
            lambda m: _with_year(m, _safe(lambda y: part_span(y, m["part"][0]))),
        ),
        (rf"{_YEAR}\s?圣诞(?:节)?(?P<when>前|后|期间)?", lambda m: _with_year(m, _safe(lambda y: christmas_span(y, _g(m, "when"))))),
        (rf"{_NOT_BEFORE_NUM}(?P<y>{_Y4})\s?年?\s?[-–—~～至到]\s?(?P<y2>{_Y4})(?:\s?年|(?![\d%A-Za-z.\-]))", _year_range),
        (rf"\A\s*(?P<y>{_Y4})\s?年?\s?[:：](?!\d(?!\d?\s?月))", lambda m: _with_year(m, _safe(year_span))),
        (_YEAR, lambda m: _with_year(m, _safe(year_span))),
        # yearless Chinese forms: the year comes from context
        (rf"{_MONTH_LB}(?P<m>{_M})\s?月\s?(?P<d>{_D})\s?[日号]", lambda m: _yearless(_month_day(m))),
        (rf"{_MONTH_LB}(?P<m>{_M})\s?(?:月\s?)?[-~至到]\s?(?P<m2>{_M})\s?月", lambda m: _yearless(_month_range(m))),
        (rf"{_MONTH_LB}(?P<m>1[0-2]|0?[1-9])\s?月份?(?P<part>初|底|末|上旬|中旬|下旬)?", lambda m: _yearless(_month(m))),
        (
            r"(?:^|(?<=[\s，,。；;：:、（(在于到至从自及和与]))(?P<m>十[一二]?|[一二三四五六七八九])月份?(?P<part>初|底|末|上旬|中旬|下旬)?",
            lambda m: _yearless(_month(m)),
        ),
        # `年内`: within the year in context (a parent's, a heading's, else the source's)
        (r"(?<![\d年十两一二三四五六七八九百千近多数几今明去])年内", lambda m: _yearless(_safe(year_span))),
        (r"(?<![年\d])(?P<h>上|下)半年", lambda m: _yearless(_safe(lambda y: half_span(y, 1 if m["h"] == "上" else 2)))),
        (r"(?<![年\d])第(?P<q>[一二三四1-4])季度", lambda m: _yearless(_quarter(m))),
        (
            r"(?:^|(?<=[到至在于从自及，,。；;\s]))年(?P<part>初(?![创次步级衷心始期中等版稿])|底|末)",
            lambda m: _yearless(_safe(lambda y: part_span(y, m["part"]))),
        ),
        # the years ahead of the source's date
        (
            r"(?:未来|今后|接下来的?)(?P<n>\d{1,3}|[一二两三四五六七八九十]{1,3})(?:\s?[-~至到]\s?(?P<n2>\d{1,3}|[一二两三四五六七八九十]{1,3}))?\s?年",
            lambda m: _ahead(m, "year"),
        ),
        (
            r"(?:未来|今后|接下来的?)(?P<n>\d{1,3}|[一二两三四五六七八九十]{1,3})(?:\s?[-~至到]\s?(?P<n2>\d{1,3}|[一二两三四五六七八九十]{1,3}))?\s?个月",
            lambda m: _ahead(m, "month"),
        ),
        # ISO dates in running text
        (
            rf"{_NOT_BEFORE_NUM}(?P<y>{_Y4})[-/.](?P<m>0[1-9]|1[0-2])[-/.](?P<d>0[1-9]|[12]\d|3[01])(?![\d])",
            lambda m: _with_year(m, _month_day(m)),
        ),
        # `2023-07`, and `2023.07` / `2023/07` as event tables write months (two-digit month only)
        (rf"{_NOT_BEFORE_NUM}(?P<y>{_Y4})[-./](?P<m>0[1-9]|1[0-2])(?![\d\-./])", lambda m: _with_year(m, _month(m))),
        # English
        (
            rf"{_A}{_EN_MONTH}\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>{_Y4}){_Z}",
            lambda m: _with_year(m, _safe(lambda y: day_span(y, _en_month(m), int(m["d"])))),
        ),
        (
            rf"{_A}(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+{_EN_MONTH},?\s+(?P<y>{_Y4}){_Z}",
            lambda m: _with_year(m, _safe(lambda y: day_span(y, _en_month(m), int(m["d"])))),
        ),
        (rf"{_A}{_EN_MONTH},?\s+(?P<y>{_Y4}){_Z}", lambda m: _with_year(m, _safe(lambda y: month_span(y, _en_month(m))))),
        (
            rf"{_A}{_EN_MONTH}\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?{_Z}(?![,:.]?\s*\d)",
            lambda m: _yearless(_safe(lambda y: day_span(y, _en_month(m), int(m["d"])))),
        ),
        (rf"{_A}Q(?P<q>[1-4])\s*(?:of\s+|[-/'’]\s*)?(?P<y>{_Y4}){_Z}", lambda m: _with_year(m, _quarter(m))),
        (
            rf"{_A}(?:the\s+)?(?P<qw>first|second|third|fourth)\s+quarter\s+of\s+(?P<y>{_Y4}){_Z}",
            lambda m: _with_year(m, _safe(lambda y: quarter_span(y, _ORDINALS[m["qw"].lower()]))),
        ),
        (rf"{_A}(?:H(?P<h>[12])\s*(?:of\s+)?|(?P<hw>first|second)\s+half\s+of\s+)(?P<y>{_Y4}){_Z}", _en_half),
        (rf"{_A}(?:late|end-)\s?(?P<y>{_Y4}){_Z}", lambda m: _with_year(m, _safe(lambda y: part_span(y, "底")))),
        (rf"{_A}mid-?\s?(?P<y>{_Y4}){_Z}", lambda m: _with_year(m, _safe(lambda y: part_span(y, "中")))),
        # `2022.Q4`, `2025 Q1`, `2025-Q1` as event tables write quarters
        (rf"{_NOT_BEFORE_NUM}(?P<y>{_Y4})\s?[-./]?\s?Q(?P<q>[1-4])(?![\d])", lambda m: _with_year(m, _quarter(m))),
        # yearless English days and months: `20th December`, `the 20th of December`, `in February`
        (
            rf"{_A}(?:the\s+)?(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?{_EN_MONTH}{_Z}(?!,?\s+\d)",
            lambda m: _yearless(_safe(lambda y: day_span(y, _en_month(m), int(m["d"])))),
        ),
        (
            (
                rf"{_A}(?:[Ii]n|[Ss]ince|[Ff]rom|[Uu]ntil|[Tt]ill|[Bb]y|[Bb]efore|[Aa]fter|[Dd]uring|[Tt]hrough|[Ee]arly|[Ll]ate|[Mm]id-?)\s+"
                rf"(?:early\s+|late\s+|mid-?)?"
                rf"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December){_Z}(?!,?\s+\d)"
            ),
            lambda m: _yearless(_safe(lambda y: month_span(y, _en_month(m)))),
        ),
        # a list label that is only a month or a quarter (`- Nov:`, `Q2:`)
        (rf"(?:^|(?<=[\s:：，,。;；])){_EN_MONTH}\s?(?=[:：])", lambda m: _yearless(_safe(lambda y: month_span(y, _en_month(m))))),
        (r"(?:^|(?<=[\s:：，,。;；]))Q(?P<q>[1-4])\s?(?=[:：])", lambda m: _yearless(_quarter(m))),
        (r"(?:^|(?<=[\s:：，,。;；]))H(?P<h>[12])\s?(?=[:：])", lambda m: _yearless(_safe(lambda y: half_span(y, int(m["h"]))))),
        # English relative years: `last year`, `next year`
        (
            rf"{_A}(?P<rw>[Ll]ast|[Tt]his|[Nn]ext)\s+year{_Z}",
            lambda m: Raw(None, {"l": "去年", "t": "今年", "n": "明年"}[m["rw"][0].lower()], _safe(year_span)),
        ),
        (rf"{_A}(?:the\s+)?end\s+of\s+(?P<y>{_Y4}){_Z}", lambda m: _with_year(m, _safe(lambda y: part_span(y, "底")))),
        (rf"{_A}early\s+(?P<y>{_Y4}){_Z}", lambda m: _with_year(m, _safe(lambda y: part_span(y, "初")))),
        (rf"{_A}by\s+(?P<y>{_Y4}){_Z}(?![-/.]\d)", lambda m: _with_year(m, _safe(year_span))),
        # an English bare year after a preposition: `founded in 2019`, `since 2021`
        (
            rf"{_A}(?:[Ii]n|[Ss]ince|[Ff]rom|[Dd]uring|[Uu]ntil|[Tt]hrough|[Aa]round|[Bb]efore|[Aa]fter)\s+(?P<y>{_Y4}){_Z}(?![-/.]\d)",
            lambda m: _with_year(m, _safe(year_span)),
        ),
    )
)


# Rules that open with a stated year: they can only match where `_YEAR`
# matches, so they try those places instead of scanning the whole text
# (one scan instead of a dozen: the date finder's main cost).
_YEAR_LED = frozenset(i for i, (pattern, _) in enumerate(RULES) if pattern.pattern.startswith(_YEAR))
_YEAR_AT = re.compile(f"(?={_YEAR})")


def _matches_at(pattern: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match]:
    """`pattern.finditer(text)` for a pattern that can only match at `starts`."""
    end = 0
    for pos in starts:
        if pos >= end and (m := pattern.match(text, pos)):
            end = max(m.end(), pos + 1)
            yield m


def candidates(folded: str) -> list[tuple[int, int, int, re.Match]]:
    """Non-overlapping (start, end, rule, match): longest first, then rule order."""
    found = []
    years = [m.start() for m in _YEAR_AT.finditer(folded)]
    for index, (pattern, _) in enumerate(RULES):
        for m in _matches_at(pattern, folded, years) if index in _YEAR_LED else pattern.finditer(folded):
            if m.end() > m.start():
                found.append((m.start(), -(m.end() - m.start()), index, m))
    found.sort(key=lambda c: (c[0], c[1], c[2]))
    chosen: list[tuple[int, int, int, re.Match]] = []
    end = -1
    for start, neg_len, index, m in found:
        if start >= end:
            chosen.append((start, start - neg_len, index, m))
            end = start - neg_len
    return chosen
