"""axe-core (the npm package, injected with playwright): no serious or critical violation.

Pages: home (light and dark), one topic, the timeline, the glossary and
one source page. A page kind not built yet falls back to the sources
index, so the check always runs on something real.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browserkit import AXE, Watch, check_watch, goto, open_page

SOURCES_INDEX = "briefing/sources/"
BLOCKING = ("serious", "critical")


def _first_page(site_dir: Path, folder: str, exclude_index: bool = False) -> str:
    """A built page under `folder`, else the sources index."""
    root = site_dir / folder
    if exclude_index:
        pages = sorted(p.parent for p in root.glob("*/index.html")) if root.is_dir() else []
        return f"{pages[0].relative_to(site_dir).as_posix()}/" if pages else SOURCES_INDEX
    return folder if (root / "index.html").exists() else SOURCES_INDEX


PAGES = {
    "home": lambda site: "",
    "topic": lambda site: _first_page(site, "briefing/topics", exclude_index=True),
    "timeline": lambda site: _first_page(site, "briefing/timeline/"),
    "glossary": lambda site: _first_page(site, "briefing/glossary/"),
    "predictions": lambda site: _first_page(site, "briefing/predictions/"),
    "source": lambda site: _first_page(site, "briefing/sources", exclude_index=True),
}


def run_axe(page) -> list[dict]:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci --prefix tests/browser`", pytrace=False)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in BLOCKING]


def _describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} nodes)")
        lines += [f"    {node['target']}: {node['failureSummary'].splitlines()[-1].strip()}" for node in v["nodes"][:5]]
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", list(PAGES))
def test_no_serious_accessibility_violation(browser, base_url, site_dir, kind, scheme) -> None:
    path = PAGES[kind](site_dir)
    watch = Watch()
    page = open_page(browser, base_url, watch, color_scheme=scheme)
    try:
        goto(page, base_url, path)
        violations = run_axe(page)
    finally:
        page.context.close()
    assert not violations, f"{kind} page /{path} ({scheme}):\n{_describe(violations)}"
    check_watch(watch)
