"""One build at a time in a build folder: a second one stops at once and names the first."""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from concept_build.pipeline.options import BuildError


@contextlib.contextmanager
def build_lock(folder: Path) -> Iterator[None]:
    """Hold *folder*/.lock for the whole build. The kernel releases it when the process ends, so a
    build that was killed never blocks the next one; the file only says who holds it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / '.lock'
    with path.open('a+', encoding='utf-8') as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip() or 'another process'
            raise BuildError(
                f'{folder} is in use by another build ({holder}); wait for it to finish, or stop it, then build again'
            ) from None
        lock.seek(0)
        lock.truncate()
        started = dt.datetime.now().strftime('%H:%M:%S')
        lock.write(f'process {os.getpid()}, started {started}: {" ".join(sys.argv) or "python"}\n')
        lock.flush()
        yield
