"""Sessions to build, preview, serve and test the Concept's site."""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from pathlib import Path

import nox

# The system check is stdlib-only, so it runs before any virtualenv exists.
sys.path.insert(0, str(Path(__file__).parent))
from concept_build.tools import system  # noqa: E402

nox.options.sessions = ['build', 'tests']

#: Debian 12's own Python is 3.11.2, the oldest this project is built and tested with.
MINIMUM_PYTHON = (3, 11)
#: One environment for every session that runs our code: the package, editable, with every
#: dependency group. Made with the Python that runs nox, so nox's own environments are not used.
ENVIRONMENT = Path('.nox/concept')
GROUPS = ('docs', 'tests')


def environment(session: nox.Session) -> dict[str, str]:
    """Make or update the shared environment; return the variables that put it first on PATH."""
    if sys.version_info < MINIMUM_PYTHON:
        session.error(f'Python {sys.version.split()[0]} is too old: this project needs Python '
                      f'{".".join(map(str, MINIMUM_PYTHON))} or newer (Debian 12\'s python3 will do)')
    python = ENVIRONMENT / 'bin' / 'python'
    if not python.exists():
        session.run(sys.executable, '-m', 'venv', str(ENVIRONMENT), external=True)
    # The package is installed editable, so only pyproject.toml (its dependencies, groups and
    # entry points) can make a reinstall necessary: when it is unchanged, pip is not run.
    wanted = hashlib.sha256(Path('pyproject.toml').read_bytes() + ' '.join(GROUPS).encode()).hexdigest()
    stamp = ENVIRONMENT / '.concept-installed'
    variables = {'PATH': f'{ENVIRONMENT.resolve() / "bin"}{os.pathsep}{os.environ.get("PATH", "")}',
                 'VIRTUAL_ENV': str(ENVIRONMENT.resolve())}
    if not (stamp.exists() and stamp.read_text() == wanted):
        # Dependency groups (PEP 735) need pip 25.1 or newer.
        session.run(str(python), '-m', 'pip', 'install', '--quiet', 'pip>=25.1', external=True)
        session.run(str(python), '-m', 'pip', 'install', '--quiet', '-e', '.',
                    *(arg for group in GROUPS for arg in ('--group', group)), external=True, env=variables)
        stamp.write_text(wanted)
    return variables


def run(session: nox.Session, program: str, *args: str) -> None:
    """Run a program of the shared environment."""
    variables = environment(session)
    session.run(str(ENVIRONMENT.resolve() / 'bin' / program), *args, external=True, env=variables)


def build_needs(posargs: list[str]) -> list[str]:
    """What a build with these options needs from the system: TeX only when it makes PDFs."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument('--format', '-f', action='append')
    parser.add_argument('--dry-run', '-n', action='store_true')
    args, _rest = parser.parse_known_args(posargs)
    if args.dry_run:
        return ['git']
    return ['gettext', 'git'] + (['pdf'] if not args.format or 'pdf' in args.format else [])


@nox.session(venv_backend='none')
def build(session: nox.Session) -> None:
    """Build every edition (HTML, PDF, EPUB), the handbook and the manifest into build/site/."""
    system.ensure(build_needs(session.posargs))
    run(session, 'python', '-m', 'concept_build', *session.posargs)


@nox.session(venv_backend='none')
def tests(session: nox.Session) -> None:
    """Run the test suite: test projects, the real Concept, its PDF and the built site."""
    system.ensure(['pdf', 'gettext', 'git', 'tests'])
    run(session, 'pytest', *(session.posargs or ['-q']))


@nox.session(venv_backend='none')
def bench(session: nox.Session) -> None:
    """Time the builds against the naive build; print the table and write it as JSON; cases as arguments."""
    system.ensure(['pdf', 'gettext', 'git'])
    run(session, 'python', '-m', 'concept_build.tools.bench', *session.posargs)


@nox.session(venv_backend='none')
def release(session: nox.Session) -> None:
    """Record a round: nox -s release -- round-2 --date ... --place ... --event ... --discussed ... --amendments-due ..."""
    if not session.posargs:
        session.error('usage: nox -s release -- <round-id> --date YYYY-MM-DD --place ... --event ... '
                      '--discussed ... --amendments-due YYYY-MM-DD')
    system.ensure(['pdf', 'gettext'])
    run(session, 'python', '-m', 'concept_build.pipeline.release', *session.posargs)


@nox.session(venv_backend='none')
def serve(session: nox.Session) -> None:
    """Serve build/site/ as it will be published: nox -s serve -- [--port 8000] (no environment needed)."""
    import functools
    import http.server

    parser = argparse.ArgumentParser(prog='nox -s serve --')
    parser.add_argument('--port', type=int, default=8000)
    parser.add_argument('--site', type=Path, default=Path('build/site'))
    parser.add_argument('port_', nargs='?', type=int, help=argparse.SUPPRESS)  # the older "-- 8001"
    args = parser.parse_args(session.posargs)
    site = args.site
    if not (site / 'index.html').exists():
        session.error(f'{site}/ has no site: run "nox -s build" first')
    # Served from this process, not a child: stopping nox stops the server, and nothing is left.
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    with http.server.ThreadingHTTPServer(('127.0.0.1', args.port_ or args.port), handler) as server:
        session.log(f'serving {site} on http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C stops)')
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            session.log('stopped')


@nox.session(venv_backend='none')
def preview(session: nox.Session) -> None:
    """Rebuild one language's HTML on every save and serve it: -- [--language kk] [--port 8000]."""
    parser = argparse.ArgumentParser(prog='nox -s preview --')
    parser.add_argument('--language', '-l', default='en', choices=system_languages())
    parser.add_argument('--port', type=int, default=8000)
    args, rest = parser.parse_known_args(session.posargs)
    variables = environment(session)
    if args.language != 'en':
        system.ensure(['gettext'])
        run(session, 'python', '-m', 'concept_build.tools.translations', 'compile', '-l', args.language)
    out = Path('build/preview') / args.language
    # sphinx-autobuild takes the place of this process (no nox parent waiting on it), so that
    # Ctrl-C or a signal to this process reaches the server and its builds, and none is left.
    command = ['sphinx-autobuild', '-n', '-W', '--keep-going', '--port', str(args.port),
               '--watch', 'bib', '--watch', 'amendments', '--watch', f'locale/{args.language}',
               '-D', f'language={args.language}', *(rest or ['concept', str(out)])]
    session.log(' '.join(command))
    os.environ.update(variables)
    os.execv(ENVIRONMENT.resolve() / 'bin' / command[0], command)


def system_languages() -> list[str]:
    return ['en', *sorted(p.name for p in Path('locale').iterdir() if p.is_dir())]


@nox.session(venv_backend='none')
def translations(session: nox.Session) -> None:
    """Regenerate the .pot templates and update every language's catalogues (sphinx-intl)."""
    run(session, 'python', '-m', 'concept_build.tools.translations', 'update', *session.posargs)


@nox.session(name='check-po', venv_backend='none')
def check_po(session: nox.Session) -> None:
    """Check every catalogue: msgfmt --check, headers, and markup against the English."""
    system.ensure(['gettext'])
    run(session, 'python', '-m', 'concept_build.tools.translations', 'check', *session.posargs)


@nox.session(name='translation-stats', venv_backend='none')
def translation_stats(session: nox.Session) -> None:
    """Print translated, fuzzy and untranslated counts per language (-l kk; --list names each message)."""
    run(session, 'python', '-m', 'concept_build.tools.translations', 'stats', *session.posargs)
