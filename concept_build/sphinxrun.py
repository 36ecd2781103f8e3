"""Sphinx runs, each in a fresh process forked from one that has imported Sphinx already."""

from __future__ import annotations

import atexit
import json
import subprocess
import sys
import threading
from pathlib import Path

#: A server reads one job per line (Sphinx's arguments for each builder, the environment, a log
#: file), forks a child that runs them and exits, and answers with the child's exit status. The
#: child starts as clean as a new process (no Sphinx state of another edition, no translations
#: of another language) without importing Sphinx and the libraries again, which costs half a
#: second per edition. Our own package is not imported here but in each child, so that it is
#: always the code on disk: the code every output's key is made from.
SERVER = '''
import json, os, signal, sys, time, traceback
# Ctrl-C stops the build, which then closes this server's input; the child running stops itself.
signal.signal(signal.SIGINT, signal.SIG_IGN)
import docutils.parsers.rst, furo, myst_parser.parsers.sphinx_, pybtex.plugin, sphinxcontrib.bibtex
import sphinx.application, sphinx.builders.epub3, sphinx.builders.html, sphinx.builders.latex
from sphinx.cmd.build import build_main
for line in sys.stdin:
    job = json.loads(line)
    pid = os.fork()
    if pid == 0:
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
                if build_main(arguments):
                    status = 10 + number
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
    print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]), flush=True)
'''


class Servers:
    """One server per thread that builds editions, started when first needed."""

    def __init__(self) -> None:
        self.local = threading.local()
        self.started: list[subprocess.Popen] = []
        self.lock = threading.Lock()

    def run(self, runs: list[list[str]], environ: dict[str, str], log: Path) -> int:
        """Run Sphinx with each of *runs* in turn; 0, or 10 + the index of the first that failed.
        What Sphinx printed is printed here after it, so that editions built side by side do not
        mix their messages."""
        server = getattr(self.local, 'server', None)
        if server is None or server.poll() is not None:
            server = subprocess.Popen([sys.executable, '-c', SERVER], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, text=True)
            self.local.server = server
            with self.lock:
                self.started.append(server)
        server.stdin.write(json.dumps({'runs': runs, 'environ': environ, 'log': str(log)}) + '\n')
        server.stdin.flush()
        answer = server.stdout.readline()
        printed = log.read_text(encoding='utf-8', errors='replace') if log.exists() else ''
        if printed:
            sys.stderr.write(printed)
            sys.stderr.flush()
        return int(answer) if answer.strip() else 1

    def close(self) -> None:
        """Stop the servers and wait for them (so that their children count in the caller's
        resource usage, as the benchmark measures it)."""
        with self.lock:
            started, self.started = self.started, []
        for server in started:
            server.stdin.close()
            server.wait()
        self.local = threading.local()


SERVERS = Servers()
atexit.register(SERVERS.close)
