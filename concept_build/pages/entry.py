"""The entry pages (the site's root and each language's) and editions.js, the switchers' data."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from babel.numbers import format_decimal

from concept_build.common import rounds
from concept_build.common.catalogs import catalog
from concept_build.common.dates import long_date
from concept_build.common.languages import language_name
from concept_build.common.layout import AMENDMENTS, COMPARE, SIDE_BY_SIDE, comparison_page
from concept_build.common.project import LATEST, NOTICE, TITLE
from concept_build.pages.archive import archive_path
from concept_build.pages.notfound import not_found_page
from concept_build.pages.render import render
from concept_build.pages.shell import STYLE
from concept_build.pages.sitemap import sitemap

#: Each edition's files beside its HTML: on paper, as a book for e-readers, and as data.
FILES = (
    ('pdf', 'PDF', 'application/pdf'),
    ('epub', 'EPUB', 'application/epub+zip'),
    ('akn', 'Akoma Ntoso XML', 'application/akn+xml'),
)


def edition_pages(folder: Path) -> list[str]:
    """The page names of one HTML edition, as Sphinx names them ("index", "tasks")."""
    return sorted(
        str(p.relative_to(folder).with_suffix(''))
        for p in folder.rglob('*.html')
        if not p.relative_to(folder).parts[0].startswith('_')
    )


def edition_provisions(folder: Path) -> dict[str, str]:
    """Each provision key of one HTML edition and the page that holds it."""
    found = {}
    for page in edition_pages(folder):
        text = (folder / f'{page}.html').read_text(encoding='utf-8')
        found.update(dict.fromkeys(re.findall(r'<div class="provision[^"]*" id="([a-z0-9-]+)"', text), page))
    return found


@dataclass(frozen=True)
class Published:
    """What the entry pages are made from: the site, its editions, the rounds and the catalogues."""

    site: Path
    editions: list[dict]
    registry: list[rounds.Round]
    #: The languages of the editions, in the manifest's order.
    languages: list[str]
    locale_dir: Path
    #: Each version's name in each language, as the version switchers show it.
    labels: dict[str, dict[str, str]]

    @property
    def versions(self) -> list[str]:
        """The working draft, then the rounds from the newest."""
        return [LATEST, *[r.id for r in reversed(self.registry)]]

    @cached_property
    def by_key(self) -> dict[tuple[str, str], dict]:
        """Each edition by its language and version."""
        return {(ed['language'], ed['version']): ed for ed in self.editions}

    def has(self, language: str, version: str, field: str) -> bool:
        """Whether the edition of *language* and *version* was published with *field* (html, store)."""
        return bool(self.by_key.get((language, version), {}).get(field))


@dataclass(frozen=True)
class Versions:
    """How each language names each version, for the version switchers, and the working draft's
    link to what changed since the last round, per language (editions.js carries both)."""

    labels: dict[str, dict[str, str]]
    since: dict[str, dict[str, str]]


def write_entry_pages(
    site: Path, manifest: dict, registry: list[rounds.Round], locale_dir: Path, base_url: str, versions: Versions
) -> None:
    """The entry pages, editions.js, the 404 page and the sitemap."""
    labels, since = versions.labels, versions.since
    editions = manifest['editions']
    pages = {
        f'{ed["language"]}/{ed["version"]}': edition_pages(site / ed['html'])
        for ed in editions
        if ed['html'] and (site / ed['html']).is_dir()
    }
    published = Published(
        site, editions, registry, list(dict.fromkeys(ed['language'] for ed in editions)), locale_dir, labels
    )
    write_editions_script(published, pages, since)
    (site / 'index.html').write_text(entry_page(published, 'en', at_root=True), encoding='utf-8')
    for language in published.languages:
        (site / language / 'index.html').write_text(entry_page(published, language, at_root=False), encoding='utf-8')
    (site / '404.html').write_text(not_found_page(published.languages, locale_dir, base_url), encoding='utf-8')
    if base_url:
        (site / 'sitemap.xml').write_text(sitemap(pages, base_url), encoding='utf-8')
    else:
        (site / 'sitemap.xml').unlink(missing_ok=True)


def write_editions_script(published: Published, pages: dict[str, list[str]], since: dict[str, dict[str, str]]) -> None:
    """editions.js, which the switchers on every page read: a script, not JSON, so that it loads
    from file:// too."""
    # The editions of one version are built from one text: their pages and provisions are
    # written once per version, since every page of the site loads this script.
    first = {}
    for folder in sorted(pages):
        first.setdefault(folder.split('/')[1], folder)
    data = {
        'editions': sorted(pages),
        'pages': {version: pages[folder] for version, folder in first.items()},
        'provisions': {version: edition_provisions(published.site / folder) for version, folder in first.items()},
        'languages': published.languages,
        'versions': published.versions,
        'labels': published.labels,
        'since': since,
    }
    (published.site / 'editions.js').write_text(
        f'window.conceptSite = {json.dumps(data, ensure_ascii=False)};\n', encoding='utf-8'
    )


@dataclass(frozen=True)
class Link:
    """A link to a page in another language, named in that language (templates/entry.html)."""

    href: str
    code: str

    @property
    def name(self) -> str:
        return language_name(self.code)


@dataclass(frozen=True)
class Choice(Link):
    """A language of the site, with the Concept's title in it."""

    title: str


@dataclass(frozen=True)
class Step:
    """A version on the timeline: its name, what it was, where to read it and what changed since."""

    name: str
    sentences: list[str]
    reading: list[Link]
    changes: list[Link]
    #: The round's consolidated table of amendments, in each language that has it.
    tables: list[Link] = field(default_factory=list)
    #: What changed from the round before it ("What changed since Round 1, ...:"), and where.
    since_previous: str = ''
    previous: list[Link] = field(default_factory=list)


@dataclass(frozen=True)
class Download:
    """A file of an edition in the downloads table."""

    code: str
    version: str
    href: str
    format: str
    media_type: str
    size: str

    @property
    def name(self) -> str:
        return language_name(self.code)


def messages(_: Callable[[str], str]) -> dict[str, str]:
    """The entry page's interface strings in the language of *_*."""
    return {
        'read': _('Read:'),
        'changed': _('What changed since, in the working draft:'),
        'choose': _('Choose a language'),
        'versions': _("Versions: the working group's rounds"),
        'downloads': _('Downloads'),
        'language': _('Language'),
        'version': _('Version'),
        'format': _('Format'),
        'size': _('Size'),
        'title': _(TITLE),
        'notice': _(NOTICE),
        'handbook': _('Handbook for authors, translators and maintainers (in English)'),
        'tables': _('Consolidated table of amendments:'),
    }


def entry_page(published: Published, language: str, at_root: bool) -> str:
    """The entry page in *language*: the languages, the rounds' timeline and every download.

    At the site's root (*at_root*) it is the English page, which sends a reader on to the
    edition in the language they chose before or their browser's; elsewhere ``<language>/index.html``.
    """
    _ = catalog(published.locale_dir, language)
    up = '' if at_root else '../'
    return render(
        'entry.html',
        language=language,
        at_root=at_root,
        up=up,
        said=messages(_),
        style=STYLE,
        languages=published.languages,
        latest=LATEST,
        choices=choices(published, up),
        timeline=timeline(published, language, up, _),
        downloads=downloads(published, language, up, _),
        archive=language_archive(published, language, up, _),
        handbook=(published.site / 'handbook' / 'index.html').exists(),
    )


def language_archive(published: Published, language: str, up: str, _: Callable[[str], str]) -> Download | None:
    """The archive of every file in the page's language (pages/archive.py), where there is one."""
    path = published.site / archive_path(language)
    if not path.exists():
        return None
    size = file_size(path.stat().st_size, language, _)
    name = _('All the files in this language in one archive')
    return Download(language, '', up + archive_path(language), name, 'application/zip', size)


def choices(published: Published, up: str) -> list[Choice]:
    """Each language with an HTML edition, linked to its working draft (else its newest edition)."""
    found = []
    for code in published.languages:
        ed = published.by_key.get((code, LATEST)) or next(ed for ed in published.editions if ed['language'] == code)
        if ed['html']:
            found.append(Choice(f'{up}{ed["html"]}index.html', code, catalog(published.locale_dir, code)(TITLE)))
    return found


def timeline(published: Published, language: str, up: str, _: Callable[[str], str]) -> list[Step]:
    """The working draft, then each round from the newest: where it was and what it discussed."""
    label = published.labels.get(language) or published.labels.get('en') or {}

    def reading(version: str) -> list[Link]:
        return [
            Link(f'{up}{published.by_key[(code, version)]["html"]}index.html', code)
            for code in published.languages
            if published.has(code, version, 'html')
        ]

    def changes(version: str, since: str = LATEST) -> list[Link]:
        old, new = (version, since) if since == LATEST else (since, version)
        return [
            Link(f'{up}{code}/{COMPARE}/{comparison_page(old, new)}', code)
            for code in published.languages
            if published.has(code, old, 'store') and published.has(code, new, 'store')
        ]

    def tables(version: str) -> list[Link]:
        return [
            Link(f'{up}{code}/{AMENDMENTS}/{version}.html', code)
            for code in published.languages
            if (published.site / code / AMENDMENTS / f'{version}.html').exists()
        ]

    steps = [
        Step(_('Working draft'), [_('The current text, not yet discussed by the working group.')], reading(LATEST), [])
    ]
    for previous, round_ in reversed(list(zip([None, *published.registry], published.registry, strict=False))):
        due = _('Amendments were due by {date}.').format(date=long_date(round_.amendments_due, language))
        # The registry's words, translated as translations.py extracts them.
        where = _('{place}, {event}.').format(place=_(round_.place), event=_(round_.event))
        since = _('What changed since {version}:').format(version=label.get(previous.id, '')) if previous else ''
        steps.append(
            Step(
                label.get(round_.id, round_.id),
                [where, _(round_.discussed), due],
                reading(round_.id),
                changes(round_.id),
                tables(round_.id),
                since,
                changes(round_.id, previous.id) if previous else [],
            )
        )
    return steps


def downloads(published: Published, language: str, up: str, _: Callable[[str], str]) -> list[Download]:
    """Every file of every edition that is there, by version, then language, then format."""
    label = published.labels.get(language) or published.labels.get('en') or {}
    rows = []
    for version in published.versions:
        for code in published.languages:
            ed = published.by_key.get((code, version)) or {}
            for name, format_name, media_type in FILES:
                if not ed.get(name) or not (published.site / ed[name]).exists():
                    continue
                size = file_size((published.site / ed[name]).stat().st_size, language, _)
                rows.append(Download(code, label.get(version, version), up + ed[name], format_name, media_type, size))
    return rows + paper_downloads(published, language, up, _) + table_downloads(published, language, up, _)


def paper_downloads(published: Published, language: str, up: str, _: Callable[[str], str]) -> list[Download]:
    """Each language's comparison tables and side-by-side PDFs, named by the versions they set out."""
    label = published.labels.get(language) or published.labels.get('en') or {}
    rows = []
    for code in published.languages:
        for path in sorted((published.site / code / COMPARE).glob('*.pdf')):
            old, _sep, new = path.stem.partition('--')
            versions = f'{label.get(old, old)} → {label.get(new, new)}'
            rows.append(
                Download(
                    code,
                    versions,
                    f'{up}{code}/{COMPARE}/{path.name}',
                    _('Comparison table (PDF)'),
                    'application/pdf',
                    file_size(path.stat().st_size, language, _),
                )
            )
        for path in sorted((published.site / code / SIDE_BY_SIDE).glob('*.pdf')):
            version, _sep, other = path.stem.partition('--')
            named = _('Side by side with {language} (PDF)').format(language=language_name(other))
            rows.append(
                Download(
                    code,
                    label.get(version, version),
                    f'{up}{code}/{SIDE_BY_SIDE}/{path.name}',
                    named,
                    'application/pdf',
                    file_size(path.stat().st_size, language, _),
                )
            )
    return rows


def table_downloads(published: Published, language: str, up: str, _: Callable[[str], str]) -> list[Download]:
    """Each round's consolidated table of amendments on paper, in each language that has it."""
    label = published.labels.get(language) or published.labels.get('en') or {}
    rows = []
    for round_ in reversed(published.registry):
        for code in published.languages:
            path = published.site / code / AMENDMENTS / f'{round_.id}.pdf'
            if path.exists():
                rows.append(
                    Download(
                        code,
                        label.get(round_.id, round_.id),
                        f'{up}{code}/{AMENDMENTS}/{path.name}',
                        _('Consolidated table of amendments (PDF)'),
                        'application/pdf',
                        file_size(path.stat().st_size, language, _),
                    )
                )
    return rows


def file_size(size: int, language: str, _: Callable[[str], str]) -> str:
    """A file's size as the language writes numbers: in kilobytes below a megabyte (a small
    EPUB is not "0.0 MB"), else in megabytes with one decimal."""
    if size < 1_000_000:
        amount, pattern, unit = max(1, round(size / 1000)), '0', _('KB')
    else:
        amount, pattern, unit = round(size / 1_000_000, 1), '0.0', _('MB')
    try:
        number = format_decimal(amount, format=pattern, locale=language)
    except (ValueError, LookupError):
        number = str(amount)
    return f'{number}\u00a0{unit}'
