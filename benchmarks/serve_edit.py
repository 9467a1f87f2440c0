"""How long a curator waits, under `mkdocs serve`, from saving a source to seeing the edit.

A real server and a real browser: `mkdocs serve` runs on the project in a
subprocess, headless chromium (Debian's, `/usr/bin/chromium` or
BRIEFING_CHROMIUM) opens the edited source's page, and a sentence carrying
a unique token is appended to that source. The time runs from the write to
the moment the open page shows the token: the server notices the change,
rebuilds, and live reload makes the browser load the page again, as a
curator sees it. Nothing is polled over HTTP that the browser would not
load itself.

Usage:
    python benchmarks/serve_edit.py PROJECT_DIR [--source seeds/x.txt] [--clean]

The server's first build is not timed; the edit waits until the server is
idle (its log quiet, no child process: the search index it makes in the
background after a build is done). What is timed is what a curator waits
for: MkDocs' watcher noticing the file (it polls every 0.5 s), the rebuild
(the generator, then MkDocs rendering what changed), live reload, and the
page load. The page is the source's default address,
`briefing/sources/<slug of its file name>/`; a source whose slug is curated
in `sources.yml` is refused.

`edit_to_browser` is the function `benchmarks/run.py` calls; `measure`
also returns the server's log, whose `briefing:` and `Documentation built`
lines say where the time went, and the generator's share of each rebuild.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.search_probe import ARGS, CHROMIUM
from generator.core.ids import file_slug

STARTUP_SECONDS = 1800  # the first build of a big corpus, Pagefind included
EDIT_SECONDS = 600
_BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")
_GENERATED = re.compile(r"briefing: \d+ sources \(.*, in ([0-9.]+) s$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class EditTiming:
    seconds: float  # from the write to the browser showing the edit
    startup: float  # the server's first build, until the page answered
    builds: tuple[float, ...]  # MkDocs' "Documentation built in" figures after the edit
    generator: tuple[float, ...]  # the generator's share of those builds (the plugin's "in N s")
    log: str  # the server's whole log (stderr)


def edit_to_browser(project_dir: Path, source: Path | None = None, *, dirty: bool = True, timeout: float = EDIT_SECONDS) -> float:
    """Seconds from appending a sentence to one source to the browser showing it, under `mkdocs serve`.

    Args:
        project_dir: a project (mkdocs.yml, seeds/, curation/, docs/), e.g.
            one that `benchmarks.corpus.make_corpus` wrote. Its generated
            pages and cache may be there already (a warm start) or not.
        source: the source file to edit; by default the middle one in seeds/.
            Its text is restored afterwards.
        dirty: serve with `--dirty` (as `make serve` does); False measures
            plain `mkdocs serve`, which renders every page on each rebuild.
        timeout: seconds to wait for the edit to show before failing.

    Raises:
        RuntimeError: the server did not start, or the edit never showed.
    """
    return measure(project_dir, source, dirty=dirty, timeout=timeout).seconds


def measure(project_dir: Path, source: Path | None = None, *, dirty: bool = True, timeout: float = EDIT_SECONDS) -> EditTiming:
    """`edit_to_browser`, with the server's first-build time, its rebuild times and its log."""
    from playwright.sync_api import sync_playwright

    project_dir = project_dir.resolve()
    source = source or _middle_source(project_dir)
    url_path = f"briefing/sources/{file_slug(source.stem)}/"
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    original = source.read_bytes()
    token = f"探针{time.time_ns() % 10**9}"
    with tempfile.TemporaryDirectory(prefix="serve-edit-") as tmp:
        log = Path(tmp) / "serve.log"
        with log.open("wb") as sink:
            server = _start(project_dir, port, dirty, sink)
        try:
            started = time.perf_counter()
            _wait_for(base, server, STARTUP_SECONDS)
            startup = time.perf_counter() - started
            _wait_for(base + url_path, server, 10)
            _wait_quiet(log, server.pid)
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
                page = browser.new_page()
                page.goto(base + url_path, wait_until="load")
                mark = log.stat().st_size
                start = time.perf_counter()
                source.write_bytes(original + f"\n\n编辑后新增的一句：{token}。\n".encode())
                seconds = _wait_for_text(page, token, timeout) - start
                browser.close()
            _wait_quiet(log, server.pid)
            after = log.read_bytes()[mark:].decode("utf-8", "replace")
            builds = tuple(float(s) for s in _BUILT.findall(after))
            generator = tuple(float(s) for s in _GENERATED.findall(after))
        finally:
            source.write_bytes(original)
            server.send_signal(signal.SIGINT)  # as Ctrl+C: serve deletes its temporary site folder
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        return EditTiming(
            seconds=seconds, startup=startup, builds=builds, generator=generator, log=log.read_text(encoding="utf-8", errors="replace")
        )


def _middle_source(project_dir: Path) -> Path:
    files = sorted(p for p in (project_dir / "seeds").iterdir() if p.is_file() and p.name != "sources.yml")
    if not files:
        raise RuntimeError(f"no sources in {project_dir / 'seeds'}")
    return files[len(files) // 2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(project_dir: Path, port: int, dirty: bool, sink) -> subprocess.Popen:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    command = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}", *(["--dirty"] if dirty else [])]
    return subprocess.Popen(command, cwd=project_dir, env=env, stdout=subprocess.DEVNULL, stderr=sink)


def _wait_for(url: str, server: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"mkdocs serve exited with status {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=timeout) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"mkdocs serve did not answer {url} within {timeout:.0f} s")


def _wait_quiet(log: Path, pid: int, seconds: float = 3.0, timeout: float = 900) -> None:
    """Until the server's log has not grown for `seconds` and it runs no
    child process: a rebuild, or the search index made in the background
    after one, would slow what is measured next."""
    deadline = time.monotonic() + timeout
    size, since = -1, time.monotonic()
    while time.monotonic() < deadline:
        now = log.stat().st_size
        if now != size or _has_children(pid):
            size, since = now, time.monotonic()
        elif time.monotonic() - since >= seconds:
            return
        time.sleep(0.2)


def _has_children(pid: int) -> bool:
    """Whether a process has a child (Linux: /proc; elsewhere always False)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[1] == str(pid):
            return True
    return False


def _wait_for_text(page, token: str, timeout: float) -> float:
    """The time the page first shows `token`; live reload loads it again meanwhile."""
    from playwright.sync_api import Error as PlaywrightError

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            shown = page.evaluate("t => !!document.body && document.body.innerText.includes(t)", token)
        except PlaywrightError:  # the page is being reloaded: its context is gone for a moment
            shown = False
        if shown:
            return time.perf_counter()
        time.sleep(0.05)
    raise RuntimeError(f"the edit did not show in the browser within {timeout:.0f} s")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Time an edit under `mkdocs serve` until the browser shows it.")
    parser.add_argument("project", type=Path, help="project folder (mkdocs.yml, seeds/, curation/, docs/)")
    parser.add_argument("--source", type=Path, help="source file to edit (default: the middle one in seeds/)")
    parser.add_argument("--clean", action="store_true", help="plain `mkdocs serve` instead of `--dirty`")
    parser.add_argument("--log", action="store_true", help="print the server's log")
    args = parser.parse_args(argv)
    timing = measure(args.project, args.source.resolve() if args.source else None, dirty=not args.clean)
    if args.log:
        print(timing.log)
    print(
        f"first build {timing.startup:.1f} s; edit to browser {timing.seconds:.2f} s; builds after the edit: "
        + ", ".join(f"{b:.2f} s" for b in timing.builds)
        + "; the generator's share: "
        + ", ".join(f"{g:.1f} s" for g in timing.generator)
    )


if __name__ == "__main__":
    main()
