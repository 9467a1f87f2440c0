"""Reader for unpunctuated speech transcripts with one phrase per line.

Phrases are joined into sentences (Chinese punctuation added at the joins),
sentences into short paragraphs of a few sentences each (so each paragraph
is one passage about one thing), and paragraphs into sections where the
speaker turns to a new subject: at curated cues (`sections` in
`seeds/sources.yml`) when given, else at spoken transition phrases.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from generator.core.model import Meta
from generator.sources.readers.builder import Document, DocumentBuilder, text_spans

NAME = "transcript"

_FINAL = re.compile(r"[。！？!?…；;]$")
_ANY_PUNCT = re.compile(r"[。！？!?，,、；;：:…]$")
# Phrases that open a new sentence in spoken Chinese.
_SENTENCE_START = re.compile(
    r"^(?:但是|但|不过|而且|同时|另外|此外|随后|之后|首先|其次|再次|最后|第[一二三四五六七八九十\d]+|[一二三四五六七八九十]+[是、]|"
    r"当然|简单来说|具体来说|比如说|比如|例如|更严重的是|更值得关注的是|相比之下|总的来说|总之|所以|因此|这是|这款|这个|这种|这些|这份|这也|"
    r"我是|大家|好了|以上|感谢|相信|建议|看完|除了|随着|为了|基于|据|报告|调查显示|其中|目前|如今|截止到|到了|[12]\d{3}年)"
)
# Phrases that open a new paragraph: enumerations and turns of the argument.
_PARAGRAPH_START = re.compile(
    r"^(?:首先|其次|再次|最后|第[一二三四五六七八九十\d]+|[一二三四五六七八九十]+、|[一二三四五六七八九十]是|看完|除了|随着|接下来|再来看|我们先来看|"
    r"好了|以上|更严重的是|更值得关注的是|相比之下|当然了|此外|另外|[12]\d{3}年\s)"
)
# Spoken turns to a new subject, used when no curated cue is given.
_TOPIC_TURN = re.compile(r"^(?:看完.{1,12}|我们再把目光转向.{1,12}|接下来我们.{1,12}|最后我们来看.{1,12}|再来看.{1,12}|说完.{1,12})$")
_QUESTION_END = re.compile(r"吗$")
_MAX_SENTENCE = 90
_PARAGRAPH_SENTENCES = 3
_MAX_PARAGRAPH = 160


@dataclass(frozen=True, slots=True)
class Cue:
    """A curated section start: `title` begins at the first phrase starting with `starts`."""

    title: str
    starts: str


def sniff(text: str) -> bool:
    """Many short lines, almost none ending in punctuation, few blank lines."""
    lines = [ln.strip() for ln in text.splitlines()]
    filled = [ln for ln in lines if ln]
    if len(filled) < 20:
        return False
    short = sum(1 for ln in filled if len(ln) <= 40)
    unpunctuated = sum(1 for ln in filled if not _ANY_PUNCT.search(ln))
    return short >= 0.85 * len(filled) and unpunctuated >= 0.85 * len(filled) and len(filled) >= 0.8 * len(lines)


def read(text: str, cues: Sequence[Cue] = ()) -> Document:
    """Punctuate, paragraph and section a transcript.

    Args:
        text: the raw transcript.
        cues: curated section starts; when empty, spoken transitions are used.
    """
    phrases = [(n, ln.strip()) for n, ln in enumerate(text.splitlines(), 1) if ln.strip()]
    starts = _section_starts(phrases, cues)
    doc = DocumentBuilder()
    para: list[str] = []
    para_line = 0
    sentence = ""
    for idx, (n, phrase) in enumerate(phrases):
        if idx in starts:
            _flush(doc, para, sentence, para_line)
            para, sentence = [], ""
            doc.section(starts[idx], line=n)
        if sentence and (_SENTENCE_START.match(phrase) or len(sentence) >= _MAX_SENTENCE):
            para.append(_close(sentence))
            sentence = ""
        if not sentence and para and _paragraph_full(para, phrase):
            _flush(doc, para, "", para_line)
            para = []
        if not sentence and not para:
            para_line = n
        sentence = phrase if not sentence else _join(sentence, phrase)
    _flush(doc, para, sentence, para_line)
    return Document(meta=Meta(), sections=doc.sections())


def _section_starts(phrases: list[tuple[int, str]], cues: Sequence[Cue]) -> dict[int, str]:
    """Index of the phrase that opens each section -> section title."""
    starts: dict[int, str] = {}
    if cues:
        key = [re.sub(r"\s+", "", p) for _, p in phrases]
        pos = 0
        for cue in cues:
            needle = re.sub(r"\s+", "", cue.starts)
            for idx in range(pos, len(key)):
                if key[idx].startswith(needle) or (needle.startswith(key[idx]) and "".join(key[idx:idx + 4]).startswith(needle)):
                    starts[idx], pos = cue.title, idx + 1
                    break
        return starts
    last = -10
    for idx, (_, phrase) in enumerate(phrases):
        if _TOPIC_TURN.match(phrase):
            if idx - last <= 2:  # `看完研究` + `我们再把目光转向产业界`: one turn
                starts[last] = phrase
            else:
                starts[idx], last = phrase, idx
    return starts


def unmatched_cues(text: str, cues: Sequence[Cue]) -> list[Cue]:
    """Cues whose `starts` phrase is not found in order (a curation error)."""
    phrases = [(n, ln.strip()) for n, ln in enumerate(text.splitlines(), 1) if ln.strip()]
    found = set(_section_starts(phrases, cues).values())
    return [cue for cue in cues if cue.title not in found]


def _join(sentence: str, phrase: str) -> str:
    if _ANY_PUNCT.search(sentence):
        return f"{sentence}{phrase}"
    return f"{sentence}，{phrase}"


def _close(sentence: str) -> str:
    if _FINAL.search(sentence):
        return sentence
    if _ANY_PUNCT.search(sentence):
        sentence = sentence[:-1]
    return sentence + ("？" if _QUESTION_END.search(sentence) and len(sentence) < 30 else "。")


def _paragraph_full(para: list[str], phrase: str) -> bool:
    size = sum(len(s) for s in para)
    return bool(_PARAGRAPH_START.match(phrase)) or len(para) >= _PARAGRAPH_SENTENCES or size >= _MAX_PARAGRAPH


def _flush(doc: DocumentBuilder, para: list[str], sentence: str, line: int) -> None:
    sentences = [*para, _close(sentence)] if sentence else para
    if sentences:
        doc.paragraph(text_spans("".join(sentences)), line)
