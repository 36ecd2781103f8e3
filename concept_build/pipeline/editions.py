"""Building one edition as its plan says: Sphinx for what must be built, LaTeX for its PDF, the
cache for what was built before, and its manifest entry."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

from concept_build.common import layout, rounds
from concept_build.common.catalogs import catalog, compile_language
from concept_build.common.languages import ALL_LANGUAGES, SOURCE_LANGUAGE
from concept_build.common.project import LATEST, NOTICE, TITLE
from concept_build.common.stores import STORE
from concept_build.pages import akn
from concept_build.pipeline import cache
from concept_build.pipeline.latex import latex_to_pdf
from concept_build.pipeline.manifest import sha256
from concept_build.pipeline.options import FILE_FORMATS, BuildError, BuildOptions
from concept_build.pipeline.plan import EditionPlan
from concept_build.pipeline.sphinxrun import sphinx_build


@dataclass(frozen=True)
class Run:
    """What every edition of one build shares while it is built."""

    options: BuildOptions
    outputs: cache.Store
    #: The published manifest's entries, by (language, version).
    previous: dict[tuple[str, str], dict]

    def overrides(self, plan: EditionPlan) -> dict[str, str]:
        """The Sphinx settings that make the edition: its language, version, rounds, address."""
        edition, base_url = plan.edition, self.options.base_url
        settings = {
            'language': edition.language,
            'concept_version': edition.version,
            'concept_base_url': base_url,
            'concept_languages': ','.join(ALL_LANGUAGES),
            'concept_registry': str(plan.registry_file),
        }
        if base_url:  # Sphinx writes each page's canonical link from it
            settings['html_baseurl'] = base_url + edition.folder + '/'
        return settings


def compile_catalogs(root: Path, language: str) -> None:
    """Check and compile the language's catalogues before Sphinx starts, so a broken one stops
    this language with the file and line, and Sphinx finds its own strings in them too."""
    problems = compile_language(root / 'locale', language)
    if problems:
        raise BuildError(f'{language}: the translation catalogues have errors:\n  ' + '\n  '.join(problems))


def write_registry_view(plan: EditionPlan) -> None:
    """The rounds the edition shows, for its Sphinx run; rewritten only when they change."""
    path = plan.registry_file
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding='utf-8') != plan.registry_text:
        path.write_text(plan.registry_text, encoding='utf-8')


def make_outputs(plan: EditionPlan, run: Run, target: Path) -> None:
    """Build what the cache lacks, every builder in one Sphinx run sharing one doctree folder
    (as Sphinx allows, so that each reads nothing the first has read), and publish each output
    into *target* from the cache."""
    edition, fates, outputs = plan.edition, plan.fates, run.outputs
    base = run.options.work / edition.language / edition.version
    published_as = {'html': target, **{f: target / edition.file_name(f) for f in FILE_FORMATS}}
    make = {
        f: fates.get(f) == 'built' or (fates.get(f) == 'cached' and not outputs.get(plan.keys[f], place))
        for f, place in published_as.items()
    }
    builders = [('html', base / 'html')] * make['html'] + [
        (FILE_FORMATS[f], base / FILE_FORMATS[f]) for f in FILE_FORMATS if make[f]
    ]
    environ = plan.sources.environ()
    if builders:
        write_registry_view(plan)
        sphinx_build(
            builders, plan.source_root / 'concept', base / 'doctrees', run.overrides(plan), edition.folder, environ
        )
    if make['html']:
        write_bill(plan, base / 'html')
        outputs.put(plan.keys['html'], base / 'html', ignore=shutil.ignore_patterns('.buildinfo*', '.doctrees'))
        outputs.get(plan.keys['html'], target)
    for f in FILE_FORMATS:
        if make[f]:
            # A new round of the working draft's text starts from the working draft's LaTeX state.
            latest = run.options.work / edition.language / LATEST / 'latex-state'
            made = (
                latex_to_pdf(
                    base / 'latex', edition.pdf_name, f'{edition.folder} PDF', environ, base / 'latex-state', latest
                )
                if f == 'pdf'
                else base / FILE_FORMATS[f] / edition.file_name(f)
            )
            outputs.put(plan.keys[f], made)
            shutil.copyfile(made, published_as[f])


def html_entry(plan: EditionPlan, run: Run, target: Path, entry: dict) -> None:
    """The HTML's fields of the manifest entry: made now, or kept as published before."""
    edition, how = plan.edition, plan.fates.get('html')
    previous = run.previous.get((edition.language, edition.version))
    if how in ('built', 'cached'):
        entry['html'], entry['sources']['html'] = f'{edition.folder}/', plan.sources.as_manifest()
        entry['keys']['html'] = plan.keys['html']
        # The provision store is made with the HTML and published beside it, and from it the
        # edition as Akoma Ntoso.
        if (target / STORE).exists():
            entry['store'], entry['store_sha256'] = f'{edition.folder}/{STORE}', sha256(target / STORE)
        bill = layout.bill_name(edition.language, edition.version)
        if (target / bill).exists():
            entry['akn'], entry['akn_sha256'] = f'{edition.folder}/{bill}', sha256(target / bill)
    elif previous and previous.get('html'):
        shutil.copytree(
            run.options.site / edition.folder,
            target,
            dirs_exist_ok=True,
            ignore=shutil.ignore_patterns(*(edition.file_name(f) for f in FILE_FORMATS)),
        )
        entry['html'] = previous['html']
        entry['sources']['html'] = (
            plan.sources.as_manifest() if how == 'kept' else previous.get('sources', {}).get('html')
        )
        entry['keys']['html'] = previous.get('keys', {}).get('html')
        for field in ('store', 'store_sha256', 'akn', 'akn_sha256'):
            entry[field] = previous.get(field)


def file_entry(plan: EditionPlan, run: Run, target: Path, entry: dict, format_: str) -> None:
    """A PDF's or an EPUB's fields of the manifest entry: made now, or kept as published before."""
    edition, how = plan.edition, plan.fates.get(format_)
    previous = run.previous.get((edition.language, edition.version))
    name, published = edition.file_name(format_), run.options.site
    if how in ('built', 'cached'):
        entry[format_], entry[f'{format_}_sha256'] = f'{edition.folder}/{name}', sha256(target / name)
        entry['sources'][format_], entry['keys'][format_] = plan.sources.as_manifest(), plan.keys[format_]
    elif previous and previous.get(format_) and (published / previous[format_]).exists():
        shutil.copy2(published / previous[format_], target / name)
        entry[format_], entry[f'{format_}_sha256'] = previous[format_], previous[f'{format_}_sha256']
        entry['sources'][format_] = (
            plan.sources.as_manifest() if how == 'kept' else previous.get('sources', {}).get(format_)
        )
        entry['keys'][format_] = previous.get('keys', {}).get(format_)


def build_edition(plan: EditionPlan, run: Run) -> dict:
    """Make one language and version in the staging folder (built, or copied from the cache) and
    return its manifest entry. A format kept, or not asked for this time, keeps what is published."""
    edition = plan.edition
    target = run.options.staging / edition.folder
    target.mkdir(parents=True, exist_ok=True)
    if 'built' in plan.fates.values() and edition.language != SOURCE_LANGUAGE:
        compile_catalogs(plan.source_root, edition.language)
    make_outputs(plan, run, target)
    # Each format records the sources it was built from and its key. One kept because its key is
    # unchanged is what these sources make; one not requested this time keeps its own.
    entry = {
        'language': edition.language,
        'version': edition.version,
        'html': None,
        'store': None,
        'store_sha256': None,
        'akn': None,
        'akn_sha256': None,
        **{field: None for f in FILE_FORMATS for field in (f, f'{f}_sha256')},
        'sources': {},
        'keys': {},
    }
    html_entry(plan, run, target, entry)
    for format_ in FILE_FORMATS:
        file_entry(plan, run, target, entry, format_)
    return entry


def write_bill(plan: EditionPlan, html: Path) -> None:
    """The edition as Akoma Ntoso, beside its provision store: the work dated by the first round,
    the expression by the edition's round or the working draft's text."""
    seen = rounds.load(plan.registry_file)
    edition = plan.edition
    round_ = next((r for r in seen if r.id == edition.version), None)
    text_date = dt.datetime.fromtimestamp(plan.sources.epoch, dt.UTC).date().isoformat()
    date = round_.date.isoformat() if round_ else text_date
    _ = catalog(plan.source_root / 'locale', edition.language)
    if (html / STORE).exists():
        akn.write_bill(
            html / STORE,
            html / layout.bill_name(edition.language, edition.version),
            akn.BillText(
                _(TITLE),
                _(NOTICE),
                seen[0].date.isoformat() if seen else date,
                date,
                edition.version if round_ else 'working-draft',
            ),
        )
