"""Sessions to build, preview, serve and test the Concept's site."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import nox

# The system check is stdlib-only, so it runs before any virtualenv exists.
sys.path.insert(0, str(Path(__file__).parent))
from concept_build import system  # noqa: E402

nox.options.default_venv_backend = 'venv'
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ['build', 'tests']


#: Debian 12's own Python is 3.11.2, the oldest this project is built and tested with.
MINIMUM_PYTHON = (3, 11)


def install(session: nox.Session, *groups: str) -> None:
    if sys.version_info < MINIMUM_PYTHON:
        session.error(f'Python {sys.version.split()[0]} is too old: this project needs Python '
                      f'{".".join(map(str, MINIMUM_PYTHON))} or newer (Debian 12\'s python3 will do)')
    # The package is installed editable, so only pyproject.toml (its dependencies, groups and
    # entry points) can make a reinstall necessary: when it is unchanged, skip the pip runs.
    wanted = hashlib.sha256(Path('pyproject.toml').read_bytes() + ' '.join(groups).encode()).hexdigest()
    stamp = Path(session.virtualenv.location) / '.concept-installed'
    if stamp.exists() and stamp.read_text() == wanted:
        return
    # Dependency groups (PEP 735) need pip 25.1 or newer.
    session.install('pip>=25.1')
    session.install('-e', '.', *(arg for group in groups for arg in ('--group', group)))
    stamp.write_text(wanted)


@nox.session
def build(session: nox.Session) -> None:
    """Build every edition (HTML and PDF), the handbook and the manifest into build/site/."""
    system.ensure(['pdf', 'gettext', 'git'])
    install(session)
    session.run('python', '-m', 'concept_build', *session.posargs)


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite: test projects, the real Concept, its PDF and the built site."""
    system.ensure(['pdf', 'gettext', 'git', 'tests'])
    install(session, 'tests')
    session.run('pytest', *(session.posargs or ['-q']))


@nox.session
def bench(session: nox.Session) -> None:
    """Time the builds and report the largest process's memory; cases as arguments."""
    system.ensure(['pdf', 'gettext'])
    install(session)
    session.run('python', '-m', 'concept_build.bench', *session.posargs)


@nox.session
def release(session: nox.Session) -> None:
    """Record a round: nox -s release -- round-2 --date ... --place ... --event ... --discussed ... --amendments-due ..."""
    if not session.posargs:
        session.error('usage: nox -s release -- <round-id> --date YYYY-MM-DD --place ... --event ... '
                      '--discussed ... --amendments-due YYYY-MM-DD')
    system.ensure(['pdf', 'gettext'])
    install(session)
    session.run('python', '-m', 'concept_build.release', *session.posargs)


@nox.session(venv_backend='none')
def serve(session: nox.Session) -> None:
    """Serve build/site/ on http://127.0.0.1:8000 as it will be published (no environment needed)."""
    site = Path('build/site')
    if not (site / 'index.html').exists():
        session.error('build/site/ is empty: run "nox -s build" first')
    port = session.posargs[0] if session.posargs else '8000'
    session.run(sys.executable, '-m', 'http.server', port, '--bind', '127.0.0.1', '--directory', str(site),
                external=True)


@nox.session
def preview(session: nox.Session) -> None:
    """Rebuild the English HTML on every save and serve it on http://127.0.0.1:8000."""
    install(session, 'docs')
    session.run('sphinx-autobuild', '-n', '-W', '--keep-going', '--watch', 'bib',
                *(session.posargs or ['concept', 'build/preview']))


@nox.session
def translations(session: nox.Session) -> None:
    """Regenerate the .pot templates and update every language's catalogues (sphinx-intl)."""
    install(session)
    session.run('python', '-m', 'concept_build.translations', 'update', *session.posargs)


@nox.session(name='check-po')
def check_po(session: nox.Session) -> None:
    """Check every catalogue: msgfmt --check, headers, and markup against the English."""
    system.ensure(['gettext'])
    install(session)
    session.run('python', '-m', 'concept_build.translations', 'check', *session.posargs)


@nox.session(name='translation-stats')
def translation_stats(session: nox.Session) -> None:
    """Print translated, fuzzy and untranslated counts per language (-l kk; --list names each message)."""
    install(session)
    session.run('python', '-m', 'concept_build.translations', 'stats', *session.posargs)
