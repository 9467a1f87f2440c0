"""Two builds of the same inputs give byte-identical Markdown: any file order, any hash seed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from generator.build import build
from generator.core.config import Settings

ROOT = Path(__file__).resolve().parent.parent


def copy_project(root: Path, reverse: bool) -> Path:
    """The real seeds and curated files, created in name order or its reverse."""
    seeds = root / "seeds"
    seeds.mkdir(parents=True)
    for path in sorted((ROOT / "seeds").iterdir(), reverse=reverse):
        if path.is_file():
            shutil.copy2(path, seeds / path.name)
    curation = root / "curation"
    curation.mkdir()
    for path in sorted((ROOT / "curation").rglob("*"), reverse=reverse):
        target = curation / path.relative_to(ROOT / "curation")
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    return root


def generated(root: Path) -> dict[str, bytes]:
    folder = root / "docs" / "briefing"
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_file_system_order_does_not_change_the_output(tmp_path, monkeypatch) -> None:
    forward = copy_project(tmp_path / "forward", reverse=False)
    backward = copy_project(tmp_path / "backward", reverse=True)
    build(Settings(root=forward, cache=".cache"))
    # Many file systems list in hash order whatever the creation order, so
    # also reverse every listing the build makes.
    for name in ("iterdir", "glob", "rglob"):
        real = getattr(Path, name)
        monkeypatch.setattr(Path, name, lambda self, *a, _real=real, **k: iter(sorted(_real(self, *a, **k), reverse=True)))
    build(Settings(root=backward, cache=".cache"))
    monkeypatch.undo()
    first, second = generated(forward), generated(backward)
    assert len(first) > 5 and first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_hash_seed_does_not_change_the_output(tmp_path) -> None:
    outputs = []
    for seed in ("1", "2"):
        root = copy_project(tmp_path / f"seed{seed}", reverse=seed == "2")
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(root), "build"],
                             env=env, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
        assert run.returncode == 0, run.stderr
        outputs.append(generated(root))
    first, second = outputs
    assert len(first) > 5 and first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []
