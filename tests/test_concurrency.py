"""Builds that run at once, and builds that are killed.

Two builds of one folder must not break each other (the second waits for
the first, or stops with a clear message), and a build killed in any way
must leave no worker process behind, nor a lock that stops the next build.
Every process started here runs in a session of its own, killed whole at
the end, and every wait has a deadline.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from contextlib import suppress
from pathlib import Path

import pytest

from generator.build import build
from generator.core.config import Settings
from generator.core.errors import BriefingError
from generator.core.lock import output_lock
from generator.site.output import write_pages

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 120  # seconds, for any one build
GONE_WITHIN = 10  # seconds for every worker to be gone once its build is killed
ARTICLE = "# 第{n}篇\n\n" + "".join(
    f"## 监管{k}\n\n2025年8月，欧盟AI法案的通用模型条款开始生效，第{{n}}次报道。数据中心的电力需求继续增长。\n\n" for k in range(8))
MKDOCS_YML = "plugins:\n  - briefing:\n      workers: 2\n"  # what `briefing build` reads its settings from


def corpus(folder: Path, sources: int) -> Path:
    """A project of `sources` small generated sources and the real curated files."""
    (folder / "seeds").mkdir(parents=True)
    for n in range(sources):
        (folder / "seeds" / f"{n:03}.md").write_text(ARTICLE.format(n=n), encoding="utf-8")
    shutil.copytree(ROOT / "curation", folder / "curation")
    (folder / "curation" / "verdicts.yml").write_text("{}\n", encoding="utf-8")  # they score the seeds' predictions
    (folder / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    return folder


def output(folder: Path) -> Path:
    return folder / "docs" / "briefing"


def pages(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(output(folder)).as_posix(): p.read_bytes() for p in sorted(output(folder).rglob("*")) if p.is_file()}


def inputs(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for name in ("seeds", "curation")
            for p in sorted((folder / name).rglob("*")) if p.is_file()}


@pytest.fixture
def start() -> Iterator[Callable[..., subprocess.Popen]]:
    """Start a process in a session of its own; at the end, kill what is left of each session."""
    started: list[subprocess.Popen] = []

    def run(*args: str, stderr: Path | None = None) -> subprocess.Popen:
        err = stderr.open("w", encoding="utf-8") if stderr else None
        try:
            proc = subprocess.Popen([sys.executable, *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=err or subprocess.PIPE,
                                    text=True, start_new_session=True, env={**os.environ, "CI": "1"})
        finally:
            if err is not None:
                err.close()  # the child has its own copy
        started.append(proc)
        return proc

    yield run
    for proc in started:
        with suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)  # workers that outlived their build are in its session too
        with suppress(subprocess.TimeoutExpired):
            proc.communicate(timeout=10)


def briefing_build(start: Callable[..., subprocess.Popen], folder: Path, stderr: Path | None = None) -> subprocess.Popen:
    return start("-m", "generator.cli", "--root", str(folder), "build", "--no-progress", stderr=stderr)


def finish(run: subprocess.Popen) -> tuple[int, str]:
    """Exit code and standard error of a process, once it ends."""
    _, err = run.communicate(timeout=TIMEOUT)
    return run.returncode, err or ""


def until(condition: Callable[[], object], seconds: float, what: str) -> object:
    deadline = time.monotonic() + seconds
    while not (found := condition()):
        if time.monotonic() > deadline:
            pytest.fail(f"gave up after {seconds} s waiting for {what}")
        time.sleep(0.01)
    return found


def children(pid: int) -> set[int]:
    """Processes whose parent is `pid` (from /proc: Linux)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with suppress(OSError):
                stat = (entry / "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    found.add(int(entry.name))
    return found


def workers_of(pid: int) -> set[int] | None:
    """The two workers of a build (with fork, a pool has no other process), once both are started."""
    found = children(pid)
    return found if len(found) >= 2 else None


def alive(pid: int) -> bool:
    """Running: a zombie (dead, waiting for a parent that may never reap it) is not."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


# Two builds at once


def test_two_builds_at_once_both_finish_and_write_what_one_build_writes(tmp_path, start) -> None:
    single = corpus(tmp_path / "single", 120)
    alone = briefing_build(start, single)
    code, err = finish(alone)
    assert code == 0, err
    shared = corpus(tmp_path / "shared", 120)
    before = inputs(shared)
    for _ in range(3):
        # No output (and, after the first round, a warm cache): both builds write every
        # page at once, which is when, without the lock, each deleted the other's temporary files.
        shutil.rmtree(output(shared), ignore_errors=True)
        runs = [briefing_build(start, shared), briefing_build(start, shared)]
        results = [finish(run) for run in runs]
        for code, err in results:
            assert "Traceback" not in err, err
            assert code == 0 or (code == 1 and "another build is still writing" in err), err
        assert 0 in [code for code, _ in results]
        assert pages(shared) == pages(single)
        assert not [p for p in output(shared).rglob(".tmp-*")], "no temporary file left behind"
    assert inputs(shared) == before, "no source or curated file touched"


def test_a_build_waits_for_another_then_stops_with_a_clear_error(tmp_path) -> None:
    settings = Settings(root=corpus(tmp_path / "p", 3), cache=".cache")
    told: list[str] = []
    with output_lock(settings.output_dir, "held by this test"):
        started = time.monotonic()
        with pytest.raises(BriefingError, match="another build is still writing this folder after 0.5 s") as caught:
            build(settings, notify=told.append, wait=0.5)
        assert 0.5 <= time.monotonic() - started < 5
    assert caught.value.path == "docs/briefing"
    assert told == ["waiting for another build of docs/briefing to finish (up to 0.5 s)"]
    assert not settings.output_dir.exists() and not settings.cache_dir.exists(), "nothing read or written while waiting"
    assert build(settings, wait=0).report.written, "the lock is free again"


def test_the_command_line_says_it_waits_and_builds_once_the_other_build_is_done(tmp_path, start) -> None:
    folder = corpus(tmp_path / "p", 3)
    err = tmp_path / "stderr.txt"
    with output_lock(output(folder), "held by this test"):
        run = briefing_build(start, folder, stderr=err)
        until(lambda: "waiting for another build" in err.read_text(encoding="utf-8"), 60, "the waiting message")
        time.sleep(0.5)
        assert run.poll() is None and not output(folder).exists(), "it waits, and writes nothing meanwhile"
    assert run.wait(timeout=TIMEOUT) == 0
    lines = err.read_text(encoding="utf-8").splitlines()
    assert [line for line in lines if "waiting" in line] == ["briefing: waiting for another build of docs/briefing to finish (up to 600 s)"]
    assert (output(folder) / "glossary.md").is_file()


def test_cleanup_keeps_the_temporary_files_of_a_process_still_running(tmp_path) -> None:
    folder = tmp_path / "out"
    write_pages(folder, {"a.md": "a"})
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait(timeout=30)
    try:
        live, dead = folder / f".tmp-{sleeper.pid}-x.md", folder / f".tmp-{gone.pid}-y.md"
        live.write_text("another writer's page, not yet renamed", encoding="utf-8")
        dead.write_text("left by a build that died", encoding="utf-8")
        report = write_pages(folder, {"a.md": "a"})
        assert live.exists() and not dead.exists()
        assert report.removed == (dead.name,)
    finally:
        sleeper.kill()
        sleeper.wait(timeout=30)


# Killed builds


WORKERS_SCRIPT = textwrap.dedent('''
    import os, sys, threading, time
    from pathlib import Path
    from generator.core.workers import Workers

    def nap(chunk):
        (Path(sys.argv[2]) / str(os.getpid())).touch()  # this worker is busy
        time.sleep(60)
        return []

    if __name__ == "__main__":
        if sys.argv[1] == "spawn":  # another thread running: the pool spawns instead of forking
            threading.Thread(target=time.sleep, args=(120,), daemon=True).start()
        with Workers(2, 1) as pool:
            list(pool.map(nap, list(range(4))))
''')


def busy_workers(folder: Path) -> set[int] | None:
    found = {int(p.name) for p in folder.iterdir()}
    return found if len(found) == 2 else None


@pytest.mark.parametrize(("method", "sig", "group"), [
    ("fork", signal.SIGKILL, False), ("fork", signal.SIGTERM, False), ("fork", signal.SIGINT, False),
    ("fork", signal.SIGINT, True),  # Ctrl-C: the whole process group gets it
    ("spawn", signal.SIGKILL, False), ("spawn", signal.SIGTERM, False),
], ids=["fork-kill", "fork-term", "fork-int", "fork-ctrl-c", "spawn-kill", "spawn-term"])
def test_busy_workers_do_not_outlive_their_build(tmp_path, start, method, sig, group) -> None:
    script, busy = tmp_path / "pool.py", tmp_path / "busy"
    script.write_text(WORKERS_SCRIPT, encoding="utf-8")
    busy.mkdir()
    parent = start(str(script), method, str(busy))
    workers = until(lambda: busy_workers(busy), 60, "two busy workers")
    assert workers <= children(parent.pid)
    (os.killpg if group else os.kill)(parent.pid, sig)
    parent.wait(timeout=GONE_WITHIN)  # on Ctrl-C too: the build does not wait for the chunks in progress
    until(lambda: not any(alive(pid) for pid in workers), GONE_WITHIN, f"workers {sorted(workers)} to end")
    # The build's own KeyboardInterrupt, and none from its workers.
    assert parent.stderr.read().count("Traceback") == (sig == signal.SIGINT)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["kill", "term"])
def test_a_killed_build_leaves_no_worker_and_the_next_build_is_whole(tmp_path, start, sig) -> None:
    folder = corpus(tmp_path / "p", 400)  # over the 200 sources that start the workers
    before = inputs(folder)
    run = briefing_build(start, folder)
    workers = until(lambda: workers_of(run.pid), 60, "the build's workers")
    os.kill(run.pid, sig)
    run.wait(timeout=GONE_WITHIN)
    until(lambda: not any(alive(pid) for pid in workers), GONE_WITHIN, f"workers {sorted(workers)} to end")
    # The killed build held the lock: the kernel dropped it with the build.
    again = build(Settings(root=folder, workers=1), wait=5)
    assert len(again.site.sources) == 400
    clean = corpus(tmp_path / "clean", 400)
    build(Settings(root=clean, workers=1))
    assert pages(folder) == pages(clean)
    assert inputs(folder) == before


LOCK_SCRIPT = textwrap.dedent('''
    import os, sys, time
    from pathlib import Path
    from generator.core.lock import output_lock

    with output_lock(Path(sys.argv[1]), "out"):
        if os.fork() == 0:  # as a worker would be forked during a build
            time.sleep(60)
            os._exit(0)
        print("locked", flush=True)
        time.sleep(60)
''')


def test_a_process_forked_during_a_build_does_not_keep_the_folder_locked(tmp_path, start) -> None:
    script, folder = tmp_path / "lock.py", tmp_path / "docs" / "briefing"
    script.write_text(LOCK_SCRIPT, encoding="utf-8")
    holder = start(str(script), str(folder))
    assert holder.stdout.readline() == "locked\n"
    child = until(lambda: children(holder.pid), 30, "the forked child")
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(timeout=GONE_WITHIN)
    assert all(alive(pid) for pid in child), "the forked child lives on"
    with output_lock(folder, "out", wait=5):
        pass
