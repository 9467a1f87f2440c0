"""Event or prediction (issue 16, part 3): a table of dated sentences, zh and en.

Each row: the source's date, one sentence, and the entries it must give
as (ISO date, kind). The kind compares the date with the source's date
(a past statement is never a prediction, whatever its wording); for a
period around the source's date, the wording decides (预计, 将, 有望,
可能, 计划; expected to, will, plans to, is set to). A yearless date is
placed by the source's date: the latest such date not after it, or for a
statement about the future the next one.
"""

from __future__ import annotations

import pytest

from generator.analysis.passages import source_passages
from generator.core.model import PARAGRAPH, Block, Meta, Section, Source, Span
from generator.timeline.entries import EVENT, PREDICTION, PUBLICATION, extract_entries

E, P = EVENT, PREDICTION

# fmt: off
CASES = [
    # Chinese: stated dates against the source's date
    ("2025-10", "2024年8月欧盟AI法案生效。", [("2024-08", E)]),
    ("2025-10", "高风险AI系统的义务要到2027年才能够生效。", [("2027", P)]),
    ("2023-12-25", "2023年，谷歌发布了多模态模型Gemini。", [("2023", E)]),
    ("2023-12-25", "2022年，原本预计发布的模型被推迟了。", [("2022", E)]),  # past: never a prediction
    ("2026-01", "2026年1月，公司推出了新一代芯片。", [("2026-01", E)]),
    ("2026-01", "2026年，公司将推出新一代芯片。", [("2026", P)]),
    ("2025-03-02", "江州市计划在2026年建成两座智算中心。", [("2026", P)]),
    ("2025-03-02", "江州市有望于2025年第三季度开放公共数据沙箱。", [("2025-Q3", P)]),
    ("2025-03-02", "2025年，江州市可能出台新的算力补贴政策。", [("2025", P)]),
    ("2025-03-02", "2025年，江州市出台了新的算力补贴政策。", [("2025", E)]),
    ("2025-10", "智利团队计划2025年12月发布Latam GPT。", [("2025-12", P)]),
    ("2025-10", "OpenAI在2025年的资本支出，预计超过300亿美元。", [("2025", P)]),
    ("2025-11-20", "11月18日上午，主办方宣布大会永久落户杭州。", [("2025-11-18", E)]),
    ("2025-11-20", "下一届开发者大会将于2026年10月举行。", [("2026-10", P)]),
    ("2025-11-20", "Swift 推理引擎已于2025年8月在公司内部上线。", [("2025-08", E)]),
    ("2026-01", "国会在2025年未能通过州立法暂停令。", [("2025", E)]),
    # 将 before a number is 把: a yearless day before the source's date stays in its year, an event
    ("2025-01-16", "美国商务部1月15日发布新规，并将二十余家中国实体列入实体清单。", [("2025-01-15", E)]),
    ("2025-01-16", "公司1月20日将推出两款新模型。", [("2025-01-20", P)]),
    ("2025-06-30", "5月28日，数据保护局对聊天应用Chatterly处以200万欧元罚款。", [("2025-05-28", E)]),
    # Chinese: relative and yearless dates
    ("2026-01", "去年，DeepSeek发布了开源推理模型R1。", [("2025", E)]),
    ("2026-01", "明年，更多公司将发布开源模型。", [("2027", P)]),
    ("2024-06", "年底：OpenAI 经历董事会风波。", [("2023-Q4", E)]),  # 董事会 is no 会 of the future
    ("2024-06", "年底，公司预计发布新模型。", [("2024-Q4", P)]),
    ("2025-06", "7月，公司将召开产品发布会。", [("2025-07", P)]),
    ("2025-06", "3月，公司召开了产品发布会。", [("2025-03", E)]),
    ("2025-06", "12月，公司召开了产品发布会。", [("2024-12", E)]),
    ("2025-06", "公司即将于8月推出新版本的助手。", [("2025-08", P)]),
    ("2024-06", "董事会在3月批准了新的研发计划。", [("2024-03", E)]),
    ("2025-06-30", "Gale-2 的商用许可预计7月底公布。", [("2025-07", P)]),
    # English
    ("2024-12-22", "On November 20th, Larkspur Labs released Fern-70B under an open licence.", [("2024-11-20", E)]),
    ("2024-12-22", "On 20th December, Quill-Code topped the community coding leaderboard.", [("2024-12-20", E)]),
    ("2024-12-22", "December 19th brought the biggest surprise of the season.", [("2024-12-19", E)]),
    ("2024-12-22", "The Quill-Code waitlist opened in February and filled up within a week.", [("2024-02", E)]),
    ("2024-12-22", "A smaller Fern-8B model is expected to ship in January.", [("2025-01", P)]),
    ("2024-12-22", "Quillmate plans to publish the Quill-Code data mixture in Q1 of 2025.", [("2025-Q1", P)]),
    ("2024-12-22", "Larkspur Labs will open a paid hosting tier by March 2025.", [("2025-03", P)]),
    ("2025-01-14", "A self-hosted edition is set to launch in H2 2025.", [("2025-H2", P)]),
    ("2025-01-14", "Harbor AI raised a $40 million Series B in October 2024.", [("2024-10", E)]),
    ("2025-01-14", "New pricing will take effect in February.", [("2025-02", P)]),
    ("2025-01-14", "On December 20, the team shipped audit logs for every customer.", [("2024-12-20", E)]),
    ("2025-03-11", "Ledgerly entered private preview on September 9, 2024, with 40 accounting firms.", [("2024-09-09", E)]),
    ("2025-03-11", "A mobile app is planned for early 2026.", [("2026-Q1", P)]),
    ("2025-03-11", "The company expects to reach 1,000 paying customers by the end of 2025.", [("2025-Q4", P)]),
    ("2025-06-30", "The Open Model Alliance will publish a second audit in September.", [("2025-09", P)]),
    ("2025-06-30", "On June 5, the Open Model Alliance published its first licence audit.", [("2025-06-05", E)]),
    ("2025-06-30", "In June 2025, the startup released its second model.", [("2025-06", E)]),
    ("2025-06-30", "In June 2025, the startup will release its second model.", [("2025-06", P)]),
    ("2025-06-30", "Back in March 2025 the startup was expected to ship, and it did.", [("2025-03", E)]),  # past
    # forecast markers beyond will/expects: a yearless month in a forecast is the next such month
    ("2025-05-20", "Harbor AI is slated to open its Lisbon office in March.", [("2026-03", P)]),
    ("2025-05-20", "The audit is due to appear in July.", [("2025-07", P)]),
    ("2025-05-20", "Harbor AI is on track to ship the desktop client in August.", [("2025-08", P)]),
    ("2025-05-20", "Harbor AI opened its Lisbon office in March.", [("2025-03", E)]),
    ("2025-05-20", "江州数据交易所定于8月挂牌。", [("2025-08", P)]),
    ("2025-05-20", "江州市拟于2月出台新的算力补贴政策。", [("2026-02", P)]),
    ("2025-05-20", "江州市2月出台了新的算力补贴政策。", [("2025-02", E)]),
]
# fmt: on


def entries_of(text: str, made: str) -> list[tuple[str, str]]:
    block = Block(kind=PARAGRAPH, id="p-1", spans=(Span(text),), line=1)
    source = Source(path="x.md", slug="x", meta=Meta(title="x", date=made), sections=(Section(id="s", title="", blocks=(block,)),))
    entries, problems = extract_entries(source, source_passages(source), lambda _: ())
    assert problems == []
    return [(e.date.iso, e.kind) for e in entries if e.kind != PUBLICATION]


@pytest.mark.parametrize(("made", "text", "expected"), CASES, ids=[c[1][:28] for c in CASES])
def test_event_or_prediction(made: str, text: str, expected: list[tuple[str, str]]) -> None:
    assert entries_of(text, made) == expected


def test_table_is_large_enough() -> None:
    assert len(CASES) >= 40
    assert sum(any("\u4e00" <= ch <= "\u9fff" for ch in c[1]) for c in CASES) >= 20
    assert sum(c[1].isascii() for c in CASES) >= 15
