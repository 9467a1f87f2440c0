"""YAML loading that remembers line numbers, so curation errors can point at them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from generator.core.errors import BriefingError


class LineDict(dict):
    """A mapping from YAML that knows the line of each key (`lines[key]`) and its own."""

    line = 0
    lines: dict


class LineList(list):
    """A sequence from YAML that knows the line of each item and its own."""

    line = 0
    lines: list


class _Loader(yaml.SafeLoader):
    pass


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


def parse(text: str, path: str, line_offset: int = 0) -> Any:
    """Parse YAML text; errors become BriefingError with file and line."""
    try:
        return yaml.load(text, Loader=_FastLoader)  # a SafeLoader (or CSafeLoader) subclass
    except (yaml.YAMLError, ValueError, TypeError, OverflowError):
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


def load(path: Path, display: str = "") -> Any:
    """Read and parse a YAML file."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise BriefingError("curated file must be UTF-8", display or str(path)) from None
    return parse(text, display or str(path))


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
