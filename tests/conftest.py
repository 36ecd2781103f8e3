"""Shared helpers: build a test project under tests/roots/ in a temporary copy."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from io import StringIO
from pathlib import Path

import polib
import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.docutils import docutils_namespace

from concept_build.common.languages import ALL_LANGUAGES
from concept_build.common.project import LATEST
from concept_build.pipeline.options import FORMATS
from helpers import build_site, record_round

ROOTS = Path(__file__).parent / 'roots'
REPO = Path(__file__).parent.parent


def plain(text: str) -> str:
    """The warning stream as a terminal without colours shows it."""
    return re.sub(r'\x1b\[[0-9;]*m', '', text)


class Built:
    def __init__(self, app: SphinxTestApp | None, warnings: str, stopped: int | None = None) -> None:
        self.app, self.warnings, self.stopped = app, warnings, stopped
        self.outdir = Path(app.outdir) if app else None

    def page(self, name: str) -> str:
        return (self.outdir / f'{name}.html').read_text(encoding='utf-8')


@pytest.fixture
def project(tmp_path):
    """Copy a test project; ``project('provisions')`` returns its folder to edit and build.

    Every other case holds only the files in which it differs from ``test-provisions``.
    """

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(ROOTS / 'test-provisions', target)
        shutil.copytree(ROOTS / f'test-{name}', target, dirs_exist_ok=True)
        return target

    return copy


@pytest.fixture
def build():
    """Build a project folder with Sphinx, nitpicky; return the result with its warnings."""
    apps = []

    def run(srcdir: Path, builder: str = 'html', **overrides) -> Built:
        warning = StringIO()
        # The namespace undoes docutils' global registrations even when the app never finished
        # starting, which SphinxTestApp only does for exceptions, not for SystemExit.
        with docutils_namespace():
            try:
                app = SphinxTestApp(builder, srcdir=srcdir, status=StringIO(), warning=warning,
                                    confoverrides={'nitpicky': True, **overrides})
                apps.append(app)
                app.build()
            except SystemExit as stop:
                # A malformed data file ends the build with one error line, as sphinx-build does.
                return Built(None, plain(warning.getvalue()), stop.code)
        return Built(app, plain(warning.getvalue()))

    yield run
    for app in apps:
        app.cleanup()


# The versioned site: a small Concept with its history of rounds, shared by the tests of rounds
# and the browser tests.
ROUNDS_ROOT = ROOTS / 'test-rounds'
LANGUAGES = ('en', 'ru', 'kk', 'uz')
#: Where the versioned test site says it will be published.
BASE_URL = 'https://example.org/concept/'
ROUND_1 = dict(date=dt.date(2025, 4, 2), place='MPA CIS headquarters, Saint Petersburg',
               event='International Labour Forum', discussed='The draft new edition of the Concept.',
               amendments_due=dt.date(2025, 6, 1))


def git(repo: Path, *args: str) -> str:
    return subprocess.run(['git', '-C', str(repo), *args], capture_output=True, text=True,
                          check=True).stdout.strip()


def make_repo(target: Path) -> Path:
    """A repository with a small Concept in English, Russian and Kazakh and today's build settings."""
    for folder in ['concept', 'bib', 'locale']:
        shutil.copytree(ROUNDS_ROOT / folder, target / folder)
    shutil.copy(REPO / 'concept' / 'conf.py', target / 'concept' / 'conf.py')
    for language in LANGUAGES[1:]:
        for catalogue in ['concept.po', 'sphinx.po']:
            shutil.copy(REPO / 'locale' / language / 'LC_MESSAGES' / catalogue,
                        target / 'locale' / language / 'LC_MESSAGES' / catalogue)
    (target / '.gitignore').write_text('*.mo\n')
    git(target, 'init', '-q', '-b', 'main')
    git(target, 'config', 'user.email', 'test@example.org')
    git(target, 'config', 'user.name', 'Test')
    git(target, 'add', '-A')
    git(target, 'commit', '-q', '-m', 'The text of round 1')
    return target


def move_provision(repo: Path, key: str, source: str, target: str) -> None:
    """Move a provision with its translations, as an author and sphinx-intl would."""
    src, dst = repo / 'concept' / f'{source}.md', repo / 'concept' / f'{target}.md'
    text = src.read_text()
    start = text.index(f':::{{provision}} {key}')
    block = text[start:text.index(':::\n', start + 4) + 4]
    src.write_text(text.replace(block, ''))
    dst.write_text(dst.read_text() + '\n' + block)
    message = block.split('\n')[1]
    for language in LANGUAGES[1:]:
        folder = repo / 'locale' / language / 'LC_MESSAGES'
        old, new = polib.pofile(str(folder / f'{source}.po')), polib.pofile(str(folder / f'{target}.po'))
        entry = old.find(message)
        old.remove(entry)
        new.append(entry)
        old.save()
        new.save()


@pytest.fixture(scope='session')
def history(tmp_path_factory):
    """Two recorded rounds and a working draft that moved on since."""
    repo = make_repo(tmp_path_factory.mktemp('history') / 'repo')
    # Releasing checks the strict build; English alone keeps this fixture quick.
    record_round('round-1', **ROUND_1, root=repo, languages=('en',))
    # Round 2: a provision moves to another page.
    move_provision(repo, 'forecast-horizon', 'tasks', 'general')
    git(repo, 'commit', '-q', '-am', 'Move the forecast horizon to the general provisions')
    record_round('round-2', date=dt.date(2025, 10, 9), place='Minsk', event='Second meeting',
                    discussed='The amendments to round 1.', amendments_due=dt.date(2025, 12, 1),
                    root=repo, languages=('en',))
    # The working draft: a new page that no round has.
    (repo / 'concept' / 'annex.md').write_text('# Annex\n\n:::{provision} annex-note\nA note.\n:::\n')
    index = repo / 'concept' / 'index.md'
    index.write_text(index.read_text().replace('tasks\n```', 'tasks\nannex\n```', 1))
    git(repo, 'add', '-A')
    git(repo, 'commit', '-q', '-m', 'An annex')
    return repo


@pytest.fixture(scope='session')
def versioned_site(history, tmp_path_factory):
    out = tmp_path_factory.mktemp('served') / 'site'
    build_site(LANGUAGES, None, FORMATS, out, with_handbook=False, root=history, base_url=BASE_URL)
    return out


@pytest.fixture(scope='session')
def real_site(tmp_path_factory):
    """The Concept's working draft in every language, HTML and PDF, built once for all tests."""
    out = tmp_path_factory.mktemp('languages') / 'site'
    build_site(ALL_LANGUAGES, (LATEST,), FORMATS, out, with_handbook=False, root=REPO)
    return out
