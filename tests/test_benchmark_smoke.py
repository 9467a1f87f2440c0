"""Smoke test of the benchmark script: it runs end to end at N=50 and writes its report."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.run import COLUMNS


def test_benchmark_writes_results_for_50_sources(tmp_path):
    out = tmp_path / "results.md"
    # The full mkdocs build, the peer's and the search probe in chromium take a few seconds at N=50;
    # edit-to-browser (a `mkdocs serve`) has its own test, so it is left out here.
    proc = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "run.py"),
            "--sizes",
            "50",
            "--modes",
            "syndicated",
            "--edit-browser-max",
            "0",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| 50 |")]
    assert len(rows) == 2  # the main table and the first query's breakdown
    cells = dict(zip(COLUMNS, (c.strip() for c in rows[0].strip("|").split("|")), strict=True))
    assert cells["mode"] == "syndicated"
    measured = {c: v for c, v in cells.items() if c not in ("mode", "edit to browser (s)")}
    assert all(v and v != "—" for v in measured.values()), measured  # mkdocs, peer and search measured, not skipped
    assert float(cells["ours / peer"].rstrip("×")) > 0
    assert cells["edit to browser (s)"] == "—"
    assert "## Machine" in text
    assert "CPU cores:" in text and "Python:" in text and "mkdocs-material:" in text and "peer:" in text
