"""Raw bytes -> text: encoding detection, BOM and line-end normalization, limits."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from generator.core.errors import BriefingError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# Signatures of common binary files dropped into seeds/ by mistake.
_MAGIC = (b"\x89PNG", b"PK\x03\x04", b"%PDF", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"\x7fELF")


def decode(data: bytes, path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Decode a source file to text with `\\n` line ends.

    UTF-8 (with or without BOM) is taken as is; anything else (GB18030,
    GBK, Big5, UTF-16) is detected with charset-normalizer.

    Raises:
        BriefingError: the file is empty, too large, or not text.
    """
    if len(data) > max_bytes:
        raise BriefingError(too_large(len(data), max_bytes), path)
    if not data.strip():
        raise BriefingError("file is empty", path)
    if data.startswith(_MAGIC):
        raise BriefingError("file is binary (not a text document)", path)
    text = _decode(data, path)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def too_large(size: int, max_bytes: int) -> str:
    """The message for a file over the size limit, saying how to raise it."""
    return (
        f"file is {size / 1048576:.1f} MB, over the {max_bytes / 1048576:.3g} MB limit "
        "(split it, or raise `max_source_mb` under the briefing plugin in mkdocs.yml to accept it)"
    )


def _decode(data: bytes, path: str) -> str:
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(codec)
    if b"\x00" in data[:4096]:
        raise BriefingError("file is binary (not a text document)", path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000]).best()
    if best is None:
        raise BriefingError("file is not text in any encoding that could be detected", path)
    try:
        return data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        raise BriefingError(f"file looks like {best.encoding} but does not decode as it", path) from None
