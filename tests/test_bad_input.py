"""Every class of bad input gets a clear error (file and line) or a warning and a documented skip.

Never a traceback, never a half-written output, never a changed curated
file. Each test builds a small project in a temporary folder; the fatal
classes also run the command line, as a curator would.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
import shutil
import subprocess
import sys
import tracemalloc
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.build import build
from generator.cli import main
from generator.core.config import Settings
from generator.core.errors import BriefingError

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "bad"
GOOD = "# 好的来源\n\n人工智能正在改变软件行业。\n\n## 小节\n\n第二段。\n"
CHINESE = "人工智能的下一步\n\n这是一段用国标编码保存的中文文本：大模型、智能体与开源模型正在改变软件行业。专家预计，2026年推理成本将继续下降。\n"


def project(root: Path, files: dict[str, bytes | str], sources_yml: str | None = None) -> Settings:
    """A project with these files in seeds/ (and a sources.yml), cache inside it."""
    seeds = root / "seeds"
    seeds.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (seeds / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    if sources_yml is not None:
        (seeds / "sources.yml").write_text(sources_yml, encoding="utf-8")
    return Settings(root=root, cache=".cache")


def cli(root: Path, *args: str, separate: bool = False) -> subprocess.CompletedProcess:
    """Run `briefing --root root *args`: in this process (fast), or as a real process."""
    argv = ["--root", str(root), *args]
    if separate:
        command = [sys.executable, "-m", "generator.cli", *argv]
        return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=ROOT, check=False)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)  # an exception escaping here fails the test: that would be a traceback
    return subprocess.CompletedProcess(argv, code, out.getvalue(), err.getvalue())


def refused_with_peak(settings: Settings) -> tuple[BriefingError, int]:
    """The error a build stops with, and the peak of memory Python allocated meanwhile."""
    tracemalloc.start()
    try:
        with pytest.raises(BriefingError) as caught:
            build(settings)
        return caught.value, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def page(settings: Settings, slug: str) -> str:
    return (settings.output_dir / "sources" / f"{slug}.md").read_text(encoding="utf-8")


def assert_fails(settings: Settings, *words: str, line: int | None = None, path: str = "") -> BriefingError:
    """The build stops with a BriefingError naming the file and line; nothing is written."""
    with pytest.raises(BriefingError) as caught:
        build(settings)
    err = caught.value
    for word in words:
        assert word in str(err), str(err)
    if path:
        assert err.path == path, str(err)
    if line is not None:
        assert err.line == line, str(err)
    assert not settings.output_dir.exists(), "a failed first build must not create the output folder"
    return err


def assert_cli_fails(root: Path, expected: str, separate: bool = False) -> str:
    curated = {p: p.read_bytes() for p in (root / "seeds").glob("*.yml")}
    run = cli(root, "build", separate=separate)
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr, run.stderr
    assert run.stderr.startswith(f"error: {expected}"), run.stderr
    assert {p: p.read_bytes() for p in (root / "seeds").glob("*.yml")} == curated
    return run.stderr


# --- front matter a source's writer got wrong: notices, never a stopped build ----


def notices_of(settings: Settings) -> list[str]:
    """Build (it must succeed) and return the notices as `file:line: message`."""
    return [str(n) for n in build(settings).site.notices]


def test_invalid_front_matter_is_a_notice_and_the_file_builds(tmp_path) -> None:
    settings = project(tmp_path, {"bad.md": (FIXTURES / "invalid_front_matter.md").read_bytes(), "good.md": GOOD})
    (notice,) = notices_of(settings)
    assert notice.startswith("seeds/bad.md:3: front matter is not valid YAML"), notice
    text = page(settings, "bad")
    assert "前言格式错误" in text, "the title line was still read"
    assert "正文。" in text
    run = cli(tmp_path, "check", "--no-mkdocs", "--verbose")
    assert run.returncode == 0, run.stderr
    assert "seeds/bad.md:3: front matter is not valid YAML" in run.stderr


@pytest.mark.parametrize(
    ("front", "line", "words", "kept"),
    [
        ("title: 标题\ntags: {a: 1}\n", 3, "`tags` should be a list", "标题"),
        ("title: [一, 二]\n", 2, "`title` should be text", "正文。"),
        ("date: !!float 二〇二六\n", 2, "not valid YAML", "正文。"),
        ("- 不是映射\n", 2, "not a mapping", "正文。"),
        ("? [a, b]\n: 1\n", 2, "not valid YAML", "正文。"),
        ("title: 一\ntitle: 二\n", 3, "duplicate key", "一"),
        ("title: 标题\ndate: 2026-13-45\n", 3, "`date: 2026-13-45` is not a date", "标题"),
        ("title: 标题\ndate: soon\n", 3, "set `date:` for this file in seeds/sources.yml", "标题"),
    ],
)
def test_front_matter_problems_are_notices_naming_the_line(tmp_path, front, line, words, kept) -> None:
    settings = project(tmp_path, {"bad.md": f"---\n{front}---\n# 标题\n\n正文。\n"})
    (notice,) = notices_of(settings)
    assert notice.startswith(f"seeds/bad.md:{line}: "), notice
    assert words in notice, notice
    assert kept in page(settings, "bad")


def test_toml_front_matter_problem_is_a_notice(tmp_path) -> None:
    settings = project(tmp_path, {"hugo.md": "+++\ntitle = \"好\"\ndate = \n+++\n# 标题\n\n正文。\n"})
    (notice,) = notices_of(settings)
    assert notice.startswith("seeds/hugo.md:3: front matter is not valid TOML"), notice
    assert "正文。" in page(settings, "hugo")


# --- encodings and line ends ----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("gb18030.txt", (CHINESE + "𠮷野家与€符号。\n").encode("gb18030")),
        ("gbk.txt", CHINESE.encode("gbk")),
        ("bom.txt", CHINESE.encode("utf-8-sig")),
        ("crlf.txt", CHINESE.replace("\n", "\r\n").encode("utf-8")),
        ("gbk-crlf.txt", CHINESE.replace("\n", "\r\n").encode("gbk")),
        ("utf16.txt", CHINESE.encode("utf-16")),
    ],
)
def test_encodings_and_line_ends_are_decoded(tmp_path, name, data) -> None:
    settings = project(tmp_path, {name: data})
    build(settings)
    text = page(settings, Path(name).stem)
    assert "大模型、智能体与开源模型正在改变软件行业。" in text
    assert "# 人工智能的下一步" in text
    assert "\r" not in text and "\ufeff" not in text
    if name.startswith("gb18030"):
        assert "𠮷野家与€符号。" in text


# --- empty and binary files -----------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256))


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "file is empty"),
        ("blank.md", b" \n\r\n\t\n", "file is empty"),
        ("picture.png", PNG, "file is binary (not a text document)"),
        ("archive.zip", ZIP, "file is binary (not a text document)"),
        ("no-magic.bin", b"\x00\x01\x02\x03" * 64, "file is binary (not a text document)"),
    ],
)
def test_empty_and_binary_files_are_skipped_with_a_warning(tmp_path, name, data, message) -> None:
    settings = project(tmp_path, {name: data, "good.md": GOOD})
    result = build(settings)
    assert [str(w) for w in result.site.warnings] == [f"seeds/{name}: {message}"]
    assert [s.path for s in result.site.sources] == ["good.md"]
    run = cli(tmp_path, "build")
    assert run.returncode == 0, run.stderr
    assert f"warning: seeds/{name}: {message} (skipped)" in run.stderr


# --- a 50 MB file ------------------------------------------------------------------


def test_file_over_the_configured_limit_is_refused(tmp_path) -> None:
    settings = project(tmp_path, {"big.txt": CHINESE * 200, "good.md": GOOD})
    limited = Settings(root=tmp_path, cache=".cache", max_source_mb=0.01)
    assert_fails(limited, "file is 0.0 MB, over the 0.01 MB limit", "max_source_mb", path="seeds/big.txt")
    run = cli(tmp_path, "--max-source-mb", "0.01", "build", separate=True)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stderr.startswith("error: seeds/big.txt: file is 0.0 MB, over the 0.01 MB limit (split it, or raise `max_source_mb`")
    build(settings)  # the default limit accepts it


def test_limit_is_read_from_the_plugin_options_in_mkdocs_yml(tmp_path) -> None:
    project(tmp_path, {"big.txt": CHINESE * 200})
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nplugins:\n  - briefing:\n      max_source_mb: 0.01\n  - search\n"
        "markdown_extensions:\n  - toc:\n      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}\n",
        encoding="utf-8",
    )
    run = cli(tmp_path, "build")
    assert run.returncode == 1 and "over the 0.01 MB limit" in run.stderr, run.stderr


def test_a_50_mb_file_is_refused_without_reading_it(tmp_path) -> None:
    settings = project(tmp_path, {"good.md": GOOD})
    line = ("人工智能正在改变软件行业。" * 10 + "\n").encode("utf-8")
    with open(settings.seeds_dir / "huge.txt", "wb") as fh:
        fh.writelines(line for _ in range(50 * 1048576 // len(line) + 1))
    error, peak = refused_with_peak(settings)
    assert str(error).startswith("seeds/huge.txt: file is 50.0 MB, over the 20 MB limit")
    assert peak < 10 * 1048576, f"memory peaked at {peak / 1048576:.1f} MB"


# --- raw HTML in the source -------------------------------------------------------


def injected_source() -> str:
    """The injected-HTML source, with the curated entry's hostile metadata moved into its own
    front matter: a source's content is shown as text, a curated file may not carry it at all."""
    curated = [x for x in (FIXTURES / "injected_html.sources.yml").read_text(encoding="utf-8").splitlines()[1:] if "description:" not in x]
    return (FIXTURES / "injected_html.md").read_text(encoding="utf-8").replace("---\n", "---\n" + "\n".join(x.strip() for x in curated) + "\n", 1)


def test_raw_html_is_escaped_in_the_generated_markdown(tmp_path) -> None:
    settings = project(tmp_path, {"evil.md": injected_source()})
    build(settings)
    text = page(settings, "evil")
    body = text.split("\n---\n", 1)[1]
    for raw in ("<script", "<iframe", "<img", "<svg", "<object", "<style", "<details", "<b ", "<a ", "](javascript", "](JaVaScRiPt", "--8<--"):
        assert raw not in body, raw
    assert "&lt;script&gt;alert" in body
    assert "javascript:alert('url')" not in text, "an unsafe url is left out of the card"


def test_script_in_a_curated_entry_is_an_error(tmp_path) -> None:
    settings = project(tmp_path, {"evil.md": GOOD},
                       (FIXTURES / "injected_html.sources.yml").read_text(encoding="utf-8").replace("injected_html.md", "evil.md"))
    assert_fails(settings, "`<script` is script-bearing markup", path="seeds/sources.yml", line=2)


# --- file names -----------------------------------------------------------------------

NAMES = {
    "with spaces.md": "with-spaces",
    "中文 名字.md": "中文-名字",
    "-starts-with-dash.md": "starts-with-dash",
    "%2e%2e%2fescape.md": "2e-2e-2fescape",
    "..%2F..%2Fx.md": None,  # a hidden file (leading dot): ignored like .DS_Store
    "a\\..\\..\\b.md": "a-b",
    "x<script>.md": "x-script",
    "index.md": "index-2",  # `sources/index.md` is the sources list
    "UPPER.MD": "upper",
}


def test_file_names_give_safe_distinct_slugs_inside_the_output_folder(tmp_path) -> None:
    settings = project(tmp_path, {name: GOOD for name in NAMES})
    result = build(settings)
    slugs = {s.path: s.slug for s in result.site.sources}
    assert slugs == {name: slug for name, slug in NAMES.items() if slug}
    out = settings.output_dir.resolve()
    for path in out.rglob("*"):
        assert out in path.resolve().parents
    assert not (tmp_path / "x.md").exists() and not (tmp_path / "docs" / "x.md").exists()
    assert page(settings, "index").startswith("---\ntitle: \"来源\"")
    assert "<code>x&lt;script&gt;.md</code>" in page(settings, "x-script")


def test_file_name_that_is_not_utf8_is_skipped_with_a_warning(tmp_path) -> None:
    settings = project(tmp_path, {"good.md": GOOD})
    try:
        (settings.seeds_dir / os.fsdecode(b"bad\xff.md")).write_text(GOOD, encoding="utf-8")
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    result = build(settings)
    assert [str(w) for w in result.site.warnings] == ["seeds/bad\\xff.md: file name is not valid UTF-8; rename the file to include it"]
    run = cli(tmp_path, "build")
    assert run.returncode == 0 and "Traceback" not in run.stderr


def test_symbolic_link_out_of_seeds_is_skipped(tmp_path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("不该发布的秘密内容。\n", encoding="utf-8")
    settings = project(tmp_path, {"good.md": GOOD})
    (settings.seeds_dir / "link.txt").symlink_to(secret)
    result = build(settings)
    assert [str(w) for w in result.site.warnings] == ["seeds/link.txt: symbolic link points outside the seeds folder; copy the file in instead"]
    assert "秘密" not in "".join(p.read_text(encoding="utf-8") for p in settings.output_dir.rglob("*.md"))


# --- same titles, same slugs ------------------------------------------------------------


def test_two_sources_with_the_same_title_get_distinct_stable_slugs(tmp_path) -> None:
    settings = project(tmp_path, {"b.md": GOOD, "a.md": GOOD, "a b.md": GOOD, "a-b.md": GOOD})
    first = {s.path: s.slug for s in build(settings).site.sources}
    assert first == {"a.md": "a", "b.md": "b", "a b.md": "a-b", "a-b.md": "a-b-2"}
    (settings.seeds_dir / "0.md").write_text(GOOD, encoding="utf-8")
    again = {s.path: s.slug for s in build(settings).site.sources}
    assert {k: v for k, v in again.items() if k != "0.md"} == first


def test_curated_slug_wins_over_a_derived_one(tmp_path) -> None:
    settings = project(tmp_path, {"intro.md": GOOD, "z.md": GOOD}, "z.md:\n  slug: intro\n")
    assert {s.path: s.slug for s in build(settings).site.sources} == {"intro.md": "intro-2", "z.md": "intro"}


def test_two_curated_entries_with_one_slug_are_an_error_naming_both(tmp_path) -> None:
    settings = project(tmp_path, {"a.md": GOOD, "b.md": GOOD}, "a.md:\n  slug: same\n\nb.md:\n  title: 乙\n  slug: same\n")
    assert_fails(settings, "slug `same` is already used by `a.md` (line 1)", "b.md", path="seeds/sources.yml", line=4)
    assert_cli_fails(tmp_path, "seeds/sources.yml:4: b.md: slug: slug `same` is already used by `a.md` (line 1)")


def test_curated_slug_index_is_reserved(tmp_path) -> None:
    settings = project(tmp_path, {"a.md": GOOD}, "a.md:\n  slug: index\n")
    assert_fails(settings, "slug `index` is reserved", path="seeds/sources.yml", line=1)


# --- a broken terms table ------------------------------------------------------------------


def test_broken_terms_row_is_reported_and_still_shown(tmp_path) -> None:
    from generator.glossary.tables import parse_terms

    settings = project(tmp_path, {"notes.txt": (FIXTURES / "podcast_broken_terms_row.txt").read_bytes()})
    result = build(settings)
    [source] = result.site.sources
    assert source.reader == "podcast_notes"
    terms, problems = parse_terms(source)
    assert [t.name for t in terms] == ["MoE", "KV Cache"]
    assert [(p.line, p.message) for p in problems] == [(10, "terms table row has no definition column, skipped: '孤零零的术语'")]
    assert problems[0].path.endswith("notes.txt")
    assert "孤零零的术语 |  |" in page(settings, "notes"), "the row stays on the page, padded to the table's width"


# --- curated files ---------------------------------------------------------------------------


def test_malformed_curated_yaml_names_the_line(tmp_path) -> None:
    project(tmp_path, {"a.md": GOOD}, (FIXTURES / "sources_malformed.yml").read_text(encoding="utf-8"))
    settings = Settings(root=tmp_path, cache=".cache")
    assert_fails(settings, "invalid YAML", path="seeds/sources.yml", line=3)
    assert_cli_fails(tmp_path, "seeds/sources.yml:3: invalid YAML: a quoted scalar opened on this line is never closed")


def test_unknown_key_in_sources_yml_suggests_the_right_one(tmp_path) -> None:
    settings = project(tmp_path, {"a.md": GOOD}, (FIXTURES / "sources_unknown_key.yml").read_text(encoding="utf-8"))
    assert_fails(settings, "unknown key `titel` (did you mean `title`?)", path="seeds/sources.yml", line=3)
    assert_cli_fails(tmp_path, "seeds/sources.yml:3: a.md: unknown key `titel` (did you mean `title`?)")


@pytest.mark.parametrize(
    ("yml", "line", "words"),
    [
        ("a.md:\n  title: x\n  corrections: Antropix\n", 3, "`corrections` must be a list"),
        ("a.md:\n  corrections:\n    - {from: x}\n", 3, "needs non-empty text for `from` and `to`"),
        ("a.md:\n  corrections:\n    - {from: x, to: y, too: z}\n", 3, "unknown key `too`"),
        ("a.md:\n  date: 2026/01/05\n", 2, "`date` must be YYYY, YYYY-MM or YYYY-MM-DD"),
        ("a.md:\n  authors: {a: 1}\n", 2, "`authors` must be a list of names"),
        ("a.md:\n  slug: Not A Slug\n", 2, "`slug` must be lowercase letters, digits and hyphens"),
        ("a.md:\n  sections:\n    - {title: 一, starts: 开头}\n", 1, "`sections` applies to transcripts only"),
        ("a.md: just text\n", 1, "entry must be a mapping of fields"),
        ("- a.md\n", 1, "must be a mapping of source file names"),
        ("a.md:\n  title: x\na.md:\n  title: y\n", 3, "duplicate key 'a.md'"),
        ("a.md:\n\ttitle: x\n", 2, "found character '\\t' that cannot start any token"),
    ],
)
def test_sources_yml_schema_errors_name_the_line(tmp_path, yml, line, words) -> None:
    settings = project(tmp_path, {"a.md": GOOD}, yml)
    assert_fails(settings, words, path="seeds/sources.yml", line=line)


def test_entry_for_a_missing_file_is_an_error(tmp_path) -> None:
    settings = project(tmp_path, {"a.md": GOOD}, "a.md:\n  slug: a\nmissing.md:\n  slug: m\n")
    assert_fails(settings, "entry `missing.md` names a file that does not exist in seeds/", path="seeds/sources.yml", line=3)


def test_correction_that_matches_nothing_is_an_error(tmp_path) -> None:
    settings = project(tmp_path, {"a.md": GOOD}, "a.md:\n  corrections:\n    - {from: Antropix, to: Anthropic}\n")
    assert_fails(settings, "correction `Antropix` -> `Anthropic` matches nothing in a.md", path="seeds/sources.yml", line=3)
    assert_cli_fails(tmp_path, "seeds/sources.yml:3: a.md: correction `Antropix` -> `Anthropic` matches nothing")


def test_unknown_key_in_a_topic_is_an_error(tmp_path) -> None:
    from generator.analysis.topics import load_topics

    folder = tmp_path / "topics"
    folder.mkdir()
    (folder / "agents.md").write_text("---\ntitle: 智能体\nkeyowrds:\n  智能体: 3\n---\n介绍。\n", encoding="utf-8")
    with pytest.raises(BriefingError) as caught:
        load_topics(folder, "curation/topics")
    assert caught.value.path == "curation/topics/agents.md" and caught.value.line == 3
    assert "keyowrds" in str(caught.value) and "keywords" in str(caught.value)


def test_unknown_pinned_passage_id_is_an_error(tmp_path) -> None:
    from generator.analysis.topics import load_topics, validate_passage_ids

    folder = tmp_path / "topics"
    folder.mkdir()
    (folder / "agents.md").write_text("---\ntitle: 智能体\nsummary: 会做事的AI。\nkeywords:\n  智能体: 3\npinned:\n  - no-such-source/p-00000000\n---\n介绍。\n", encoding="utf-8")
    topics = load_topics(folder, "curation/topics")
    [err] = validate_passage_ids(topics, ["real-source/p-12345678"])
    assert (err.path, err.line, err.field) == ("curation/topics/agents.md", 7, "pinned")
    assert "unknown passage id `no-such-source/p-00000000`" in str(err)


def test_unknown_prediction_id_in_verdicts_is_an_error(tmp_path) -> None:
    from generator.timeline.ledger import load_verdicts

    path = tmp_path / "verdicts.yml"
    path.write_text("# verdicts\npred-0000abcd:\n  status: hit\n  note: 猜对了。\n", encoding="utf-8")
    with pytest.raises(BriefingError) as caught:
        load_verdicts(path, ["pred-12345678"], "curation/verdicts.yml")
    assert (caught.value.path, caught.value.line) == ("curation/verdicts.yml", 2)
    assert "unknown prediction id `pred-0000abcd`" in str(caught.value)


# --- seeds/ itself ------------------------------------------------------------------------------


def test_missing_seeds_folder(tmp_path) -> None:
    assert_fails(Settings(root=tmp_path), "seeds folder not found: create it and put source documents in it", path="seeds")
    assert_cli_fails(tmp_path, "seeds: seeds folder not found", separate=True)


@pytest.mark.parametrize("files", [{}, {".DS_Store": b"\x00\x00"}])
def test_empty_seeds_folder(tmp_path, files) -> None:
    settings = project(tmp_path, files, "# nothing curated yet\n")
    assert_fails(settings, "seeds folder has no source files", path="seeds")
    assert_cli_fails(tmp_path, "seeds: seeds folder has no source files")


# --- raw HTML on the built site --------------------------------------------------------------


class _Elements(HTMLParser):
    """Every element's tag and attributes, script bodies, and the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs) -> None:
        self.elements.append((tag, {k.lower(): (v or "") for k, v in attrs}))
        self._in_script = tag == "script"

    def handle_endtag(self, tag) -> None:
        self._in_script = False

    def handle_data(self, data) -> None:
        (self.scripts if self._in_script else self.text).append(data)


@pytest.fixture(scope="module")
def injected_site(tmp_path_factory) -> Path:
    """`mkdocs build --strict` of a project whose only source is full of injected HTML."""
    root = tmp_path_factory.mktemp("injected")
    shutil.copy(ROOT / "mkdocs.yml", root)
    shutil.copytree(ROOT / "docs", root / "docs", ignore=lambda folder, names: ["briefing"] if Path(folder) == ROOT / "docs" else [])
    shutil.copytree(ROOT / "curation", root / "curation")
    # The curated glossary refines the seeds' terms table, absent here.
    (root / "curation" / "glossary.yml").write_text("terms: []\n", encoding="utf-8")
    # The curated verdicts score the seeds' predictions, absent here too.
    (root / "curation" / "verdicts.yml").write_text("{}\n", encoding="utf-8")
    project(root, {"injected_html.md": injected_source()})
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(root / "site")], cwd=root, env=env,
                         capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    return root / "site"


def test_raw_html_in_a_source_is_shown_as_text_never_run(injected_site) -> None:
    html = (injected_site / "briefing" / "sources" / "injected-html" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script" in html
    parsed = _Elements()
    parsed.feed(html)
    text = "".join(parsed.text)
    for shown in ("<script>alert('block')</script>", "<iframe src=\"https://evil.example/\"></iframe>", "onerror=\"alert('img')\"",
                  "[点我](javascript:alert('md-link'))", "<b onmouseover=alert('author')>作者</b>"):
        assert shown in text, f"{shown!r} is shown as text"


def test_no_page_of_the_built_site_runs_injected_html(injected_site) -> None:
    pages = sorted(injected_site.rglob("*.html"))
    assert len(pages) >= 3
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert "<script>alert" not in html, path
        parsed = _Elements()
        parsed.feed(html)
        tags = [tag for tag, _ in parsed.elements]
        assert not {"iframe", "object", "embed"} & set(tags), path
        for tag, attrs in parsed.elements:
            handlers = [name for name in attrs if name.startswith("on")]
            assert not handlers, (path, tag, handlers)
            for name in ("href", "src", "data", "action", "formaction"):
                assert not attrs.get(name, "").strip().lower().startswith("javascript:"), (path, tag, attrs)
        assert not [s for s in parsed.scripts if "alert(" in s], path


def test_search_index_holds_injected_html_only_as_text(injected_site) -> None:
    """Pagefind's fragments (gzip, a signature, then JSON) keep the page's text: the
    markup is characters in it, and the page's title is text (the dialog escapes both)."""
    fragments = sorted((injected_site / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert fragments, "no search index was built"
    pages = [json.loads(gzip.decompress(f.read_bytes()).removeprefix(b"pagefind_dcd")) for f in fragments]
    injected = next(p for p in pages if "injected-html" in p["url"])
    # Pagefind marks the word breaks of Chinese text with U+200B.
    assert "<script>alert('block')</script>" in injected["content"].replace("\u200b", "")
    assert injected["meta"]["title"].startswith("<script>alert('title')</script>")


def test_a_source_with_front_matter_only_is_skipped_with_a_warning(tmp_path) -> None:
    """A Hexo draft with nothing under its front matter: nothing to publish, and no reason to stop the build."""
    settings = project(tmp_path, {"draft.md": "---\ntitle: 草稿\ndate: 2026-1-15\n---\n\n<!-- 待写 -->\n", "good.md": GOOD})
    result = build(settings)
    assert [str(w) for w in result.site.warnings] == ["seeds/draft.md: file has no readable text (front matter or comments only); it is skipped"]
    assert [s.path for s in result.site.sources] == ["good.md"]
