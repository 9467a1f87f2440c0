"""A hostile pull request, end to end: every payload we know builds to inert text, and
every attack on a curated file or a content folder stops `briefing check` with file:line.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from browser import browserkit
from htmlcheck import live_markup, parse, squash
from test_bad_input import cli

ROOT = Path(__file__).resolve().parents[1]

# One line each: the payloads of the attacks we were shown, in a source.
EVIL_SEED = """# 攻击样本

See `![x](https://invalid.invalid/x.png){onerror=alert(document.domain)}` here.

Try `[x](javascript:alert(1))` and `*x*{onmouseover=alert(2)}` now.

See the [docs](https://example.com/docs) for details, and `code` too, with Antropix in between.

<details open ontoggle=alert(7)><summary>x</summary></details> <img src=x onerror=alert(8)>

""" + "> " * 30 + """深层引用的文字必须保留。
"""
EVIL_ENTRY = """
zz-evil.md:
  corrections:
    - {from: Antropix, to: "*A*{: .x } [y](https://example.com/y) `z` <b>"}
"""


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    return browserkit.copy_project(dest)


def mkdocs_build(project: Path, out: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)], cwd=project,
                          env=env, capture_output=True, text=True, timeout=600, check=False)


@pytest.fixture(scope="module")
def evil_site(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("evil"))
    (project / "seeds" / "zz-evil.md").write_text(EVIL_SEED, encoding="utf-8")
    with (project / "seeds" / "sources.yml").open("a", encoding="utf-8") as f:
        f.write(EVIL_ENTRY)
    # A git config beside the content, as a checkout with a persisted token has.
    (project / ".git").mkdir()
    (project / ".git" / "config").write_text("[http]\n\textraheader = AUTHORIZATION: basic c2VjcmV0LXRva2Vu\n")
    run = mkdocs_build(project, project / "site")
    assert run.returncode == 0, run.stderr[-3000:]
    return project / "site"


def test_no_page_has_live_markup(evil_site):
    pages = sorted(evil_site.rglob("*.html"))
    assert len(pages) > 10
    problems = {str(p.relative_to(evil_site)): live_markup(p.read_text(encoding="utf-8"), theme=True) for p in pages}
    assert {k: v for k, v in problems.items() if v} == {}


def test_the_payloads_show_as_text_with_their_spaces(evil_site):
    html = (evil_site / "briefing" / "sources" / "zz-evil" / "index.html").read_text(encoding="utf-8")
    shown = " ".join("".join(parse(html).text).split())
    for payload in ("![x](https://invalid.invalid/x.png){onerror=alert(document.domain)}", "[x](javascript:alert(1))",
                    "*x*{onmouseover=alert(2)}", "<details open ontoggle=alert(7)>", "<img src=x onerror=alert(8)>",
                    "*A*{: .x } [y](https://example.com/y) `z` <b>"):
        assert payload in shown, payload
    # Spaces around links, code and corrections survive.
    assert "See the docs for details, and code too, with *A*" in shown
    assert squash("深层引用的文字必须保留。") in squash(shown)


def test_no_file_outside_the_content_is_published(evil_site):
    everything = "".join(p.read_text(encoding="utf-8", errors="replace") for p in evil_site.rglob("*") if p.is_file())
    assert "c2VjcmV0LXRva2Vu" not in everything and "extraheader" not in everything


def test_snippets_cannot_read_outside_docs(tmp_path):
    project = copy_project(tmp_path)
    (project / "docs" / "leak.md").write_text('# Leak\n\n--8<-- "../mkdocs.yml"\n', encoding="utf-8")
    run = mkdocs_build(project, tmp_path / "site")
    assert run.returncode != 0 and "../mkdocs.yml" in run.stderr and not (tmp_path / "site" / "leak").exists()


# --- attacks on curated files and folders: `briefing check` fails with file:line ----------------


def check(project: Path) -> subprocess.CompletedProcess[str]:
    return cli(project, "check", "--no-mkdocs")


@pytest.mark.parametrize(("line", "expected"), [
    ("<img src=x onerror=alert(5)>", "curation/topics/agents.md:{n}: `<img src=x onerror=`"),
    ("<script>alert(6)</script>", "curation/topics/agents.md:{n}: `<script`"),
    ('--8<-- ".git/config"', "curation/topics/agents.md:{n}: `--8<--`"),
    ("[点我](javascript:alert(1))", "curation/topics/agents.md:{n}: `javascript:`"),
])
def test_script_in_a_topic_file_is_an_error_with_its_line(tmp_path, line, expected):
    project = copy_project(tmp_path)
    topic = project / "curation" / "topics" / "agents.md"
    n = len(topic.read_text(encoding="utf-8").splitlines()) + 2
    topic.write_text(topic.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    run = check(project)
    assert run.returncode == 1 and expected.format(n=n) in run.stdout + run.stderr, run.stdout + run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("to", ["*A*{onmouseover=alert(3)}", "[y](javascript:alert(4))", "<img src=x onerror=alert(5)>"])
def test_script_in_a_correction_is_an_error_with_its_line(tmp_path, to):
    project = copy_project(tmp_path)
    sources = project / "seeds" / "sources.yml"
    n = len(sources.read_text(encoding="utf-8").splitlines())
    (project / "seeds" / "zz-evil.md").write_text(EVIL_SEED, encoding="utf-8")
    sources.write_text(sources.read_text(encoding="utf-8") + EVIL_ENTRY.replace("*A*{: .x } [y](https://example.com/y) `z` <b>", to), encoding="utf-8")
    run = check(project)
    assert run.returncode == 1 and f"seeds/sources.yml:{n + 4}: `" in run.stderr and "script-bearing" in run.stderr, run.stderr


def test_a_topic_named_index_is_an_error(tmp_path):
    project = copy_project(tmp_path)
    shutil.copy(project / "curation" / "topics" / "agents.md", project / "curation" / "topics" / "index.md")
    run = check(project)
    assert run.returncode == 1 and "curation/topics/index.md: a topic cannot be named `index`" in run.stdout + run.stderr


@pytest.mark.parametrize("target", ["topics/evil.md", "userdict.txt", "glossary.yml"])
def test_a_link_out_of_curation_is_an_error(tmp_path, target):
    project = copy_project(tmp_path / "p")
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: 秘密\nsummary: 秘密\nkeywords: {秘密: 1}\n---\n不该发布的秘密。\n", encoding="utf-8")
    link = project / "curation" / target
    link.unlink(missing_ok=True)
    link.symlink_to(secret)
    run = check(project)
    assert run.returncode == 1 and f"curation/{target}: symbolic link points outside its folder" in run.stdout + run.stderr


def test_a_linked_folder_in_curation_is_an_error(tmp_path):
    project = copy_project(tmp_path / "p")
    (tmp_path / "elsewhere").mkdir()
    (project / "curation" / "more").symlink_to(tmp_path / "elsewhere")
    run = check(project)
    assert run.returncode == 1 and "curation/more: symbolic link points outside its folder" in run.stdout + run.stderr


def test_seeds_linked_outside_the_project_is_an_error_unless_allowed(tmp_path):
    project = copy_project(tmp_path / "p")
    shutil.move(project / "seeds", tmp_path / "outside-seeds")
    (project / "seeds").symlink_to(tmp_path / "outside-seeds")
    run = check(project)
    assert run.returncode == 1 and "seeds: `seeds` resolves to" in run.stdout + run.stderr and "outside the project" in run.stdout + run.stderr
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - briefing\n", "  - briefing:\n      allow_outside_roots: true\n"),
                      encoding="utf-8")
    run = check(project)
    assert run.returncode == 0, run.stdout + run.stderr
