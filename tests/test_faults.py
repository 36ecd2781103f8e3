"""Faults the pipeline survives: Ctrl-C in the middle of a build, and files that are not UTF-8,
each said in one line with nothing published and nothing left running."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from concept_build.common.catalogs import check_catalog
from concept_build.common.datafile import DataFileError
from concept_build.common.sources import provisions_in
from concept_build.pipeline.options import BuildError
from helpers import REPO, ROUND_1, build_site, make_repo, record_round, tree


def processes_under(folder: Path) -> list[str]:
    """The processes working in *folder* (their working directory is in it), with their commands."""
    found = []
    for entry in Path('/proc').iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cwd = os.readlink(entry / 'cwd')
            command = (entry / 'cmdline').read_bytes().replace(b'\0', b' ').decode(errors='replace')[:120]
        except OSError:
            continue
        if cwd == str(folder) or cwd.startswith(f'{folder}/'):
            found.append(f'{entry.name} {command}')
    return found


def children_of(pid: int) -> list[int]:
    """The processes descended from *pid* that are running now (by their parent's number)."""
    parents = {}
    for entry in Path('/proc').iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / 'stat').read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rpartition(')')[2].split()[1])
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        for child, its_parent in parents.items():
            if its_parent == parent:
                found.append(child)
                frontier.append(child)
    return found


def default_ctrl_c() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.slow
def test_ctrl_c_stops_every_child_publishes_nothing_and_the_next_build_is_right(tmp_path):
    repo = make_repo(tmp_path / 'repo')
    site = tmp_path / 'site'
    command = [
        sys.executable,
        '-m',
        'concept_build',
        '--root',
        str(repo),
        '--site',
        str(site),
        '-v',
        'latest',
        '--no-handbook',
        '--jobs',
        '2',
    ]
    # In a folder of its own, so that every process the build starts is found by its directory.
    work = tmp_path / 'here'
    work.mkdir()
    build = subprocess.Popen(
        command,
        cwd=work,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, 'PYTHONPATH': str(REPO)},
        # As from a terminal: a suite run as a background job (the fresh-machine check) inherits
        # SIGINT ignored, as the shell sets it for background jobs, and Python then keeps it so.
        preexec_fn=default_ctrl_c,
    )
    deadline = time.monotonic() + 60
    # Interrupted once the build has children at work (a Sphinx server and the run it forked).
    while len(children_of(build.pid)) < 2 and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    assert build.poll() is None, 'the build ended before it could be interrupted'
    build.send_signal(signal.SIGINT)
    out, err = build.communicate(timeout=30)
    assert build.returncode == 130, out + err
    assert err.strip().splitlines()[-1] == 'interrupted, nothing published', err
    assert 'Traceback' not in out + err
    time.sleep(3)
    assert processes_under(work) + processes_under(tmp_path / 'work') == []
    assert not (site / 'editions.json').exists() and not (tmp_path / '.staging').exists()
    build_site(('en', 'ru', 'kk', 'uz'), ('latest',), site=site, root=repo, with_handbook=False)
    clean = tmp_path / 'clean' / 'site'
    build_site(('en', 'ru', 'kk', 'uz'), ('latest',), site=clean, root=repo, with_handbook=False)
    assert tree(site) == tree(clean)


def test_a_source_that_is_not_utf8_is_one_line_with_its_line_and_column(tmp_path):
    concept = tmp_path / 'concept'
    concept.mkdir()
    (concept / 'goals.md').write_bytes(b':::{provision} aim\nThe aim.\n:::\n\nA stray b\xffyte.\n')
    with pytest.raises(DataFileError) as error:
        provisions_in(concept)
    assert str(error.value) == f'{concept / "goals.md"}:5: not UTF-8 (byte 0xff at column 10)'


def test_a_catalogue_that_is_not_utf8_is_one_line_with_its_line_and_column(tmp_path):
    path = tmp_path / 'goals.po'
    text = (REPO / 'locale' / 'kk' / 'LC_MESSAGES' / 'goals.po').read_bytes()
    path.write_bytes(text + b'\n# a stray \xfe\n')
    line = text.count(b'\n') + 2
    assert check_catalog(path, 'kk') == [f'{path}:{line}: not UTF-8 (byte 0xfe at column 11)']


@pytest.mark.slow
def test_a_build_meeting_a_source_that_is_not_utf8_says_one_line_and_publishes_nothing(tmp_path):
    repo = make_repo(tmp_path / 'repo')
    record_round('round-1', **ROUND_1, root=repo, languages=('en',))
    (repo / 'amendments').mkdir()
    (repo / 'amendments' / 'participants.yaml').write_text('- key: union\n  body: A union\n', encoding='utf-8')
    tasks = repo / 'concept' / 'tasks.md'
    tasks.write_bytes(tasks.read_bytes() + b'\nA stray \xff.\n')
    lines = tasks.read_bytes().count(b'\n')
    with pytest.raises(BuildError) as error:
        build_site(('en',), ('latest',), ('html',), tmp_path / 'site', root=repo, with_handbook=False)
    assert str(error.value) == f'{tasks}:{lines}: not UTF-8 (byte 0xff at column 9)'
    assert not (tmp_path / 'site').exists()
