"""`briefing check`: every problem as a `file:line: message` line and exit 1, or a short OK and exit 0."""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

import pytest

from generator.cli import main, mkdocs_messages

ROOT = Path(__file__).resolve().parent.parent


def copy_project(root: Path) -> Path:
    """The real project (sources, curated files, hand-written docs) without generated pages."""
    shutil.copy(ROOT / "mkdocs.yml", root)
    shutil.copytree(ROOT / "docs", root / "docs", ignore=lambda folder, names: ["briefing"] if Path(folder) == ROOT / "docs" else [])
    for folder in ("seeds", "curation"):
        shutil.copytree(ROOT / folder, root / folder)
    return root


def check(root: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--root", str(root), "check", *args])
    return code, out.getvalue(), err.getvalue()


def test_check_passes_on_a_good_project(tmp_path) -> None:
    code, out, err = check(copy_project(tmp_path))
    assert code == 0, err
    sources = len([p for p in (ROOT / "seeds").iterdir() if p.name != "sources.yml"])
    assert out.startswith(f"briefing check: OK ({sources} sources, ")
    assert out.rstrip().endswith("mkdocs build --strict passed)")
    assert err == ""


def test_check_reports_every_bad_curated_file_with_file_and_line(tmp_path) -> None:
    root = copy_project(tmp_path)
    sources = root / "seeds" / "sources.yml"
    text = sources.read_text(encoding="utf-8")
    line = text.splitlines().index("  kind: 博客文章") + 1
    sources.write_text(text.replace("  kind: 博客文章", "  knid: 博客文章", 1), encoding="utf-8")
    topic = root / "curation" / "topics" / "agents.md"
    topic.write_text(topic.read_text(encoding="utf-8").replace("\nsummary:", "\nsumary:", 1), encoding="utf-8")
    curated = {p: p.read_bytes() for p in (sources, topic)}
    code, out, err = check(root, "--no-mkdocs")
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert lines[0].startswith(f"seeds/sources.yml:{line}: 001_82380a7551734421.txt: unknown key `knid` (did you mean `kind`?)")
    assert lines[1].startswith("curation/topics/agents.md:3: sumary: unknown key `sumary` (did you mean `summary`?)")
    assert lines[-1] == "briefing check: 2 problem(s) to fix"
    assert "Traceback" not in err
    assert {p: p.read_bytes() for p in curated} == curated


def test_check_reports_a_source_that_stops_the_build(tmp_path) -> None:
    root = copy_project(tmp_path)
    (root / "seeds" / "zz-broken.md").write_text("# x\n\n正文。\n", encoding="utf-8")
    with (root / "seeds" / "sources.yml").open("a", encoding="utf-8") as curated:
        curated.write("\nzz-broken.md:\n  corrections:\n    - {from: 无此词, to: 有}\n")
    line = (root / "seeds" / "sources.yml").read_text(encoding="utf-8").splitlines().index("    - {from: 无此词, to: 有}") + 1
    (root / "seeds" / "zz-empty.txt").write_bytes(b"")
    code, _, err = check(root, "--no-mkdocs")
    assert code == 1
    assert err.splitlines() == [
        "seeds/zz-empty.txt: file is empty (warning: skipped)",
        f"seeds/sources.yml:{line}: zz-broken.md: correction `无此词` -> `有` matches nothing in zz-broken.md",
        "briefing check: 1 problem(s) to fix",
    ]


def test_check_lists_a_sources_front_matter_problems_as_notices(tmp_path) -> None:
    """A document's own front matter never fails the check: one summary line, or each with --verbose."""
    root = copy_project(tmp_path)
    (root / "seeds" / "zz-hexo.md").write_text("---\ntitle: [\ndate: 2026-1-15\n---\n# x\n\n正文。\n", encoding="utf-8")
    (root / "seeds" / "zz-undated.md").write_text("# 无日期\n\n明年会更好。\n", encoding="utf-8")
    (root / "seeds" / "zz-terms.md").write_text("# 术语\n\n| 术语 | 解释 |\n|---|---|\n| 甲术语 | 一 |\n| 甲术语 | 二 |\n", encoding="utf-8")
    code, out, err = check(root, "--no-mkdocs")
    assert code == 0, err
    assert "(`briefing check --verbose` lists them)" in err
    code, out, err = check(root, "--no-mkdocs", "--verbose")
    assert code == 0, err
    assert "seeds/zz-hexo.md:2: front matter is not valid YAML" in err
    assert "seeds/zz-undated.md:3: `明年` needs the source's date" in err
    assert "seeds/zz-terms.md:6: term '甲术语' is already defined on line 5" in err
    assert out.startswith("briefing check: OK")


def test_check_reports_what_the_strict_mkdocs_build_finds(tmp_path) -> None:
    root = copy_project(tmp_path)
    (root / "docs" / "extra.md").write_text("# 额外\n\n[坏链接](nowhere.md)\n", encoding="utf-8")
    code, _, err = check(root)
    assert code == 1
    assert "docs/extra.md: Doc file 'extra.md' contains a link 'nowhere.md', but the target is not found" in err
    assert err.splitlines()[-1].startswith("briefing check: ")


@pytest.mark.parametrize(
    ("log", "messages"),
    [
        ("INFO    -  Building\nWARNING -  A problem\n", ["A problem"]),
        ("WARNING -  Pages not in nav:\n  - a.md\n  - b.md\nINFO    -  x\n", ["Pages not in nav: - a.md - b.md"]),
        ("ERROR   -  Config value 'plugins': boom\nAborted with a configuration error!\n", ["Config value 'plugins': boom"]),
        ("INFO    -  fine\n\nAborted with 2 warnings in strict mode!\n", []),
    ],
)
def test_mkdocs_log_becomes_one_message_per_problem(log, messages) -> None:
    assert mkdocs_messages(log) == messages
