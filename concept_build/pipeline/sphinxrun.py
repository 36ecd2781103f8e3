"""Sphinx runs, each in a fresh process forked from one that has imported Sphinx already."""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import queue
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from concept_build.pipeline import children
from concept_build.pipeline.options import BuildError

#: A server reads one job per line (Sphinx's arguments for each builder, the environment, a log
#: file), forks a child that runs them and exits, and answers with one JSON line: the child's
#: exit status and the index of the run that failed (the child writes each run's index into a
#: pipe as it starts it). The child starts as clean as a new process (no Sphinx state of another
#: edition, no translations of another language) without importing Sphinx and the libraries
#: again, which costs half a second per edition. Our own package is not imported here but in
#: each child, so that it is always the code on disk: the code every output's key is made from.
SERVER = """
import json, os, signal, sys, time, traceback
# The server runs in a process group of its own: an interrupted build stops it and its child by
# that group (pipeline/children.py), and a terminal's Ctrl-C does not reach it directly.
signal.signal(signal.SIGINT, signal.SIG_IGN)
import docutils.parsers.rst, furo, myst_parser.parsers.sphinx_, pybtex.plugin, sphinxcontrib.bibtex
import sphinx.application, sphinx.builders.epub3, sphinx.builders.html, sphinx.builders.latex
from sphinx.cmd.build import build_main
for line in sys.stdin:
    job = json.loads(line)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        status = 1
        signal.signal(signal.SIGINT, signal.default_int_handler)
        try:
            log = os.open(job['log'], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(log, 1)
            os.dup2(log, 2)
            os.environ.clear()
            os.environ.update(job['environ'])
            time.tzset()
            status = 0
            for number, arguments in enumerate(job['runs']):
                os.write(write_end, f'{number}\\n'.encode())  # the run under way, should it fail
                if build_main(arguments):
                    status = 1
                    break
        except SystemExit as stopped:  # our extensions end a build so on a malformed data file
            status = stopped.code if isinstance(stopped.code, int) else 1
        except BaseException:
            traceback.print_exc()
            status = 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end) as told:
        started = told.read().split()
    status = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    failed = int(started[-1]) if status and started else None
    print(json.dumps({'status': status, 'failed': failed}), flush=True)
"""


@dataclass(frozen=True)
class Outcome:
    """A job's exit status, and which of its runs failed (None when it did not get that far)."""

    status: int
    failed: int | None


class Servers:
    """The servers that build editions, one per edition built at once: started when first needed,
    or beforehand (``prestart``) so that they import Sphinx while the build plans."""

    def __init__(self) -> None:
        self.idle: queue.SimpleQueue[subprocess.Popen] = queue.SimpleQueue()
        self.started: list[subprocess.Popen] = []
        self.lock = threading.Lock()
        self.gate: threading.Semaphore | None = None

    def allow(self, at_once: int) -> None:
        """At most *at_once* Sphinx runs at a time, however many threads ask for one."""
        self.gate = threading.BoundedSemaphore(at_once)

    def start(self) -> subprocess.Popen:
        server = children.start(
            [sys.executable, '-c', SERVER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        with self.lock:
            self.started.append(server)
        return server

    def prestart(self, count: int) -> None:
        for _ in range(count):
            self.idle.put(self.start())

    def take(self) -> subprocess.Popen:
        try:
            server = self.idle.get_nowait()
        except queue.Empty:
            return self.start()
        return server if server.poll() is None else self.start()

    def run(self, runs: list[list[str]], environ: dict[str, str], log: Path) -> Outcome:
        """Run Sphinx with each of *runs* in turn, until one fails. What Sphinx printed is printed
        here after it, so that editions built side by side do not mix their messages."""
        with self.gate or contextlib.nullcontext():
            server = self.take()
            try:
                server.stdin.write(json.dumps({'runs': runs, 'environ': environ, 'log': str(log)}) + '\n')
                server.stdin.flush()
                answer = server.stdout.readline()
            except OSError:  # the server was stopped (an interrupted build)
                answer = ''
            self.idle.put(server)
        printed = log.read_text(encoding='utf-8', errors='replace') if log.exists() else ''
        if printed:
            sys.stderr.write(printed)
            sys.stderr.flush()
        told = json.loads(answer) if answer.strip() else {'status': 1, 'failed': None}
        return Outcome(told['status'], told['failed'])

    def close(self) -> None:
        """Stop the servers and wait for them (so that their children count in the caller's
        resource usage, as the benchmark measures it)."""
        with self.lock:
            started, self.started = self.started, []
        for server in started:
            with contextlib.suppress(OSError):  # a server stopped by an interrupted build
                server.stdin.close()
            server.wait()
            children.forget(server)
        self.idle = queue.SimpleQueue()


SERVERS = Servers()
atexit.register(SERVERS.close)


BUILDER_NAMES = {'html': 'HTML', 'latex': 'LaTeX', 'epub': 'EPUB'}


def sphinx_build(
    builders: list[tuple[str, Path]],
    source: Path,
    doctrees: Path,
    overrides: dict[str, str],
    what: str,
    environ: dict[str, str] | None = None,
) -> None:
    """Run Sphinx strictly, each of *builders* (name, output folder) in turn: nitpicky,
    warnings are errors, but report them all.

    The output folders start empty, so no page of an earlier build survives in them; the
    doctrees are kept, so unchanged pages are not read again.
    """
    runs = []
    doctrees.parent.mkdir(parents=True, exist_ok=True)
    for builder, out in builders:
        shutil.rmtree(out, ignore_errors=True)
        arguments = ['-b', builder, '-n', '-W', '--keep-going', '-q', '-d', str(doctrees)]
        for name, value in overrides.items():
            arguments += ['-D', f'{name}={value}']
        runs.append([*arguments, str(source), str(out)])
    # Several builders of one source in one process, forked from one that imported Sphinx.
    outcome = SERVERS.run(runs, dict(environ or os.environ), doctrees.with_name(doctrees.name + '.log'))
    if outcome.status != 0:
        # Sphinx keeps what it read even when it warned; the next build would then skip the
        # pages whose warnings failed this one and pass without their cause being fixed.
        shutil.rmtree(doctrees, ignore_errors=True)
        failed = builders[outcome.failed or 0][0]
        raise BuildError(
            f'{what} {BUILDER_NAMES.get(failed, failed)}: Sphinx reported the errors above (source {source})'
        )
