"""The language of a document when nothing declares it: `zh`, `en` or `mixed`.

Chinese prose is full of English names (`Anthropic`, `MoE`) and English
prose now and then quotes a Chinese name, so a document is not judged by
whether it has a letter of either script: each passage is judged by which
script most of its letters are in, and the document by how much of its
text each language holds.
"""

from __future__ import annotations

import re

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# Below this share of the text, the other language is quotations and names.
MINORITY = 0.2


def passage_language(text: str) -> str:
    """`zh`, `en`, or '' for text with neither (numbers, punctuation).

    One Chinese character carries about as much as one English word.
    """
    han = len(_HAN.findall(text))
    words = len(_LATIN_WORD.findall(text))
    if not han and not words:
        return ""
    return "zh" if han >= words else "en"


def document_language(texts: list[str]) -> str:
    """The language of a document from its passages' texts, weighted by length."""
    weight = {"zh": 0, "en": 0}
    for text in texts:
        lang = passage_language(text)
        if lang:
            weight[lang] += len(text)
    total = weight["zh"] + weight["en"]
    if not total:
        return "zh"
    if weight["en"] < MINORITY * total:
        return "zh"
    if weight["zh"] < MINORITY * total:
        return "en"
    return "mixed"
