"""A provision's history: its number, text and changes in every version, linked beside its number."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from concept_build.common.catalogs import catalog
from concept_build.common.languages import language_name
from concept_build.common.layout import HISTORY
from concept_build.common.project import LATEST
from concept_build.common.versions import version_label
from concept_build.pages import compare
from concept_build.pages.render import render
from concept_build.pages.shell import alternates, shell


def versions_in_order(round_ids: list[str]) -> list[str]:
    return [*round_ids, LATEST]


def histories(
    stores: dict[str, dict], english: dict[str, dict], round_ids: list[str]
) -> dict[str, list[tuple[str, compare.Row]]]:
    """For each key, the versions in which the provision stands and how it came to be so."""
    order = [v for v in versions_in_order(round_ids) if v in stores]
    found: dict[str, list[tuple[str, compare.Row]]] = {}
    previous = None
    for version in order:
        if previous is None:
            rows = [compare.Row(p['key'], 'new', None, p) for p in stores[version]['provisions']]
        else:
            rows = compare.compare(stores[previous], stores[version], english.get(previous), english.get(version))
        renamed = {k: p['key'] for p in stores[version]['provisions'] for k in p['formerly']}
        for row in rows:
            key = row.key
            # A renamed provision carries its history over from its former key.
            for old, new in renamed.items():
                if new == key and old in found and key not in found:
                    found[key] = found.pop(old)
            found.setdefault(key, []).append((version, row))
        previous = version
    return found


STYLE = compare.COMPARE_STYLE + Markup("""
.version{border-top:1px solid #ddd;padding:.6rem 0}.version h2{font-size:1.05rem;margin:0 0 .3rem}
.facts{color:#333}""")


@dataclass(frozen=True)
class Stage:
    """One version in a provision's history, as its page shows it (templates/history.html)."""

    version: str
    #: The version's name in the page's language.
    label: str
    #: How the provision came to be so in this version.
    row: compare.Row
    amendments: list[compare.Named]


def facts(story: list[tuple[str, compare.Row]], label: Callable[[str], str], _: Callable[[str], str]) -> list[str]:
    """When the provision appeared, last changed and was deleted."""
    last = story[-1][1]
    # The first version that has it; its status there may be "translation pending" instead of new.
    appeared = story[0][0]
    changed = [version for version, row in story if row.status in ('changed', 'new', 'pending')]
    said = [_('New in {version}').format(version=label(appeared))]
    if changed and changed[-1] != appeared:
        said.append(_('Last changed in {version}').format(version=label(changed[-1])))
    if last.status == 'deleted':
        said.append(_('Deleted in {version}').format(version=label(story[-1][0])))
    return said


def page(
    language: str,
    key: str,
    story: list[tuple[str, compare.Row]],
    label,
    locale_dir: Path,
    languages: tuple[str, ...] = (),
) -> str:
    """The provision's history in *language*; *languages* have it too (the language switcher)."""
    _ = catalog(locale_dir, language)
    last = story[-1][1]
    title = _('History of provision {number}').format(number=(last.new or last.old)['number'])
    amendment = _('Amendment {label}')
    stages = [
        Stage(
            version,
            label(version),
            row,
            compare.named((row.new or row.old)['amendments'], amendment),
        )
        for version, row in story
    ]
    return render(
        'history.html',
        shell=shell(
            language,
            title,
            STYLE,
            _,
            alternates(languages, language, lambda code: f'../../{code}/{HISTORY}/{key}.html'),
        ),
        facts=facts(story, label, _),
        language_name=language_name(language),
        statuses=compare.labels(_),
        stages=stages,
        editorial_addition=_("The drafters' editorial addition"),
    )


def write_histories(site: Path, stores: dict[tuple[str, str], dict], registry: list, locale_dir: Path) -> int:
    """Every provision's history in every language, from the published stores; returns the count."""
    round_ids = [r.id for r in registry]
    by_language: dict[str, dict[str, dict]] = {}
    for (language, version), data in stores.items():
        by_language.setdefault(language, {})[version] = data
    found = {
        language: histories(stores, by_language.get('en', {}), round_ids) for language, stores in by_language.items()
    }
    written = 0
    for language, stories in found.items():
        folder = site / language / HISTORY
        if folder.exists():
            for stale in folder.glob('*.html'):
                stale.unlink()
        folder.mkdir(parents=True, exist_ok=True)
        _ = catalog(locale_dir, language)
        label = functools.partial(version_label, registry=registry, language=language, gettext=_)
        for key, story in stories.items():
            having = tuple(code for code in found if key in found[code])
            (folder / f'{key}.html').write_text(page(language, key, story, label, locale_dir, having), encoding='utf-8')
            written += 1
    return written
