"""The project's one user dictionary of field terms (`curation/userdict.txt`).

jieba's default dictionary splits 开源/模型 and 智能/体; this file keeps such
terms whole wherever text is segmented (the search index). The topic
classifier does not segment: it matches curated phrases directly (see
`generator.analysis.phrases`), so it does not need this file.

The format is jieba's own, `word [freq] [tag]` per line, so the file can
also be handed to `jieba.load_userdict` as is; for that reason it has no
comment lines (jieba would read `#` lines as words).
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.core.errors import BriefingError
from generator.core.yamlfile import read_text

_FREQ = re.compile(r"^[1-9]\d*$")
_TAG = re.compile(r"^[a-z]+$")


def load_userdict(path: Path, display: str = "") -> tuple[str, ...]:
    """The words of a jieba user dictionary, in file order; a missing file means none.

    Raises:
        BriefingError: a malformed line (bad frequency or tag, too many
            fields, a `#` comment) or a repeated word, with its line.
    """
    shown = display or str(path)
    if not path.exists():
        return ()
    text = read_text(path, shown, "user dictionary")
    words: dict[str, int] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        word = parse_line(line, shown, n)
        if word in words:
            raise BriefingError(f"`{word}` is already on line {words[word]}", shown, n)
        words[word] = n
    return tuple(words)


def parse_line(line: str, path: str, n: int) -> str:
    """The word of one `word [freq] [tag]` line."""
    fields = line.split()
    word, rest = fields[0], fields[1:]
    if word.startswith("#"):
        raise BriefingError("jieba's format has no comments; remove this line", path, n)
    if len(rest) > 2:
        raise BriefingError(f"expected `word [freq] [tag]`, got {len(fields)} fields (a word cannot contain spaces)", path, n)
    if len(rest) == 2 and not (_FREQ.match(rest[0]) and _TAG.match(rest[1])):
        raise BriefingError(f"expected `word freq tag` with a positive whole frequency and a lowercase tag: {line.strip()!r}", path, n)
    if len(rest) == 1 and not (_FREQ.match(rest[0]) or _TAG.match(rest[0])):
        raise BriefingError(f"`{rest[0]}` is neither a frequency (positive whole number) nor a tag (lowercase letters)", path, n)
    return word
