"""Which parts of a source are glossary-shaped.

Three shapes give terms (see `tables` and `lists`); each has its own bar,
so that an ordinary article's `- 营收：同比增长 32%` list or numbered
`### 1. **智能客服**` headings are never read as a glossary:

- A table whose header names a term column (术语 / 名词 / Term), in any
  section. In a glossary section (below) a table whose header names a
  definition column (解释 / 定义 / 说明 / Definition ...) also counts,
  with its first column as the term. A paragraph of pipe rows (a table
  whose separator line is missing, so Markdown did not see a table) is
  read the same way.
- A heading (a numbered one, a `###` heading or a bold-only paragraph)
  whose first block after it is labelled as a definition: `- 定义：…`,
  `定义：…`, `- Definition: …`. The label is evidence enough. Without the
  label, a numbered or bold heading followed by one paragraph counts only
  in a glossary section and when the source has at least two of them.
- A list, in a glossary section, where at least half of the top-level
  items read `term：definition` (`- **RAG**：检索增强生成…`,
  `- MoE: mixture of experts…`, `- **ZeRO** - …`).

A section is a glossary section when its title, the title of a section
enclosing it, or the document's title names a glossary: 术语, 名词(解释),
词汇, 词典, 释义, 概念 (not 概念股), glossary, terminology, vocabulary,
definitions, terms (not "terms of", "in terms").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.core.model import Section, Source

_GLOSSARY_TITLE = re.compile(
    r"术语|名词|词汇|词典|辞典|释义|概念(?!股|板块)"
    r"|\b(?:glossary|terminology|vocabulary|jargon|definitions)\b|(?<!in )\bterms\b(?!\s+(?:of|and|&)\b)",
    re.IGNORECASE,
)


def names_glossary(title: str) -> bool:
    """Whether a title says that what follows is a glossary (`名词解释`, `Key terms`)."""
    return bool(_GLOSSARY_TITLE.search(title))


def sections_in_context(source: Source) -> Iterator[tuple[Section, bool]]:
    """Each section, and whether it is a glossary section (itself, an enclosing section or the document title)."""
    document = names_glossary(source.meta.title)
    stack: list[tuple[int, bool]] = []  # (level, names a glossary) of the enclosing sections
    for section in source.sections:
        while stack and stack[-1][0] >= section.level:
            stack.pop()
        own = names_glossary(section.title)
        yield section, document or own or any(flag for _level, flag in stack)
        stack.append((section.level, own))
