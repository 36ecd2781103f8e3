"""The processes a build starts (Sphinx servers, latexmk, xelatex), each in a process group of its
own, so that an interrupted build stops every one of them and leaves none behind."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator

_running: set[subprocess.Popen] = set()
_lock = threading.Lock()
#: Set once the build is interrupted: no new child is started after that.
stopping = threading.Event()


class Stopped(Exception):
    """The build was interrupted; no child is started any more."""


def start(command: list[str], **options) -> subprocess.Popen:
    """Start *command* in a new session (its own process group), remembered until it ends.

    A terminal's Ctrl-C reaches only the build then; the build stops its children itself, all
    of them, instead of leaving each to its own handling of the signal.
    """
    with _lock:
        if stopping.is_set():
            raise Stopped
        process = subprocess.Popen(command, start_new_session=True, **options)
        _running.add(process)
    return process


def forget(process: subprocess.Popen) -> None:
    with _lock:
        _running.discard(process)


def run(command: list[str], **options) -> subprocess.CompletedProcess[str]:
    """Like ``subprocess.run(command, capture_output=True, text=True)``, as a child of the build."""
    process = start(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **options)
    try:
        out, err = process.communicate()
    finally:
        forget(process)
    return subprocess.CompletedProcess(command, process.returncode, out, err)


def stop_all(grace: float = 3.0) -> None:
    """Stop every child and its own children: SIGTERM to each group, SIGKILL to what is left."""
    stopping.set()
    with _lock:
        running = list(_running)
    for signal_, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 1.0)):
        for process in running:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal_)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline and any(process.poll() is None for process in running):
            time.sleep(0.05)


@contextlib.contextmanager
def uninterrupted() -> Iterator[None]:
    """Hold a Ctrl-C back while the site's folders are swapped, and raise it after: a site is
    never left half old, half new."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, _frame: held.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if held:
            raise KeyboardInterrupt
