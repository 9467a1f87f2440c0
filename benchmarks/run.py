"""Benchmark the generator and the full MkDocs build on synthetic corpora, beside a plain Material peer.

Usage:
    python benchmarks/run.py --sizes 1000 10000 [--modes plain syndicated] [--out benchmarks/results.md] [--skip-mkdocs]

For each size N and mode (plain, or syndicated: about 30% of the sources
restate other sources' events, see `benchmarks/corpus.py`) a corpus is
written to a temporary folder, then:

- cold: `generator.build.build()` with an empty cache and no output yet;
- warm: the same build again (every source comes from the cache);
- edit: one sentence appended to one source, then the build again;
- edit, serve: a build, an edit, and the rebuild in the same process with
  one `Memo`, as `mkdocs serve` runs it; only the rebuild is timed;
- mkdocs: `mkdocs build` from scratch (cache and generated pages removed),
  so it includes a cold generator run and the Pagefind index; the
  generator's share is cold / mkdocs;
- peer: the same source files published as a plain Material site (each
  file a page, Material's own search with `lang: zh`, no topics, timeline
  or glossary), built right after ours in the same run; ours / peer is
  what the briefing costs over publishing the files as they are;
- search: the Pagefind index of the built site (its size, and the time to
  make it again), and a reader's first query in headless chromium from a
  cold cache: bytes fetched from `pagefind/` and seconds to the first
  result (`benchmarks/search_probe.py`);
- edit to browser (up to `--edit-browser-max` sources): `mkdocs serve
  --dirty` on the project, a source edited, seconds until the open page
  shows the edit (`benchmarks/serve_edit.py`).

Every build runs in its own subprocess. Peak memory is that process's peak
resident set size, `resource.getrusage(RUSAGE_SELF).ru_maxrss` read by the
child at its end (interpreter and imports included), for the cold run;
the worker processes' peak (`RUSAGE_CHILDREN`: the largest one) is shown
apart. The 1-minute load average before each corpus is recorded: two
cores are often shared.
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
from benchmarks.peer import peer_run, peer_versions
from benchmarks.search_probe import QUERY, breakdown, probe
from generator.site.search_index import BUNDLE, index_site

PACKAGES = ("mkdocs", "mkdocs-material", "pagefind", "pyahocorasick")
MODES = ("plain", "syndicated")
EDIT_SENTENCE = "\n\n2026年3月，这家公司又发布了一个参数量为1,200亿的开源模型。\n"
COLUMNS = (
    "N",
    "mode",
    "load",
    "corpus (MB)",
    "cold (s)",
    "warm (s)",
    "edit one (s)",
    "edit one, serve (s)",
    "peak RSS cold (MB)",
    "peak RSS warm (MB)",
    "worker peak RSS cold (MB)",
    "mkdocs build (s)",
    "mkdocs peak RSS (MB)",
    "peer build (s)",
    "ours / peer",
    "generator share",
    "largest page (KB)",
    "index (KB)",
    "index time (s)",
    "first query (KB)",
    "first result (s)",
    "edit to browser (s)",
)
MKDOCS_COLUMNS = COLUMNS[COLUMNS.index("mkdocs build (s)") :]
GENERATOR_COLUMNS = COLUMNS[COLUMNS.index("cold (s)") : COLUMNS.index("mkdocs build (s)")]
BREAKDOWN = ("code", "wasm", "meta", "index chunks", "fragments", "filters")

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


# Runs `mkdocs build` as its own child and prints the largest peak RSS of it
# and everything it waited for (the generator's workers, Pagefind), in KB.
_MKDOCS_CHILD = """
import resource, subprocess, sys
code = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", sys.argv[1], "-d", sys.argv[2]]).returncode
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(code)
"""


def mkdocs_run(root: Path) -> tuple[float, int]:
    """Wall time of a full `mkdocs build` (it runs the generator through the plugin), and its peak RSS in KB."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", _MKDOCS_CHILD, str(root / "mkdocs.yml"), str(root / "site")],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=root,
        check=False,
    )
    seconds = time.perf_counter() - start
    if proc.returncode:
        raise RuntimeError(f"mkdocs build failed in {root}:\n{proc.stderr[-4000:]}")
    return seconds, int(proc.stdout.split()[-1])


def _clean(root: Path) -> None:
    """Remove the cache and the generated pages: the next build starts cold."""
    shutil.rmtree(root / ".cache", ignore_errors=True)
    shutil.rmtree(root / "docs" / "briefing", ignore_errors=True)


def _edit_to_browser(root: Path) -> str:
    """`benchmarks/serve_edit.py`'s figure, or "—" while that module is missing."""
    try:
        from benchmarks.serve_edit import edit_to_browser
    except ImportError:
        return "—"
    try:
        return f"{edit_to_browser(root):.2f}"
    except RuntimeError as err:  # the other figures stand; say why this one is missing
        print(f"edit to browser failed: {str(err)[-2000:]}", file=sys.stderr)
        return "failed"


def _largest_page(site: Path) -> int:
    return max((p.stat().st_size for p in site.rglob("*.html") if BUNDLE not in p.parts), default=0)


def _generator_runs(root: Path, files: list[Path]) -> dict[str, str]:
    """cold, warm, edit one and edit one under serve, each in a new process."""
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
    return {
        "cold (s)": f"{cold['seconds']:.2f}",
        "warm (s)": f"{warm['seconds']:.2f}",
        "edit one (s)": f"{edit['seconds']:.2f}",
        "edit one, serve (s)": f"{serve['seconds']:.2f}",
        "peak RSS cold (MB)": f"{cold['maxrss_kb'] / 1024:.0f}",
        "peak RSS warm (MB)": f"{warm['maxrss_kb'] / 1024:.0f}",
        "worker peak RSS cold (MB)": f"{cold['workers_maxrss_kb'] / 1024:.0f}",
    }


def measure(
    n: int, mode: str, skip_mkdocs: bool, edit_browser_max: int, skip_generator: bool = False, workdir: Path | None = None
) -> dict[str, str]:
    """Every figure for one corpus size and mode, formatted for the table (and the first query's breakdown)."""
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix=f"briefing-bench-{n}-{mode}-", dir=workdir) as tmp:
        root = Path(tmp)
        files = make_corpus(root, n, syndicated=mode == "syndicated")
        corpus_bytes = sum(p.stat().st_size for p in files)
        row = {"N": str(n), "mode": mode, "load": f"{load:.1f}", "corpus (MB)": f"{corpus_bytes / 1048576:.2f}"}
        row.update(_generator_runs(root, files) if not skip_generator else dict.fromkeys(GENERATOR_COLUMNS, "—"))
        if skip_mkdocs:
            row.update({c: "—" for c in MKDOCS_COLUMNS})
            return row
        _clean(root)
        total, total_rss = mkdocs_run(root)
        peer = peer_run(root / "seeds", root / "peer")
        shutil.rmtree(root / "site" / BUNDLE)  # indexed again on its own, to time it
        index = index_site(root / "site")
        sent, first = probe(root / "site")
        row.update(
            {
                "mkdocs build (s)": f"{total:.2f}",
                "mkdocs peak RSS (MB)": f"{total_rss / 1024:.0f}",
                "peer build (s)": f"{peer:.2f}",
                "ours / peer": f"{total / peer:.2f}×",
                "generator share": f"{float(row['cold (s)']) / total:.0%}" if row["cold (s)"] != "—" else "—",
                "largest page (KB)": f"{_largest_page(root / 'site') / 1024:.0f}",
                "index (KB)": f"{index.bytes / 1024:.0f}",
                "index time (s)": f"{index.seconds:.2f}",
                "first query (KB)": f"{sum(sent.values()) / 1024:.0f}",
                "first result (s)": f"{first:.2f}",
                "edit to browser (s)": _edit_to_browser(root) if n <= edit_browser_max else "—",
            }
        )
        row.update({f"breakdown {k}": f"{v / 1024:.0f}" for k, v in breakdown(sent).items()})
        return row


def table(rows: list[dict[str, str]]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "|".join("---:" if c != "mode" else "---" for c in COLUMNS) + "|"]
    lines += ["| " + " | ".join(row[c] for c in COLUMNS) + " |" for row in rows]
    return "\n".join(lines)


def search_table(rows: list[dict[str, str]]) -> str:
    """The first query's bytes by kind of file, per corpus."""
    rows = [r for r in rows if r["first query (KB)"] != "—"]
    if not rows:
        return ""
    head = ["N", "mode", *(f"{k} (KB)" for k in BREAKDOWN), "total (KB)", "first result (s)"]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---:" if h != "mode" else "---" for h in head) + "|"]
    for r in rows:
        cells = [r["N"], r["mode"], *(r.get(f"breakdown {k}", "0") for k in BREAKDOWN), r["first query (KB)"], r["first result (s)"]]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def growth(rows: list[dict[str, str]]) -> str:
    """Cold build growth from the smallest to the largest size, per mode (where both were measured)."""
    measures = (("cold (s)", "generator cold"), ("mkdocs build (s)", "full `mkdocs build`"), ("peer build (s)", "peer"))
    lines = []
    for mode in MODES:
        sized = sorted((r for r in rows if r["mode"] == mode), key=lambda r: int(r["N"]))
        if len(sized) < 2:
            continue
        lo, hi = sized[0], sized[-1]
        parts = [f"{name} {float(hi[c]) / float(lo[c]):.1f}×" for c, name in measures if "—" not in (lo[c], hi[c])]
        if parts:
            lines.append(f"- {mode}, {lo['N']} → {hi['N']} sources: " + ", ".join(parts))
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
    lines.append(f"- peer: {peer_versions()}")
    return "\n".join(lines)


def report(rows: list[dict[str, str]], skip_mkdocs: bool) -> str:
    notes = [
        "mode: plain = every source reports its own events; syndicated = about 30% of the sources restate events of earlier sources in other words, with their own (later) dates.",
        "load = the machine's 1-minute load average when the corpus started (2 cores; other work may share them, so times are upper bounds).",
        (
            "cold = generator build with an empty cache; warm = the same build again, in a new process; "
            "edit one = after appending a dated sentence to one source, in a new process; "
            "edit one, serve = the same in the process that built before (as `mkdocs serve` rebuilds, with its memo in memory)."
        ),
        (
            "Peak RSS = the build process's `ru_maxrss` (RUSAGE_SELF, read by the child), interpreter included; "
            "worker peak RSS = the largest worker process's (RUSAGE_CHILDREN), 0 when no workers ran. "
            "Workers run one per core, so the build's total peak is at most the build's plus that many times the worker's."
        ),
    ]
    if skip_mkdocs:
        notes.append("`mkdocs build` was skipped (--skip-mkdocs).")
    else:
        notes += [
            (
                "mkdocs build = full `mkdocs build` from scratch (a cold generator run and the Pagefind index included); "
                "peer build = `mkdocs build` of the same source files as a plain Material site (`benchmarks/peer.py`: one page per file, "
                "a sources index as its navigation, Material's search plugin with `lang: zh`), run right after ours; "
                "ours / peer = what the briefing costs over publishing the files as they are; generator share = cold / mkdocs build."
            ),
            "mkdocs peak RSS = the largest peak resident set of the `mkdocs build` process and every process it waited for (the generator's workers, Pagefind).",
            "largest page = the largest HTML file of the built site (the search bundle aside).",
            (
                "index = the `pagefind/` bundle (the browser loads only the chunks a query needs); index time = Pagefind indexing the built site again; "
                f"first query = every byte the local server sent from `pagefind/` to headless chromium with a cold cache, from page load to the first result for `{QUERY}`; "
                "first result = from typing the query to the first result shown."
            ),
            "edit to browser = `mkdocs serve --dirty`, one source edited, until the open page shows the edit (`benchmarks/serve_edit.py`); measured up to `--edit-browser-max` sources.",
        ]
    parts = [
        "# Benchmark results",
        "Synthetic corpora from `benchmarks/corpus.py` (news-like text over a Zipf vocabulary, five source shapes).",
        table(rows),
        "\n".join(f"- {n}" for n in notes),
    ]
    if searched := search_table(rows):
        parts += ["## The first query, by kind of file", searched]
    if grown := growth(rows):
        parts += ["## Growth", grown]
    parts += ["## Machine", machine()]
    return "\n\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Benchmark the briefing generator and the MkDocs build, beside a plain Material peer.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="corpus sizes (number of sources)")
    parser.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES), help="corpus modes")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results.md", help="Markdown results file")
    parser.add_argument("--skip-mkdocs", action="store_true", help="measure the generator only")
    parser.add_argument(
        "--skip-generator",
        action="store_true",
        help="skip the generator-only runs (cold, warm, edits): `mkdocs build`, the peer and search only",
    )
    parser.add_argument("--edit-browser-max", type=int, default=1000, help="largest corpus to measure edit-to-browser on")
    args = parser.parse_args(argv)
    rows = []
    for n in args.sizes:
        for mode in args.modes:
            print(f"N={n} {mode} (load {os.getloadavg()[0]:.1f}) ...", file=sys.stderr, flush=True)
            rows.append(measure(n, mode, args.skip_mkdocs, args.edit_browser_max, args.skip_generator))
            # Written after every corpus: a long run leaves its figures so far.
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(report(rows, args.skip_mkdocs), encoding="utf-8")
    print(table(rows))
    print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
