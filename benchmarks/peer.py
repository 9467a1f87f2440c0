"""The peer of a benchmark: the same source files published as a plain Material site.

What publishing the files as they are costs, with nothing of the briefing:
one page per source file (its text as Markdown, front matter and all), a
home page that links every source (as our sources index does: a navigation
that listed N pages on each of N pages would grow as N²), and Material's
own search plugin with `lang: zh`, which cuts Chinese into words with
jieba when jieba is installed. No topics, timeline, glossary or Pagefind.

The peer runs in the interpreter BRIEFING_PEER_PYTHON names (default: this
one); it needs mkdocs and mkdocs-material, and jieba for Chinese words.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

PEER_PYTHON = os.environ.get("BRIEFING_PEER_PYTHON", sys.executable)
MKDOCS_YML = """\
site_name: 来源（Material 原样发布）
theme:
  name: material
  language: zh
plugins:
  - search:
      lang: zh
      separator: '[\\s\\u200b\\-]'
nav:
  - index.md
not_in_nav: |
  /sources/
"""


def write_peer(seeds: Path, peer: Path) -> int:
    """Write the peer project for the source files in `seeds`; returns the number of pages."""
    docs = peer / "docs" / "sources"
    docs.mkdir(parents=True, exist_ok=True)
    links = ["# 来源", ""]
    sources = sorted(p for p in seeds.glob("*.txt"))
    for path in sources:
        (docs / f"{path.stem}.md").write_bytes(path.read_bytes())
        links.append(f"- [{path.stem}](sources/{path.stem}.md)")
    (peer / "docs" / "index.md").write_text("\n".join(links) + "\n", encoding="utf-8")
    (peer / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    return len(sources) + 1


def peer_run(seeds: Path, peer: Path) -> float:
    """Write the peer project and time its full `mkdocs build`, in seconds.

    Raises:
        RuntimeError: the build failed (MkDocs' own message is kept).
    """
    write_peer(seeds, peer)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    start = time.perf_counter()
    proc = subprocess.run(
        [PEER_PYTHON, "-m", "mkdocs", "build", "-q", "-f", str(peer / "mkdocs.yml"), "-d", str(peer / "site")],
        capture_output=True,
        text=True,
        env=env,
        cwd=peer,
        check=False,
    )
    seconds = time.perf_counter() - start
    if proc.returncode:
        raise RuntimeError(f"peer mkdocs build failed in {peer}:\n{proc.stderr[-4000:]}")
    return seconds


def peer_versions() -> str:
    """The peer interpreter's mkdocs, mkdocs-material and jieba versions."""
    code = (
        "import importlib.metadata as m\n"
        "def v(n):\n"
        "    try: return m.version(n)\n"
        "    except m.PackageNotFoundError: return 'not installed'\n"
        "print(', '.join(f'{n} {v(n)}' for n in ('mkdocs', 'mkdocs-material', 'jieba')))"
    )
    proc = subprocess.run([PEER_PYTHON, "-c", code], capture_output=True, text=True, check=False)
    return f"`{PEER_PYTHON}`: " + (proc.stdout.strip() or "unknown")
