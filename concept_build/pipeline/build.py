"""The build: plan, run, publish. Each output is kept, copied from the cache or built, as planned."""

from __future__ import annotations

import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from concept_build.common import rounds
from concept_build.pipeline import cache, children, sphinxrun
from concept_build.pipeline.checks import check_amendments, check_formerly
from concept_build.pipeline.editions import Run, build_edition
from concept_build.pipeline.lock import build_lock
from concept_build.pipeline.manifest import read_manifest_file
from concept_build.pipeline.options import BuildError, BuildOptions, Interrupted
from concept_build.pipeline.plan import EditionPlan, Plan, load_registry, make_plan
from concept_build.pipeline.progress import Progress
from concept_build.pipeline.publish import Publication, publish
from concept_build.pipeline.sources import sources_of


def export_round_trees(plan: Plan) -> None:
    """A round's tree is written only when one of its editions is built here."""
    options = plan.options
    for version in dict.fromkeys(p.edition.version for p in plan.editions if 'built' in p.fates.values()):
        round_ = next((r for r in plan.registry if r.id == version), None)
        if round_:
            try:
                rounds.export_tree(round_, options.root, options.work / 'trees' / version)
            except rounds.RegistryError as exc:
                raise BuildError(str(exc)) from None


def run_editions(plan: Plan, run: Run) -> tuple[list[dict], list[str], Progress]:
    """Build the editions side by side (each is its own Sphinx and xelatex processes); return the
    manifest entries of those that succeeded and the failures of the others."""
    progress = Progress(plan.editions)

    def build_one(edition_plan: EditionPlan) -> dict | str:
        edition = edition_plan.edition
        began = time.monotonic()
        if all(how == 'kept' for how in edition_plan.fates.values()):
            progress.finished(edition_plan, 0.0)
            before = run.previous[(edition.language, edition.version)]
            return {
                **before,
                'sources': {
                    **before.get('sources', {}),
                    **{f: edition_plan.sources.as_manifest() for f in edition_plan.fates},
                },
            }
        # One broken language must not keep the others from being built and published.
        try:
            entry = build_edition(edition_plan, run)
        except BuildError as exc:
            shutil.rmtree(run.options.staging / edition.folder, ignore_errors=True)
            progress.finished(edition_plan, time.monotonic() - began, str(exc))
            return str(exc)
        progress.finished(edition_plan, time.monotonic() - began)
        return entry

    # As many Sphinx runs at once as asked for, and one edition more in its other steps (its
    # LaTeX above all), so that no processor waits while the last editions finish one by one.
    at_once = run.options.parallel
    sphinxrun.SERVERS.allow(at_once)
    pool = ThreadPoolExecutor(max_workers=at_once + 1 if at_once > 1 else 1)
    try:
        results = list(pool.map(build_one, plan.editions))
    finally:
        # On Ctrl-C, the editions not yet started are dropped instead of built after it.
        pool.shutdown(wait=False, cancel_futures=True)
    return [r for r in results if isinstance(r, dict)], [r for r in results if isinstance(r, str)], progress


def build_handbook(plan: Plan, outputs: cache.Store) -> dict | None:
    """The handbook's HTML, unless the published one has the same key."""
    options, handbook = plan.options, plan.handbook
    if handbook is None or handbook.fate == 'kept':
        return None
    if not outputs.get(handbook.key, options.staging / 'handbook'):
        work = options.work / 'handbook'
        sphinxrun.sphinx_build(
            [('html', work / 'html')],
            options.root / 'docs',
            work / 'doctrees',
            {},
            'handbook',
            plan.latest_sources.environ(),
        )
        outputs.put(handbook.key, work / 'html', ignore=shutil.ignore_patterns('.buildinfo*', '.doctrees'))
        outputs.get(handbook.key, options.staging / 'handbook')
    return {'key': handbook.key}


def say_without_address(options: BuildOptions) -> None:
    """Said once, since the pages then lack what needs the site's address."""
    if not options.base_url and not options.trial:
        print(
            '==> no --base-url (or CONCEPT_BASE_URL): the pages have no canonical links or hreflang '
            'alternates, and there is no sitemap.xml; give the address the site will live at to have them',
            flush=True,
        )


def fresh_staging(options: BuildOptions) -> None:
    shutil.rmtree(options.staging, ignore_errors=True)
    options.staging.mkdir(parents=True)


def build(options: BuildOptions) -> list[dict]:
    """Build the requested editions and publish those that succeeded.

    Each output is looked up by its key: one already published is kept, one in the cache is
    copied, only the others are built. With a shard, only that share of the editions is built,
    into the site, without the pages made from all of them: ``merge`` assembles the shares.
    One build at a time writes into a build folder; Ctrl-C stops every process the build
    started and publishes nothing that was not complete.
    """
    with build_lock(options.site.parent):
        stage = ['planning']
        try:
            return build_locked(options, stage)
        except KeyboardInterrupt:
            children.stop_all()
            shutil.rmtree(options.staging, ignore_errors=True)
            raise Interrupted(
                'interrupted, nothing published'
                if stage[0] != 'publishing'
                else 'interrupted while making the pages from all the editions: the editions built '
                'were published, and the next build makes those pages'
            ) from None


def build_locked(options: BuildOptions, stage: list[str]) -> list[dict]:
    """The build, once it holds the build folder; *stage* says how far it got, for an interruption."""
    started = time.monotonic()
    say_without_address(options)
    if options.clean:
        shutil.rmtree(options.work, ignore_errors=True)
        shutil.rmtree(options.cache_folder, ignore_errors=True)
    outputs = cache.Store(options.cache_folder)
    plan = make_plan(options, outputs)
    if options.dry_run:
        print(plan.describe())
        return []
    # Sphinx is imported while the round trees are written and the register checked.
    sphinxrun.SERVERS.prestart(min(options.parallel, sum('built' in p.fates.values() for p in plan.editions)))
    fresh_staging(options)
    check_amendments(options.root, plan.registry, options.work / 'trees')
    export_round_trees(plan)
    run = Run(options, outputs, plan.previous)
    entries, failures, progress = run_editions(plan, run)
    handbook = None
    if entries or not failures:
        try:
            handbook = build_handbook(plan, outputs)
        except BuildError as exc:
            failures.append(str(exc))
    sphinxrun.SERVERS.close()  # Sphinx's part is done
    if entries and options.whole_site:
        check_formerly(options.staging, options.site, plan.registry, options.root)
    if entries or handbook or (options.whole_site and not failures):
        stage[0] = 'publishing'
        failures += publish(
            Publication(
                options, plan.registry, entries, handbook, plan.latest_sources, outputs, papers='pdf' in options.formats
            )
        )
    shutil.rmtree(options.staging, ignore_errors=True)
    if plan.editions:
        print(progress.table(options.formats))
    took = time.monotonic() - started
    print(f'==> a trial build, not kept, in {took:.1f} s' if options.trial else f'==> {options.site} in {took:.1f} s')
    if failures:
        outcome = (
            'The editions that failed keep what was published before; the others were published.'
            if entries
            else f'Nothing was published; {options.site} is unchanged.'
        )
        raise BuildError('\n'.join(failures) + '\n' + outcome)
    return entries


def merge(options: BuildOptions, shards: list[Path]) -> list[dict]:
    """Assemble the site from the folders that shard builds wrote, and make the pages that need
    all the editions; the result is what one build of all of them publishes."""
    with build_lock(options.site.parent):
        return merge_locked(options, shards)


def merge_locked(options: BuildOptions, shards: list[Path]) -> list[dict]:
    registry = load_registry(options.root)
    say_without_address(options)
    fresh_staging(options)
    entries, handbook = [], None
    for shard in shards:
        manifest = read_manifest_file(shard)
        if not manifest:
            raise BuildError(f'{shard}: no editions.json; is it a folder a --shard build wrote?')
        for entry in manifest.get('editions', []):
            shutil.copytree(
                shard / entry['language'] / entry['version'], options.staging / entry['language'] / entry['version']
            )
            entries.append(entry)
        if manifest.get('handbook') and (shard / 'handbook').is_dir():
            shutil.copytree(shard / 'handbook', options.staging / 'handbook')
            handbook = manifest['handbook']
    check_formerly(options.staging, options.site, registry, options.root)
    errors = publish(
        Publication(
            options,
            registry,
            entries,
            handbook,
            sources_of(options.root),
            cache.Store(options.site.parent / 'cache'),
            papers=any(e['pdf'] for e in entries),
        )
    )
    shutil.rmtree(options.staging, ignore_errors=True)
    if errors:
        raise BuildError('\n'.join(errors))
    print(f'==> merged {len(shards)} shard(s), {len(entries)} edition(s), into {options.site}')
    return entries
