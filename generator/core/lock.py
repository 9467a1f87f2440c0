"""One build at a time per output folder: a second build waits, then stops.

Two builds writing the same generated folder undo each other: each one's
cleanup takes the other's temporary files for leftovers and deletes them,
and both fight over the cache. So a build holds an exclusive `flock` from
its first read to its last write, and a second one waits for it, polling,
for a bounded time.

The lock is taken on the folder that holds the generated one (`docs/`),
opened as a directory, and not on a lock file:

- nothing is created, so there is nothing to clean up or to commit, and
  no file event: `mkdocs serve` rebuilds on any event in a file under
  `docs/`, opening one included (a lock file there would rebuild forever);
- the cache folder, where a lock file could go, may be deleted at any
  time, unwritable (a build then only runs slower) or set differently by
  two builds of the same pages;
- the generated folder itself may not exist yet, and a failed first build
  must not create it.

The kernel drops an `flock` when its last holder closes it, dies included:
a killed build never leaves the folder locked. Worker processes forked
during a build would hold the lock too (a fork shares the open descriptor),
so a forked child closes its copies at once: a worker that outlived its
build would otherwise keep every later build waiting.
"""

from __future__ import annotations

import errno
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from generator.core.errors import BriefingError

WAIT_SECONDS = 600.0  # longer than a cold build of 10,000 sources (about 2 minutes, see benchmarks/)
_POLL_SECONDS = 0.2

# Descriptors of the locks this process holds. Process-wide on purpose: the
# hook that closes them in a forked child runs for every fork, whoever forks.
_HELD: set[int] = set()


def _close_held_in_child() -> None:
    # Close, never unlock: LOCK_UN from the child would release the parent's lock.
    for fd in _HELD:
        with suppress(OSError):
            os.close(fd)
    _HELD.clear()


os.register_at_fork(after_in_child=_close_held_in_child)


@contextmanager
def output_lock(output_dir: Path, shown: str, wait: float = WAIT_SECONDS,
                notify: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the build lock of `output_dir` for the duration of the block.

    Args:
        output_dir: the generated folder; its parent is created if missing.
        shown: the folder as messages name it.
        wait: seconds to wait for another build before giving up.
        notify: called once with a one-line message when this build has to wait.

    Raises:
        BriefingError: another build still held the lock after `wait` seconds.
    """
    fd = _acquire(output_dir.parent, shown, wait, notify)
    try:
        yield
    finally:
        _HELD.discard(fd)
        with suppress(OSError):  # an unlockable file system (see `_try_lock`)
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _acquire(folder: Path, shown: str, wait: float, notify: Callable[[str], None] | None) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait
    told = False
    while True:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            taken = _try_lock(fd)
        except BaseException:
            os.close(fd)
            raise
        if taken is None and notify is not None:
            notify(f"cannot lock {shown} on this file system: building without guarding against another build")
        if taken is not False:
            _HELD.add(fd)
            return fd
        os.close(fd)
        if time.monotonic() >= deadline:
            raise BriefingError(f"another build is still writing this folder after {wait:g} s; "
                                "let it finish (or stop it), then build again", shown)
        if notify is not None and not told:
            notify(f"waiting for another build of {shown} to finish (up to {wait:g} s)")
            told = True
        time.sleep(min(_POLL_SECONDS, max(0.0, deadline - time.monotonic())))


def _try_lock(fd: int) -> bool | None:
    """Take the lock if it is free: True; False while another build holds it;
    None where the file system has no locks for a folder (some network ones),
    which must not make every build fail."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError as err:
        if err.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.EBADF, errno.EINVAL):
            return None
        raise
    return True
