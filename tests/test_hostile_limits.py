"""What a pull request can cost the build is bounded, and every refusal is a message.

Everything in seeds/ and curation/ is untrusted. Each test pins one measured
problem: a huge curated value, YAML nested until the parser recurses or
crashes, a paragraph whose classification was quadratic, a byte-order mark
that lies, text in an encoding that used to be skipped or misread, a damaged
cache, and the plugin's errors reading unlike the CLI's. The limits live in
`generator.core.config.Limits`.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from test_bad_input import GOOD, assert_cli_fails, assert_fails, cli, page, project, refused_with_peak
from test_cli_check import copy_project

from generator.build import build
from generator.core.config import Limits, Settings
from generator.core.errors import BriefingError
from generator.core.memo import DB_NAME
from generator.core.yamlfile import parse

ROOT = Path(__file__).resolve().parent.parent
LIMITS = Limits()
# Keywords of four curated topics, and no sentence end.
UNIT = "智能体与开源模型，代理agent调用工具，出口管制和算力芯片，数据中心的能耗与监管，"
CHINESE = "人工智能的下一步\n\n这是一段中文文本：大模型、智能体与开源模型正在改变软件行业。专家预计，2026年推理成本将继续下降。\n"


def deep(levels: int) -> str:
    """A YAML flow value nested `levels` deep: `[[[...]]]`."""
    return "[" * levels + "]" * levels


def builds_quietly(settings: Settings):
    """Build, returning the result and what it noticed about the files' encodings."""
    result = build(settings)
    return result, [n.message for n in result.site.notices if n.message.startswith("file ")]


# --- size of curated files and of their values -----------------------------------


def test_a_2_mb_title_in_sources_yml_is_refused_naming_file_line_and_limit(tmp_path) -> None:
    settings = project(tmp_path, {"a.md": GOOD}, "a.md:\n  title: " + "标题" * (1024 * 1024 // 3) + "\n")
    assert_fails(settings, "over the 1,024 KB limit for curated files (`max_curated_kb`)", path="seeds/sources.yml", line=2)
    assert_cli_fails(tmp_path, "seeds/sources.yml:2: curated file is 2.0 MB, over the 1,024 KB limit")


def test_a_title_longer_than_a_field_may_be_is_refused_with_its_line_and_field(tmp_path) -> None:
    settings = project(tmp_path, {"a.md": GOOD}, "a.md:\n  slug: a\n  title: " + "长" * 6000 + "\n")
    err = assert_fails(settings, "6,000 characters", "5,000-character limit", "`max_field_chars`", path="seeds/sources.yml", line=3)
    assert err.field == "title"


def test_a_value_at_the_field_limit_is_accepted() -> None:
    assert parse(f"definition: {'义' * LIMITS.max_field_chars}\n", "g.yml") == {"definition": "义" * LIMITS.max_field_chars}


def test_a_huge_curated_file_is_refused_without_reading_it(tmp_path) -> None:
    settings = project(tmp_path, {"a.md": GOOD})
    line = "a.md:\n  title: 标题\n".encode()
    with open(settings.sources_file, "wb") as fh:
        fh.writelines(line for _ in range(5 * 1048576 // len(line)))
    error, peak = refused_with_peak(settings)
    assert str(error).startswith("seeds/sources.yml:")
    assert "curated file is 5.0 MB, over the 1,024 KB limit" in str(error)
    assert peak < 10 * 1048576, f"memory peaked at {peak / 1048576:.1f} MB"


def test_yaml_aliases_cannot_multiply_a_small_file() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
                                                          for p, c in zip("abcdefgh", "bcdefghi", strict=True))
    with pytest.raises(BriefingError) as caught:
        parse(bomb, "curation/glossary.yml")
    assert str(caught.value) == "curation/glossary.yml:2: b: YAML aliases (`*a`) are not allowed here: write the value out"


# --- YAML nesting: a message, never a RecursionError or a crash -------------------------


def _deep_sources_yml(root: Path, levels: int) -> None:
    project(root, {"a.md": GOOD}, f"a.md:\n  tags: {deep(levels)}\n")


def _deep_topic(root: Path, levels: int) -> None:
    project(root, {"a.md": GOOD})
    topics = root / "curation" / "topics"
    topics.mkdir(parents=True)
    (topics / "deep.md").write_text(f"---\ntitle: 深\nsummary: 深\nkeywords: {deep(levels)}\n---\n介绍。\n", encoding="utf-8")


def _deep_front_matter(root: Path, levels: int) -> None:
    project(root, {"deep.md": f"---\ntitle: 深\ntags: {deep(levels)}\n---\n# 深\n\n正文。\n", "good.md": GOOD})


@pytest.mark.parametrize("levels", [1000, 100_000])
@pytest.mark.parametrize(
    ("make", "where"),
    [(_deep_sources_yml, "seeds/sources.yml:2"), (_deep_topic, "curation/topics/deep.md:4")],
    ids=["sources.yml", "topic"],
)
def test_deeply_nested_yaml_is_refused_with_a_message(tmp_path, make, where, levels) -> None:
    # A real process: at 100,000 levels PyYAML's C composer used to overflow the stack (exit 139).
    make(tmp_path, levels)
    run = cli(tmp_path, "build", separate=True)
    assert run.returncode == 1, (run.returncode, run.stderr[-2000:])
    assert "Traceback" not in run.stderr, run.stderr[-2000:]
    assert run.stderr.startswith(f"error: {where}: YAML nested deeper than 50 levels (`max_yaml_depth`)"), run.stderr[:500]


@pytest.mark.parametrize("levels", [1000, 100_000])
def test_deeply_nested_front_matter_is_a_notice_and_the_file_builds(tmp_path, levels) -> None:
    """A source's own front matter never stops the build (issue 15): the limit still holds, as a notice."""
    _deep_front_matter(tmp_path, levels)
    run = cli(tmp_path, "check", "--no-mkdocs", "--verbose", separate=True)
    assert run.returncode == 0, (run.returncode, run.stderr[-2000:])
    assert "Traceback" not in run.stderr, run.stderr[-2000:]
    assert "seeds/deep.md:3: front matter is not valid YAML (YAML nested deeper than 50 levels (`max_yaml_depth`)" in run.stderr


# --- one huge paragraph -----------------------------------------------------------------


def test_a_5_mb_paragraph_is_skipped_naming_the_limit(tmp_path) -> None:
    # Classifying it compared every keyword hit with every other: 284 s for
    # 1 MB, hours for 5 MB. Matching is linear now, but the paragraph's page
    # work still cost 50 s: past `max_paragraph_chars` the source is skipped.
    settings = project(tmp_path, {"zz-one-paragraph.txt": UNIT * (5 * 1048576 // len(UNIT.encode())) + "\n", "good.md": GOOD})
    shutil.copytree(ROOT / "curation" / "topics", settings.curation_dir / "topics")
    run = cli(tmp_path, "build", separate=True)
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr[-2000:]
    assert re.search(r"warning: seeds/zz-one-paragraph\.txt:1: paragraph of [\d,]{9} characters is over the 100,000-character limit "
                     r"\(`max_paragraph_chars`\); break it into paragraphs \(skipped\)", run.stderr), run.stderr
    assert not (settings.output_dir / "sources" / "zz-one-paragraph.md").exists()


def test_a_paragraph_under_the_limit_is_matched_in_linear_time(tmp_path) -> None:
    # 90,000 characters of keywords: about 6,000 hits, 36 million pairs the old matcher compared.
    settings = project(tmp_path, {"zz-long.txt": UNIT * (90_000 // len(UNIT)) + "\n"})
    shutil.copytree(ROOT / "curation" / "topics", settings.curation_dir / "topics")
    build(settings)
    assert UNIT in page(settings, "zz-long")
    for topic in ("agents", "open-models", "compute-energy", "regulation"):
        assert "zz-long" in (settings.output_dir / "topics" / f"{topic}.md").read_text(encoding="utf-8"), topic


# --- decoding ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "line", "words"),
    [
        (b"\xef\xbb\xbf" + CHINESE.encode("gbk"), 1, "file starts with a UTF-8 byte-order mark but is not UTF-8"),
        (b"\xef\xbb\xbf" + CHINESE.encode("utf-8") + "第二版：编码错了。\n".encode("gbk"), 4, "file starts with a UTF-8 byte-order mark but is not UTF-8 from this line on"),
        (CHINESE.encode("utf-16") + b"!", 4, "file starts with a UTF-16 byte-order mark but is not UTF-16"),
    ],
    ids=["utf8-bom-gbk-body", "utf8-bom-gbk-tail", "utf16-odd-length"],
)
def test_a_byte_order_mark_that_lies_is_an_error_naming_file_and_line(tmp_path, data, line, words) -> None:
    settings = project(tmp_path, {"bad.txt": data, "good.md": GOOD})
    assert_fails(settings, words, path="seeds/bad.txt", line=line)
    assert_cli_fails(tmp_path, f"seeds/bad.txt:{line}: {words}")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read_with_a_warning(tmp_path, codec) -> None:
    settings = project(tmp_path, {"nobom.txt": CHINESE.encode(codec)})
    result, said = builds_quietly(settings)
    assert [s.path for s in result.site.sources] == ["nobom.txt"]
    assert "大模型、智能体与开源模型正在改变软件行业。" in page(settings, "nobom")
    assert said == [f"file has no byte-order mark: read as {codec.upper()}, guessed from its bytes; save it as UTF-8 (or UTF-16 with a BOM) to be sure"]


def test_latin1_text_is_read_right_with_a_warning(tmp_path) -> None:
    settings = project(tmp_path, {"latin1.txt": "A naïve café\n\nThe naïve approach is déjà vu for Noël.\n".encode("latin-1")})
    _, said = builds_quietly(settings)
    text = page(settings, "latin1")
    assert "naïve approach is déjà vu for Noël" in text and "naď" not in text
    assert said == ["file is not UTF-8: read as cp1252, guessed from its bytes; save it as UTF-8 if letters look wrong"]


def test_gbk_is_still_read_without_a_warning(tmp_path) -> None:
    settings = project(tmp_path, {"gbk.txt": CHINESE.encode("gbk")})
    _, said = builds_quietly(settings)
    assert said == []
    assert "大模型、智能体与开源模型正在改变软件行业。" in page(settings, "gbk")


# --- a damaged cache ----------------------------------------------------------------------

# BINBYTES8 and BYTEARRAY8 of an absurd length: OverflowError and MemoryError from pickle.
DAMAGED = [b"\x80\x04\x8e\xff\xff\xff\xff\xff\xff\xff\x7f", b"\x80\x05\x96\xff\xff\xff\xff\xff\xff\xff\x7f"]


@pytest.mark.parametrize("damage", DAMAGED, ids=["OverflowError", "MemoryError"])
def test_a_damaged_cache_is_computed_again_and_said_once(tmp_path, damage) -> None:
    settings = project(tmp_path, {"a.md": GOOD, "b.md": GOOD.replace("第二段", "第三段")})
    build(settings)
    first = {p: p.read_bytes() for p in sorted(settings.output_dir.rglob("*.md"))}
    db = sqlite3.connect(settings.cache_dir / DB_NAME)
    with db:
        rows = db.execute("UPDATE memo SET value = ?", (damage,)).rowcount
    db.close()
    assert rows > 2
    shutil.rmtree(settings.output_dir)
    result = build(settings)
    said = [line for line in result.notes() if line.startswith("cache:")]
    assert result.repaired > 2 and said == [f"cache: {result.repaired} damaged result(s) could not be read and were made again"]
    assert {p: p.read_bytes() for p in sorted(settings.output_dir.rglob("*.md"))} == first
    assert build(settings).repaired == 0, "the damaged rows were replaced"


# --- the plugin's errors read as the CLI's ----------------------------------------------------


def _on_config(root: Path):
    from mkdocs.config import load_config

    config = load_config(str(root / "mkdocs.yml"))
    plugin = config.plugins["briefing"]
    plugin.on_startup(command="build", dirty=False)
    return plugin.on_config(config)


def _cli_error(root: Path) -> str:
    run = cli(root, "build")
    assert run.returncode == 1 and run.stderr.startswith("error: "), run.stderr
    return run.stderr.removeprefix("error: ").strip()


def test_plugin_error_has_the_cli_text(tmp_path) -> None:
    from mkdocs.exceptions import PluginError

    root = copy_project(tmp_path)
    (root / "seeds" / "sources.yml").write_text(f"{next((root / 'seeds').glob('*.txt')).name}:\n  tags: {deep(1000)}\n", encoding="utf-8")
    with pytest.raises(PluginError) as caught:
        _on_config(root)
    assert str(caught.value) == _cli_error(root) == "seeds/sources.yml:2: YAML nested deeper than 50 levels (`max_yaml_depth`)"


def test_plugin_turns_an_os_error_into_the_cli_message(tmp_path) -> None:
    from mkdocs.exceptions import PluginError

    root = copy_project(tmp_path)
    (root / "seeds" / "sources.yml").unlink()
    (root / "seeds" / "sources.yml").mkdir()  # opening it fails: IsADirectoryError
    with pytest.raises(PluginError) as caught:
        _on_config(root)
    assert str(caught.value) == _cli_error(root)
    assert str(caught.value).endswith("sources.yml: Is a directory")


def test_plugin_turns_a_recursion_error_into_a_message(tmp_path, monkeypatch) -> None:
    from mkdocs.exceptions import PluginError

    def recurse(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("generator.plugin.build", recurse)
    with pytest.raises(PluginError) as caught:
        _on_config(copy_project(tmp_path))
    assert "nested too deeply" in str(caught.value)


def test_a_guessed_encoding_is_a_notice_that_never_fails_strict(tmp_path, caplog) -> None:
    root = copy_project(tmp_path)
    (root / "seeds" / "latin1.txt").write_bytes("A naïve café\n\nThe naïve approach is déjà vu.\n".encode("latin-1"))
    with caplog.at_level("INFO", logger="mkdocs.plugins.briefing"):
        _on_config(root)
    assert [r.getMessage() for r in caplog.records if r.levelname == "WARNING"] == []
    assert "briefing: notices: 1 in 1 file(s) (`briefing check --verbose` lists them)" in [r.getMessage() for r in caplog.records]
    run = cli(root, "check", "--no-mkdocs", "--verbose")
    assert run.returncode == 0, run.stderr
    assert ("seeds/latin1.txt: file is not UTF-8: read as cp1252, guessed from its bytes; save it as UTF-8 if letters look wrong (notice)"
            in run.stderr.splitlines())
