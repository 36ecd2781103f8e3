"""nox's serve and preview sessions: they answer, and stopping them leaves no process behind."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from helpers import REPO


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


def processes_in_session(session_id: int) -> list[str]:
    """The command lines of the processes still running in the session."""
    found = []
    for stat in Path('/proc').glob('[0-9]*/stat'):
        try:
            fields = stat.read_text().rsplit(')', 1)[1].split()
            cmdline = (stat.parent / 'cmdline').read_bytes().replace(b'\0', b' ').decode().strip()
        except OSError:
            continue
        # After the command name: state, ppid, pgrp, session; a zombie has already exited.
        if int(fields[3]) == session_id and fields[0] != 'Z':
            found.append(cmdline)
    return found


def wait_for(url: str, seconds: float) -> str:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def run_and_stop(arguments: list[str], url: str, seconds: float) -> tuple[str, list[str]]:
    """Start a nox session in a terminal's place, fetch *url*, press Ctrl-C; what was served and
    what is left running."""
    nox = shutil.which('nox')
    assert nox, 'nox is not on PATH'
    session = subprocess.Popen(
        [nox, '-f', str(REPO / 'noxfile.py'), *arguments],
        cwd=REPO,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        page = wait_for(url, seconds)
    finally:
        os.killpg(session.pid, signal.SIGINT)  # what Ctrl-C sends: the whole foreground group
        try:
            session.wait(timeout=30)
        except subprocess.TimeoutExpired:
            session.kill()
    time.sleep(1)
    return page, processes_in_session(session.pid)


def test_serve_serves_the_site_and_leaves_nothing_running(tmp_path):
    (tmp_path / 'index.html').write_text('<!doctype html><title>The site</title>', encoding='utf-8')
    port = free_port()
    page, left = run_and_stop(
        ['-s', 'serve', '--', '--port', str(port), '--site', str(tmp_path)], f'http://127.0.0.1:{port}/index.html', 60
    )
    assert '<title>The site</title>' in page
    assert left == []


@pytest.mark.slow
def test_preview_serves_the_language_asked_for_and_leaves_nothing_running():
    # It builds the whole Kazakh edition before it answers.
    port = free_port()
    page, left = run_and_stop(
        ['-s', 'preview', '--', '--language', 'kk', '--port', str(port)], f'http://127.0.0.1:{port}/index.html', 240
    )
    assert 'lang="kk"' in page
    assert left == []
