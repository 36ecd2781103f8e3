"""Build the editions of the Concept and publish them into the static site with its manifest."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from concept_build import amendments, compare, history, parallel, rounds, store, tablepdf, translations
from concept_build.datafile import DataFileError
from concept_build.entry import LATEST, TITLE, write_entry_pages

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = (translations.SOURCE_LANGUAGE, *translations.LANGUAGES)
FORMATS = ('html', 'pdf')
#: Where `nox -s serve` serves the site; a deployment passes its own --base-url.
DEFAULT_BASE_URL = 'http://127.0.0.1:8000/'


class BuildError(Exception):
    """A build step failed; the message says which and why. build/site is left as it was."""


@dataclass(frozen=True)
class Edition:
    language: str
    version: str

    @property
    def folder(self) -> str:
        return f'{self.language}/{self.version}'

    @property
    def pdf_name(self) -> str:
        return f'concept-{self.language}-{self.version}.pdf'


def sphinx_build(builder: str, source: Path, out: Path, doctrees: Path,
                 overrides: dict[str, str], what: str, environ: dict[str, str] | None = None) -> None:
    """Run Sphinx strictly: nitpicky, warnings are errors, but report them all.

    The output folder starts empty, so no page of an earlier build survives in it; the
    doctrees are kept, so unchanged pages are not read again.
    """
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, '-m', 'sphinx', '-b', builder, '-n', '-W', '--keep-going', '-q',
               '-d', str(doctrees)]
    for name, value in overrides.items():
        command += ['-D', f'{name}={value}']
    command += [str(source), str(out)]
    print(f'==> {what}: sphinx-build -b {builder}', flush=True)
    if subprocess.run(command, check=False, env=environ).returncode != 0:
        # Sphinx keeps what it read even when it warned; the next build would then skip the
        # pages whose warnings failed this one and pass without their cause being fixed.
        shutil.rmtree(doctrees, ignore_errors=True)
        raise BuildError(f'{what}: Sphinx reported the errors above (source {source})')


def latex_to_pdf(latex_dir: Path, pdf_name: str, what: str, environ: dict[str, str] | None = None) -> Path:
    """Run latexmk with xelatex; fail on any LaTeX error or missing glyph."""
    tex = pdf_name.removesuffix('.pdf') + '.tex'
    log = latex_dir / tex.replace('.tex', '.log')
    print(f'==> {what}: latexmk (xelatex) {tex}', flush=True)
    result = subprocess.run(
        ['latexmk', '-xelatex', '-interaction=nonstopmode', '-halt-on-error', '-file-line-error', '-silent', tex],
        cwd=latex_dir, capture_output=True, text=True, check=False, env=environ)
    log_text = log.read_text(encoding='utf-8', errors='replace') if log.exists() else ''
    if result.returncode != 0:
        errors = [line for line in log_text.splitlines() if re.match(r'^(\S+:\d+: |! )', line)]
        detail = '\n'.join(errors[:15]) or (result.stdout + result.stderr)[-2000:]
        # The LaTeX folder starts empty at every build (sphinx_build), so latexmk never finds a
        # failed run's state and reports it again after its cause is fixed; the log is kept aside.
        kept_log = latex_dir.parent / f'{tex.removesuffix(".tex")}-failed.log'
        if log.exists():
            shutil.copy2(log, kept_log)
        raise BuildError(f'{what}: LaTeX failed, see {kept_log}:\n{detail}')
    missing_glyphs = sorted(set(re.findall(r'Missing character: There is no (.+?) in font', log_text)))
    if missing_glyphs:
        raise BuildError(f'{what}: the PDF lacks glyphs for {", ".join(missing_glyphs)} '
                         f'(see "Missing character" in the LaTeX log)')
    return latex_dir / pdf_name


@dataclass(frozen=True)
class Sources:
    """Where an edition's text comes from: a commit, and whether the tree differed from it."""

    commit: str | None
    uncommitted_changes: bool
    epoch: int  # SOURCE_DATE_EPOCH: the commit's time, or now for uncommitted changes

    def as_manifest(self) -> dict:
        return {'commit': self.commit, 'uncommitted_changes': self.uncommitted_changes}

    def environ(self) -> dict[str, str]:
        """The environment that makes Sphinx and xelatex write the same bytes for the same text."""
        return {**os.environ, 'SOURCE_DATE_EPOCH': str(self.epoch), 'FORCE_SOURCE_DATE': '1',
                'TZ': 'UTC'}


#: What the working draft is built from, and what a round's edition takes from today's tree.
LATEST_PATHS = ('concept', 'locale', 'bib', rounds.REGISTRY, 'concept_build', 'pyproject.toml')
ROUND_PATHS = ('concept/conf.py', *(f':(glob){p}' for p in rounds.TODAYS_FILES if p.startswith('locale')),
               rounds.REGISTRY, 'concept_build', 'pyproject.toml')


def sources_of(root: Path, commit: str | None = None, paths: tuple[str, ...] = LATEST_PATHS) -> Sources:
    """HEAD (or *commit*), its time, and whether *paths* have uncommitted changes."""
    def git(*args: str) -> str | None:
        result = subprocess.run(['git', '-C', str(root), *args], capture_output=True, text=True, check=False)
        return result.stdout.strip() if result.returncode == 0 else None

    commit = commit or git('rev-parse', '--verify', '--quiet', 'HEAD')
    if not commit:
        return Sources(None, True, int(time.time()))
    status = git('status', '--porcelain', '--untracked-files=all', '--', *paths)
    dirty = bool(status)
    epoch = int(time.time()) if dirty else int(git('show', '-s', '--format=%ct', commit) or time.time())
    return Sources(commit, dirty, epoch)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def compile_catalogs(root: Path, language: str) -> None:
    """Check and compile the language's catalogues before Sphinx starts, so a broken one stops
    this language with the file and line, and Sphinx finds its own strings in them too."""
    problems = []
    for po_path in sorted((root / 'locale' / language / 'LC_MESSAGES').glob('*.po')):
        problems += translations.check_catalog(po_path, language, mo_path=po_path.with_suffix('.mo'))
    if problems:
        raise BuildError(f'{language}: the translation catalogues have errors:\n  ' + '\n  '.join(problems))


def build_edition(edition: Edition, formats: tuple[str, ...], work: Path, staging: Path,
                  source_root: Path, sources: Sources, settings: dict[str, str],
                  published: Path, previous: dict | None) -> dict:
    """Build one language and version from *source_root* into *staging*; return its manifest entry.

    A format that is not rebuilt keeps what *published* already holds for this edition.
    """
    source = source_root / 'concept'
    base = work / edition.language / edition.version
    overrides = {'language': edition.language, 'concept_version': edition.version, **settings,
                 'html_baseurl': settings['concept_base_url'] + edition.folder + '/'}
    target = staging / edition.folder
    target.mkdir(parents=True, exist_ok=True)
    # Each format records the sources it was built from: a format carried over from an earlier
    # build keeps its own.
    entry = {'language': edition.language, 'version': edition.version,
             'html': None, 'pdf': None, 'pdf_sha256': None, 'store': None, 'store_sha256': None,
             'sources': {}}
    what = edition.folder
    environ = sources.environ()
    if edition.language != translations.SOURCE_LANGUAGE:
        compile_catalogs(source_root, edition.language)
    if 'html' in formats:
        sphinx_build('html', source, base / 'html', base / 'doctrees-html', overrides, f'{what} HTML', environ)
        shutil.copytree(base / 'html', target, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns('.buildinfo*', '.doctrees'))
        entry['html'], entry['sources']['html'] = f'{edition.folder}/', sources.as_manifest()
        # The provision store is made with the HTML and published beside it.
        if (target / store.STORE).exists():
            entry['store'] = f'{edition.folder}/{store.STORE}'
            entry['store_sha256'] = sha256(target / store.STORE)
    elif previous and previous.get('html'):
        shutil.copytree(published / edition.folder, target, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(edition.pdf_name))
        entry['html'] = previous['html']
        entry['sources']['html'] = previous.get('sources', {}).get('html')
        entry['store'], entry['store_sha256'] = previous.get('store'), previous.get('store_sha256')
    if 'pdf' in formats:
        sphinx_build('latex', source, base / 'latex', base / 'doctrees-latex', overrides, f'{what} LaTeX',
                     environ)
        pdf = latex_to_pdf(base / 'latex', edition.pdf_name, f'{what} PDF', environ)
        shutil.copy2(pdf, target / edition.pdf_name)
        entry['pdf'] = f'{edition.folder}/{edition.pdf_name}'
        entry['pdf_sha256'] = sha256(target / edition.pdf_name)
        entry['sources']['pdf'] = sources.as_manifest()
    elif previous and previous.get('pdf') and (published / previous['pdf']).exists():
        shutil.copy2(published / previous['pdf'], target / edition.pdf_name)
        entry['pdf'], entry['pdf_sha256'] = previous['pdf'], previous['pdf_sha256']
        entry['sources']['pdf'] = previous.get('sources', {}).get('pdf')
    return entry


def read_manifest(site: Path) -> list[dict]:
    path = site / 'editions.json'
    if not path.exists():
        return []
    try:
        return json.loads(path.read_text(encoding='utf-8')).get('editions', [])
    except (ValueError, AttributeError) as exc:
        raise BuildError(f'{path}: not a manifest this build wrote ({exc}); move it away') from None


def publish(staging: Path, site: Path, entries: list[dict], with_handbook: bool,
            registry: list[rounds.Round], root: Path, base_url: str, papers: dict | None = None) -> list[str]:
    """Swap the freshly built folders into *site*, keeping every edition that was not rebuilt;
    then the pages made from all the editions, and, when *papers* says so, their PDFs.
    Returns the errors of those PDFs (the editions are published all the same)."""
    site.mkdir(parents=True, exist_ok=True)
    rebuilt = {(e['language'], e['version']) for e in entries}
    kept = [e for e in read_manifest(site)
            if (e['language'], e['version']) not in rebuilt and (site / (e['html'] or e['pdf'])).exists()]
    trash = site.parent / f'.trash-{os.getpid()}'
    folders = [f'{e["language"]}/{e["version"]}/' for e in entries]
    if with_handbook:
        folders.append('handbook/')
    for folder in folders:
        new, old = staging / folder, site / folder
        if old.exists():
            (trash / folder).parent.mkdir(parents=True, exist_ok=True)
            old.rename(trash / folder)
        old.parent.mkdir(parents=True, exist_ok=True)
        new.rename(old)
    shutil.rmtree(trash, ignore_errors=True)
    editions = sorted(kept + entries, key=lambda e: (LANGUAGES.index(e['language'])
                                                     if e['language'] in LANGUAGES else 99,
                                                     version_order(e['version'], registry)))
    manifest = {'title': TITLE, 'editions': editions,
                'rounds': [{'id': r.id, 'number': r.number, 'date': r.date.isoformat(), 'place': r.place,
                            'event': r.event, 'amendments_due': r.amendments_due.isoformat(),
                            'tag': r.tag, 'commit': r.commit} for r in registry]}
    # What is made from the stores of all the published editions, read once.
    stores = compare.published_stores(site, editions)
    errors = tablepdf.write_pdfs(site, stores, registry, root / 'locale', **papers) if papers else []
    compare.write_comparisons(site, stores, registry, root / 'locale')
    history.write_histories(site, stores, registry, root / 'locale')
    parallel.write_parallel_pages(site, stores, registry, root / 'locale')
    write_entry_pages(site, manifest, registry, root / 'locale', base_url)
    (site / 'editions.json').write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + '\n',
                                        encoding='utf-8')
    return errors


def version_order(version: str, registry: list[rounds.Round]) -> int:
    """Latest first, then the rounds from the newest."""
    ids = [r.id for r in registry]
    return -1 if version == LATEST else len(ids) - ids.index(version) if version in ids else 99


def load_registry(root: Path) -> list[rounds.Round]:
    try:
        return rounds.load(root / rounds.REGISTRY)
    except rounds.RegistryError as exc:
        raise BuildError(str(exc)) from None


def check_formerly(staging: Path, site: Path, registry: list[rounds.Round], root: Path) -> None:
    """Before anything is published: each :formerly: key is a provision of an earlier version."""
    stores = {}
    for version in (LATEST, *(r.id for r in registry)):
        for folder in (staging, site):  # what this build made, else what is published
            path = folder / translations.SOURCE_LANGUAGE / version / store.STORE
            if path.exists():
                stores[(translations.SOURCE_LANGUAGE, version)] = compare.read_store(path)
                break
    try:
        compare.check_formerly(stores, [r.id for r in registry], root / 'concept')
    except compare.CompareError as exc:
        raise BuildError(f'{exc}\nNothing was published; {site} is unchanged.') from None


def check_amendments(root: Path, registry: list[rounds.Round], trees: Path) -> None:
    """Check the register against the texts of the rounds, which only the full build has."""
    folder = root / amendments.FOLDER
    if not folder.is_dir():
        return
    concepts = {}
    for round_ in registry:
        tree = trees / round_.id
        try:
            if not (tree / 'concept').is_dir():
                rounds.export_tree(round_, root, tree)
        except rounds.RegistryError as exc:
            # A shallow clone can still build the working draft; building the round itself
            # stops with this same message.
            print(f'==> the amendments were not checked against the text of {round_.id}: '
                  f'{str(exc).splitlines()[0]}', flush=True)
            return
        concepts[round_.id] = tree / 'concept'
    try:
        amendments.check_against_rounds(folder, [r.id for r in registry], concepts, root / 'concept')
    except DataFileError as exc:
        raise BuildError(str(exc)) from None


def build(languages: tuple[str, ...] = LANGUAGES, versions: tuple[str, ...] | None = None,
          formats: tuple[str, ...] = FORMATS, site: Path = ROOT / 'build' / 'site',
          with_handbook: bool = True, root: Path = ROOT, base_url: str = DEFAULT_BASE_URL,
          parallel: int | None = None, clean: bool = False) -> list[dict]:
    """Build the requested editions and publish those that succeeded; *parallel* editions at once.

    *clean* forgets what earlier builds left in the work folder; it is never needed for a
    correct result, only to reclaim its space or to rule it out.
    """
    registry = load_registry(root)
    known = (LATEST, *(r.id for r in registry))
    versions = versions or known
    unknown = [v for v in versions if v not in known]
    if unknown:
        raise BuildError(f'unknown version(s) {", ".join(unknown)}: the versions are {", ".join(known)} '
                         f'(rounds come from {root / rounds.REGISTRY})')
    base_url = base_url.rstrip('/') + '/'
    work = site.parent / 'work'
    if clean:
        shutil.rmtree(work, ignore_errors=True)
    staging = site.parent / '.staging'
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    started = time.monotonic()
    previous = {(e['language'], e['version']): e for e in read_manifest(site)}
    settings = {'concept_registry': str(root / rounds.REGISTRY), 'concept_base_url': base_url,
                'concept_languages': ','.join(LANGUAGES)}
    jobs: list[tuple[Edition, Path, Sources]] = []
    for version in versions:
        if version == LATEST:
            source_root, sources = root, sources_of(root)
        else:
            round_ = next(r for r in registry if r.id == version)
            try:
                source_root = rounds.export_tree(round_, root, work / 'trees' / version)
            except rounds.RegistryError as exc:
                raise BuildError(str(exc)) from None
            sources = sources_of(root, round_.commit, ROUND_PATHS)
        # A language added after a round has no text of that round to show.
        jobs += [(Edition(language, version), source_root, sources) for language in languages
                 if language == translations.SOURCE_LANGUAGE or (source_root / 'locale' / language).is_dir()]

    check_amendments(root, registry, work / 'trees')

    def build_one(job: tuple[Edition, Path, Sources]) -> dict | str:
        edition, source_root, sources = job
        # One broken language must not keep the others from being built and published.
        try:
            return build_edition(edition, formats, work, staging, source_root, sources, settings, site,
                                 previous.get((edition.language, edition.version)))
        except BuildError as exc:
            shutil.rmtree(staging / edition.folder, ignore_errors=True)
            return str(exc)

    # Each edition is its own sphinx-build and xelatex processes, so they run side by side.
    with ThreadPoolExecutor(max_workers=parallel or os.cpu_count() or 1) as pool:
        results = list(pool.map(build_one, jobs))
    entries = [r for r in results if isinstance(r, dict)]
    failures = [r for r in results if isinstance(r, str)]
    if entries and with_handbook:
        try:
            sphinx_build('html', root / 'docs', work / 'handbook' / 'html', work / 'handbook' / 'doctrees',
                         {}, 'handbook HTML', sources_of(root).environ())
            shutil.copytree(work / 'handbook' / 'html', staging / 'handbook',
                            ignore=shutil.ignore_patterns('.buildinfo*', '.doctrees'))
        except BuildError as exc:
            failures.append(str(exc))
            with_handbook = False
    if entries:
        check_formerly(staging, site, registry, root)
        # The comparison tables and side-by-side PDFs are made with the editions' PDFs.
        papers = ({'work': work / 'papers', 'parallel': parallel or os.cpu_count() or 1,
                   'environ': sources_of(root).environ()} if 'pdf' in formats else None)
        failures += publish(staging, site, entries, with_handbook, registry, root, base_url, papers)
    shutil.rmtree(staging, ignore_errors=True)
    published = ', '.join(f'{e["language"]}/{e["version"]}' for e in entries) or 'nothing'
    print(f'==> published {published} to {site} in {time.monotonic() - started:.1f} s')
    if failures:
        outcome = ('The editions that failed keep what was published before; the others were published.'
                   if entries else f'Nothing was published; {site} is unchanged.')
        raise BuildError('\n'.join(failures) + '\n' + outcome)
    return entries


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog='python -m concept_build', description=__doc__)
    parser.add_argument('--language', '-l', action='append', choices=LANGUAGES,
                        help='build only this language (repeatable; default: all)')
    parser.add_argument('--version', '-v', action='append',
                        help='build only this version: latest or a round id (repeatable; default: all)')
    parser.add_argument('--format', '-f', action='append', choices=FORMATS,
                        help='build only this format (repeatable; default: html and pdf)')
    parser.add_argument('--no-handbook', action='store_true', help='skip the handbook')
    parser.add_argument('--site', type=Path, default=ROOT / 'build' / 'site',
                        help='where to publish (default: build/site)')
    parser.add_argument('--base-url', default=os.environ.get('CONCEPT_BASE_URL', DEFAULT_BASE_URL),
                        help='the address the site is published at, for canonical links and '
                             f'sitemap.xml (default: $CONCEPT_BASE_URL or {DEFAULT_BASE_URL})')
    parser.add_argument('--jobs', '-j', type=int, default=None,
                        help='editions built at once (default: one per CPU)')
    parser.add_argument('--clean', action='store_true',
                        help='start without what earlier builds kept in build/work (never needed '
                             'for a correct result)')
    args = parser.parse_args(argv)
    try:
        build(tuple(args.language or LANGUAGES), tuple(args.version or ()) or None,
              tuple(args.format or FORMATS), args.site.resolve(), not args.no_handbook,
              base_url=args.base_url, parallel=args.jobs, clean=args.clean)
    except BuildError as exc:
        raise SystemExit(f'error: {exc}') from None
