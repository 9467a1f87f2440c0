"""News-like Chinese text for the benchmark corpus: events and commentary over a Zipf vocabulary.

Real news repeats a few names often and many names rarely. The vocabulary
here is ranked (organisations, people, products, places, sector words,
glossary names) and every pick follows Zipf's law over its ranks, so a
common word is common, but no word is in every source, and most words
are rare: as in a real corpus, the search index's chunk for a common word
stays a fraction of the corpus. Curated topic keywords and glossary names
(from the project's `curation/`) are part of the vocabulary, so topics,
the glossary and the timeline get realistic work.

An `Event` is what a source reports (who did what, when, how much); a
source renders it with one of several phrasings per kind. A syndicated
source renders another source's events again, in a different phrasing and
date format: the timeline must merge them.

Everything is drawn from one `random.Random`: same seed, same text.
"""

from __future__ import annotations

import bisect
import itertools
import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import yaml

ZIPF_S = 1.05
MAIN_TOPIC_SHARE = 0.7  # of a source's commentary; the rest is on other sectors
_HAN = "星云天启明海智源深度灵犀鲲鹏青禾墨子昆仑赤兔玄武朱雀麒麟长风远帆磐石曜光清越博雅若水知行弘毅锦程澜图"
_SUFFIXES = ("科技", "智能", "实验室", "研究院", "半导体", "数据", "机器人", "云", "计算", "网络")
_LATIN_HEADS = ("Ve", "Lo", "Ka", "Ze", "Mi", "No", "Ar", "Qu", "Sy", "Ty", "Or", "Eli", "Pra", "Fen", "Dra")
_LATIN_TAILS = ("xa", "ram", "tis", "vion", "nix", "lora", "thos", "quel", "dyn", "mira", "sora", "tek")
_LATIN_KINDS = (" AI", " Labs", " Systems", " Robotics", "")
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲兰凤梅琳晨欣睿思远航宇浩然嘉怡子涵梓轩一诺雨彤俊杰"
_PLACES = (
    "北京",
    "上海",
    "深圳",
    "杭州",
    "广州",
    "成都",
    "合肥",
    "苏州",
    "武汉",
    "西安",
    "南京",
    "香港",
    "新加坡",
    "东京",
    "首尔",
    "旧金山",
    "西雅图",
    "纽约",
    "奥斯汀",
    "伦敦",
    "巴黎",
    "柏林",
    "布鲁塞尔",
    "阿姆斯特丹",
    "特拉维夫",
    "迪拜",
    "班加罗尔",
    "多伦多",
    "悉尼",
    "台北",
    "贵阳",
    "乌兰察布",
    "内蒙古",
    "得克萨斯州",
    "加利福尼亚州",
    "弗吉尼亚州",
    "爱尔兰",
    "芬兰",
)
_OUTLETS = (
    "科技日报",
    "财新",
    "36氪",
    "晚点",
    "极客公园",
    "界面新闻",
    "路透社",
    "彭博社",
    "The Information",
    "The Verge",
    "机器之心",
    "量子位",
)
# Sectors no curated topic covers: most real news about AI belongs to none of five topics.
_SECTORS = {
    "医疗": ("医学影像", "辅助诊断", "药物研发", "临床试验", "病理切片", "电子病历", "医保"),
    "交通": ("自动驾驶", "无人配送", "车路协同", "激光雷达", "智能座舱", "高精地图", "Robotaxi"),
    "教育": ("个性化学习", "作业批改", "教师培训", "在线课堂", "题库", "教育公平"),
    "金融": ("风控", "反欺诈", "量化交易", "智能投顾", "信贷审批", "保险理赔"),
    "制造": ("工业质检", "数字孪生", "预测性维护", "柔性产线", "供应链", "良品率"),
    "消费": ("电商搜索", "虚拟试衣", "直播带货", "推荐系统", "客服机器人", "会员运营"),
    "科研": ("蛋白质结构", "材料发现", "气象预报", "天文观测", "数学证明", "实验自动化"),
    "内容": ("视频生成", "配音", "版权", "游戏美术", "短剧", "音乐生成", "数字人"),
    "农业": ("智慧农业", "病虫害识别", "灌溉调度", "无人机植保", "产量预测"),
    "机器人": ("人形机器人", "灵巧手", "具身智能", "仓储机器人", "扫地机器人", "遥操作"),
}
_MONEY = ("亿美元", "亿元", "万美元", "亿欧元")

# Phrasings per event kind: a syndicated source picks another one than the original.
TEMPLATES: dict[str, tuple[str, ...]] = {
    "launch": (
        "{when}，{actor}发布了{product}，{w0}能力提升{pct}。",
        "{actor}于{when}正式推出{product}，主打{w0}与{w1}。",
        "{when}，{actor}在{place}的发布会上亮相{product}，号称在{w0}上领先同类产品。",
        "据{outlet}报道，{actor}已在{when}上线{product}，首批面向{w1}场景开放。",
        "{product}由{actor}在{when}发布，{person}称其为公司在{w0}方向的关键一步。",
    ),
    "funding": (
        "{when}，{actor}宣布完成{money}融资，由{other}领投。",
        "{actor}在{when}拿到{money}新一轮投资，资金将用于{w0}。",
        "据{outlet}消息，{other}于{when}向{actor}注资{money}，押注{w1}。",
        "{when}，{actor}获得{money}融资，估值较上一轮上涨{pct}。",
    ),
    "policy": (
        "{when}，{place}监管部门发布关于{w0}的新规，要求企业在{w1}方面接受评估。",
        "{place}在{when}出台{w0}管理办法，{actor}等企业需在半年内完成整改。",
        "据{outlet}报道，{place}于{when}就{w0}征求意见，拟对{w1}设定上限。",
        "{when}，{place}通过了针对{w0}的法案，{person}认为这将影响{actor}的业务。",
    ),
    "deal": (
        "{when}，{actor}与{other}签署合作协议，共同建设{place}的{w0}项目。",
        "{actor}和{other}在{when}达成合作，金额约{money}，聚焦{w1}。",
        "据{outlet}报道，{other}已于{when}收购{actor}在{w0}方面的团队。",
        "{when}，{other}宣布与{actor}联手，在{place}部署{count}台{w0}设备。",
    ),
    "result": (
        "{when}，{actor}公布的测试显示，{product}在{w0}基准上的得分提高了{pct}。",
        "{actor}在{when}披露，{product}把{w1}的成本降低了{pct}。",
        "{when}的评测中，{product}在{w0}任务上超过了{other}的同类模型。",
        "据{outlet}统计，截至{when}，{product}的日活用户已超过{count}万。",
    ),
    "incident": (
        "{when}，{actor}的{product}出现服务中断，影响{place}约{count}万用户。",
        "{actor}在{when}承认，{product}存在{w0}方面的漏洞，已紧急修复。",
        "据{outlet}报道，{when}有研究人员发现{product}可被用于{w1}，{actor}随后更新了防护。",
    ),
    "forecast": (
        "{person}预计，到{later}，{w0}的市场规模将增长{pct}。",
        "{actor}表示，{product}的下一代版本将在{later}推出，重点改进{w1}。",
        "{person}认为，{later}之前{w0}将成为{w1}的标配。",
        "据{outlet}援引{person}的说法，{actor}计划在{later}把{w0}产能扩大一倍。",
    ),
}
KINDS = tuple(TEMPLATES)
COMMENTARY = (
    "{person}指出，{w0}正在成为{w1}领域的关键变量。",
    "在{place}，越来越多的团队开始尝试{w0}。",
    "业内人士认为，{w0}和{w1}的结合仍面临数据与成本的双重约束。",
    "{actor}的一位工程师说，真正的难点不在{w0}，而在{w1}。",
    "与去年相比，讨论{w0}的企业明显增多，但落地案例仍然有限。",
    "{person}提醒，{term}并不能解决所有问题。",
    "围绕{term}，{actor}和{other}的路线并不相同。",
    "一些投资人开始关注{w1}，认为它比{w0}更早产生收入。",
    "{outlet}的调查显示，{pct}的受访企业已在试用{w0}。",
    "对{place}的中小企业来说，{w0}的门槛依然偏高。",
    "{person}在采访中提到了{term}，并把它与{w0}相提并论。",
    "从{w0}到{w1}，这条路径{actor}已经走了三年。",
    "{actor}内部把{w0}列为今年的头号项目。",
    "不少客户反映，{product}在{w1}上的表现并不稳定。",
    "{person}在{place}的一场论坛上说，{term}的热度可能被高估了。",
    "{other}则选择了另一条路：先做{w1}，再谈{w0}。",
    "过去一个季度，{place}新增了{count}家做{w0}的公司。",
    "有分析师估算，{w1}相关支出今年将达到{money}。",
    "{actor}没有回应关于{w0}的提问。",
    "{outlet}援引知情人士的话说，{actor}正在重组{w1}团队。",
    "对此，{person}的看法更谨慎：{w0}需要更长的验证周期。",
    "如果{term}的进展持续，{w1}的格局可能在两年内改变。",
    "{product}的定价比{other}低了{pct}，这让{w0}市场的竞争更加激烈。",
    "{person}坦言，团队在{w1}上踩过不少坑。",
)
HEADLINES = (
    "{actor}发布{product}",
    "{actor}获{money}融资",
    "{place}出台{w0}新规",
    "{actor}与{other}合作推进{w0}",
    "{product}在{w0}测试中领先",
    "{product}服务中断",
    "{person}：{w0}将迎来拐点",
    "{w0}的下一步",
    "观察｜{w0}与{w1}",
)


class Zipf:
    """Picks from a ranked tuple with probability proportional to 1 / rank^s."""

    def __init__(self, items: tuple[str, ...], s: float = ZIPF_S) -> None:
        self.items = items
        self.cumulative = list(itertools.accumulate(1 / (rank**s) for rank in range(1, len(items) + 1)))

    def __call__(self, rng: random.Random) -> str:
        return self.items[bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])]


@dataclass(frozen=True, slots=True)
class Event:
    """One thing a source reports, with the facts every phrasing of it shares."""

    kind: str
    day: date
    facts: dict[str, str]
    phrasing: int  # template index of its first report


class Vocabulary:
    """Ranked names and words, sampled by Zipf; built from a seed and the project's curation."""

    def __init__(self, rng: random.Random, curation: Path) -> None:
        self.orgs = Zipf(_unique(rng, 3000, lambda: rng.choice(_HAN) + rng.choice(_HAN) + rng.choice(_SUFFIXES), _latin_org(rng)))
        self.people = Zipf(_unique(rng, 6000, lambda: rng.choice(_SURNAMES) + rng.choice(_GIVEN) + rng.choice(("", *_GIVEN)), lambda: ""))
        self.products = Zipf(
            _unique(
                rng,
                4000,
                lambda: _latin(rng) + "-" + str(rng.randint(1, 9)),
                lambda: _latin(rng) + " " + rng.choice(("Pro", "Max", "Flash", "Mini")),
            )
        )
        self.places = Zipf(tuple(rng.sample(_PLACES, len(_PLACES))))
        self.outlets = Zipf(_OUTLETS)
        self.terms = Zipf(tuple(rng.sample(glossary_names(curation), len(glossary_names(curation)))))
        topics = {**topic_keywords(curation), **_SECTORS}
        names = rng.sample(sorted(topics), len(topics))
        self.topics = Zipf(tuple(names), s=0.6)
        self.words = {name: Zipf(tuple(rng.sample(topics[name], len(topics[name])))) for name in names}

    def facts(self, rng: random.Random, topic: str, day: date) -> dict[str, str]:
        words = self.words[topic]
        w0 = words(rng)
        w1 = next((w for w in (words(rng) for _ in range(5)) if w != w0), w0)
        later = day.year + rng.randint(1, 3)
        return {
            "actor": self.orgs(rng),
            "other": self.orgs(rng),
            "product": self.products(rng),
            "person": self.people(rng),
            "place": self.places(rng),
            "outlet": self.outlets(rng),
            "term": self.terms(rng),
            "w0": w0,
            "w1": w1,
            "pct": f"{rng.randint(3, 95)}%",
            "money": f"{rng.randint(1, 900)}{rng.choice(_MONEY)}",
            "count": str(rng.randint(2, 900)),
            "later": rng.choice(
                (f"{later}年", f"{later}年底", f"{later}年第{rng.randint(1, 4)}季度", "明年", f"{later}年{rng.randint(1, 12)}月")
            ),
        }


def _unique(rng: random.Random, n: int, make, make_other) -> tuple[str, ...]:
    names: dict[str, None] = {}
    for _ in range(n * 3):
        if len(names) >= n:
            break
        name = make() if rng.random() < 0.75 else make_other()
        if name:
            names[name] = None
    return tuple(names)


def _latin(rng: random.Random) -> str:
    return rng.choice(_LATIN_HEADS) + rng.choice(_LATIN_TAILS)


def _latin_org(rng: random.Random):
    return lambda: _latin(rng) + rng.choice(_LATIN_KINDS)


_FRONT = re.compile(r"\A---\n(.*?)\n---", re.DOTALL)
_GLOSSARY_NAME = re.compile(r"^\s+-\s+name:\s*(.+)$|^\s+aliases:\s*\[(.*)\]", re.MULTILINE)


def topic_keywords(curation: Path) -> dict[str, tuple[str, ...]]:
    """Each curated topic's keywords (the `keywords:` map of its front matter), by file stem."""
    out = {}
    for path in sorted((curation / "topics").glob("*.md")):
        found = _FRONT.search(path.read_text(encoding="utf-8"))
        keywords = (yaml.safe_load(found.group(1)) or {}).get("keywords") if found else None
        if isinstance(keywords, dict) and keywords:
            # A family rule (`Qwen*`) stands for its names: the corpus writes the stem (`Qwen`).
            out[path.stem] = tuple(str(k).rstrip("*") for k in keywords)
    return out


def glossary_names(curation: Path) -> list[str]:
    """Every name and alias in curation/glossary.yml."""
    names: list[str] = []
    for name, aliases in _GLOSSARY_NAME.findall((curation / "glossary.yml").read_text(encoding="utf-8")):
        names += [name.strip()] if name else [a.strip() for a in aliases.split(",") if a.strip()]
    return sorted(dict.fromkeys(n for n in names if n))


def new_event(rng: random.Random, vocab: Vocabulary, topic: str, published: date) -> Event:
    kind = rng.choice(KINDS)
    day = published - timedelta(days=rng.randint(0, 45))
    return Event(kind, day, vocab.facts(rng, topic, day), rng.randrange(len(TEMPLATES[kind])))


def report(rng: random.Random, event: Event, restate: bool = False) -> str:
    """The event in one sentence; restated, in another phrasing and date format than its first report."""
    templates = TEMPLATES[event.kind]
    index = event.phrasing
    if restate and len(templates) > 1:
        index = (index + rng.randint(1, len(templates) - 1)) % len(templates)
    d = event.day
    when = (
        rng.choice(
            (
                f"{d.month}月{d.day}日",
                f"{d.year}年{d.month}月{d.day}号",
                f"{d.year}年{d.month}月上旬" if d.day <= 10 else f"{d.year}年{d.month}月",
            )
        )
        if restate
        else f"{d.year}年{d.month}月{d.day}日"
    )
    return templates[index].format(when=when, **event.facts)


def commentary(rng: random.Random, vocab: Vocabulary, topic: str, published: date) -> str:
    """A sentence of context: mostly on the source's topic, sometimes on any sector's."""
    if rng.random() < MAIN_TOPIC_SHARE:
        return rng.choice(COMMENTARY).format(**vocab.facts(rng, topic, published))
    return rng.choice(COMMENTARY).format(**vocab.facts(rng, rng.choice(sorted(vocab.words)), published))


def headline(rng: random.Random, vocab: Vocabulary, topic: str, published: date) -> str:
    return rng.choice(HEADLINES).format(**vocab.facts(rng, topic, published))
