"""Command line: `briefing build | check | explain | verdicts suggest`. Thin over the library."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import yaml

from generator.analysis.classify import explain
from generator.build import build
from generator.core.config import Settings
from generator.core.errors import BriefingError
from generator.site.pipeline import load_site, suggest_verdicts
from generator.sources.loader import source_problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="briefing", description="Generate the briefing site's pages from seeds/ and the curated files.")
    parser.add_argument("--root", type=Path, default=Path("."), help="project folder holding mkdocs.yml (default: current folder)")
    parser.add_argument("--max-source-mb", type=float, help="refuse source files larger than this (default: the plugin's `max_source_mb` in mkdocs.yml, else 20)")
    sub = parser.add_subparsers(dest="command", required=True)
    p_build = sub.add_parser("build", help="generate docs/briefing/ from seeds/ and curation/ (no MkDocs run)")
    p_build.add_argument("--no-progress", action="store_true", help="no progress bar (shown only on a terminal, outside CI, for 300+ sources)")
    p_check = sub.add_parser("check", help="validate every source and curated file, build, then run `mkdocs build --strict`")
    p_check.add_argument("--no-mkdocs", action="store_true", help="skip the strict MkDocs build (faster; checks the generator stage only)")
    p_check.add_argument("--verbose", action="store_true", help="list every notice (what the build worked around in a source), not just their count")
    p_explain = sub.add_parser("explain", help="why each passage is in or out of a topic: its score, the words that matched "
                               "and the rule behind each (keyword, family rule, heading or lead-in, exclusion)")
    p_explain.add_argument("topic", help="topic id: a file name in curation/topics/ without .md")
    p_explain.add_argument("--passage", default="", metavar="TEXT",
                           help="only passages whose id or text contains TEXT (any case), e.g. a name such as Qwen2.5-Coder")
    p_verdicts = sub.add_parser("verdicts", help="help with curation/verdicts.yml, the predictions ledger's verdicts")
    verdicts_sub = p_verdicts.add_subparsers(dest="verdicts_command", required=True)
    p_suggest = verdicts_sub.add_parser(
        "suggest", help="print a YAML skeleton for curation/verdicts.yml: each prediction awaiting a verdict, "
        "its text, and passages of later sources that may decide it (as comments); `status` is left to you")
    p_suggest.add_argument("--due", action="store_true", help="only predictions whose target period is over and that have "
                           "no verdict yet (default: also those whose period has started, and those marked pending)")
    args = parser.parse_args(argv)
    try:
        settings = load_settings(args.root.resolve(), args.max_source_mb)
        if args.command == "build":
            return _build(replace(settings, progress=not args.no_progress))
        if args.command == "check":
            return _check(settings, mkdocs=not args.no_mkdocs, verbose=args.verbose)
        if args.command == "explain":
            print(explain(load_site(settings).classification, args.topic, only=args.passage), end="")
            return 0
        if args.command == "verdicts":
            print(suggest_verdicts(load_site(settings), due_only=args.due), end="")
            return 0
    except BriefingError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except OSError as err:
        # A file the build cannot read or write (permissions, a full disk).
        where = f"{err.filename}: " if err.filename else ""
        print(f"error: {where}{err.strerror or err}", file=sys.stderr)
        return 1
    except RecursionError:
        print("error: an input is nested too deeply to read (Python's recursion limit)", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        # The workers are gone with the build (see core/workers.py); nothing half-written stays.
        print("error: interrupted", file=sys.stderr)
        return 130
    return 2


def load_settings(root: Path, max_source_mb: float | None = None) -> Settings:
    """Settings from the `briefing` plugin's options in mkdocs.yml, so the CLI builds what MkDocs builds."""
    options = plugin_options(root / "mkdocs.yml")
    fields = {key: options[key] for key in ("seeds", "curation", "cache") if isinstance(options.get(key), str)}
    if isinstance(options.get("max_source_mb"), (int, float)) and not isinstance(options["max_source_mb"], bool):
        fields["max_source_mb"] = float(options["max_source_mb"])
    if isinstance(options.get("workers"), int) and not isinstance(options["workers"], bool) and options["workers"] >= 0:
        fields["workers"] = options["workers"]
    if options.get("allow_outside_roots") is True:
        fields["allow_outside_roots"] = True
    if isinstance(options.get("docs_dir"), str):
        fields["docs"] = options["docs_dir"]
    if max_source_mb is not None:
        fields["max_source_mb"] = max_source_mb
    # What the feeds need from MkDocs' own settings, as `mkdocs build` passes them.
    for key, field_name, kind in (("site_url", "site_url", str), ("site_name", "site_name", str),
                                  ("use_directory_urls", "directory_urls", bool)):
        if isinstance(options.get(key), kind):
            fields[field_name] = options[key]
    return Settings(root=root, **fields)


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running its `!!python/...` or `!ENV` tags."""


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def plugin_options(path: Path) -> dict:
    """`docs_dir` and the `briefing` plugin's options from mkdocs.yml ({} without one)."""
    if not path.is_file():
        return {}
    try:
        config = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_ConfigLoader)  # a SafeLoader subclass
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise BriefingError(f"cannot read mkdocs.yml: {str(exc).splitlines()[0]}", path.name) from None
    if not isinstance(config, dict):
        return {}
    options: dict = {key: config.get(key) for key in ("docs_dir", "site_url", "site_name", "use_directory_urls")}
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("briefing"), dict):
            options.update(plugin["briefing"])
    return options


def _build(settings: Settings) -> int:
    result = build(settings)
    for warning in result.site.warnings:
        print(f"warning: {warning} (skipped)", file=sys.stderr)
    r = result.report
    print(f"{len(result.site.sources)} sources -> {len(r.written)} pages written, {r.unchanged} unchanged, {len(r.removed)} removed")
    for line in result.notes() + result.skipped():
        print(line)
    return 0


def _check(settings: Settings, mkdocs: bool = True, verbose: bool = False) -> int:
    """Report every problem found, one `file:line: message` line each; 1 if any.

    Notices (what the build worked around in a source) never fail the check:
    one summary line, or one line each with `verbose`.
    """
    errors, warnings = source_problems(settings)
    errors += _curated_problems(settings)
    summary = ""
    notices: list[str] = []
    if not errors:
        try:
            result = build(settings)
            warnings = list(result.site.warnings)
            notices = [f"{n} (notice)" for n in result.site.notices] if verbose else result.notes()
            summary = f"{len(result.site.sources)} sources, {len(result.report.written) + result.report.unchanged} pages"
        except BriefingError as err:
            errors.append(err)
    problems = [str(e) for e in errors]
    if not problems and mkdocs:
        problems = _strict_build(settings)
    for warning in warnings:
        print(f"{warning} (warning: skipped)", file=sys.stderr)
    for notice in notices:
        print(notice, file=sys.stderr)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"briefing check: {len(problems)} problem(s) to fix", file=sys.stderr)
        return 1
    strict = "; mkdocs build --strict passed" if mkdocs else ""
    print(f"briefing check: OK ({summary}{strict})")
    return 0


def _curated_problems(settings: Settings) -> list[BriefingError]:
    """Load each curated file on its own, so one bad file does not hide the next."""
    from generator.analysis.topics import load_topics
    from generator.glossary.curated import load_curated_terms

    folder = settings.curation_dir
    shown = settings.display(folder)
    loaders: list[Callable[[], object]] = [
        lambda: load_topics(folder / "topics", f"{shown}/topics"),
        lambda: load_curated_terms(folder / "glossary.yml", f"{shown}/glossary.yml"),
    ]
    problems = []
    for load in loaders:
        try:
            load()
        except BriefingError as err:
            problems.append(err)
    return problems


def _strict_build(settings: Settings) -> list[str]:
    """Run `mkdocs build --strict` into a temporary folder; its warnings and errors as `file: message` lines."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryDirectory(prefix="briefing-check-") as out:
        run = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", out],
            cwd=settings.root, env=env, capture_output=True, text=True, check=False,
        )
    found = [_mkdocs_problem(message, settings.docs) for message in mkdocs_messages(run.stderr)]
    if run.returncode and not found:
        tail = " ".join(line.strip() for line in run.stderr.splitlines()[-5:] if line.strip())
        found = [f"mkdocs.yml: mkdocs build --strict failed (exit {run.returncode}): {tail}"]
    return found


def mkdocs_messages(log: str) -> list[str]:
    """MkDocs' WARNING and ERROR messages, each with its indented continuation lines."""
    messages: list[str] = []
    current = None
    for line in log.splitlines():
        if line.startswith(("WARNING", "ERROR")) and "Aborted with" not in line:
            current = _LEVEL.sub("", line).strip()
            messages.append(current)
        elif current is not None and line[:1].isspace() and line.strip():
            messages[-1] = messages[-1] + " " + line.strip()
        else:
            current = None
    return messages


_LEVEL = re.compile(r"^(?:WARNING|ERROR)\s*-\s*")
_DOC_FILE = re.compile(r"Doc file '([^']+)'")


def _mkdocs_problem(message: str, docs: str) -> str:
    doc = _DOC_FILE.search(message)
    return f"{docs}/{doc.group(1)}: {message}" if doc else f"mkdocs.yml: mkdocs build --strict: {message}"


if __name__ == "__main__":
    sys.exit(main())
