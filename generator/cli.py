"""Command line: `briefing build | check | explain`. Thin over the library."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .build import build
from .config import Settings
from .errors import BriefingError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="briefing", description="Generate the briefing site's pages from seeds/ and the curated files.")
    parser.add_argument("--root", type=Path, default=Path("."), help="project folder holding mkdocs.yml (default: current folder)")
    sub = parser.add_subparsers(dest="command", required=True)
    p_build = sub.add_parser("build", help="generate docs/briefing/ from seeds/ and curation/ (no MkDocs run)")
    p_build.add_argument("--progress", action="store_true", help="show a progress bar on a terminal for large corpora")
    args = parser.parse_args(argv)
    settings = Settings(root=args.root.resolve(), progress=getattr(args, "progress", False))
    try:
        if args.command == "build":
            return _build(settings)
    except BriefingError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 2


def _build(settings: Settings) -> int:
    result = build(settings)
    for warning in result.site.warnings:
        print(f"warning: {warning} (skipped)", file=sys.stderr)
    r = result.report
    print(f"{len(result.site.sources)} sources -> {len(r.written)} pages written, {r.unchanged} unchanged, {len(r.removed)} removed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
