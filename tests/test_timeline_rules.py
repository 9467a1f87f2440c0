"""What counts as a timeline entry, and its headline (issue 16, part 2).

Each test builds a small source the way a reader would (paragraphs, nested
lists, a table) and checks the entries `extract_entries` gives, or the
notices it reports instead.
"""

from __future__ import annotations

from generator.analysis.passages import source_passages
from generator.core.model import LIST, PARAGRAPH, TABLE, Block, Item, Meta, Section, Source, Span
from generator.timeline.entries import EVENT, PREDICTION, PUBLICATION, extract_entries, merge_entries
from generator.timeline.headlines import MAX_SUMMARY, summary_of, width


def _source(*blocks: Block, made: str = "2025-10", title: str = "", level: int = 2) -> Source:
    section = Section(id="s", title=title, level=level, blocks=blocks)
    return Source(path="x.md", slug="x", meta=Meta(title="x", date=made), sections=(section,))


def _para(text: str, n: int = 1) -> Block:
    return Block(kind=PARAGRAPH, id=f"p-{n}", spans=(Span(text),), line=n)


def _list(*items: tuple[int, str]) -> Block:
    return Block(
        kind=LIST, id="l-1", items=tuple(Item(id=f"i-{k}", spans=(Span(t),), depth=d, line=k + 1) for k, (d, t) in enumerate(items))
    )


def _entries(source: Source) -> list[tuple[str, str, str]]:
    entries, _ = extract_entries(source, source_passages(source), lambda _: ())
    return [(e.date.iso, e.kind, e.summary) for e in entries if e.kind != PUBLICATION]


def _problems(source: Source) -> list[str]:
    return [p.message for p in extract_entries(source, source_passages(source), lambda _: ())[1]]


# --- several dates in a sentence ----------------------------------------------------------


def test_a_multi_year_statistic_gives_no_entry() -> None:
    text = (
        "2024年AI工具的12个月留存率达到80%，而2022年只有50%，更重要的是企业愿意为AI花更多的钱，"
        "AI软件产品的平均合同金额ACV，从2023年的3.9万美元，飙升到了2025年的53万美元。"
    )
    assert _entries(_source(_para(text))) == []
    assert _entries(_source(_para("Monthly active users grew from 2,000 in 2023 to 45,000 in 2024.", 2), made="2025-01")) == []


def test_a_baseline_year_is_no_date_of_the_statement() -> None:
    # `是2018年顶级SAAS公司的1.5倍`: 2018 is what the figure is compared with.
    assert _entries(_source(_para("这些公司实现500万美元ARR的速度，是2018年顶级SAAS公司的1.5倍。"))) == []
    assert _entries(_source(_para("比2020年的GPT-3相比，如今同等性能的模型参数量可减少约75%。"), made="2023-12-25")) == []
    # `与去年相比`: the year is the comparison's other side, in either order of the words.
    assert _entries(_source(_para("与去年相比，讨论智能体的企业明显增多，但落地案例仍然有限。"), made="2025-06")) == []
    assert _entries(_source(_para("和2023年同期相比，数据中心的用电量翻了一番。"), made="2025-06")) == []


def test_several_events_in_one_sentence_are_split_into_clauses() -> None:
    text = "2025年的政策反复不定，1月 美国商务部部长候选人公开支持更严格的管控，3-4月商务部扩大了对中国的AI芯片限制，7月又批准H20降级版对中国出口。"
    got = [(d, k, s) for d, k, s in _entries(_source(_para(text)))]
    assert [(d, k) for d, k, _ in got] == [("2025", EVENT), ("2025-01", EVENT), ("2025-03/2025-04", EVENT), ("2025-07", EVENT)]
    assert got[2][2] == "3-4月商务部扩大了对中国的AI芯片限制。"
    assert got[3][2] == "7月又批准H20降级版对中国出口。"


def test_a_clause_leaning_on_the_one_before_keeps_its_subject() -> None:
    text = "2025年AI研究领域的热点很多，而它的起点，正是2024年底OpenAI发布的o1-preview模型，这个模型让推理成为了各家实验室的共同方向。"
    ((_, _, _), (date, kind, second)) = _entries(_source(_para(text)))
    assert (date, kind) == ("2024-Q4", EVENT) and second.startswith("它的起点，正是2024年底OpenAI")


def test_an_event_and_the_forecast_in_it_are_two_entries() -> None:
    text = "2025年推出AI机遇行动计划，核心是轻监管加算力建设，希望通过增长区简化数据中心的审批，目标是到2030年把AI算力提升20倍。"
    got = _entries(_source(_para(text)))
    assert [(d, k) for d, k, _ in got] == [("2025", EVENT), ("2030", PREDICTION)]
    assert got[1][2] == "目标是到2030年把AI算力提升20倍。"


def test_an_expectation_in_the_past_does_not_date_the_event() -> None:
    text = "Hollowbrook's Atlas model, which was expected to ship in 2023, finally launched in October 2024."
    assert _entries(_source(_para(text), made="2024-12-22")) == [("2024-10", EVENT, text)]


def test_years_ahead_count_from_the_deal_the_sentence_dates() -> None:
    text = "2025年5月，特朗普和阿联酋达成了美阿AI加速伙伴关系，阿联酋承诺未来10年，向美国AI芯片能源基础设施领域投资1.4万亿美元。"
    got = _entries(_source(_para(text)))
    assert [(d, k) for d, k, _ in got] == [("2025-05", EVENT), ("2025-06/2035-05", PREDICTION)]


# --- not entries --------------------------------------------------------------------------


def test_lead_ins_descriptions_and_characterisations_are_not_entries() -> None:
    for text in (
        "2026年，以下几个方面的问题受到广泛关注：",
        "2026年，视频生成技术的发展主要体现在以下几个方面。",
        "探讨2026年人工智能领域的最新发展趋势和技术突破。",
        "本次对话围绕2025-2026年AI领域的技术突破展开。",
        "In this post we look back at what shipped in 2024.",
        "2025年AI研究领域最核心的关键词，毫无疑问是推理。",
        "去年对中国开源模型来说是重要的一年。",
        "2025年，研究人员还发现了几个关键的问题。",
        "2026年，开源大模型继续崛起，与闭源模型的差距逐渐缩小。",
        "2025年 中国的AI超级计算机算力，大约是美国的1/9。",
        "2026年会不会有新的突破？",
    ):
        assert _entries(_source(_para(text), made="2026-01")) == [], text


def test_a_passage_that_is_only_a_date_is_a_notice() -> None:
    source = _source(_list((0, "2月15日。"), (0, "年初。"), (0, "2024年。")), made="2025-03")
    assert _entries(source) == []
    assert len(_problems(source)) == 3 and all("only a date" in m for m in _problems(source))


def test_a_list_parent_that_is_only_a_date_dates_its_items_and_is_no_notice() -> None:
    source = _source(
        _list(
            (0, "2月15日："),
            (1, "谷歌发布 Gemini 1.5 Pro"),
            (1, "OpenAI 展示了视频生成模型"),
            (0, "4月："),
            (1, "开源社区发布新一代 8B 和 70B 模型"),
            (2, "8B 版本可以在笔记本电脑上运行"),
            (0, "12月：国产开源模型发布技术报告"),
        ),
        made="",
        title="2024",
    )
    assert _entries(source) == [
        ("2024-02-15", EVENT, "谷歌发布 Gemini 1.5 Pro"),
        ("2024-02-15", EVENT, "OpenAI 展示了视频生成模型"),
        ("2024-04", EVENT, "开源社区发布新一代 8B 和 70B 模型"),  # its own item is a detail, not an entry
        ("2024-12", EVENT, "12月：国产开源模型发布技术报告"),
    ]
    assert _problems(source) == []


def test_a_parent_bullet_year_dates_the_items_under_it() -> None:
    source = _source(_list((0, "2025"), (1, "1月20日：DeepSeek 发布 R1"), (1, "预计更多厂商将在年内开放推理模型的权重")), made="")
    assert _entries(source) == [
        ("2025-01-20", EVENT, "1月20日：DeepSeek 发布 R1"),
        ("2025", PREDICTION, "预计更多厂商将在年内开放推理模型的权重"),
    ]


def test_bullets_under_a_dated_heading_are_entries_when_they_name_something() -> None:
    source = _source(
        _list((0, "GPT-4V实现了复杂图像理解"), (0, "多模态基础模型正在挑战单模态专用模型的性能上限")),
        made="2023-12-25",
        title="2023年关键突破",
        level=3,
    )
    assert _entries(source) == [("2023", EVENT, "GPT-4V实现了复杂图像理解")]


def test_a_table_row_headline_is_its_cells_without_the_date_and_headers() -> None:
    rows = (
        ("2023.07", "开源社区放出可商用的 70B 模型", "许可证允许商用"),
        ("**2024.03**", "青雀完成 B 轮融资", ""),
        ("2025.Q2", "青雀计划发布第三代模型", ""),
    )
    items = tuple(Item(id=f"r-{k}", spans=(Span(r[0]),), cells=tuple((Span(c),) for c in r), line=k + 3) for k, r in enumerate(rows))
    table = Block(kind=TABLE, id="t-1", header=("时间", "事件", "备注"), items=items, line=2)
    assert _entries(_source(table, made="2025-02-10")) == [
        ("2023-07", EVENT, "开源社区放出可商用的 70B 模型，许可证允许商用"),
        ("2024-03", EVENT, "青雀完成 B 轮融资"),
        ("2025-Q2", PREDICTION, "青雀计划发布第三代模型"),
    ]


# --- headlines ------------------------------------------------------------------------------


def test_the_list_number_stripper_keeps_decimals() -> None:
    text = "45.9%的受访者表示，计划在2026年增加微调的工作量。"
    assert summary_of(text, text.index("2026"), text.index("2026") + 5).startswith("45.9%")
    assert summary_of("3. 2026年将是关键一年。", 3, 8) == "2026年将是关键一年。"


def test_english_headlines_keep_english_punctuation() -> None:
    text = "OSLO, Norway, March 3, 2026. Northwind Robotics today opened a public beta of Wayfarer, a planning assistant."
    # The dateline dates the sentence after it.
    assert _entries(_source(_para(text), made="2026-03-03")) == [
        ("2026-03-03", EVENT, "Northwind Robotics today opened a public beta of Wayfarer, a planning assistant.")
    ]
    long = "On June 5, the Open Model Alliance published its first licence audit, which covered " + "forty models, " * 30 + "and more."
    (headline,) = [s for _, _, s in _entries(_source(_para(long), made="2025-06-30"))]
    assert headline.endswith((".", "…")) and "。" not in headline and "，" not in headline


def test_a_long_unpunctuated_sentence_gives_whole_clauses_never_an_ellipsis() -> None:
    clause = "研究人员开始尝试多推理路径分支加上结果聚合的方式"
    text = f"黑市加价大约50%，面对美国的政策压力，中国2025年推出了新的芯片计划，{clause}，{clause}，{clause}，{clause}。"
    start = text.index("2025")
    headline = summary_of(text, start, start + 5)
    assert headline.startswith("中国2025年推出了新的芯片计划") and headline.endswith("。") and "…" not in headline
    assert width(headline) <= MAX_SUMMARY and headline[:-1] in text


def test_relative_years_are_written_out_in_the_headline_not_in_the_citation() -> None:
    source = _source(_para("支持AI监管的超级政治行动委员会将建立自己的战争基金，在明年的中期选举中一决高下。"), made="2025-12")
    entries, _ = extract_entries(source, source_passages(source), lambda _: ())
    (entry,) = [e for e in entries if e.kind != PUBLICATION]
    assert "2026年的中期选举" in entry.summary and "明年" in entry.sources[0].text


def test_a_prediction_merged_with_its_event_stays_a_prediction() -> None:
    order = _source(_para("12月11日,特朗普总统签署了一项旨在削弱州AI法律的行政命令。"), made="2026-01")
    forecast = Source(
        path="y.md",
        slug="y",
        meta=Meta(title="y", date="2025-10"),
        sections=order.sections[:0]
        + (Section(id="s", title="", blocks=(_para("2026年，特朗普将发布禁止州AI法律的行政命令，但是会被最高法院裁定违宪。"),)),),
    )
    entries = [e for s in (order, forecast) for e in extract_entries(s, source_passages(s), lambda _: ())[0]]
    kinds = {(e.kind, e.sources[0].source) for e in merge_entries(entries) if e.kind != PUBLICATION}
    assert kinds == {(EVENT, "x"), (PREDICTION, "y")}


def test_a_year_from_earlier_text_places_yearless_dates_only_without_a_source_date() -> None:
    first = Section(id="a", title="About", blocks=(_para("Published June 4, 2025 by the maintainers."),))
    second = Section(id="b", title="Timeline", blocks=(_para("May 12: the flaw was reported privately by a researcher.", 2),))
    undated = Source(path="x.md", slug="x", meta=Meta(title="x"), sections=(first, second))
    assert [d for d, _, _ in _entries(undated)] == ["2025-06-04", "2025-05-12"]
    dated = Source(path="x.md", slug="x", meta=Meta(title="x", date="2023-12-01"), sections=(first, second))
    assert [d for d, _, _ in _entries(dated)] == ["2025-06-04", "2023-05-12"]  # the source's date wins over earlier text


def test_english_rows_join_their_cells_with_english_punctuation_and_date_fields_are_metadata() -> None:
    items = (
        Item(
            id="r-1",
            spans=(Span("2024.11"),),
            cells=((Span("2024.11"),), (Span("MCP published"),), (Span("One standard for tools"),)),
            line=3,
        ),
    )
    table = Block(kind=TABLE, id="t-1", header=("Date", "Event", "Why"), items=items, line=2)
    assert _entries(_source(table, made="2025-01-20")) == [("2024-11", EVENT, "MCP published; One standard for tools")]
    assert _entries(_source(_para("日期：2025-06-12 参会：产品、算法、平台三组"), made="")) == []


def test_an_english_sentence_opening_on_a_pronoun_takes_the_sentence_before() -> None:
    text = "Colorado passed a narrower law on algorithmic discrimination. It takes effect in 2026."
    assert _entries(_source(_para(text), made="2024-12-18")) == [("2026", PREDICTION, text)]


# --- a headline's subject named earlier in its section ----------------------------------------


def test_a_headline_without_an_actor_takes_the_subject_of_an_earlier_clause() -> None:
    # The transcript names its actor once, a passage earlier, then goes on without it
    # (a short sentence takes the one before it: `headlines`).
    source = _source(
        _para("再来看英国和日本，英国则走了发展优先的路线，核心是轻监管。", 1),
        _para("2025年推出AI机遇行动计划。目标是到2030年把AI算力提升20倍。", 2),
        made="2025-10",
    )
    assert _entries(source) == [
        ("2025", EVENT, "英国：2025年推出AI机遇行动计划。"),
        ("2030", PREDICTION, "英国：2025年推出AI机遇行动计划。目标是到2030年把AI算力提升20倍。"),
    ]


def test_a_pronoun_subject_is_replaced_by_the_actor_it_stands_for() -> None:
    text = "DeepSeek就发布了他们第一个推理模型，基于之前的V2.5模型构建，还超过了o1-preview。随后2024年12月，他们发布了V3模型。"
    assert _entries(_source(_para(text), made="2025-10")) == [("2024-12", EVENT, "还超过了o1-preview。2024年12月，DeepSeek发布了V3模型。")]
    english = "Larkspur Labs trains small models. In March 2024, they released Fern-2 under an open licence."
    assert _entries(_source(_para(english), made="2024-12")) == [
        ("2024-03", EVENT, "In March 2024, Larkspur Labs released Fern-2 under an open licence.")
    ]


def test_a_versioned_product_or_a_generic_noun_is_no_actor() -> None:
    # `GPT-5` is a product (its maker is the actor); `保险公司`, `该公司` are no one in particular.
    text = "OpenAI的情况呢稍好一点，GPT-5的智能价格比很高，API的营收增长也很快。但是2025年的资本支出，预计超过300亿美元。"
    assert _entries(_source(_para(text), made="2025-10")) == [
        ("2025", PREDICTION, "OpenAI：API的营收增长也很快。2025年的资本支出，预计超过300亿美元。")
    ]
    generic = "保险公司开始为AI风险定价，该公司称需求很大。2026年,我们将开始看到这些问题的答案。"
    assert [s for _, _, s in _entries(_source(_para(generic), made="2025-10"))] == ["2026年,我们将开始看到这些问题的答案。"]


def test_a_government_body_or_a_company_named_after_its_trade_is_a_subject_of_its_own() -> None:
    # Neither takes the actor of the paragraph before (`OpenAI：4月25日，国家网信办…` was wrong).
    source = _source(
        _para("OpenAI本周发布了新的推理模型，Meta也推出了开源模型。", 1),
        _para("4月25日，国家网信办等四部门发布《人工智能生成合成内容标识办法》。", 2),
        _para("4月22日，芯片初创公司深度原力宣布完成5亿元人民币B轮融资。", 3),
        _para("1月15日，美国商务部工业与安全局发布出口管制新规。", 4),
        made="2025-04-28",
    )
    assert [s for _, _, s in _entries(source)] == [
        "4月25日，国家网信办等四部门发布《人工智能生成合成内容标识办法》。",
        "4月22日，芯片初创公司深度原力宣布完成5亿元人民币B轮融资。",
        "1月15日，美国商务部工业与安全局发布出口管制新规。",
    ]


def test_a_headline_with_a_subject_of_its_own_is_left_alone() -> None:
    text = (
        "欧盟的AI法案是全球最严格的监管框架。12月11日，唐纳德·特朗普总统签署了一项行政命令。"
        "根据麦肯锡的研究，到2030年智能体商务每年将产生3万亿美元。2025年以AI为核心业务的公司实现了规模化的营收。"
    )
    summaries = [s for _, _, s in _entries(_source(_para(text), made="2025-12-20"))]
    assert summaries and not any(s.startswith("欧盟") for s in summaries)
    # A product or an acronym named in the headline is a subject of its own; an English
    # sentence's first word is no actor (`Eight days later…`).
    english = "Larkspur Labs trains small models. A smaller Fern-8B model is expected to ship in January 2026. The EU code applies from August 2026."
    assert [s for _, _, s in _entries(_source(_para(english), made="2025-10"))] == [
        "A smaller Fern-8B model is expected to ship in January 2026.",
        "The EU code applies from August 2026.",
    ]
    assert _entries(_source(_para("Eight teams entered. In March 2025, they shipped the first release."), made="2025-10")) == [
        ("2025-03", EVENT, "In March 2025, they shipped the first release.")
    ]
    # An actor named too far back (more than `REACH` clauses) is no antecedent.
    far = "欧盟通过了法案，" + "，".join(["企业合规缺乏依据"] * 14) + "。2024年8月法案生效。"
    assert _entries(_source(_para(far), made="2025-10")) == [("2024-08", EVENT, "企业合规缺乏依据。2024年8月法案生效。")]


# --- vague forecasts: on the ledger, off the timeline -------------------------------------------


def test_a_vague_forecast_under_a_year_heading_stays_on_the_ledger_only() -> None:
    from generator.timeline.entries import predictions_from, timeline_entries

    source = _source(
        _para("2025: 边缘计算与AI融合", 1),
        _list(
            (0, "物联网设备将具备复杂上下文理解能力"),
            (0, "智能手机将标配能运行10B级参数模型的AI处理单元"),
            (0, "XR（扩展现实）与多模态AI深度结合"),
        ),
        made="2023-12-25",
    )
    entries, _ = extract_entries(source, source_passages(source), lambda _: ())
    merged = merge_entries(entries)
    shown = [e.summary for e in timeline_entries(merged) if e.kind == PREDICTION]
    assert shown == [
        "边缘计算与AI融合：智能手机将标配能运行10B级参数模型的AI处理单元",
        "边缘计算与AI融合：XR（扩展现实）与多模态AI深度结合",
    ]
    ledger = predictions_from(merged, {"x": source})
    assert len(ledger) == 3  # every forecast is scored, the vague one too
    vague = next(p for p in ledger if "物联网" in p.statement)
    assert vague.entry == ""  # no timeline entry to link to
    assert all(p.entry for p in ledger if p is not vague)


def test_a_list_announced_as_predictions_keeps_every_point_on_the_timeline() -> None:
    from generator.timeline.entries import timeline_entries

    source = _source(
        _para("团队给出了10个2026年的AI预测。", 1),
        _list((0, "1. AI中立将成为部分国家的外交方针"), (0, "2. AI参与制作的电影将获得高口碑")),
        made="2025-10",
    )
    entries, _ = extract_entries(source, source_passages(source), lambda _: ())
    assert len([e for e in timeline_entries(merge_entries(entries)) if e.kind == PREDICTION]) == 2


def test_a_techniques_capability_under_a_dated_heading_is_no_event() -> None:
    source = _source(
        _list(
            (0, "量化技术使模型尺寸减少75%以上，同时保持性能"),
            (0, "TinyML技术使IoT设备能运行专用AI模型"),
            (0, "Apple的私人云计算使复杂AI任务在设备和云端之间高效分配"),
        ),
        made="2023-12-25",
        title="2023年关键突破",
        level=3,
    )
    assert _entries(source) == [("2023", EVENT, "Apple的私人云计算使复杂AI任务在设备和云端之间高效分配")]


def test_one_actor_reaching_a_figure_is_an_event_a_comparison_of_actors_is_not() -> None:
    reached = "2025年英伟达的市值突破4万亿美元，在AI研究论文中的引用率依然高达90%。"
    assert [(d, k) for d, k, _ in _entries(_source(_para(reached), made="2025-10"))] == [("2025", EVENT)]
    compared = "2025年英国AI人才的净流出率达到1.2%，而美国是净流入1.07%。"
    assert _entries(_source(_para(compared), made="2025-10")) == []
    unnamed = "2025年全球AI企业的平均毛利率达到45%。"
    assert _entries(_source(_para(unnamed), made="2025-10")) == []


def test_a_surveys_fieldwork_is_the_reports_method_an_investigation_is_an_event() -> None:
    assert _entries(_source(_para("报告团队在7月到9月的期间，对1,183名AI从业者进行了调查。"), made="2025-10")) == []
    assert _entries(_source(_para("In May 2025 we surveyed 1,200 engineers about their tools."), made="2025-10")) == []
    got = _entries(_source(_para("2025年7月，美国联邦贸易委员会对OpenAI展开调查。"), made="2025-10"))
    assert [(d, k) for d, k, _ in got] == [("2025-07", EVENT)]


# --- held-out gaps (issue 16): month labels, forecasts, dates as figures -------------------------


def test_a_bare_month_or_quarter_label_dates_its_items_and_is_no_entry() -> None:
    source = _source(
        _list(
            (0, "Mar:"),
            (1, "the data team rebuilt the ingestion pipeline"),
            (1, "存储组完成了备份系统的升级"),
            (0, "5月："),
            (1, "运维组上线了新的告警平台"),
            (0, "Q3:"),
            (1, "the data team will publish its first quality report"),
        ),
        made="2025-06-02",
    )
    assert _entries(source) == [
        ("2025-03", EVENT, "the data team rebuilt the ingestion pipeline"),
        ("2025-03", EVENT, "存储组完成了备份系统的升级"),
        ("2025-05", EVENT, "运维组上线了新的告警平台"),
        ("2025-Q3", PREDICTION, "the data team will publish its first quality report"),
    ]
    assert _problems(source) == []


def test_a_month_label_is_no_actor_of_later_headlines() -> None:
    source = _source(
        _list((0, "Apr: the lab moved to Rust")), _para("Last week the board met; on May 3 it approved the budget.", 2), made="2025-06"
    )
    assert all(not s.startswith("Apr") for _, _, s in _entries(source)[1:])


def test_an_item_under_a_period_still_ahead_is_a_plan_unless_it_speaks_of_the_past() -> None:
    # Written on July 5: most of the third quarter is still ahead, most of the second is past.
    items = ((0, "第三季度："), (1, "开放多语种接口"), (0, "第三季度："), (1, "开放了多语种接口"), (0, "第二季度："), (1, "开放多语种接口"))
    source = _source(_list(*items), made="2025-07-05")
    assert [(d, k) for d, k, _ in _entries(source)] == [("2025-Q3", PREDICTION), ("2025-Q3", EVENT), ("2025-Q2", EVENT)]
    whole_year = _source(_para("2025年，江州市出台新的算力补贴政策。"), made="2025-01-10")
    assert [(d, k) for d, k, _ in _entries(whole_year)] == [("2025", EVENT)]  # a whole year: no guess from the calendar


def test_a_date_is_no_figure_of_its_row() -> None:
    row = ("2024/10", "江州数据公司推出实时翻译方案")
    item = Item(id="r-1", spans=(Span(row[0]),), cells=tuple((Span(c),) for c in row), line=3)
    table = Block(kind=TABLE, id="t-1", header=("日期", "事项"), items=(item,), line=2)
    assert _entries(_source(table, made="2025-04")) == [("2024-10", EVENT, "江州数据公司推出实时翻译方案")]


def test_a_statistic_across_a_semicolon_is_no_event() -> None:
    source = _source(
        _para("Last year the test suite took 12 minutes; in 2022 it took 30.", 1),
        _para("去年营收为3亿元；2022年为1亿元。", 2),
        made="2025-03",
    )
    assert _entries(source) == []
    two_events = _source(_para("2024年3月江州数据发布了第一版；2025年1月江州数据完成了融资。"), made="2025-03")
    assert [d for d, _, _ in _entries(two_events)] == ["2024-03", "2025-01"]  # no number beside the dates


def test_a_short_sentence_with_its_own_subject_does_not_take_the_dated_one_before() -> None:
    text = "创始人表示，年内有望实现盈利。江州数据还将于2026年初进入东南亚市场。"
    assert _entries(_source(_para(text), made="2025-04-08")) == [
        ("2025", PREDICTION, "创始人表示，年内有望实现盈利。"),
        ("2026-Q1", PREDICTION, "江州数据还将于2026年初进入东南亚市场。"),
    ]
