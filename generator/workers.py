"""Per-source work spread over every core, for builds with many sources to do.

Parsing and digesting a source depend on that source alone, so a cold build
of a big corpus hands them to worker processes in chunks. A worker returns
each result already pickled (`memo.dumps`): the build stores those bytes in
its cache as they are and unpickles them once, when it reads them.

Anything that goes wrong in a worker (a source with an error, a pool that
cannot start) leaves that result out: the build then computes it itself,
in order, so errors and warnings read exactly as in a build without workers.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")
CHUNKS_PER_WORKER = 8  # small enough to balance the load, big enough to pay for the round trip
MAX_CHUNK = 64


def default_workers() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def map_chunked(
    work: Callable[[list[T]], list[R]],
    items: Sequence[T],
    workers: int,
    progress: Callable[..., Iterable] | None = None,
    what: str = "",
) -> list[R | None]:
    """`work` over `items` in chunks on `workers` processes: one result per item, in order.

    `work` must be a module-level function (workers import it). An item
    whose chunk failed gets None.
    """
    if not items:
        return []
    size = max(1, min(MAX_CHUNK, -(-len(items) // (workers * CHUNKS_PER_WORKER))))
    chunks = [list(items[i : i + size]) for i in range(0, len(items), size)]
    results: list[R | None] = []
    try:
        with ProcessPoolExecutor(max_workers=min(workers, len(chunks)), mp_context=_context()) as pool:
            futures = [pool.submit(work, chunk) for chunk in chunks]
            each = _each(futures, [len(c) for c in chunks])
            for result in (progress(each, what, total=len(items)) if progress else each):
                results.append(result)  # noqa: PERF402 - a loop keeps what came before a failure
    except Exception:  # noqa: BLE001 - no pool (no fork, no memory): the build does the work itself
        results += [None] * (len(items) - len(results))
    return results


def _each(futures: list[Future], sizes: list[int]) -> Iterator[R | None]:
    for future, size in zip(futures, sizes, strict=True):
        try:
            yield from future.result()
        except Exception:  # noqa: BLE001 - a chunk that failed is redone in the build, in order
            yield from [None] * size


def _context() -> multiprocessing.context.BaseContext:
    """Fork, which starts workers at once with the generator imported, unless
    other threads run (`mkdocs serve`): a fork copies their locks held."""
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")
