"""Per-source work spread over every core, for builds with many sources to do.

Parsing, digesting and rendering a source depend on that source alone, so a
cold build of a big corpus hands them to worker processes in chunks. One
pool serves a whole build, started at its first use: forked then, while the
build holds little, so the workers do not start as copies of a big heap.
Chunks travel pickled by `memo.dumps` (fast for our dataclasses) and the
workers return each result pickled the same way: the build stores those
bytes in its cache as they are and unpickles them once, when it reads them.
A few chunks are in flight at a time, so neither the jobs nor the results
of a big corpus are ever all in memory.

Anything that goes wrong in a worker (a source with an error, a pool that
cannot start) leaves that result out (None): the build then computes it
itself, in order, so errors and warnings read exactly as without workers.

Workers never outlive their build. A worker waits on its task queue
forever once the build is gone, so each one asks the kernel to kill it
when the build dies, however it dies (SIGKILL and SIGTERM skip all of
Python's cleanup); a build that stops on an exception (Ctrl-C included)
kills its workers rather than waiting for the chunks they are on.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Self, TypeVar

from generator.core.memo import dumps

R = TypeVar("R")
CHUNKS_PER_WORKER = 8  # small enough to balance the load, big enough to pay for the round trip
MAX_CHUNK = 64
IN_FLIGHT_PER_WORKER = 2


def default_workers() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Workers:
    """The worker processes of one build; use as a context manager.

    Args:
        count: processes; 1 (or less) does everything in this process.
        min_items: fewest items worth starting (or using) the pool for.
    """

    def __init__(self, count: int, min_items: int) -> None:
        self.count = count
        self.min_items = min_items
        self._pool: ProcessPoolExecutor | None = None
        self._broken = False

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        if self._pool is not None:
            if exc_type is not None:
                # Their results are no longer wanted: a clean shutdown would
                # first wait for the chunks in progress (Ctrl-C seeming ignored).
                _kill_workers(self._pool)
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def wanted(self, items: int) -> bool:
        """Whether that many items go to the workers."""
        return self.count > 1 and items >= self.min_items and not self._broken

    def map(self, work: Callable[[bytes], list[R]], items: Sequence[Any],
            progress: Callable[..., Iterable] | None = None, what: str = "") -> Iterator[R | None]:
        """`work` over `items` in chunks: one result per item, in order, as they come.

        `work` must be a module-level function (spawned workers import it);
        it receives a chunk pickled by `dumps` and returns a list of results.
        """
        results = self._results(work, items)
        return iter(progress(results, what, total=len(items))) if progress else results

    def _results(self, work: Callable[[bytes], list[R]], items: Sequence[Any]) -> Iterator[R | None]:
        size = max(1, min(MAX_CHUNK, -(-len(items) // (self.count * CHUNKS_PER_WORKER))))
        chunks = iter(range(0, len(items), size))
        pending: deque[tuple[Future | None, int]] = deque()

        def submit() -> None:
            start = next(chunks, None)
            if start is None:
                return
            chunk = items[start : start + size]
            future = None
            if not self._broken:
                try:
                    future = self._executor().submit(work, dumps(list(chunk)))
                except Exception:  # noqa: BLE001 - no pool (no fork, no memory): the build does the work itself
                    self._broken = True
            pending.append((future, len(chunk)))

        for _ in range(self.count * IN_FLIGHT_PER_WORKER):
            submit()
        while pending:
            future, size_of = pending.popleft()
            try:
                out = future.result() if future is not None else None
            except Exception:  # noqa: BLE001 - a chunk that failed is redone in the build, in order
                out = None
            submit()
            yield from out if out is not None else [None] * size_of

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.count, mp_context=_context(),
                                             initializer=_die_with_parent, initargs=(os.getpid(),))
        return self._pool


PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _die_with_parent(parent: int) -> None:
    """In each worker, before any work: end when the build ends, however it ends.

    PR_SET_PDEATHSIG, not a thread polling `os.getppid()`: the kernel acts
    at once, even on a worker busy in a long call that holds the GIL (which
    a polling thread would wait for), and costs nothing while the build
    runs. The signal is sent when the thread that started the worker exits:
    the pool lives inside one `build` call, on one thread, so that is the
    build's end. A parent that died before the call is not signalled:
    hence the check of the parent's id right after it (an orphan has
    another parent). Elsewhere than on Linux only that check is made.

    Ctrl-C reaches the whole process group: the workers leave it to the
    build, which stops them (see `__exit__`) without a traceback from each.

    Args:
        parent: process id of the build that starts the pool.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # SIGKILL: a worker holds nothing to clean up (it writes no file, its
    # results go through a pipe that is dead with the build).
    _set_death_signal(signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)


def _set_death_signal(sig: int) -> bool:
    """Ask the kernel for `sig` when this process's parent dies; False where it cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, sig, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _kill_workers(pool: ProcessPoolExecutor) -> None:
    """Kill the pool's processes now (ProcessPoolExecutor.kill_workers, new in
    Python 3.14, does the same)."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        try:
            process.kill()
        except (OSError, ValueError):  # already gone, or closed
            pass


def _context() -> multiprocessing.context.BaseContext:
    """Fork, which starts workers at once with the generator imported, unless
    other threads run (`mkdocs serve`): a fork copies their locks held."""
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")
