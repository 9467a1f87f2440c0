"""A headline's subject, when its clause names none: taken from the text before it.

A transcript or a list of points often names its actor once and then goes
on without it: `英国则走了发展优先的路线，2025年推出AI机遇行动计划`,
`DeepSeek就发布了…，随后…，他们发布了V3模型`. A headline read alone on
the timeline needs that actor. The rule:

* the headline's first two clauses name no actor and have no subject of
  their own that is not one: a person (`特朗普总统`), the writer, people
  or the world at large (`我们`, `人们`, `全球`, `we`), a kind of actor
  (`以AI为核心业务的公司`), the writer's voice (`期待…`) or a cited
  source (`根据…的研究`);
* the actor is the subject of the nearest earlier clause of the same
  section (at most `REACH` clauses back) that opens on one, after its
  connectives (`但是`, `而`, `再来看`);
* a pronoun for an actor opening one of the headline's clauses (他们,
  该公司, they, the company; not 它 or it, as often a law or a model) is
  replaced by it; otherwise the headline is prefixed with
  `actor：` (`英国：2025年推出AI机遇行动计划。`).

An actor is a Latin-script name without digits (`DeepSeek`, `OpenAI`; a
versioned name such as `GPT-5` or `V3` is a product, made by an actor), a
country or region, a Chinese company name from a short list of the field's
best-known ones, a government body (`国家网信办`, `商务部`, `…安全局`), or a
name ending in an organisation's word (`…委员会`, `…研究院`; not `公司` or
`实验室`, which name a kind of actor as often as one, though a company named
after its trade is a subject of its own: `芯片初创公司深度原力宣布…`).
English sentences start with a capital anyway, so there a name must not be
a function word (`The`, `However`).
"""

from __future__ import annotations

import re

REACH = 12  # clauses back: a transcript names its actor about a paragraph earlier

_POLITIES = (
    "欧盟|欧洲|美国|中国|英国|法国|德国|日本|韩国|印度|加拿大|俄罗斯|以色列|沙特|阿联酋|新加坡|澳大利亚|意大利|西班牙"
    "|荷兰|瑞典|瑞士|巴西|联合国|北约|白宫|国会"
)
# The field's best-known companies whose Chinese names carry no organisation word.
_COMPANIES = "英伟达|微软|谷歌|亚马逊|苹果|脸书|阿里巴巴|阿里|腾讯|百度|字节跳动|华为|小米|高通|英特尔|台积电|三星|智谱|月之暗面|深度求索"
# A name before an organisation's word; not `该公司`, `这些…实验室` or a generic `保险公司`
# (公司 and 实验室 name a kind of actor as often as one actor, so they do not count).
_ORG_WORD = (
    r"(?<![这那该此某各])[^\W\d_A-Za-z这那该此某各的是都了在和与说]{2,6}(?:集团|研究院|研究所|大学|委员会|政府|议会|法院|基金会|协会)"
)
# A government body by its own word (`国家网信办`, `美国商务部`, `工业与安全局`): a bare 部, 局 or 办
# ends common words too (内部, 格局, 举办), so the words are listed.
_AGENCY = (
    r"[^\W\d_A-Za-z这那该此某各的是都了在和与说]{0,6}"
    r"(?:网信办|发改委|证监会|银保监会|工信部|商务部|财政部|科技部|教育部|外交部|国防部|司法部|公安部"
    r"|管理局|监管局|安全局|统计局|知识产权局|总局)"
)
_CJK_ACTOR = re.compile(rf"(?:{_POLITIES}|{_COMPANIES})|{_AGENCY}|{_ORG_WORD}")
# A clause with a subject of its own that is no named organisation: a person (`唐纳德·特朗普总统`),
# the writer, people or the world at large (`我们`, `人们`, `全球`), a kind of actor (`…的公司`),
# the writer's voice (`期待…`) or a cited source (`根据麦肯锡的研究`).
_OWN_SUBJECT = re.compile(
    r"[\u4e00-\u9fff]·[\u4e00-\u9fff]|总统|首相|总理|部长|主席|创始人|首席执行官|CEO|教授|研究员|分析师"
    r"|我们|我|人们|大家|你们|全球|全世界|(?:^|的)(?:公司|企业|团队|机构)|^\s*(?:期待|相信|希望|根据|据)"
    # A company named after what it is (`芯片初创公司深度原力宣布…`, `AI视觉公司月影智能完成…`).
    r"|(?:公司|企业|厂商)[\u4e00-\u9fffA-Za-z]{2,8}?(?:宣布|发布|推出|完成|获得|表示|称|披露)"
    r"|(?<![A-Za-z])(?:I|we|you|people|he|she)(?![A-Za-z])"
)
# A Latin name: a capital and a lower-case letter, no digit (`DeepSeek`, `OpenAI`, `Anthropic`).
_LATIN_ACTOR = re.compile(r"(?<![A-Za-z0-9-])[A-Z][A-Za-z]*[a-z][A-Za-z]*(?:\s+[A-Z][A-Za-z]*[a-z][A-Za-z]*)*(?![A-Za-z0-9-])")
_FUNCTION_WORDS = frozenset(
    re.findall(
        r"\S+",
        "The This That These Those It Its They Their He She We Our You In On At By For From To With As But And Or So "
        "Yet However After Before When While Then Also Still Now Last Next Meanwhile Since Until If Although Because "
        "A An Some Many Most All Both Each Every One Two Three January February March April May June July August "
        "September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday Thursday Friday Saturday Sunday What Why How "
        "Who Where Which Four Five Six Seven Eight Nine Ten First Second Third Finally Here There",
    )
)
_CONNECTIVE = re.compile(
    r"^(?:\s|但是|但|不过|而且|并且|同时|此外|另外|随后|然后|之后|因此|所以|其中|与此同时|那么|再来看|来看|至于|而|则|呢|也|"
    r"[，,、]|(?:but|and|so|then|meanwhile|however|also)\b[,\s]*)+",
    re.IGNORECASE,
)
_PRONOUN = re.compile(
    r"(?:他们|她们|该公司|这家公司|该机构|该组织|they|the company|the firm)(?![A-Za-z])",
    re.IGNORECASE,
)
_CLAUSES = re.compile(r"[^，,；;。！？!?.\n]+")
_HEADLINE_CLAUSE = re.compile(r"[^，,；;。！？!?\n]+[，,；;。！？!?\n]*")


# Any Latin-script name a headline holds (`Fern-8B`, `Quill-Code`, `EU`), but the field's own `AI`.
_ANY_NAME = re.compile(r"(?<![A-Za-z0-9])(?:[A-Za-z][A-Za-z0-9.-]*[A-Z][A-Za-z0-9.-]*|[A-Z][A-Za-z0-9.-]+)")
_NO_NAME = frozenset({"AI", "AGI", "GenAI"})


def actors_in(clause: str) -> list[str]:
    """The actors a clause names (module docstring), in order."""
    found = [(m.start(), m.group()) for m in _CJK_ACTOR.finditer(clause)]
    found += [(m.start(), m.group()) for m in _LATIN_ACTOR.finditer(clause) if m.group().split()[0] not in _FUNCTION_WORDS]
    return [name for _, name in sorted(found)]


def names_something(clause: str, latin: bool) -> bool:
    """The clause names an actor or a product of its own (`Fern-8B`, `EU`): it needs no antecedent.
    In Chinese text a bare Latin acronym (`API`, `GPU`) is a technical term, not a name."""
    if _CJK_ACTOR.search(clause):
        return True
    names = (m.group() for m in _ANY_NAME.finditer(clause))
    return any(n not in _FUNCTION_WORDS and n not in _NO_NAME and (latin or not n.isupper()) for n in names)


def subject_of(clause: str) -> str:
    """The actor a clause opens on, after its connectives; '' if none."""
    body = _CONNECTIVE.sub("", clause.strip(), count=1)
    m = _CJK_ACTOR.match(body)
    if m:
        return m.group()
    m = _LATIN_ACTOR.match(body)
    if m and m.group().split()[0] not in _FUNCTION_WORDS:
        return m.group()
    return ""


def antecedent(before: str) -> str:
    """The subject of the nearest of the last `REACH` clauses of `before` that opens on an actor."""
    clauses = _CLAUSES.findall(before)
    for clause in reversed(clauses[-REACH:]):
        actor = subject_of(clause)
        if actor:
            return actor
    return ""


def with_subject(headline: str, before: str) -> str:
    """`headline` with the actor its clauses leave out (module docstring)."""
    parts = _HEADLINE_CLAUSE.findall(headline)
    actor = antecedent(before)
    if not parts or not actor:
        return headline
    latin = not re.search(r"[\u3400-\u9fff]", headline)
    for i, part in enumerate(parts):
        if actors_in(part):
            break  # a pronoun after it may stand for this actor
        lead = _CONNECTIVE.match(part)
        at = lead.end() if lead else 0
        m = _PRONOUN.match(part, at)
        if m:
            parts[i] = part[:at] + actor + part[m.end() :]
            return "".join(parts)
    if any(names_something(p, latin) or _OWN_SUBJECT.search(_CONNECTIVE.sub("", p, count=1)) for p in parts[:2]):
        return headline
    return f"{actor}: {headline}" if latin else f"{actor}：{headline}"
