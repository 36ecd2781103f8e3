"""Publishing: the built folders swapped into the site, the manifest, and the pages made from all
the editions (comparisons, histories, side by side, their PDFs, entry and 404 pages, the CSP)."""

from __future__ import annotations

import itertools
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from concept_build.common import rounds
from concept_build.common.catalogs import catalog
from concept_build.common.languages import ALL_LANGUAGES
from concept_build.common.project import LATEST, TITLE
from concept_build.common.register import FOLDER as REGISTER
from concept_build.common.register import load_register
from concept_build.common.stores import published_stores
from concept_build.common.versions import version_label, version_order
from concept_build.pages import archive, compare, consolidated, csp, entry, history, parallel, tablepdf
from concept_build.pipeline import cache, children
from concept_build.pipeline.manifest import read_manifest_file, write_manifest
from concept_build.pipeline.options import FILE_FORMATS, BuildOptions
from concept_build.pipeline.papers import typeset_papers
from concept_build.pipeline.sources import Sources


@dataclass(frozen=True)
class Publication:
    """What one build publishes."""

    options: BuildOptions
    registry: list[rounds.Round]
    #: The manifest entries of the editions built (or copied) into the staging folder.
    entries: list[dict]
    handbook: dict | None
    #: The working draft's sources: the date and environment of the pages made from all editions.
    sources: Sources
    outputs: cache.Store
    #: Whether to make the comparison tables and side-by-side PDFs.
    papers: bool


def swap_in(publication: Publication) -> None:
    """Move each freshly built folder into the site, the one it replaces out of the way first."""
    staging, site = publication.options.staging, publication.options.site
    folders = [
        f'{e["language"]}/{e["version"]}/'
        for e in publication.entries
        if (staging / e['language'] / e['version']).is_dir()
    ]
    if publication.handbook and (staging / 'handbook').is_dir():
        folders.append('handbook/')
    trash = site.parent / f'.trash-{os.getpid()}'
    for folder in folders:
        new, old = staging / folder, site / folder
        if old.exists():
            (trash / folder).parent.mkdir(parents=True, exist_ok=True)
            old.rename(trash / folder)
        old.parent.mkdir(parents=True, exist_ok=True)
        new.rename(old)
    shutil.rmtree(trash, ignore_errors=True)


def manifest_of(publication: Publication, published: dict) -> dict:
    """The new manifest: the editions built now and those kept from *published*, in order."""
    site, registry = publication.options.site, publication.registry
    rebuilt = {(e['language'], e['version']) for e in publication.entries}
    kept = [
        e
        for e in published.get('editions', [])
        if (e['language'], e['version']) not in rebuilt and (site / (e['html'] or e['pdf'] or e.get('epub'))).exists()
    ]
    editions = sorted(
        kept + publication.entries,
        key=lambda e: (
            ALL_LANGUAGES.index(e['language']) if e['language'] in ALL_LANGUAGES else 99,
            version_order(e['version'], registry),
        ),
    )
    return {
        'title': TITLE,
        'editions': editions,
        'rounds': [
            {
                'id': r.id,
                'number': r.number,
                'date': r.date.isoformat(),
                'place': r.place,
                'event': r.event,
                'amendments_due': r.amendments_due.isoformat(),
                'tag': r.tag,
                'commit': r.commit,
            }
            for r in registry
        ],
        'handbook': publication.handbook or published.get('handbook'),
    }


def derived_key(publication: Publication, editions: list[dict]) -> str:
    """The key of what is made from all the editions together: the comparisons, histories,
    side-by-side pages, their PDFs, the entry and 404 pages, the sitemap and editions.js."""
    options = publication.options
    made_from = [
        (
            e['language'],
            e['version'],
            e.get('keys'),
            e.get('store_sha256'),
            *(e.get(f'{f}_sha256') for f in FILE_FORMATS),
        )
        for e in editions
    ]
    return cache.key(
        kind='site',
        editions=made_from,
        registry=rounds.view_text(publication.registry),
        locale=cache.files_digest(options.root, ['locale']),
        base_url=options.base_url,
        register=cache.files_digest(options.root, [REGISTER]),
        epoch=publication.sources.epoch,
    )


def amendment_sources(publication: Publication, stores: dict) -> consolidated.Sources | None:
    """What the consolidated tables of amendments are made from, when the text has a register."""
    folder = publication.options.root / REGISTER
    if not folder.is_dir():
        return None
    register = load_register(folder, [r.id for r in publication.registry])
    return consolidated.Sources(stores, register, publication.registry, publication.options.root / 'locale')


def make_derived(publication: Publication, manifest: dict) -> list[str]:
    """The pages made from the stores of all the published editions (read once); returns the
    errors of their PDFs."""
    options, registry = publication.options, publication.registry
    site, locale = options.site, options.root / 'locale'
    editions = manifest['editions']
    stores = published_stores(site, editions)
    amendments = amendment_sources(publication, stores)
    errors = []
    # The histories link no PDF: they are written while LaTeX typesets, which leaves this process
    # waiting. The other pages link each PDF only once it is there; the archives of the PDFs are
    # written beside them.
    with ThreadPoolExecutor(max_workers=1) as meanwhile:
        histories = meanwhile.submit(history.write_histories, site, stores, registry, locale)
        if publication.papers:
            jobs = tablepdf.papers(site, stores, registry, locale)
            if amendments:
                jobs = itertools.chain(jobs, tablepdf.consolidated_papers(site, amendments))
            errors = typeset_papers(
                jobs,
                site,
                options.work / 'papers',
                options.parallel,
                publication.sources.environ(),
                publication.outputs,
            )
        histories.result()
        # The archives hold the PDFs and link nothing; the entry pages give their sizes.
        archives = meanwhile.submit(archive.write_archives, site, editions)
        if amendments:
            consolidated.write_tables(site, amendments)
        compare.write_comparisons(site, stores, registry, locale)
        parallel.write_parallel_pages(site, stores, registry, locale)
        archives.result()
    languages = list(dict.fromkeys(e['language'] for e in editions))
    labels = {
        language: {
            v: version_label(v, registry, language, catalog(locale, language))
            for v in (LATEST, *(r.id for r in reversed(registry)))
        }
        for language in languages
    }
    entry.write_entry_pages(
        site,
        manifest,
        registry,
        locale,
        options.base_url,
        entry.Versions(labels, since_last_round(registry, languages, locale)),
    )
    csp.write_headers(site)  # last: it lists the inline scripts of every page
    return errors


def publish(publication: Publication) -> list[str]:
    """Swap the freshly built folders into the site, keeping every edition that was not rebuilt;
    then, for the whole site, the pages made from all the editions. Returns the errors of their
    PDFs (the editions are published all the same)."""
    site = publication.options.site
    site.mkdir(parents=True, exist_ok=True)
    published = read_manifest_file(site)
    with children.uninterrupted():
        swap_in(publication)
    manifest = manifest_of(publication, published)
    errors: list[str] = []
    if publication.options.whole_site:
        manifest['site'] = derived_key(publication, manifest['editions'])
        if manifest['site'] != published.get('site') or not (site / 'index.html').exists():
            errors = make_derived(publication, manifest)
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
        since[language] = {
            'label': _('What changed since round {number}').format(number=last.number),
            'page': f'{last.id}--{LATEST}.html',
        }
    return since
