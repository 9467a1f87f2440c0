"""The package layout is the pipeline: stages import one way, checked by import-linter."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")


def lint(root: Path) -> subprocess.CompletedProcess[str]:
    # PYTHONPATH first, so a copy of the package shadows the editable install.
    env = {**os.environ, "PYTHONPATH": str(root), "NO_COLOR": "1"}
    return subprocess.run([str(LINT), str(root / "pyproject.toml"), "--no-cache"],
                          cwd=root, env=env, capture_output=True, text=True, timeout=300, check=False)


def words(text: str) -> str:
    """The report with its line wrapping undone."""
    return " ".join(text.split())


def copy_project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "generator", tmp_path / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def test_the_contracts_hold():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(("module", "line"), [
    ("core/model.py", "from generator.site import pipeline"),          # core reaching up
    ("analysis/classify.py", "from generator.site.writers import markdown"),  # analysis on presentation
    ("glossary/matcher.py", "from generator.timeline import entries"),  # siblings are independent
    ("sources/loader.py", "from generator.analysis import passages"),
])
def test_a_wrong_import_breaks_the_build(tmp_path, module, line):
    root = copy_project(tmp_path)
    path = root / "generator" / module
    path.write_text(path.read_text() + f"\n{line}  # noqa\n")
    result = lint(root)
    assert result.returncode == 1 and "cli BROKEN" in words(result.stdout), result.stdout + result.stderr


def test_a_cycle_inside_a_package_breaks_the_build(tmp_path):
    root = copy_project(tmp_path)
    path = root / "generator" / "timeline" / "model.py"
    path.write_text(path.read_text() + "\nfrom generator.timeline import entries  # noqa\n")
    result = lint(root)
    assert result.returncode == 1 and "package BROKEN" in words(result.stdout), result.stdout


def test_top_level_holds_only_the_entry_points():
    modules = sorted(p.name for p in (ROOT / "generator").glob("*.py"))
    assert modules == ["__init__.py", "build.py", "cli.py", "plugin.py"]
