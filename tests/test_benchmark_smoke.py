"""Smoke test of the benchmark script: it runs end to end at N=50 and writes its report."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_benchmark_writes_results_for_50_sources(tmp_path):
    out = tmp_path / "results.md"
    # The full mkdocs build at N=50 takes a few seconds, so it is included (with the search probe in chromium).
    proc = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "run.py"), "--sizes", "50", "--out", str(out)],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| 50 |")]
    assert len(rows) == 1
    cells = [c.strip() for c in rows[0].strip("|").split("|")]
    assert len(cells) == 15 and "—" not in cells  # mkdocs columns measured, not skipped
    assert "## Machine" in text
    assert "CPU cores:" in text and "Python:" in text and "mkdocs-material:" in text
