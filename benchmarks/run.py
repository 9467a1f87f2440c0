"""Benchmark the generator and the full MkDocs build on synthetic corpora.

Usage:
    python benchmarks/run.py --sizes 100 1000 10000 [--out benchmarks/results.md] [--skip-mkdocs]

For each size N a corpus (see `benchmarks/corpus.py`) is written to a
temporary folder, then:

- cold: `generator.build.build()` with an empty cache and no output yet;
- warm: the same build again (every source comes from the cache);
- edit: one sentence appended to one source, then the build again;
- edit, serve: a build, an edit, and the rebuild in the same process with
  one `Memo`, as `mkdocs serve` runs it; only the rebuild is timed;
- mkdocs: `mkdocs build` from scratch (cache and generated pages removed),
  so it includes a cold generator run; the generator's share is
  cold / mkdocs;
- search: the Pagefind index of the built site (its size, and the time to
  make it again), and a reader's first query in headless chromium from a
  cold cache: bytes fetched from `pagefind/` and seconds to the first
  result (`benchmarks/search_probe.py`).

Every build runs in its own subprocess. Peak memory is that process's peak
resident set size, `resource.getrusage(RUSAGE_SELF).ru_maxrss` read by the
child at its end (interpreter and imports included), for the cold run;
the worker processes' peak (`RUSAGE_CHILDREN`: the largest one) is shown
apart.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.corpus import make_corpus
from benchmarks.search_probe import QUERY, first_query
from generator.site.search_index import BUNDLE, index_site

PACKAGES = ("mkdocs", "mkdocs-material", "pagefind", "pyahocorasick")
EDIT_SENTENCE = "\n\n2026年3月，这家公司又发布了一个参数量为1,200亿的开源模型。\n"
COLUMNS = (
    "N", "corpus (MB)", "cold (s)", "warm (s)", "edit one (s)", "edit one, serve (s)", "peak RSS cold (MB)", "peak RSS warm (MB)",
    "worker peak RSS cold (MB)", "mkdocs build (s)", "generator share", "index (KB)", "index time (s)", "first query (KB)",
    "first result (s)",
)
MKDOCS_COLUMNS = COLUMNS[9:]

# Run in a child process: one build, then its wall time and peak RSS as JSON.
# With a second argument, as `mkdocs serve` does: a build, an edit of that
# file, and the rebuild with the same Memo, which alone is timed.
_CHILD = """
import json, resource, sys, time
from pathlib import Path
from generator.build import build
from generator.core.config import Settings
from generator.core.memo import Memo
settings = Settings(root=Path(sys.argv[1]))
memo = None
if len(sys.argv) > 2:
    memo = Memo(settings.cache_dir)
    build(settings, memo)
    with open(sys.argv[2], "a", encoding="utf-8") as fh:
        fh.write(sys.argv[3])
start = time.perf_counter()
result = build(settings, memo)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "workers_maxrss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                  "sources": len(result.site.sources), "parsed": result.site.parsed}))
"""


def _env() -> dict[str, str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    return env


def generator_run(root: Path, edit: Path | None = None) -> dict:
    """One generator build in a fresh process: {seconds, maxrss_kb, workers_maxrss_kb, sources, parsed}.

    With `edit`, the timed build is a rebuild after appending to that file,
    in the process that built before it (as `mkdocs serve` rebuilds).
    """
    extra = [str(edit), EDIT_SENTENCE] if edit else []
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(root), *extra], capture_output=True, text=True, env=_env(), check=False)
    if proc.returncode:
        raise RuntimeError(f"generator build failed in {root}:\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def mkdocs_run(root: Path) -> float:
    """Wall time of a full `mkdocs build` (it runs the generator through the plugin)."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(root / "site")],
        capture_output=True, text=True, env=_env(), cwd=root, check=False,
    )
    seconds = time.perf_counter() - start
    if proc.returncode:
        raise RuntimeError(f"mkdocs build failed in {root}:\n{proc.stderr[-4000:]}")
    return seconds


def _clean(root: Path) -> None:
    """Remove the cache and the generated pages: the next build starts cold."""
    shutil.rmtree(root / ".cache", ignore_errors=True)
    shutil.rmtree(root / "docs" / "briefing", ignore_errors=True)


def measure(n: int, skip_mkdocs: bool, workdir: Path | None = None) -> dict[str, str]:
    """Every figure for one corpus size, formatted for the table."""
    with tempfile.TemporaryDirectory(prefix=f"briefing-bench-{n}-", dir=workdir) as tmp:
        root = Path(tmp)
        files = make_corpus(root, n)
        corpus_bytes = sum(p.stat().st_size for p in files)
        cold = generator_run(root)
        warm = generator_run(root)
        edited = files[len(files) // 2]
        with edited.open("a", encoding="utf-8") as fh:
            fh.write(EDIT_SENTENCE)
        edit = generator_run(root)
        serve = generator_run(root, edit=files[len(files) // 3])
        for run, parsed in ((warm, 0), (edit, 1), (serve, 1)):
            if run["parsed"] != parsed:
                raise RuntimeError(f"expected {parsed} source(s) parsed, got {run['parsed']}: the cache is not working")
        row = {
            "N": str(n),
            "corpus (MB)": f"{corpus_bytes / 1048576:.2f}",
            "cold (s)": f"{cold['seconds']:.2f}",
            "warm (s)": f"{warm['seconds']:.2f}",
            "edit one (s)": f"{edit['seconds']:.2f}",
            "edit one, serve (s)": f"{serve['seconds']:.2f}",
            "peak RSS cold (MB)": f"{cold['maxrss_kb'] / 1024:.0f}",
            "peak RSS warm (MB)": f"{warm['maxrss_kb'] / 1024:.0f}",
            "worker peak RSS cold (MB)": f"{cold['workers_maxrss_kb'] / 1024:.0f}",
        }
        if skip_mkdocs:
            row.update({c: "—" for c in MKDOCS_COLUMNS})
            return row
        _clean(root)
        total = mkdocs_run(root)
        shutil.rmtree(root / "site" / BUNDLE)  # indexed again on its own, to time it
        index = index_site(root / "site")
        fetched, first = first_query(root / "site")
        row.update({
            "mkdocs build (s)": f"{total:.2f}",
            "generator share": f"{cold['seconds'] / total:.0%}",
            "index (KB)": f"{index.bytes / 1024:.0f}",
            "index time (s)": f"{index.seconds:.2f}",
            "first query (KB)": f"{fetched / 1024:.0f}",
            "first result (s)": f"{first:.2f}",
        })
        return row


def table(rows: list[dict[str, str]]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "|".join("---:" for _ in COLUMNS) + "|"]
    lines += ["| " + " | ".join(row[c] for c in COLUMNS) + " |" for row in rows]
    return "\n".join(lines)


def machine() -> str:
    """The machine and the versions that the figures depend on, as a Markdown list."""
    mem = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 1048576:.1f} GiB"
    except OSError:
        pass
    lines = [
        f"- CPU cores: {os.cpu_count()}",
        f"- Memory: {mem}",
        f"- Platform: {platform.platform()}",
        f"- Python: {platform.python_version()}",
    ]
    for name in PACKAGES:
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            version = "not installed"
        lines.append(f"- {name}: {version}")
    return "\n".join(lines)


def report(rows: list[dict[str, str]], skip_mkdocs: bool) -> str:
    notes = [
        ("cold = generator build with an empty cache; warm = the same build again, in a new process; "
        "edit one = after appending a dated sentence to one source, in a new process; "
        "edit one, serve = the same in the process that built before (as `mkdocs serve` rebuilds, with its memo in memory)."),
        ("Peak RSS = the build process's `ru_maxrss` (RUSAGE_SELF, read by the child), interpreter included; "
         "worker peak RSS = the largest worker process's (RUSAGE_CHILDREN), 0 when no workers ran (fewer than 200 sources to parse or digest, and fewer than 200 source pages and topic groups to render). "
         "Workers run one per core, so the build's total peak is at most the build's plus that many times the worker's."),
    ]
    if skip_mkdocs:
        notes.append("`mkdocs build` was skipped (--skip-mkdocs).")
    else:
        notes.append("mkdocs build = full `mkdocs build` from scratch (includes a cold generator run and the Pagefind index); "
                     "generator share = cold / mkdocs build. Index = the `pagefind/` bundle (the browser loads only the chunks a query needs); "
                     f"index time = Pagefind indexing the built site again; first query = everything fetched from `pagefind/` "
                     f"by headless chromium from a cold cache, from page load to the first result for `{QUERY}`; "
                     "first result = from typing the query to the first result shown.")
    return "\n\n".join([
        "# Benchmark results",
        "Synthetic corpora from `benchmarks/corpus.py` (sentences recombined from seeds/, five source shapes).",
        table(rows),
        "\n".join(f"- {n}" for n in notes),
        "## Machine",
        machine(),
    ]) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Benchmark the briefing generator and the MkDocs build.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000], help="corpus sizes (number of sources)")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results.md", help="Markdown results file")
    parser.add_argument("--skip-mkdocs", action="store_true", help="measure the generator only")
    args = parser.parse_args(argv)
    rows = []
    for n in args.sizes:
        print(f"N={n} ...", file=sys.stderr, flush=True)
        rows.append(measure(n, args.skip_mkdocs))
    text = report(rows, args.skip_mkdocs)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(table(rows))
    print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
