"""Build the editions of the Concept and publish them into the static site with its manifest."""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from concept_build import (akn, amendments, cache, compare, csp, history, parallel, rounds, sphinxrun, store,
                           tablepdf, translations)
from concept_build.datafile import DataFileError
from concept_build.entry import LATEST, NOTICE, TITLE, catalog, write_entry_pages
from concept_build.navigation import version_label

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = (translations.SOURCE_LANGUAGE, *translations.LANGUAGES)
FORMATS = ('html', 'pdf', 'epub')
#: The formats that are one file beside the HTML, and the Sphinx builder that makes each.
FILE_FORMATS = {'pdf': 'latex', 'epub': 'epub'}
#: No address: a site built without --base-url has no canonical links, alternates or sitemap,
#: which would otherwise point wherever the build guessed.
DEFAULT_BASE_URL = ''


class BuildError(Exception):
    """A build step failed; the message says which and why. build/site is left as it was."""


@dataclass(frozen=True)
class Edition:
    language: str
    version: str

    @property
    def folder(self) -> str:
        return f'{self.language}/{self.version}'

    def file_name(self, format_: str) -> str:
        """The edition's PDF or EPUB file."""
        return f'concept-{self.language}-{self.version}.{format_}'

    @property
    def pdf_name(self) -> str:
        return self.file_name('pdf')


BUILDER_NAMES = {'html': 'HTML', 'latex': 'LaTeX', 'epub': 'EPUB'}


def sphinx_build(builders: list[tuple[str, Path]], source: Path, doctrees: Path,
                 overrides: dict[str, str], what: str, environ: dict[str, str] | None = None) -> None:
    """Run Sphinx strictly, each of *builders* (name, output folder) in turn: nitpicky,
    warnings are errors, but report them all.

    The output folders start empty, so no page of an earlier build survives in them; the
    doctrees are kept, so unchanged pages are not read again.
    """
    runs = []
    doctrees.parent.mkdir(parents=True, exist_ok=True)
    for builder, out in builders:
        shutil.rmtree(out, ignore_errors=True)
        arguments = ['-b', builder, '-n', '-W', '--keep-going', '-q', '-d', str(doctrees)]
        for name, value in overrides.items():
            arguments += ['-D', f'{name}={value}']
        runs.append([*arguments, str(source), str(out)])
    # Several builders of one source in one process, forked from one that imported Sphinx.
    status = sphinxrun.SERVERS.run(runs, dict(environ or os.environ), doctrees.with_name(doctrees.name + '.log'))
    if status != 0:
        # Sphinx keeps what it read even when it warned; the next build would then skip the
        # pages whose warnings failed this one and pass without their cause being fixed.
        shutil.rmtree(doctrees, ignore_errors=True)
        failed = builders[status - 10][0] if 10 <= status < 10 + len(builders) else builders[0][0]
        raise BuildError(f'{what} {BUILDER_NAMES.get(failed, failed)}: Sphinx reported the errors above '
                         f'(source {source})')


#: What latexmk learns from a run: the cross-references, contents and bookmarks, the index, and
#: its record of the files. Kept after a good run and given to the next, which then typesets
#: once instead of twice when they come out the same: what two runs from nothing would make.
LATEX_STATE = ('.aux', '.toc', '.out', '.idx', '.ind', '.ilg', '.fdb_latexmk', '.fls')


def latex_to_pdf(latex_dir: Path, pdf_name: str, what: str, environ: dict[str, str] | None = None,
                 state: Path | None = None) -> Path:
    """Run latexmk with xelatex, from the state an earlier run of the edition left in *state*
    if there is one; fail on any LaTeX error or missing glyph."""
    stem = pdf_name.removesuffix('.pdf')
    if state is not None and state.is_dir():
        for kept in state.iterdir():
            shutil.copy2(kept, latex_dir / kept.name)
        try:
            made = _latexmk(latex_dir, stem, what, environ)
        except BuildError:
            # A state left by another text must never be what fails a build: from nothing, the
            # run decides alone.
            for suffix in (*LATEX_STATE, '.xdv', '.pdf', '.log'):
                (latex_dir / f'{stem}{suffix}').unlink(missing_ok=True)
            made = _latexmk(latex_dir, stem, what, environ)
    else:
        made = _latexmk(latex_dir, stem, what, environ)
    if state is not None:
        shutil.rmtree(state, ignore_errors=True)
        state.mkdir(parents=True)
        for suffix in LATEX_STATE:
            if (latex_dir / f'{stem}{suffix}').exists():
                shutil.copy2(latex_dir / f'{stem}{suffix}', state / f'{stem}{suffix}')
    return made


def _latexmk(latex_dir: Path, stem: str, what: str, environ: dict[str, str] | None) -> Path:
    tex, log = f'{stem}.tex', latex_dir / f'{stem}.log'
    result = subprocess.run(
        ['latexmk', '-xelatex', '-interaction=nonstopmode', '-halt-on-error', '-file-line-error', '-silent', tex],
        cwd=latex_dir, capture_output=True, text=True, check=False, env=environ)
    log_text = log.read_text(encoding='utf-8', errors='replace') if log.exists() else ''
    if result.returncode != 0:
        errors = [line for line in log_text.splitlines() if re.match(r'^(\S+:\d+: |! )', line)]
        detail = '\n'.join(errors[:15]) or (result.stdout + result.stderr)[-2000:]
        # The LaTeX folder starts empty at every build (sphinx_build) and only a good run's state
        # is carried over, so latexmk never finds a failed run's state and reports it again
        # after its cause is fixed; the log is kept aside.
        kept_log = latex_dir.parent / f'{stem}-failed.log'
        if log.exists():
            shutil.copy2(log, kept_log)
        raise BuildError(f'{what}: LaTeX failed, see {kept_log}:\n{detail}')
    missing_glyphs = sorted(set(re.findall(r'Missing character: There is no (.+?) in font', log_text)))
    if missing_glyphs:
        raise BuildError(f'{what}: the PDF lacks glyphs for {", ".join(missing_glyphs)} '
                         f'(see "Missing character" in the LaTeX log)')
    return latex_dir / f'{stem}.pdf'


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
LATEST_PATHS = ('concept', 'locale', 'bib', 'amendments', rounds.REGISTRY, 'concept_build', 'pyproject.toml')
ROUND_PATHS = (*(f':(glob){p}' for p in rounds.TODAYS_FILES), rounds.REGISTRY, 'concept_build', 'pyproject.toml')
#: What the working draft's text is: its date is that of the last commit that changed these
#: (not the registry: recording a round changes no word of the working draft).
TEXT_PATHS = ('concept', 'locale', 'bib', 'amendments')


def sources_of(root: Path, commit: str | None = None, paths: tuple[str, ...] = LATEST_PATHS) -> Sources:
    """HEAD (or *commit*), the text's time, and whether *paths* have uncommitted changes.

    The working draft is dated by the last commit that changed its text, uncommitted changes or
    not (the manifest says whether there were any): the same text always makes the same bytes.
    """
    def git(*args: str) -> str | None:
        result = subprocess.run(['git', '-C', str(root), *args], capture_output=True, text=True, check=False)
        return result.stdout.strip() if result.returncode == 0 else None

    if commit:
        epoch = git('show', '-s', '--format=%ct', commit)
    else:
        commit = git('rev-parse', '--verify', '--quiet', 'HEAD')
        epoch = commit and (git('log', '-1', '--format=%ct', commit, '--', *TEXT_PATHS)
                            or git('show', '-s', '--format=%ct', commit))
    if not commit:
        # Not a git checkout: the text is dated today (midnight, so that builds of one day agree).
        return Sources(None, True, int(time.time()) // 86400 * 86400)
    status = git('status', '--porcelain', '--untracked-files=all', '--', *paths)
    return Sources(commit, bool(status), int(epoch or 0))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def compile_catalogs(root: Path, language: str) -> None:
    """Check and compile the language's catalogues before Sphinx starts, so a broken one stops
    this language with the file and line, and Sphinx finds its own strings in them too."""
    problems = translations.compile_language(root / 'locale', language)
    if problems:
        raise BuildError(f'{language}: the translation catalogues have errors:\n  ' + '\n  '.join(problems))


@dataclass
class Job:
    """One edition to publish: where its text comes from, and each format's key and fate."""

    edition: Edition
    source_root: Path
    sources: Sources
    registry_file: Path
    keys: dict[str, str]
    #: per format: 'kept' (published already), 'cached' (copied from the cache) or 'built'
    plan: dict[str, str]


def build_edition(job: Job, work: Path, staging: Path, settings: dict[str, str], published: Path,
                  previous: dict | None, outputs: cache.Store) -> dict:
    """Make one language and version in *staging* (built, or copied from the cache) and return its
    manifest entry. A format kept from *published* is copied from there."""
    edition, sources = job.edition, job.sources
    source = job.source_root / 'concept'
    base = work / edition.language / edition.version
    overrides = {'language': edition.language, 'concept_version': edition.version, **settings,
                 'concept_registry': str(job.registry_file)}
    if settings['concept_base_url']:  # Sphinx writes each page's canonical link from it
        overrides['html_baseurl'] = settings['concept_base_url'] + edition.folder + '/'
    target = staging / edition.folder
    target.mkdir(parents=True, exist_ok=True)
    # Each format records the sources it was built from and its key. One kept because its key is
    # unchanged is what these sources make; one not requested this time keeps its own.
    entry = {'language': edition.language, 'version': edition.version,
             'html': None, 'store': None, 'store_sha256': None, 'akn': None, 'akn_sha256': None,
             **{field: None for f in FILE_FORMATS for field in (f, f'{f}_sha256')},
             'sources': {}, 'keys': {}}
    what = edition.folder
    environ = sources.environ()
    if 'built' in job.plan.values() and edition.language != translations.SOURCE_LANGUAGE:
        compile_catalogs(job.source_root, edition.language)
    plan = job.plan
    # What the cache lacks after all is built with the rest: every builder in one Sphinx run,
    # sharing one doctree folder (as Sphinx allows), so that each reads nothing the first has read.
    published_as = {'html': target, **{f: target / edition.file_name(f) for f in FILE_FORMATS}}
    make = {f: plan.get(f) == 'built' or (plan.get(f) == 'cached' and not outputs.get(job.keys[f], place))
            for f, place in published_as.items()}
    builders = [('html', base / 'html')] * make['html'] + [
        (FILE_FORMATS[f], base / FILE_FORMATS[f]) for f in FILE_FORMATS if make[f]]
    if builders:
        sphinx_build(builders, source, base / 'doctrees', overrides, what, environ)
    if make['html']:
        write_bill(job, base / 'html')
        outputs.put(job.keys['html'], base / 'html', ignore=shutil.ignore_patterns('.buildinfo*', '.doctrees'))
        outputs.get(job.keys['html'], target)
    for f in FILE_FORMATS:
        if make[f]:
            made = (latex_to_pdf(base / 'latex', edition.pdf_name, f'{what} PDF', environ, base / 'latex-state')
                    if f == 'pdf'
                    else base / FILE_FORMATS[f] / edition.file_name(f))
            outputs.put(job.keys[f], made)
            shutil.copyfile(made, published_as[f])
    if plan.get('html') in ('built', 'cached'):
        entry['html'], entry['sources']['html'] = f'{edition.folder}/', sources.as_manifest()
        entry['keys']['html'] = job.keys['html']
        # The provision store is made with the HTML and published beside it, and from it the
        # edition as Akoma Ntoso.
        if (target / store.STORE).exists():
            entry['store'] = f'{edition.folder}/{store.STORE}'
            entry['store_sha256'] = sha256(target / store.STORE)
        bill = akn.file_name(edition.language, edition.version)
        if (target / bill).exists():
            entry['akn'], entry['akn_sha256'] = f'{edition.folder}/{bill}', sha256(target / bill)
    elif previous and previous.get('html'):
        shutil.copytree(published / edition.folder, target, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(*(edition.file_name(f) for f in FILE_FORMATS)))
        entry['html'] = previous['html']
        entry['sources']['html'] = (sources.as_manifest() if plan.get('html') == 'kept'
                                    else previous.get('sources', {}).get('html'))
        entry['keys']['html'] = previous.get('keys', {}).get('html')
        entry['store'], entry['store_sha256'] = previous.get('store'), previous.get('store_sha256')
        entry['akn'], entry['akn_sha256'] = previous.get('akn'), previous.get('akn_sha256')
    for f in FILE_FORMATS:
        name = edition.file_name(f)
        if plan.get(f) in ('built', 'cached'):
            entry[f] = f'{edition.folder}/{name}'
            entry[f'{f}_sha256'] = sha256(target / name)
            entry['sources'][f] = sources.as_manifest()
            entry['keys'][f] = job.keys[f]
        elif previous and previous.get(f) and (published / previous[f]).exists():
            shutil.copy2(published / previous[f], target / name)
            entry[f], entry[f'{f}_sha256'] = previous[f], previous[f'{f}_sha256']
            entry['sources'][f] = (sources.as_manifest() if plan.get(f) == 'kept'
                                   else previous.get('sources', {}).get(f))
            entry['keys'][f] = previous.get('keys', {}).get(f)
    return entry


def write_bill(job: Job, html: Path) -> None:
    """The edition as Akoma Ntoso, beside its provision store: the work dated by the first round,
    the expression by the edition's round or the working draft's text."""
    seen = rounds.load(job.registry_file)
    round_ = next((r for r in seen if r.id == job.edition.version), None)
    text_date = dt.datetime.fromtimestamp(job.sources.epoch, dt.timezone.utc).date().isoformat()
    date = round_.date.isoformat() if round_ else text_date
    _ = catalog(job.source_root / 'locale', job.edition.language)
    if (html / store.STORE).exists():
        akn.write_bill(html / store.STORE, html / akn.file_name(job.edition.language, job.edition.version),
                       _(TITLE), _(NOTICE), seen[0].date.isoformat() if seen else date, date,
                       job.edition.version if round_ else 'working-draft')


def read_manifest(site: Path) -> list[dict]:
    return read_manifest_file(site).get('editions', [])


def derived_key(editions: list[dict], registry: list[rounds.Round], root: Path, base_url: str,
                epoch: int) -> str:
    """The key of what is made from all the editions together: the comparisons, histories,
    side-by-side pages, their PDFs, the entry and 404 pages, the sitemap and editions.js."""
    made_from = [(e['language'], e['version'], e.get('keys'), e.get('store_sha256'),
                  *(e.get(f'{f}_sha256') for f in FILE_FORMATS)) for e in editions]
    return cache.key(kind='site', editions=made_from, registry=rounds.view_text(registry),
                     locale=cache.files_digest(root, ['locale']), base_url=base_url, epoch=epoch)


def publish(staging: Path, site: Path, entries: list[dict], handbook: dict | None,
            registry: list[rounds.Round], root: Path, base_url: str, papers: dict | None = None,
            whole_site: bool = True) -> list[str]:
    """Swap the freshly built folders into *site*, keeping every edition that was not rebuilt;
    then, with *whole_site*, the pages made from all the editions and, when *papers* says so,
    their PDFs. Returns the errors of those PDFs (the editions are published all the same)."""
    site.mkdir(parents=True, exist_ok=True)
    rebuilt = {(e['language'], e['version']) for e in entries}
    published = read_manifest_file(site)
    kept = [e for e in published.get('editions', [])
            if (e['language'], e['version']) not in rebuilt and (site / (e['html'] or e['pdf'] or e.get('epub'))).exists()]
    trash = site.parent / f'.trash-{os.getpid()}'
    folders = [f'{e["language"]}/{e["version"]}/' for e in entries if (staging / e['language'] / e['version']).is_dir()]
    if handbook and (staging / 'handbook').is_dir():
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
                            'tag': r.tag, 'commit': r.commit} for r in registry],
                'handbook': handbook or published.get('handbook')}
    errors: list[str] = []
    if whole_site:
        epoch = papers['epoch'] if papers else sources_of(root).epoch
        manifest['site'] = derived_key(editions, registry, root, base_url, epoch)
        if manifest['site'] != published.get('site') or not (site / 'index.html').exists():
            # What is made from the stores of all the published editions, read once.
            stores = compare.published_stores(site, editions)
            if papers:
                errors = tablepdf.write_pdfs(site, stores, registry, root / 'locale', work=papers['work'],
                                             parallel=papers['parallel'], environ=papers['environ'],
                                             outputs=papers['outputs'])
            compare.write_comparisons(site, stores, registry, root / 'locale')
            history.write_histories(site, stores, registry, root / 'locale')
            parallel.write_parallel_pages(site, stores, registry, root / 'locale')
            languages = list(dict.fromkeys(e['language'] for e in editions))
            labels = {language: {v: version_label(v, registry, language, catalog(root / 'locale', language))
                                 for v in (LATEST, *(r.id for r in reversed(registry)))}
                      for language in languages}
            write_entry_pages(site, manifest, registry, root / 'locale', base_url, labels,
                              since_last_round(registry, languages, root / 'locale'))
            csp.write_headers(site)  # last: it lists the inline scripts of every page
            if errors:  # made again next time, once their cause is fixed
                manifest['site'] = None
    write_manifest(site, manifest)
    return errors


def since_last_round(registry: list[rounds.Round], languages: list[str], locale_dir: Path) -> dict:
    """The working draft's banner link to what changed since the last round, per language: it
    comes from editions.js, so that recording a round changes no page of the working draft."""
    if not registry:
        return {}
    last, since = registry[-1], {}
    for language in languages:
        _ = catalog(locale_dir, language)
        since[language] = {'label': _('What changed since round {number}').format(number=last.number),
                           'page': f'{last.id}--{LATEST}.html'}
    return since


def read_manifest_file(site: Path) -> dict:
    path = site / 'editions.json'
    if not path.exists():
        return {}
    try:
        manifest = json.loads(path.read_text(encoding='utf-8'))
        if not isinstance(manifest, dict):
            raise ValueError('not an object')
        return manifest
    except ValueError as exc:
        raise BuildError(f'{path}: not a manifest this build wrote ({exc}); move it away') from None


def write_manifest(site: Path, manifest: dict) -> None:
    (site / 'editions.json').write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + '\n',
                                        encoding='utf-8')


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


def round_trees(root: Path, round_: rounds.Round) -> dict[str, str]:
    """git's ids of the round's text, sources and each language's translations, by path."""
    listing = rounds.git(root, 'ls-tree', round_.commit, '--', 'concept', 'bib', 'locale/').stdout
    return {line.split('\t')[1]: line.split()[2] for line in listing.splitlines()}


def text_digest(root: Path, language: str, trees: dict[str, str] | None) -> str:
    """A digest of the text an edition is made from: for a round, git's ids of its trees (no
    need to read them) and today's files laid over them; for the working draft, the files."""
    if trees is None:
        return cache.files_digest(root, ['concept', 'bib', f'locale/{language}', 'amendments'])
    todays = sorted(str(p.relative_to(root)) for pattern in rounds.TODAYS_FILES for p in root.glob(pattern)
                    if not pattern.startswith('locale/') or p.relative_to(root).parts[1] == language)
    ids = [trees.get(path) for path in ('concept', 'bib', f'locale/{language}')]
    return f'{ids} {cache.files_digest(root, todays)}'


class Progress:
    """A line per edition as it finishes, and the table at the end."""

    def __init__(self, jobs: list[Job]) -> None:
        self.order = {job.edition.folder: i for i, job in enumerate(jobs)}
        self.total, self.done, self.rows = len(jobs), 0, []
        self.lock = threading.Lock()

    def finished(self, job: Job, seconds: float, failure: str | None = None) -> None:
        with self.lock:
            self.done += 1
            outcome = {f: ('failed' if failure and how != 'kept' else how) for f, how in job.plan.items()}
            self.rows.append((job.edition.folder, outcome, seconds, failure))
            formats = ', '.join(f'{f.upper()} {how}' for f, how in outcome.items())
            print(f'[{self.done:>{len(str(self.total))}}/{self.total}] {job.edition.folder:<16} {formats:<28} '
                  f'{seconds:6.1f} s', flush=True)

    def table(self, formats: tuple[str, ...]) -> str:
        lines = [f'{"edition":<16}' + ''.join(f'{f.upper():<8}' for f in formats) + f'{"seconds":>8}  problem']
        for folder, outcome, seconds, failure in sorted(self.rows, key=lambda r: self.order[r[0]]):
            where = failure.splitlines()[0] if failure else ''
            lines.append(f'{folder:<16}' + ''.join(f'{outcome.get(f, "-"):<8}' for f in formats)
                         + f'{seconds:>8.1f}  {where}')
        counts = {how: sum(how in o.values() for _f, o, _s, _x in self.rows)
                  for how in ('built', 'cached', 'kept', 'failed')}
        lines.append(', '.join(f'{n} {how}' for how, n in counts.items() if n) or 'nothing to do')
        return '\n'.join(lines)


def normal_base_url(base_url: str | None) -> str:
    """The address with one final slash; none said once, since the pages then lack what needs it."""
    if not base_url:
        print('==> no --base-url (or CONCEPT_BASE_URL): the pages have no canonical links or hreflang '
              'alternates, and there is no sitemap.xml; give the address the site will live at to have them',
              flush=True)
        return ''
    return base_url.rstrip('/') + '/'


def parse_shard(text: str) -> tuple[int, int]:
    match = re.fullmatch(r'(\d+)/(\d+)', text)
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise argparse.ArgumentTypeError(f'{text!r} is not a shard i/n with 1 <= i <= n, such as 2/3')
    return int(match[1]), int(match[2])


def build(languages: tuple[str, ...] = LANGUAGES, versions: tuple[str, ...] | None = None,
          formats: tuple[str, ...] = FORMATS, site: Path = ROOT / 'build' / 'site',
          with_handbook: bool = True, root: Path = ROOT, base_url: str = DEFAULT_BASE_URL,
          parallel: int | None = None, clean: bool = False, shard: tuple[int, int] | None = None,
          cache_folder: Path | None = None) -> list[dict]:
    """Build the requested editions and publish those that succeeded; *parallel* editions at once.

    Each output is looked up by its key: one already published is kept, one in the cache is
    copied, only the others are built. *clean* forgets the work folder and the cache; it is
    never needed for a correct result, only to reclaim their space or to rule them out.
    With *shard* (i, n), only the i-th of n shares of the editions is built, into *site*,
    without the pages made from all of them: ``merge`` assembles the shares.
    """
    registry = load_registry(root)
    known = (LATEST, *(r.id for r in registry))
    versions = versions or known
    unknown = [v for v in versions if v not in known]
    if unknown:
        raise BuildError(f'unknown version(s) {", ".join(unknown)}: the versions are {", ".join(known)} '
                         f'(rounds come from {root / rounds.REGISTRY})')
    base_url = normal_base_url(base_url)
    work = site.parent / 'work'
    cache_folder = cache_folder or site.parent / 'cache'
    if clean:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(cache_folder, ignore_errors=True)
    outputs = cache.Store(cache_folder)
    staging = site.parent / '.staging'
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    started = time.monotonic()
    previous = {(e['language'], e['version']): e for e in read_manifest(site)}
    settings = {'concept_base_url': base_url, 'concept_languages': ','.join(LANGUAGES)}
    latest_sources = sources_of(root)
    jobs: list[Job] = []
    for version in versions:
        round_ = next((r for r in registry if r.id == version), None)
        if round_:
            try:
                rounds.resolve(round_, root)
            except rounds.RegistryError as exc:
                raise BuildError(str(exc)) from None
        sources = sources_of(root, round_.commit, ROUND_PATHS) if round_ else latest_sources
        seen = rounds.view_text(rounds.view(registry, version, root / amendments.FOLDER))
        registry_file = work / 'registries' / f'{version}.yaml'
        registry_file.parent.mkdir(parents=True, exist_ok=True)
        if not registry_file.exists() or registry_file.read_text(encoding='utf-8') != seen:
            registry_file.write_text(seen, encoding='utf-8')
        source_root = work / 'trees' / version if round_ else root
        trees = round_trees(root, round_) if round_ else None
        # Every edition of the version links the others: which languages it has is part of each key.
        present_languages = [code for code in LANGUAGES if code == translations.SOURCE_LANGUAGE or (
            f'locale/{code}' in trees if trees is not None else (root / 'locale' / code).is_dir())]
        for language in languages:
            if language not in present_languages:
                continue  # a language added after a round has no text of that round to show
            edition = Edition(language, version)
            parts = {'edition': edition.folder, 'text': text_digest(root, language, trees),
                     'present': present_languages,
                     'registry': seen, 'epoch': sources.epoch,
                     'languages': settings['concept_languages']}
            keys = {f: cache.key(output=f, **parts, base_url=base_url if f == 'html' else None)
                    for f in formats}
            before = previous.get((language, version)) or {}
            plan = {}
            for f in formats:
                published = before.get(f) and (site / before[f]).exists()
                plan[f] = ('kept' if published and before.get('keys', {}).get(f) == keys[f] else
                           'cached' if outputs.path(keys[f]).exists() else 'built')
            jobs.append(Job(edition, source_root, sources, registry_file, keys, plan))
    if shard:
        jobs = [job for i, job in enumerate(jobs) if i % shard[1] == shard[0] - 1]

    check_amendments(root, registry, work / 'trees')
    # A round's tree is written only when one of its editions is built here.
    for version in dict.fromkeys(j.edition.version for j in jobs if 'built' in j.plan.values()):
        round_ = next((r for r in registry if r.id == version), None)
        if round_:
            try:
                rounds.export_tree(round_, root, work / 'trees' / version)
            except rounds.RegistryError as exc:
                raise BuildError(str(exc)) from None

    progress = Progress(jobs)

    def build_one(job: Job) -> dict | str | None:
        edition = job.edition
        began = time.monotonic()
        if all(how == 'kept' for how in job.plan.values()):
            progress.finished(job, 0.0)
            before = previous[(edition.language, edition.version)]
            return {**before, 'sources': {**before.get('sources', {}),
                                          **{f: job.sources.as_manifest() for f in job.plan}}}
        # One broken language must not keep the others from being built and published.
        try:
            entry = build_edition(job, work, staging, settings, site, previous.get((edition.language, edition.version)),
                                  outputs)
        except BuildError as exc:
            shutil.rmtree(staging / edition.folder, ignore_errors=True)
            progress.finished(job, time.monotonic() - began, str(exc))
            return str(exc)
        progress.finished(job, time.monotonic() - began)
        return entry

    # Each edition is its own sphinx-build and xelatex processes, so they run side by side.
    with ThreadPoolExecutor(max_workers=parallel or os.cpu_count() or 1) as pool:
        results = list(pool.map(build_one, jobs))
    entries = [r for r in results if isinstance(r, dict)]
    failures = [r for r in results if isinstance(r, str)]
    handbook = None
    if with_handbook and (shard is None or shard[0] == 1) and (entries or not failures):
        try:
            handbook = build_handbook(root, work, staging, site, latest_sources, outputs)
        except BuildError as exc:
            failures.append(str(exc))
    sphinxrun.SERVERS.close()  # Sphinx's part is done
    if entries and shard is None:
        check_formerly(staging, site, registry, root)
    # The comparison tables and side-by-side PDFs are made with the editions' PDFs.
    papers = ({'work': work / 'papers', 'parallel': parallel or os.cpu_count() or 1, 'outputs': outputs,
               'environ': latest_sources.environ(), 'epoch': latest_sources.epoch}
              if 'pdf' in formats else None)
    if entries or handbook or (shard is None and not failures):
        failures += publish(staging, site, entries, handbook, registry, root, base_url, papers,
                            whole_site=shard is None)
    shutil.rmtree(staging, ignore_errors=True)
    if jobs:
        print(progress.table(formats))
    print(f'==> {site} in {time.monotonic() - started:.1f} s')
    if failures:
        outcome = ('The editions that failed keep what was published before; the others were published.'
                   if entries else f'Nothing was published; {site} is unchanged.')
        raise BuildError('\n'.join(failures) + '\n' + outcome)
    return entries


def build_handbook(root: Path, work: Path, staging: Path, site: Path, sources: Sources,
                   outputs: cache.Store) -> dict | None:
    """The handbook's HTML, unless the published one was made from the same sources."""
    key = cache.key(output='handbook', text=cache.files_digest(root, ['docs']), epoch=sources.epoch)
    published = read_manifest_file(site).get('handbook') or {}
    if published.get('key') == key and (site / 'handbook' / 'index.html').exists():
        return None
    if not outputs.get(key, staging / 'handbook'):
        sphinx_build([('html', work / 'handbook' / 'html')], root / 'docs', work / 'handbook' / 'doctrees',
                     {}, 'handbook', sources.environ())
        outputs.put(key, work / 'handbook' / 'html', ignore=shutil.ignore_patterns('.buildinfo*', '.doctrees'))
        outputs.get(key, staging / 'handbook')
    return {'key': key}


def merge(shards: list[Path], site: Path, root: Path = ROOT, base_url: str = DEFAULT_BASE_URL,
          parallel: int | None = None) -> list[dict]:
    """Assemble the site from the folders that ``build(shard=...)`` wrote, and make the pages
    that need all the editions; the result is what one build of all of them publishes."""
    registry = load_registry(root)
    base_url = normal_base_url(base_url)
    staging = site.parent / '.staging'
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    entries, handbook = [], None
    for shard in shards:
        manifest = read_manifest_file(shard)
        if not manifest:
            raise BuildError(f'{shard}: no editions.json; is it a folder a --shard build wrote?')
        for entry in manifest.get('editions', []):
            shutil.copytree(shard / entry['language'] / entry['version'],
                            staging / entry['language'] / entry['version'])
            entries.append(entry)
        if manifest.get('handbook') and (shard / 'handbook').is_dir():
            shutil.copytree(shard / 'handbook', staging / 'handbook')
            handbook = manifest['handbook']
    check_formerly(staging, site, registry, root)
    sources = sources_of(root)
    work = site.parent / 'work'
    papers = ({'work': work / 'papers', 'parallel': parallel or os.cpu_count() or 1,
               'outputs': cache.Store(site.parent / 'cache'), 'environ': sources.environ(),
               'epoch': sources.epoch} if any(e['pdf'] for e in entries) else None)
    errors = publish(staging, site, entries, handbook, registry, root, base_url, papers)
    shutil.rmtree(staging, ignore_errors=True)
    if errors:
        raise BuildError('\n'.join(errors))
    print(f'==> merged {len(shards)} shard(s), {len(entries)} edition(s), into {site}')
    return entries


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog='python -m concept_build', description=__doc__)
    parser.add_argument('--language', '-l', action='append', choices=LANGUAGES,
                        help='build only this language (repeatable; default: all)')
    parser.add_argument('--version', '-v', action='append',
                        help='build only this version: latest or a round id (repeatable; default: all)')
    parser.add_argument('--format', '-f', action='append', choices=FORMATS,
                        help='build only this format (repeatable; default: all three)')
    parser.add_argument('--no-handbook', action='store_true', help='skip the handbook')
    parser.add_argument('--site', type=Path, default=ROOT / 'build' / 'site',
                        help='where to publish (default: build/site)')
    parser.add_argument('--base-url', default=os.environ.get('CONCEPT_BASE_URL', DEFAULT_BASE_URL),
                        help='the address the site is published at, for canonical links, hreflang '
                             'alternates and sitemap.xml (default: $CONCEPT_BASE_URL; without it '
                             'they are left out)')
    parser.add_argument('--jobs', '-j', type=int, default=None,
                        help='editions built at once (default: one per CPU)')
    parser.add_argument('--clean', action='store_true',
                        help='start without what earlier builds kept in build/work and build/cache '
                             '(never needed for a correct result)')
    parser.add_argument('--cache', type=Path, default=None,
                        help='where built outputs are kept under their keys (default: build/cache)')
    parser.add_argument('--shard', type=parse_shard, default=None, metavar='I/N',
                        help='build only the I-th of N shares of the editions into --site; '
                             'then assemble the site with --merge')
    parser.add_argument('--merge', type=Path, action='append', default=None, metavar='SHARD',
                        help='assemble --site from the folders of --shard builds (repeatable)')
    args = parser.parse_args(argv)
    try:
        if args.merge:
            merge([folder.resolve() for folder in args.merge], args.site.resolve(), base_url=args.base_url,
                  parallel=args.jobs)
            return
        build(tuple(args.language or LANGUAGES), tuple(args.version or ()) or None,
              tuple(args.format or FORMATS), args.site.resolve(), not args.no_handbook,
              base_url=args.base_url, parallel=args.jobs, clean=args.clean, shard=args.shard,
              cache_folder=args.cache.resolve() if args.cache else None)
    except BuildError as exc:
        raise SystemExit(f'error: {exc}') from None
