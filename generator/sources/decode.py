"""Raw bytes -> text: encoding detection, BOM and line-end normalization, limits.

A byte-order mark decides the encoding; without one the text is UTF-8, else
detected. Where detection has to guess (UTF-16 without a mark, a Western
single-byte encoding), the file is read as guessed and a notice
names it: a wrong guess then shows as odd letters the curator was told about,
never as a file skipped or read wrong without a word.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

from generator.core.errors import BriefingError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# Signatures of common binary files dropped into seeds/ by mistake.
_MAGIC = (b"\x89PNG", b"PK\x03\x04", b"%PDF", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"\x7fELF")
_BOMS = ((codecs.BOM_UTF8, "utf-8", "UTF-8"), (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"), (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"))
# What charset-normalizer finds for Chinese text (runs of two-byte pairs, which
# it tells apart reliably): read without a warning, as the README promises.
_CHINESE = frozenset({"gb18030", "gbk", "gb2312", "hz", "big5", "big5hkscs", "cp950"})
_SAMPLE = 200_000  # bytes that detection looks at
_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
_TEXT_CONTROLS = frozenset("\t\n\r\f\v")
# Characters of the scripts sources are written in: ASCII, Latin letters,
# Greek and Cyrillic, punctuation, CJK (with kana, Hangul, full-width forms).
_COMMON = re.compile("[\t\n\r -~\u00a0-\u024f\u0370-\u04ff\u2000-\u206f\u2e80-\u9fff\uac00-\ud7af\uff00-\uffef]")


def decode(data: bytes, path: str, max_bytes: int = DEFAULT_MAX_BYTES, notices: list[str] | None = None) -> str:
    """Decode a source file to text with `\\n` line ends.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are taken as they
    say; anything else (GB18030, GBK, Big5, UTF-16 without BOM, Latin-1)
    is detected; where that is a guess, a notice is added to `notices`.

    Raises:
        BriefingError: the file is empty, too large, not text, or not in
            the encoding its byte-order mark declares.
    """
    if len(data) > max_bytes:
        raise BriefingError(too_large(len(data), max_bytes), path)
    if not data.strip():
        raise BriefingError("file is empty", path)
    if data.startswith(_MAGIC):
        raise BriefingError("file is binary (not a text document)", path)
    text = _decode(data, path, notices if notices is not None else [])
    return text.replace("\r\n", "\n").replace("\r", "\n")


def too_large(size: int, max_bytes: int) -> str:
    """The message for a file over the size limit, saying how to raise it."""
    return (
        f"file is {size / 1048576:.1f} MB, over the {max_bytes / 1048576:.3g} MB limit "
        "(split it, or raise `max_source_mb` under the briefing plugin in mkdocs.yml to accept it)"
    )


def _decode(data: bytes, path: str, notices: list[str]) -> str:
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return _declared(data[len(bom) :], codec, name, path, len(bom))
    if b"\x00" in data[:4096]:
        return _utf16_without_bom(data, path, notices)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _detected(data, path, notices)


def _declared(body: bytes, codec: str, name: str, path: str, mark: int) -> str:
    """The text after a byte-order mark, in the encoding it declares; else the
    line where it stops being so (`mark`: the mark's length in bytes)."""
    try:
        return body.decode(codec)
    except UnicodeDecodeError as exc:
        line = body[: exc.start].decode(codec, "replace").count("\n") + 1
        raise BriefingError(
            f"file starts with a {name} byte-order mark but is not {name} from this line on ({exc.reason} at byte {mark + exc.start}); "
            f"save it again as {name}",
            path,
            line,
        ) from None


def _utf16_without_bom(data: bytes, path: str, notices: list[str]) -> str:
    """NUL bytes mean UTF-16 (ASCII letters, line ends) or binary: UTF-16 when
    one byte order decodes to plausible text."""
    if len(data) % 2 == 0:
        for codec in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if _plausible(text[: _SAMPLE // 2]):
                notices.append(
                    f"file has no byte-order mark: read as {codec.upper()}, guessed from its bytes; "
                    "save it as UTF-8 (or UTF-16 with a BOM) to be sure"
                )
                return text
    raise BriefingError("file is binary (not a text document)", path)


def _plausible(text: str) -> bool:
    """Text, not binary read as text: mostly characters of common scripts, and
    hardly any control, unassigned or private-use ones.

    The wrong byte order turns each line end into U+0A00 (unassigned), so
    only the right one passes.
    """
    common = len(_COMMON.findall(text))
    odd = sum(1 for c in text if c not in _TEXT_CONTROLS and unicodedata.category(c) in ("Cc", "Cn", "Co", "Cs"))
    return common >= 0.9 * len(text) and odd <= len(text) // 1000


def _detected(data: bytes, path: str, notices: list[str]) -> str:
    """Text in the encoding charset-normalizer detects; Western single-byte text
    as Windows-1252, which it tends to mistake for a Central European or Baltic
    code page on short texts (`naïve` read as `naďve`)."""
    best = from_bytes(data[:_SAMPLE]).best()
    encoding = best.encoding if best is not None else None
    if encoding not in _CHINESE:
        encoding = _western(data) or encoding
        if encoding is None:
            raise BriefingError("file is not text in any encoding that could be detected", path)
        notices.append(f"file is not UTF-8: read as {encoding}, guessed from its bytes; save it as UTF-8 if letters look wrong")
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise BriefingError(f"file looks like {encoding} but does not decode as it", path) from None


def _western(data: bytes) -> str | None:
    """`cp1252` (or `latin-1`) when the non-ASCII bytes stand alone or in pairs
    between ASCII ones, as accented letters do (`naïve`, `Größe`); Chinese,
    Cyrillic or Greek text has runs of them."""
    sample = data[:_SAMPLE]
    runs = [len(run) for run in _HIGH_RUN.findall(sample)]
    if not runs or max(runs) > 2 or runs.count(1) < len(runs) / 2 or sum(runs) > 0.3 * len(sample):
        return None
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return "latin-1"  # five bytes cp1252 leaves undefined: Latin-1 decodes every byte
    return "cp1252"
