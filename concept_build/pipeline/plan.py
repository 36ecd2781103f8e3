"""The build's plan, made before anything runs: for each output of each edition its key, and
whether it is kept (published already), cached (copied from the cache) or built, and why."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from concept_build.common import rounds
from concept_build.common.git import GitError
from concept_build.common.languages import ALL_LANGUAGES, SOURCE_LANGUAGE
from concept_build.common.layout import Edition
from concept_build.common.project import LATEST
from concept_build.common.register import FOLDER as AMENDMENTS
from concept_build.pipeline import cache
from concept_build.pipeline.manifest import read_manifest_file
from concept_build.pipeline.options import BuildError, BuildOptions
from concept_build.pipeline.sources import ROUND_PATHS, Sources, round_trees, sources_of, text_digest


@dataclass
class Output:
    """One output's key, its fate (kept, cached or built) and why."""

    key: str
    fate: str
    why: str


@dataclass
class EditionPlan:
    """One edition to publish: where its text comes from, and each format's key and fate."""

    edition: Edition
    source_root: Path
    sources: Sources
    #: The rounds the edition shows, as the registry writes them (part of every key).
    registry_text: str
    registry_file: Path
    outputs: dict[str, Output]

    @property
    def keys(self) -> dict[str, str]:
        return {f: o.key for f, o in self.outputs.items()}

    @property
    def fates(self) -> dict[str, str]:
        return {f: o.fate for f, o in self.outputs.items()}


@dataclass
class Plan:
    options: BuildOptions
    registry: list[rounds.Round]
    latest_sources: Sources
    previous: dict[tuple[str, str], dict]
    editions: list[EditionPlan] = field(default_factory=list)
    handbook: Output | None = None

    def describe(self) -> str:
        """What will be kept, copied or built, and why: what --dry-run prints."""
        lines = [
            f'{p.edition.folder:<16} '
            + ' · '.join(f'{f.upper()} {o.fate}' + (f' ({o.why})' if o.why else '') for f, o in p.outputs.items())
            for p in self.editions
        ]
        if self.handbook:
            lines.append(
                f'{"handbook":<16} HTML {self.handbook.fate}' + (f' ({self.handbook.why})' if self.handbook.why else '')
            )
        return '\n'.join(lines) or 'nothing to build'


def load_registry(root: Path) -> list[rounds.Round]:
    try:
        return rounds.load(root / rounds.REGISTRY)
    except rounds.RegistryError as exc:
        raise BuildError(str(exc)) from None


def fate(
    key: str, parts: dict[str, str], published: dict | None, output: str, plan: Plan, store: cache.Store
) -> Output:
    """Kept when the published output has this key, cached when the cache has it, else built;
    for a rebuilt output, which parts of its key changed."""
    site = plan.options.site
    before = (published or {}).get('keys', {}).get(output)
    if (published or {}).get(output) and (site / published[output]).exists() and before == key:
        return Output(key, 'kept', '')
    if store.path(key).exists():
        return Output(key, 'cached', 'made before with these inputs')
    if not before:
        return Output(key, 'built', 'not published yet')
    changed = store.changed_parts(before, parts)
    return Output(key, 'built', f'{", ".join(changed)} changed' if changed else 'inputs changed')


def plan_version(plan: Plan, version: str, store: cache.Store) -> list[EditionPlan]:
    """The editions of one version in the languages asked for."""
    options, registry = plan.options, plan.registry
    round_ = next((r for r in registry if r.id == version), None)
    try:
        if round_:
            rounds.resolve(round_, options.root)
        trees = round_trees(options.root, round_) if round_ else None
    except (rounds.RegistryError, GitError) as exc:
        raise BuildError(str(exc)) from None
    sources = sources_of(options.root, round_.commit, ROUND_PATHS) if round_ else plan.latest_sources
    seen = rounds.view_text(rounds.view(registry, version, options.root / AMENDMENTS))
    source_root = options.work / 'trees' / version if round_ else options.root
    # Every edition of the version links the others: which languages it has is part of each key.
    present = [
        code
        for code in ALL_LANGUAGES
        if code == SOURCE_LANGUAGE
        or (f'locale/{code}' in trees if trees is not None else (options.root / 'locale' / code).is_dir())
    ]
    editions = []
    for language in options.languages:
        if language not in present:
            continue  # a language added after a round has no text of that round to show
        edition = Edition(language, version)
        parts = {
            'edition': edition.folder,
            'text': text_digest(options.root, language, trees),
            'present': present,
            'registry': seen,
            'epoch': sources.epoch,
            'languages': ','.join(ALL_LANGUAGES),
        }
        outputs = {}
        for output in options.formats:
            # The address reaches the pages and the PDF's first page (where the current version
            # lives), not the EPUB.
            address = options.base_url if output in ('html', 'pdf') else None
            every = cache.key_parts(output=output, **parts, base_url=address)
            key = store.note_parts(every)
            outputs[output] = fate(key, every, plan.previous.get((language, version)), output, plan, store)
        editions.append(
            EditionPlan(edition, source_root, sources, seen, options.work / 'registries' / f'{version}.yaml', outputs)
        )
    return editions


def plan_handbook(plan: Plan, store: cache.Store) -> Output:
    root = plan.options.root
    parts = cache.key_parts(output='handbook', text=cache.files_digest(root, ['docs']), epoch=plan.latest_sources.epoch)
    key = store.note_parts(parts)
    published = read_manifest_file(plan.options.site).get('handbook') or {}
    if published.get('key') == key and (plan.options.site / 'handbook' / 'index.html').exists():
        return Output(key, 'kept', '')
    if store.path(key).exists():
        return Output(key, 'cached', 'made before with these inputs')
    return Output(key, 'built', 'docs/ or the tools changed' if published else 'not published yet')


def make_plan(options: BuildOptions, store: cache.Store) -> Plan:
    """Decide, before anything runs, what each output of each edition asked for will be."""
    registry = load_registry(options.root)
    if not options.dry_run:
        try:
            for round_ in rounds.ensure_tags(registry, options.root):
                print(f'==> tagged {round_.tag} at {round_.commit[:12]}, as {round_.where} records', flush=True)
        except (rounds.RegistryError, GitError) as exc:
            raise BuildError(str(exc)) from None
    known = (LATEST, *(r.id for r in registry))
    versions = options.versions or known
    unknown = [v for v in versions if v not in known]
    if unknown:
        raise BuildError(
            f'unknown version(s) {", ".join(unknown)}: the versions are {", ".join(known)} '
            f'(rounds come from {options.root / rounds.REGISTRY})'
        )
    previous = {(e['language'], e['version']): e for e in read_manifest_file(options.site).get('editions', [])}
    plan = Plan(options, registry, sources_of(options.root), previous)
    for version in versions:
        plan.editions += plan_version(plan, version, store)
    if options.shard:
        index, count = options.shard
        plan.editions = [p for i, p in enumerate(plan.editions) if i % count == index - 1]
    if options.handbook and (options.shard is None or options.shard[0] == 1):
        plan.handbook = plan_handbook(plan, store)
    return plan
