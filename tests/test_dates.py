"""Date expressions -> spans: a table of expressions from the seeds and beyond.

Each row: text, anchor year (the nearest year before it in its section),
source date, and every date expected in the text as
(matched text, first day, last day, granularity). An empty list means the
text holds no date: the false positives the parser must not read.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.core.errors import BriefingError
from generator.dates.find import DateMatch, DateSpan, find_dates, parse_iso

D = "day"
M = "month"
Q = "quarter"
H = "half"
Y = "year"
R = "range"

# fmt: off
CASES = [
    # full dates, Chinese and Arabic numerals
    ("2025年12月11日", None, None, [("2025年12月11日", "2025-12-11", "2025-12-11", D)]),
    ("二〇二五年十二月十一日", None, None, [("二〇二五年十二月十一日", "2025-12-11", "2025-12-11", D)]),
    ("２０２６年１月５日发布", None, None, [("２０２６年１月５日", "2026-01-05", "2026-01-05", D)]),
    ("2024年2月29日", None, None, [("2024年2月29日", "2024-02-29", "2024-02-29", D)]),
    ("2025年2月30日", None, None, []),
    ("2025年9月3号", None, None, [("2025年9月3号", "2025-09-03", "2025-09-03", D)]),
    # month-day and month with the year from context (seed 000: 12月11日 -> 2025-12-11)
    ("12月11日,唐纳德·特朗普总统签署了一项旨在削弱州AI法律的行政命令", None, "2026-01", [("12月11日", "2025-12-11", "2025-12-11", D)]),
    ("2023.07 开源社区放出可商用的模型", None, "2026-01", [("2023.07", "2023-07-01", "2023-07-31", M)]),  # event tables (issue 15)
    ("时间：2024/02；事件：长上下文", None, "2026-01", [("2024/02", "2024-02-01", "2024-02-29", M)]),
    ("12月11日签署", 2025, "2026-01", [("12月11日", "2025-12-11", "2025-12-11", D)]),
    ("1月,DeepSeek发布了其开源推理模型R1", 2025, "2026-01", [("1月", "2025-01-01", "2025-01-31", M)]),
    ("8月,OpenAI发布了其第一个开源模型。", None, "2026-01", [("8月", "2025-08-01", "2025-08-31", M)]),
    ("早在11月,OpenAI宣布了一个ChatGPT购物功能", None, "2026-01", [("11月", "2025-11-01", "2025-11-30", M)]),
    ("一名家人将在11月将OpenAI告上法庭", 2026, "2026-01", [("11月", "2026-11-01", "2026-11-30", M)]),
    ("法律格局将因特朗普总统12月的行政命令而进一步复杂化", 2026, "2026-01", [("12月", "2025-12-01", "2025-12-31", M)]),
    ("截止到8月份，16家领先的公司", 2025, "2025-10", [("8月份", "2025-08-01", "2025-08-31", M)]),
    ("2025年的政策反复不定，1月 美国商务部", None, "2025-10",
     [("2025年", "2025-01-01", "2025-12-31", Y), ("1月", "2025-01-01", "2025-01-31", M)]),
    ("十二月十一日", 2025, None, [("十二月十一日", "2025-12-11", "2025-12-11", D)]),
    ("December 11", 2025, None, [("December 11", "2025-12-11", "2025-12-11", D)]),
    # relative years against the source's date
    ("去年对中国开源模型来说是重要的一年", None, "2026-01", [("去年", "2025-01-01", "2025-12-31", Y)]),
    ("它会在今年提出自己的法案", None, "2026-01", [("今年", "2026-01-01", "2026-12-31", Y)]),
    ("在明年的中期选举中一决高下", None, "2025-12", [("明年", "2026-01-01", "2026-12-31", Y)]),
    ("后年上线", None, "2025-10", [("后年", "2027-01-01", "2027-12-31", Y)]),
    ("去年12月", None, "2026-01-05", [("去年12月", "2025-12-01", "2025-12-31", M)]),
    ("今年下半年", None, "2026-01", [("今年下半年", "2026-07-01", "2026-12-31", H)]),
    ("明年初", None, "2025-11", [("明年初", "2026-01-01", "2026-03-31", Q)]),
    ("去年底", None, "2026-02", [("去年底", "2025-10-01", "2025-12-31", Q)]),
    ("并大胆预测未来三年可能出现的技术拐点", None, "2023-12-25", [("未来三年", "2024-01-01", "2026-12-31", R)]),
    ("未来1-3年，美国多个主要地区可能会出现电力短缺", None, "2025-10", [("未来1-3年", "2025-11-01", "2028-10-31", R)]),
    ("计划在未来12个月增加微调的工作量", None, "2025-10", [("未来12个月", "2025-11-01", "2026-10-31", R)]),
    ("未来一年可能发生的关键变革", None, "2025-12-31", [("未来一年", "2026-01-01", "2026-12-31", Y)]),
    # year-month, quarters, parts of a year
    ("2024年8月法案生效", None, None, [("2024年8月", "2024-08-01", "2024-08-31", M)]),
    ("技术标准原定于2025年4月出台", None, None, [("2025年4月", "2025-04-01", "2025-04-30", M)]),
    ("2025年9月底", None, None, [("2025年9月底", "2025-09-01", "2025-09-30", M)]),
    ("2025年第一季度是爆发期", None, None, [("2025年第一季度", "2025-01-01", "2025-03-31", Q)]),
    ("2025年三季度", None, None, [("2025年三季度", "2025-07-01", "2025-09-30", Q)]),
    ("2025年Q4财报", None, None, [("2025年Q4", "2025-10-01", "2025-12-31", Q)]),
    ("Q2 2026 results", None, None, [("Q2 2026", "2026-04-01", "2026-06-30", Q)]),
    ("2026年上半年", None, None, [("2026年上半年", "2026-01-01", "2026-06-30", H)]),
    ("2025年下半年", None, None, [("2025年下半年", "2025-07-01", "2025-12-31", H)]),
    ("2024年底OpenAI发布的o1-preview模型", None, None, [("2024年底", "2024-10-01", "2024-12-31", Q)]),
    ("2025年末", None, None, [("2025年末", "2025-10-01", "2025-12-31", Q)]),
    ("2025年初", None, None, [("2025年初", "2025-01-01", "2025-03-31", Q)]),
    ("2025年中，", None, None, [("2025年中", "2025-05-01", "2025-08-31", R)]),
    ("到年底,\"DeepSeek时刻\"已成为短语", 2025, "2026-01", [("年底", "2025-10-01", "2025-12-31", Q)]),
    ("随后2024年圣诞节后的几天，他们发布了V3模型", None, None, [("2024年圣诞节后", "2024-12-26", "2024-12-31", R)]),
    # ranges
    ("3-4月商务部扩大了对中国的AI芯片限制", 2025, "2025-10", [("3-4月", "2025-03-01", "2025-04-30", R)]),
    ("报告团队在7月到9月的期间", 2025, "2025-10", [("7月到9月", "2025-07-01", "2025-09-30", R)]),
    ("2025年3月至5月", None, None, [("2025年3月至5月", "2025-03-01", "2025-05-31", R)]),
    ("2024-2026", None, None, [("2024-2026", "2024-01-01", "2026-12-31", R)]),
    ("2024年至2026年", None, None, [("2024年至2026年", "2024-01-01", "2026-12-31", R)]),
    ("围绕2025-2026年AI领域的技术突破", None, None, [("2025-2026年", "2025-01-01", "2026-12-31", R)]),
    ("2024年12月至2025年1月", None, None, [("2024年12月至2025年1月", "2024-12-01", "2025-01-31", R)]),
    ("2025年12月1日至5日", None, None, [("2025年12月1日至5日", "2025-12-01", "2025-12-05", R)]),
    # targets
    ("到2030年,智能体商务每年将产生3万亿至5万亿美元", None, "2026-01", [("2030年", "2030-01-01", "2030-12-31", Y)]),
    ("高风险AI系统的义务要到2027年才能够生效", None, None, [("2027年", "2027-01-01", "2027-12-31", Y)]),
    ("by 2030, half of all", None, None, [("by 2030", "2030-01-01", "2030-12-31", Y)]),
    ("到了2025年DeepSeek又推出了V3.1", None, None, [("2025年", "2025-01-01", "2025-12-31", Y)]),
    # year-only headings and plain years
    ("2024: 稀疏激活成为标准", None, None, [("2024:", "2024-01-01", "2024-12-31", Y)]),
    ("2026：超越Transformer架构", None, None, [("2026：", "2026-01-01", "2026-12-31", Y)]),
    ("2017年\"Attention Is All You Need\"论文提出的架构", None, None, [("2017年", "2017-01-01", "2017-12-31", Y)]),
    ("Elevenlabs在2025年9个月内年化营收翻了一倍", None, None, [("2025年", "2025-01-01", "2025-12-31", Y)]),
    ("2025年度报告", None, None, [("2025年度", "2025-01-01", "2025-12-31", Y)]),
    ("2025年中国的AI超级计算机", None, None, [("2025年", "2025-01-01", "2025-12-31", Y)]),
    ("2025年初创公司", None, None, [("2025年", "2025-01-01", "2025-12-31", Y)]),
    # English and ISO
    ("原文发表: Jan 31, 2026", None, None, [("Jan 31, 2026", "2026-01-31", "2026-01-31", D)]),
    ("December 11, 2025", None, None, [("December 11, 2025", "2025-12-11", "2025-12-11", D)]),
    ("published January 2026", None, None, [("January 2026", "2026-01-01", "2026-01-31", M)]),
    ("on 11 December 2025", None, None, [("11 December 2025", "2025-12-11", "2025-12-11", D)]),
    ("Sept. 30, 2025", None, None, [("Sept. 30, 2025", "2025-09-30", "2025-09-30", D)]),
    ("纪要生成:2026-02-25", None, None, [("2026-02-25", "2026-02-25", "2026-02-25", D)]),
    ("date: 2026-01", None, None, [("2026-01", "2026-01-01", "2026-01-31", M)]),
    ("the end of 2025", None, None, [("the end of 2025", "2025-10-01", "2025-12-31", Q)]),
    # English quarters, halves and yearless days and months (issue 16)
    ("Q1 of 2025", None, None, [("Q1 of 2025", "2025-01-01", "2025-03-31", Q)]),
    ("in the first quarter of 2025", None, None, [("the first quarter of 2025", "2025-01-01", "2025-03-31", Q)]),
    ("set to launch in H2 2025", None, None, [("H2 2025", "2025-07-01", "2025-12-31", H)]),
    ("planned for late 2024", None, None, [("late 2024", "2024-10-01", "2024-12-31", Q)]),
    ("by mid-2025", None, None, [("mid-2025", "2025-05-01", "2025-08-31", R)]),
    ("On November 20th, Larkspur Labs released Fern-70B", None, "2024-12-22",
     [("November 20th", "2024-11-20", "2024-11-20", D)]),
    ("On 20th December, Quill-Code topped the leaderboard", None, "2024-12-22",
     [("20th December", "2024-12-20", "2024-12-20", D)]),
    ("on the 5th of May", None, "2025-06-01", [("the 5th of May", "2025-05-05", "2025-05-05", D)]),
    ("That story starts on May 13th.", None, "2024-12-22", [("May 13th", "2024-05-13", "2024-05-13", D)]),
    ("The waitlist opened in February", None, "2024-12-22", [("in February", "2024-02-01", "2024-02-29", M)]),
    ("A smaller model is expected to ship in January.", None, "2024-12-22", [("in January", "2025-01-01", "2025-01-31", M)]),
    ("you may 13 times, in may", None, "2024-12-22", []),
    # event tables: `YYYY.MM`, `YYYY.Qn`, bold cells, a year cell and a list parent's year
    ("**2024.03** 发布了新模型", None, None, [("2024.03", "2024-03-01", "2024-03-31", M)]),
    ("2022.Q4 上线公测", None, None, [("2022.Q4", "2022-10-01", "2022-12-31", Q)]),
    ("2025-Q1 launch", None, None, [("2025-Q1", "2025-01-01", "2025-03-31", Q)]),
    ("Date：2024.Q3，Milestone：SOC 2 audit", None, "2025-01-14", [("2024.Q3", "2024-07-01", "2024-09-30", Q)]),
    ("年份：2024年，月份：3月，事件：发布插件市场", None, "2025-02-10",
     [("2024年", "2024-01-01", "2024-12-31", Y), ("3月", "2024-03-01", "2024-03-31", M)]),
    ("2025：1月20日：DeepSeek 发布 R1", None, None,
     [("2025：", "2025-01-01", "2025-12-31", Y), ("1月20日", "2025-01-20", "2025-01-20", D)]),
    ("3. 第一季度", 2025, None, [("第一季度", "2025-01-01", "2025-03-31", Q)]),
    # `未来10年` counts from the deal its sentence dates, not from the source
    ("2025年5月，双方达成协议，承诺未来10年投资1.4万亿美元", None, "2025-10",
     [("2025年5月", "2025-05-01", "2025-05-31", M), ("未来10年", "2025-06-01", "2035-05-31", R)]),
    # not dates
    ("缩放定律已经在13个数量级的算力提升下保持有效", None, "2026-01", []),
    ("仅Qwen2.5-1.5B-Instruct就有885万次下载", None, "2026-01", []),
    ("GPT-4采用的专家混合系统", None, None, []),
    ("V3.2 EXP则更进一步", None, None, []),
    ("4:00:10 NVIDIA、GPU与AI计算集群的未来", None, None, []),
    ("Claude 2支持100K token输入", None, None, []),
    ("15%要交给美国政府，3-5倍，17-19亿美元", None, "2025-10", []),
    ("甚至在AIME 2024的pass@1得分", None, None, []),
    ("2024年AI工具的12个月留存率", None, None, [("2024年", "2024-01-01", "2024-12-31", Y)]),
    ("能力每7个月翻倍，2-bit精度，7B参数", None, "2025-10", []),
    ("但是202年及以后成立的公司", None, None, []),
    ("增长速度是2020年前成立公司的4.5倍", None, None, []),
    ("Transformer:2019年以来大模型的演进", None, None, []),
    ("私人购物者24-7", None, "2026-01", []),
    # An English year after a preposition is a year (issue 16: `founded in 2019`); whether a
    # sentence is a timeline entry is the timeline's decision, not the parser's.
    ("You can do a web search for who won the World Cup in 1998", None, None, [("in 1998", "1998-01-01", "1998-12-31", Y)]),
    ("AIME 2024 and version 2019.1", None, None, []),
    ("统一月度报表", None, None, []),
    ("说明年度计划", None, "2026-01", []),
    ("过去年代", None, "2026-01", []),
    ("GPT-5到5.1再到5.2的版本迭代", None, None, []),
    ("3000年以后的事 1850年", None, None, []),
    # list labels that are only a month or a quarter; English relative years; `年内`
    ("Mar: the office opened", None, "2025-05-20", [("Mar", "2025-03-01", "2025-03-31", M)]),
    ("Q3: launch", 2026, None, [("Q3", "2026-07-01", "2026-09-30", "quarter")]),
    ("Last year the shop opened", None, "2025-05-20", [("Last year", "2024-01-01", "2024-12-31", Y)]),
    ("Marcus: hello. March on", None, "2025-05-20", []),
    ("有望在年内盈利", None, "2025-05-20", [("年内", "2025-01-01", "2025-12-31", Y)]),
    ("三年内完成", None, "2025-05-20", []),
]
# fmt: on


def _rows(text: str, anchor: int | None, source: str | None) -> list[tuple[str, str, str, str]]:
    made = parse_iso(source) if source else None
    return [
        (m.text, m.span.start.isoformat(), m.span.end.isoformat(), m.span.granularity)
        for m in find_dates(text, anchor_year=anchor, source_date=made)
        if m.span is not None
    ]


@pytest.mark.parametrize(("text", "anchor", "source", "expected"), CASES, ids=[c[0][:24] for c in CASES])
def test_expression_table(text: str, anchor: int | None, source: str | None, expected: list) -> None:
    assert _rows(text, anchor, source) == expected


def test_table_is_large_enough() -> None:
    assert len(CASES) >= 60


def test_match_offsets_point_at_the_expression() -> None:
    text = "据报道，2025年12月11日，总统签署命令；到2030年将完成。"
    for m in find_dates(text, anchor_year=None, source_date=None):
        assert text[m.start : m.end] == m.text


def test_flags_target_relative_and_context_year() -> None:
    made = parse_iso("2026-01")
    by, last_year, plain = (
        find_dates("到2030年", anchor_year=None, source_date=made)[0],
        find_dates("去年", anchor_year=None, source_date=made)[0],
        find_dates("2024年8月", anchor_year=None, source_date=made)[0],
    )
    assert by.target and not by.relative and by.sets_year == 0  # a deadline dates nothing after it
    assert last_year.relative and last_year.sets_year == 2025
    assert not plain.target and plain.sets_year == 2024


def test_year_stated_earlier_in_the_text_wins_over_anchor() -> None:
    (first, second) = find_dates("2024年的事。3月发布", anchor_year=2019, source_date=None)
    assert second.span == DateSpan(dt.date(2024, 3, 1), dt.date(2024, 3, 31), "month")
    assert first.sets_year == 2024


def test_year_resolution_order() -> None:
    """Stated earlier in the text, then the structure (anchor), then the
    source's date, then a year carried from earlier text only without one."""
    made = parse_iso("2024-12-22")

    def iso(text: str, **kw) -> str:
        return [m.span.iso for m in find_dates(text, **kw) if m.span][-1]

    assert iso("November 20th", anchor_year=None, source_date=made, carried_year=2022) == "2024-11-20"
    assert iso("November 20th", anchor_year=None, source_date=None, carried_year=2022) == "2022-11-20"
    assert iso("November 20th", anchor_year=2023, source_date=made, carried_year=2022) == "2023-11-20"
    assert iso("In 2023年 we met. November 20th", anchor_year=2021, source_date=made) == "2023-11-20"
    (unplaced,) = find_dates("November 20th", anchor_year=None, source_date=None)
    assert unplaced.span is None  # still ambiguous: flagged, never guessed


def test_a_year_that_dates_a_month_serves_its_own_sentence_only() -> None:
    """`去年12月，…。3月27日，…` written on 2025-04-08: the second date is placed by
    the source's date (2025), not by the month-year of the sentence before; a
    year standing alone (`去年…是重要的一年。1月，…`) frames the text after it."""
    made = parse_iso("2025-04-08")

    def isos(text: str) -> list[str]:
        return [m.span.iso for m in find_dates(text, anchor_year=None, source_date=made) if m.span]

    assert isos("去年12月，公司发布了模型。3月27日，公司完成融资。") == ["2024-12", "2025-03-27"]
    assert isos("2024年12月，公司发布了模型。3月27日，公司完成融资。") == ["2024-12", "2025-03-27"]
    assert isos("In December 2024 the lab shipped a model. On March 27 it raised money.") == ["2024-12", "2025-03-27"]
    assert isos("2024年12月发布模型，3月27日完成融资。") == ["2024-12", "2024-03-27"]  # same sentence
    assert isos("去年是重要的一年。1月，公司发布了模型。") == ["2024", "2024-01"]


def test_relative_dates_without_a_source_date_are_flagged_not_guessed() -> None:
    matches = find_dates("去年1月，12月11日，未来三年", anchor_year=None, source_date=None)
    assert [m.text for m in matches] == ["去年1月", "12月11日", "未来三年"]
    assert all(m.span is None for m in matches)


def test_curated_relative_years_override_the_source_date() -> None:
    made = parse_iso("2026-01")
    (match,) = find_dates("明年的中期选举", anchor_year=None, source_date=made, relative_years={"明年": 2026})
    assert match.span.iso == "2026"
    (ahead,) = find_dates("未来一年", anchor_year=None, source_date=made, relative_years={"明年": 2026})
    assert ahead.span.iso == "2026"


@pytest.mark.parametrize(
    ("text", "iso", "label"),
    [
        ("2025年12月11日", "2025-12-11", "2025年12月11日"),
        ("2025年12月", "2025-12", "2025年12月"),
        ("2025年第一季度", "2025-Q1", "2025年第一季度"),
        ("2026年上半年", "2026-H1", "2026年上半年"),
        ("2026年", "2026", "2026年"),
        ("2024-2026", "2024/2026", "2024-2026年"),
        ("2025年3-4月", "2025-03/2025-04", "2025年3-4月"),
        ("2024年底", "2024-Q4", "2024年底"),
        ("2024年圣诞节后", "2024-12-26/2024-12-31", "2024年圣诞节后"),
        ("2024年12月至2025年1月", "2024-12/2025-01", "2024年12月至2025年1月"),
    ],
)
def test_iso_and_label(text: str, iso: str, label: str) -> None:
    (match,) = find_dates(text, anchor_year=None, source_date=None)
    assert (match.span.iso, match.span.label) == (iso, label)


@pytest.mark.parametrize(
    ("value", "start", "end", "granularity"),
    [("2023-12-25", "2023-12-25", "2023-12-25", D), ("2026-01", "2026-01-01", "2026-01-31", M), ("2026", "2026-01-01", "2026-12-31", Y)],
)
def test_parse_iso(value: str, start: str, end: str, granularity: str) -> None:
    span = parse_iso(value)
    assert (span.start.isoformat(), span.end.isoformat(), span.granularity) == (start, end, granularity)


@pytest.mark.parametrize("junk", ["", "2026-13", "2025-02-30", "Jan 2026", "26-01-01", "2026/01/01", "二〇二六", "2026-1"])
def test_parse_iso_rejects_junk(junk: str) -> None:
    with pytest.raises(BriefingError) as err:
        parse_iso(junk)
    assert err.value.field == "date"


def test_spans_compare_by_period_not_by_label() -> None:
    (a,) = find_dates("2024年底", anchor_year=None, source_date=None)
    (b,) = find_dates("2024年第四季度", anchor_year=None, source_date=None)
    assert a.span == b.span and a.span.label != b.span.label


_ALPHABET = st.sampled_from(
    list("0123456789０１２年月日号季度上下半初底末中前后去今明未来个第一二三四五六七八九十〇零两至到-~:/ .，。JanDecQ圣诞节期间by ")
    + ["\n", "AIME", "GPT-4"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join), st.one_of(st.none(), st.integers(1900, 2099)), st.one_of(st.none(), st.dates()))
def test_random_text_gives_matches_or_a_briefing_error(text: str, anchor: int | None, made: dt.date | None) -> None:
    try:
        matches = find_dates(text, anchor_year=anchor, source_date=made)
    except BriefingError:
        return
    assert isinstance(matches, list)
    previous_end = 0
    for m in matches:
        assert isinstance(m, DateMatch)
        assert text[m.start : m.end] == m.text and m.start >= previous_end
        previous_end = m.end
        if m.span is not None:
            assert m.span.start <= m.span.end
