"""README's two commands are real: Makefile targets exist and CI runs the test command."""

from __future__ import annotations

import re


def test_readme_commands_match_makefile_and_ci(root) -> None:
    readme = (root / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", readme, re.DOTALL)
    commands = [line.split("#")[0].strip() for block in blocks for line in block.splitlines() if line.strip()]
    assert commands[:2] == ["make serve", "make test"]
    makefile = (root / "Makefile").read_text(encoding="utf-8")
    for target in ("serve", "test", "site", "goldens"):
        assert re.search(rf"^{target}:", makefile, re.MULTILINE), target
    ci = (root / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.MULTILINE)


def test_plugin_and_script_are_registered(root) -> None:
    pyproject = (root / "pyproject.toml").read_text(encoding="utf-8")
    assert 'briefing = "generator.plugin:BriefingPlugin"' in pyproject
    assert 'briefing = "generator.cli:main"' in pyproject
    assert re.search(r"^\s+- briefing$", (root / "mkdocs.yml").read_text(encoding="utf-8"), re.MULTILINE)
