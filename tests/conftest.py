"""The fixtures: a test project under tests/roots/ built in a temporary copy, and the sites the
slow tests share (built once per session). Plain helpers and constants are in helpers.py."""

from __future__ import annotations

import datetime as dt
import shutil
from io import StringIO
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.docutils import docutils_namespace

from concept_build.common.languages import ALL_LANGUAGES
from concept_build.common.project import LATEST
from concept_build.pipeline.options import FORMATS
from helpers import (
    BASE_URL,
    REPO,
    ROOTS,
    ROUND_1,
    VERSIONED_LANGUAGES,
    build_site,
    git,
    make_repo,
    move_provision,
    plain,
    record_round,
)


class Built:
    """A test project's build: its app, its warning stream, and the status it stopped with, if it did."""

    def __init__(self, app: SphinxTestApp | None, warnings: str, stopped: int | None = None) -> None:
        self.app, self.warnings, self.stopped = app, warnings, stopped

    @property
    def outdir(self) -> Path:
        assert self.app is not None, f'the build stopped (status {self.stopped}):\n{self.warnings}'
        return Path(self.app.outdir)

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
                app = SphinxTestApp(
                    builder,
                    srcdir=srcdir,
                    status=StringIO(),
                    warning=warning,
                    confoverrides={'nitpicky': True, **overrides},
                )
                apps.append(app)
                app.build()
            except SystemExit as stop:
                # A malformed data file ends the build with one error line, as sphinx-build does.
                return Built(None, plain(warning.getvalue()), stop.code)
        return Built(app, plain(warning.getvalue()))

    yield run
    for app in apps:
        app.cleanup()


@pytest.fixture(scope='session')
def history(tmp_path_factory):
    """Two recorded rounds and a working draft that moved on since."""
    repo = make_repo(tmp_path_factory.mktemp('history') / 'repo')
    # Releasing checks the strict build; English alone keeps this fixture quick.
    record_round('round-1', **ROUND_1, root=repo, languages=('en',))
    # Round 2: a provision moves to another page.
    move_provision(repo, 'forecast-horizon', 'tasks', 'general')
    git(repo, 'commit', '-q', '-am', 'Move the forecast horizon to the general provisions')
    record_round(
        'round-2',
        date=dt.date(2025, 10, 9),
        place='Minsk',
        event='Second meeting',
        discussed='The amendments to round 1.',
        amendments_due=dt.date(2025, 12, 1),
        root=repo,
        languages=('en',),
    )
    # The working draft: a new page that no round has, and a new provision at the end of a page.
    (repo / 'concept' / 'annex.md').write_text('# Annex\n\n:::{provision} annex-note\nA note.\n:::\n')
    tasks = repo / 'concept' / 'tasks.md'
    tasks.write_text(tasks.read_text() + '\n:::{provision} platform-work\nWork found through online platforms.\n:::\n')
    index = repo / 'concept' / 'index.md'
    index.write_text(index.read_text().replace('tasks\n```', 'tasks\nannex\n```', 1))
    git(repo, 'add', '-A')
    git(repo, 'commit', '-q', '-m', 'An annex')
    return repo


@pytest.fixture(scope='session')
def versioned_site(history, tmp_path_factory):
    out = tmp_path_factory.mktemp('served') / 'site'
    build_site(VERSIONED_LANGUAGES, None, FORMATS, out, with_handbook=False, root=history, base_url=BASE_URL)
    return out


@pytest.fixture(scope='session')
def real_site(tmp_path_factory):
    """The Concept's working draft in every language, HTML and PDF, built once for all tests."""
    out = tmp_path_factory.mktemp('languages') / 'site'
    build_site(ALL_LANGUAGES, (LATEST,), FORMATS, out, with_handbook=False, root=REPO)
    return out


#: The fixtures that build a whole site (once per session): a test that uses one is slow.
SITE_FIXTURES = {'history', 'versioned_site', 'real_site'}


def pytest_collection_modifyitems(config, items):
    """Refuse a test that needs a whole site but would run in the quick loop (-m "not slow")."""
    unmarked = [
        item.nodeid
        for item in items
        if SITE_FIXTURES & set(getattr(item, 'fixturenames', ())) and item.get_closest_marker('slow') is None
    ]
    if unmarked:
        raise pytest.UsageError(
            'mark these tests slow, since they use a whole-site fixture '
            f'({", ".join(sorted(SITE_FIXTURES))}):\n  ' + '\n  '.join(unmarked)
        )
