"""The maintainers' tools: the check of what the machine lacks, and the benchmark's cases."""

from __future__ import annotations

import re
import shutil
import sys

import polib
import pytest

from concept_build.common.sources import provisions_in
from concept_build.tools import bench, system
from helpers import REPO


def test_the_check_lists_each_missing_package_and_fails(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv('PATH', str(tmp_path))
    with pytest.raises(SystemExit) as stop:
        system.main(['gettext', 'git', '--check'])
    assert stop.value.code == 1
    assert capsys.readouterr().out == ('missing: msgfmt (Debian package gettext)\nmissing: git (Debian package git)\n')
    monkeypatch.undo()
    with pytest.raises(SystemExit) as stop:
        system.main(['gettext', 'git', '--check'])
    assert stop.value.code == 0 and capsys.readouterr().out == ''


def test_this_machine_has_what_the_build_needs_and_each_is_found_by_its_own_file():
    # TeX files by kpsewhich, fonts by fontconfig, commands on PATH: none is missing here.
    assert system.missing(['pdf', 'gettext', 'git']) == []
    absent = system.Requirement('a LaTeX package nobody has', 'texlive-nothing', tex_file='no-such-package.sty')
    assert not absent.present()
    assert system.install_command(['texlive-nothing', 'latexmk']) == (
        'sudo apt-get update && sudo apt-get install -y --no-install-recommends texlive-nothing latexmk'
    )


@pytest.mark.parametrize('naive, verdict', [(1000.0, 'met'), (0.001, 'MISSED')])
def test_a_bench_case_counts_the_editions_built_against_its_target(tmp_path, capsys, naive, verdict):
    measured = bench.Bench(tmp_path)
    measured.naive = naive
    # A build's progress lines, as the case's command prints them.
    command = [
        sys.executable,
        '-c',
        'print("[1/2] kk/latest        HTML built      1.0 s");print("[2/2] en/latest        HTML kept       0.0 s")',
    ]
    row = measured.case('one Kazakh msgstr', command, tmp_path)
    assert (row['case'], row['editions_built'], row['target_ratio']) == ('one Kazakh msgstr', 1, 0.08)
    assert row['seconds'] > 0 and row['peak_mib'] > 0
    assert measured.results['cases'] == [row]
    assert re.fullmatch(
        rf'one Kazakh msgstr +\d+\.\d +\d+\.\d{{3}} +\d+  1 +\(target ≤ 0\.08: {verdict}\)\n', capsys.readouterr().out
    )
    # What the command printed is kept in the log, under the command.
    assert 'kk/latest        HTML built' in measured.log.read_text(encoding='utf-8').split('\n$ ')[-1]


def test_the_bench_edits_one_english_provision_and_one_kazakh_message(tmp_path):
    (tmp_path / 'concept').mkdir()
    shutil.copy(REPO / 'concept' / 'general.md', tmp_path / 'concept' / 'general.md')
    folder = tmp_path / 'locale' / 'kk' / 'LC_MESSAGES'
    folder.mkdir(parents=True)
    shutil.copy(REPO / 'locale' / 'kk' / 'LC_MESSAGES' / 'goals.po', folder / 'goals.po')
    before = provisions_in(tmp_path / 'concept')
    bench.edit_provision(tmp_path)
    after = provisions_in(tmp_path / 'concept')
    changed = [key for key in before if before[key] != after[key]]
    assert len(changed) == 1 and ' the whole ' in after[changed[0]]
    old = {e.msgid: e.msgstr for e in polib.pofile(str(REPO / 'locale' / 'kk' / 'LC_MESSAGES' / 'goals.po'))}
    bench.edit_msgstr(tmp_path)
    new = {e.msgid: e.msgstr for e in polib.pofile(str(folder / 'goals.po'))}
    assert [new[m] for m in old if old[m] != new[m]] == [
        next(s for s in old.values() if s.endswith('.'))[:-1] + ' (түзетілген).'
    ]
