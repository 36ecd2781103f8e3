"""Bad input stops with one line naming file and line; what was published stays; no failure sticks."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from concept_build.pipeline.options import BuildError
from helpers import build_site, make_repo, replace, tree

# Every case starts from a site built from a hermetic repository.
pytestmark = pytest.mark.slow


def build(root: Path, out: Path, formats: tuple[str, ...] = ('html',)) -> None:
    build_site(('en', 'ru'), None, formats, out, with_handbook=False, root=root)


@pytest.fixture(scope='module')
def published(tmp_path_factory):
    """A repository and the site built from it, to be copied by each case."""
    base = tmp_path_factory.mktemp('published')
    repo = make_repo(base / 'repo')
    build(repo, base / 'site')
    return base


def unclosed_fence(repo: Path) -> None:
    replace(repo / 'concept' / 'tasks.md', 'learn the language.\n:::\n', 'learn the language.\n')


def unknown_key(repo: Path) -> None:
    replace(
        repo / 'concept' / 'tasks.md',
        'exchange data on labour migration.',
        'exchange data on labour migration under {prov}`recognitoin`.',
    )


def invalid_act_date(repo: Path) -> None:
    replace(repo / 'bib' / 'normative-base.yaml', 'date: 1993-01-22', 'date: 1993-13-22')


def bad_indentation(repo: Path) -> None:
    replace(repo / 'bib' / 'normative-base.yaml', '  place: Minsk', ' place: Minsk')


def duplicate_work(repo: Path) -> None:
    works = repo / 'bib' / 'works.bib'
    works.write_text(works.read_text() * 2)


def missing_brace(repo: Path) -> None:
    replace(repo / 'bib' / 'works.bib', 'Highlights}', 'Highlights')


def broken_catalogue(repo: Path) -> None:
    replace(repo / 'locale' / 'ru' / 'LC_MESSAGES' / 'tasks.po', 'msgstr "Задачи"', 'msgstr "Задачи')


def invalid_round_date(repo: Path) -> None:
    (repo / 'rounds.yaml').write_text(
        '- id: round-1\n  number: 1\n  date: 2025-02-30\n  place: Saint Petersburg\n  event: Forum\n'
        '  discussed: The draft.\n  amendments_due: 2025-06-01\n  commit: ' + '0' * 40 + '\n'
    )


CASES = {
    unclosed_fence: r"tasks\.md:23: WARNING: provision 'language': its fence opened at line 23 is not "
    r"closed before provision 'recruitment' at line 26",
    unknown_key: r"tasks\.md:4: WARNING: unknown provision key 'recognitoin': no provision has this key; "
    r"did you mean 'recognition'\?",
    invalid_act_date: r"normative-base\.yaml:6: ERROR: date '1993-13-22' is not a valid date",
    bad_indentation: r'normative-base\.yaml:7: ERROR: malformed YAML: ',
    duplicate_work: r"works\.bib:8: ERROR: duplicate entry key 'report-2020', first at line 1",
    missing_brace: r'works\.bib:\d+: ERROR: syntax error: ',
    broken_catalogue: r'tasks\.po:\d+: ',
    invalid_round_date: r"rounds\.yaml:3: date '2025-02-30' is not a valid date",
}


@pytest.mark.parametrize('breakage', CASES, ids=[f.__name__ for f in CASES])
def test_bad_input_is_one_line_and_keeps_the_site(breakage, published, tmp_path, capfd):
    repo, out = tmp_path / 'repo', tmp_path / 'site'
    shutil.copytree(published / 'repo', repo)
    shutil.copytree(published / 'site', out)
    before = tree(out)
    crash_logs = set(Path('/tmp').glob('sphinx-err-*'))
    breakage(repo)
    with pytest.raises(BuildError) as failure:
        build(repo, out)
    printed = capfd.readouterr()
    said = printed.out + printed.err + str(failure.value)
    assert re.search(CASES[breakage], said), said
    assert 'Traceback' not in said and 'sphinx-err' not in said
    assert set(Path('/tmp').glob('sphinx-err-*')) == crash_logs
    # One mistake, one line: no cascade of follow-up warnings.
    problems = [line for line in said.splitlines() if re.search(r'(WARNING|ERROR):|:\d+: ', line)]
    assert len(set(problems)) == 1, problems
    if breakage is broken_catalogue:
        # Only Russian is broken: English is published anew, Russian keeps its edition.
        assert {k: v for k, v in tree(out).items() if k.startswith('ru/')} == {
            k: v for k, v in before.items() if k.startswith('ru/')
        }
    else:
        assert tree(out) == before


def test_a_latex_failure_does_not_stick_once_its_cause_is_fixed(published, tmp_path, monkeypatch):
    repo, out = tmp_path / 'repo', tmp_path / 'site'
    shutil.copytree(published / 'repo', repo)
    # A machine that lacks a LaTeX package: xelatex fails, whatever the text.
    broken = tmp_path / 'bin'
    broken.mkdir()
    (broken / 'xelatex').write_text('#!/bin/sh\necho "! LaTeX Error: File \\`missing.sty\' not found." >&2\nexit 1\n')
    (broken / 'xelatex').chmod(0o755)
    path = f'{broken}:{shutil.os.environ["PATH"]}'
    monkeypatch.setenv('PATH', path)
    with pytest.raises(BuildError, match='LaTeX failed'):
        build_site(('en',), None, ('pdf',), out, with_handbook=False, root=repo)
    # The package is installed; nothing is deleted by hand; the same build now succeeds.
    monkeypatch.undo()
    build_site(('en',), None, ('pdf',), out, with_handbook=False, root=repo)
    assert (out / 'en' / 'latest' / 'concept-en-latest.pdf').read_bytes().startswith(b'%PDF')


def test_a_failed_build_fails_again_until_its_cause_is_fixed(published, tmp_path):
    repo, out = tmp_path / 'repo', tmp_path / 'site'
    shutil.copytree(published / 'repo', repo)
    unclosed_fence(repo)
    for _attempt in range(2):
        # Sphinx must not remember the page as read and skip its warning the second time.
        with pytest.raises(BuildError):
            build(repo, out)
    replace(repo / 'concept' / 'tasks.md', 'learn the language.\n', 'learn the language.\n:::\n')
    build(repo, out)
    tasks = (out / 'en' / 'latest' / 'tasks.html').read_text(encoding='utf-8')
    assert re.search(r'id="recruitment">\s*<p><a class="provision-number[^>]*><strong>2\.7<', tasks)
