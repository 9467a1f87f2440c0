"""YAML loading that remembers line numbers, so curation errors can point at them.

Every curated file and every source's front matter comes through here, from
a pull request: `Limits` (size, length of a value, nesting) are checked on
the parser's events before PyYAML builds anything, since its composer and
constructor recurse once per level of nesting.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

import yaml

from generator.core.config import Limits
from generator.core.errors import BriefingError
from generator.core.text import active_markup

_LIMITS = Limits()


class LineDict(dict):
    """A mapping from YAML that knows the line of each key (`lines[key]`) and its own."""

    line = 0
    lines: dict


class LineList(list):
    """A sequence from YAML that knows the line of each item and its own."""

    line = 0
    lines: list


class _Loader(yaml.SafeLoader):
    def compose_scalar_node(self, anchor):
        # A bare `!` (the non-specific tag) makes a string, as the YAML spec and
        # libyaml read it; PyYAML's own parser would make `a: !` null.
        event = self.peek_event()
        if event.tag == "!":
            event.tag = "tag:yaml.org,2002:str"
        return super().compose_scalar_node(anchor)


# libyaml's parser, when PyYAML has it: ten times faster on a sources.yml of
# thousands of entries. Its marks lack the text around an error, so a file
# it rejects is parsed again with `_Loader` for the message.
class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    pass


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    out = LineDict()
    out.line, out.lines = node.start_mark.line + 1, {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise yaml.constructor.ConstructorError(None, None, "a key must be plain text, not a list or mapping", key_node.start_mark)
        if key in out:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        out[key] = _value(loader, value_node)
        out.lines[key] = key_node.start_mark.line + 1
    return out


def _value(loader: _Loader, node: yaml.Node) -> Any:
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, TypeError, OverflowError) as exc:
        # A tagged scalar that does not convert (`!!float abc`, `!!int 1x`).
        raise yaml.constructor.ConstructorError(None, None, str(exc), node.start_mark) from None


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    out = LineList(_value(loader, child) for child in node.value)
    out.line, out.lines = node.start_mark.line + 1, [child.start_mark.line + 1 for child in node.value]
    return out


def _string_timestamp(loader: _Loader, node: yaml.ScalarNode) -> str:
    # Dates stay strings (`2026-01-05`), so `2026-01` and `2026-01-05` behave alike.
    return loader.construct_scalar(node)


for _loader in (_Loader, _FastLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _string_timestamp)


def parse(text: str, path: str, line_offset: int = 0, limits: Limits = _LIMITS) -> Any:
    """Parse YAML text; errors become BriefingError with file and line.

    Args:
        line_offset: lines of the file before `text` (a topic's `---`).
        limits: how large, long and deep the YAML may be.

    Raises:
        BriefingError: invalid YAML, or YAML past one of `limits`.
    """
    _check_size(text, path, line_offset, limits)
    # libyaml reads a byte-order mark inside the stream as nothing, PyYAML as text:
    # such texts take the pure-Python reading only, so the answer never depends on libyaml.
    if _check_events(text, path, line_offset, limits) and "\ufeff" not in text:
        try:
            return yaml.load(text, Loader=_FastLoader)  # a SafeLoader (or CSafeLoader) subclass
        except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError):
            pass  # reported below, from the pure-Python parser's marks
    try:
        return yaml.load(text, Loader=_Loader)  # a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        line, problem = _problem(exc)
        raise BriefingError(f"invalid YAML: {problem}", path, (line + 1 + line_offset) if line is not None else 0) from None
    except yaml.YAMLError as exc:
        raise BriefingError(f"invalid YAML: {str(exc).splitlines()[0]}", path) from None
    except (ValueError, TypeError, OverflowError) as exc:
        raise BriefingError(f"invalid YAML: {exc}", path) from None
    except RecursionError:
        # Not expected past the depth check; a message all the same, never a traceback.
        raise BriefingError(
            f"YAML nested too deeply to read (the limit is {limits.max_yaml_depth} levels, `max_yaml_depth`)", path
        ) from None


def _check_size(text: str, path: str, line_offset: int, limits: Limits) -> None:
    """Front matter and a topic's head arrive as text, not as a file `read_text` measured."""
    most = limits.max_curated_kb * 1024
    if len(text) * 4 > most and len(data := text.encode("utf-8", "surrogatepass")) > most:
        line = data.count(b"\n", 0, most) + 1 + line_offset
        raise BriefingError(
            f"YAML of {_size(len(data))} is over the {limits.max_curated_kb:,} KB limit (`max_curated_kb`), reached on this line",
            path,
            line,
        )


def _check_events(text: str, path: str, line_offset: int, limits: Limits) -> bool:
    """Walk the parser's events (libyaml's parser keeps its own stack: any
    depth is safe here) and refuse what would cost too much to build.

    Returns:
        False when the text is not valid YAML (the caller reports why).

    Raises:
        BriefingError: nesting past `max_yaml_depth`, a value or key longer
            than `max_field_chars`, or an alias (`*name`): a few lines of
            aliases to aliases stand for billions of values.
    """
    stack: list[_Open] = []
    try:
        for event in yaml.parse(text, Loader=_FastLoader):
            if isinstance(event, yaml.CollectionEndEvent):
                stack.pop()
            elif isinstance(event, yaml.NodeEvent):  # not the stream's or a document's start or end
                field = _field(stack, event)
                _check_event(event, field, len(stack), path, event.start_mark.line + 1 + line_offset, limits)
                if isinstance(event, yaml.CollectionStartEvent):
                    stack.append(_Open(field, isinstance(event, yaml.MappingStartEvent)))
    except yaml.YAMLError:
        return False
    return True


class _Open:
    """A list or mapping being walked: the field it is the value of, and, for
    a mapping, whether a key comes next and the last key."""

    __slots__ = ("field", "key", "key_next", "mapping")

    def __init__(self, field: str, mapping: bool) -> None:
        self.field, self.mapping, self.key_next, self.key = field, mapping, mapping, ""


def _field(stack: list[_Open], event: yaml.NodeEvent) -> str:
    """The field a node belongs to (for messages): the key it is the value
    of, else the field of the list or mapping holding it."""
    if not stack:
        return ""
    top = stack[-1]
    if not top.mapping:
        return top.field
    is_key, top.key_next = top.key_next, not top.key_next
    if is_key:
        top.key = event.value if isinstance(event, yaml.ScalarEvent) else ""
        return top.field
    return str(top.key)


def _check_event(event: yaml.NodeEvent, field: str, depth: int, path: str, line: int, limits: Limits) -> None:
    if isinstance(event, yaml.AliasEvent):
        raise BriefingError(f"YAML aliases (`*{event.anchor}`) are not allowed here: write the value out", path, line, field)
    if isinstance(event, yaml.ScalarEvent) and len(event.value) > limits.max_field_chars:
        raise BriefingError(
            f"text of {len(event.value):,} characters is over the {limits.max_field_chars:,}-character limit "
            "for one value or key (`max_field_chars`)",
            path,
            line,
            field,
        )
    if isinstance(event, yaml.CollectionStartEvent) and depth >= limits.max_yaml_depth:
        raise BriefingError(f"YAML nested deeper than {limits.max_yaml_depth} levels (`max_yaml_depth`)", path, line)


def _size(n: int) -> str:
    return f"{n / 1048576:.1f} MB" if n >= 1048576 else f"{n / 1024:,.0f} KB" if n >= 1024 else f"{n} bytes"


def _problem(exc: yaml.MarkedYAMLError) -> tuple[int | None, str]:
    """0-based line of a YAML error (or None) and what is wrong there.

    An unclosed `[`, `{` or quote is only noticed at the end of the text;
    the line that opened it (the context mark), else the last line with
    text, is the one to fix.
    """
    mark, context = exc.problem_mark, exc.context_mark
    problem = str(exc.problem or exc.context)
    if mark is not None and _at_end(mark):
        if context is not None and not _at_end(context):
            thing = (exc.context or "").removeprefix("while parsing ").removeprefix("while scanning ")
            return context.line, f"{thing} opened on this line is never closed ({exc.problem})"
        return mark.buffer[: mark.index].rstrip().count("\n"), problem
    mark = mark or context
    return (mark.line if mark else None), problem


def _at_end(mark: yaml.Mark) -> bool:
    buffer = getattr(mark, "buffer", None)
    return bool(buffer) and not buffer[mark.index :].strip("\0 \t\r\n")


def load(path: Path, display: str = "", limits: Limits = _LIMITS) -> Any:
    """Read and parse a curated YAML file (see `read_text` and `parse`)."""
    shown = display or str(path)
    return parse(read_text(path, shown, limits=limits), shown, limits=limits)


def read_text(path: Path, display: str = "", what: str = "curated file", limits: Limits = _LIMITS) -> str:
    """A curated file's text (UTF-8, `\\n` line ends); a file over
    `max_curated_kb` is refused before more than that is read.

    Raises:
        BriefingError: the file is too large, not UTF-8, or carries
            script-bearing markup (see `text.active_markup`), naming the line.
    """
    shown = display or str(path)
    most = limits.max_curated_kb * 1024
    with path.open("rb") as fh:
        data = fh.read(most + 1)
        size = path.stat().st_size if len(data) > most else len(data)
    if len(data) > most:
        line = data.count(b"\n", 0, most) + 1
        raise BriefingError(
            f"{what} is {_size(size)}, over the {limits.max_curated_kb:,} KB limit for curated files (`max_curated_kb`), reached on this line",
            shown,
            line,
        )
    body = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BriefingError(f"{what} must be UTF-8", shown, body.count(b"\n", 0, exc.start) + 1) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Shown as text if it got through, but a curator never means it: a pull request that tries it fails the check.
    line, markup = active_markup(text)
    if markup:
        raise BriefingError(f"`{markup}` is script-bearing markup; it would show as text, never run: remove it", shown, line)
    return text


def check_keys(data: dict, allowed: set[str] | frozenset[str], path: str, where: str = "") -> None:
    """Reject unknown keys: a typo such as `keyowrds` must not be silently ignored."""
    for key in data:
        if key not in allowed:
            line = getattr(data, "lines", {}).get(key, getattr(data, "line", 0))
            hint = _closest(str(key), allowed)
            suggestion = f" (did you mean `{hint}`?)" if hint else ""
            raise BriefingError(f"unknown key `{key}`{suggestion}; allowed: {', '.join(sorted(allowed))}", path, line, where)


def line_of(data: Any, key: Any) -> int:
    """Line of `key` in a LineDict/LineList, or of the container itself."""
    lines = getattr(data, "lines", None)
    if isinstance(lines, dict):
        return lines.get(key, getattr(data, "line", 0))
    if isinstance(lines, list) and isinstance(key, int) and key < len(lines):
        return lines[key]
    return getattr(data, "line", 0)


def _closest(word: str, options: set[str] | frozenset[str]) -> str:
    import difflib

    match = difflib.get_close_matches(word, sorted(options), n=1, cutoff=0.6)
    return match[0] if match else ""
