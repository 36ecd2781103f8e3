"""A provision's history: its number, text and changes in every version, linked beside its number."""

from __future__ import annotations

from pathlib import Path

from concept_build.common.catalogs import catalog
from concept_build.common.languages import language_name
from concept_build.common.layout import HISTORY
from concept_build.common.project import LATEST
from concept_build.common.versions import version_label
from concept_build.pages import compare
from concept_build.pages.entry import e, standalone_page


def versions_in_order(round_ids: list[str]) -> list[str]:
    return [*round_ids, LATEST]


def histories(stores: dict[str, dict], english: dict[str, dict],
              round_ids: list[str]) -> dict[str, list[tuple[str, compare.Row]]]:
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


STYLE = compare.COMPARE_STYLE + '''
.version{border-top:1px solid #ddd;padding:.6rem 0}.version h2{font-size:1.05rem;margin:0 0 .3rem}
.facts{color:#333}'''


def page(language: str, key: str, story: list[tuple[str, compare.Row]], label, locale_dir: Path) -> str:
    _ = catalog(locale_dir, language)
    names = compare.labels(_)
    last = story[-1][1]
    current = last.new or last.old
    title = _('History of provision {number}').format(number=current['number'])
    # The first version that has it; its status there may be "translation pending" instead of new.
    appeared = story[0][0]
    changed = [version for version, row in story if row.status in ('changed', 'new', 'pending')]
    facts = [_('New in {version}').format(version=label(appeared))]
    if changed and changed[-1] != appeared:
        facts.append(_('Last changed in {version}').format(version=label(changed[-1])))
    if last.status == 'deleted':
        facts.append(_('Deleted in {version}').format(version=label(story[-1][0])))
    amendment = _('Amendment {label}')
    parts = []
    for version, row in story:
        here = row.new or row.old
        if row.status == 'deleted':
            text = f'<del>{compare.t(row.old["text"])}</del>'
        elif row.status == 'changed':
            text = row.redline
        else:
            text = compare.t(row.new['text'])
        amendments = here['amendments']
        links = ', '.join(f'<a href="../{version}/amendments.html#amendment-{e(a["id"])}">'
                          f'{e(amendment.format(label=a["label"]))}</a>' for a in amendments)
        target = '' if row.status == 'deleted' else f'#{here["key"]}'
        where = (f'<a href="../{version}/{here["page"]}.html{target}">{e(here["number"])}</a>'
                 if row.status != 'deleted' else e(here['number']))
        parts.append(f'<div class="version {row.status}" id="{version}"><h2>{e(label(version))} · {where}'
                     f'<span class="status">{e(names[row.status])}</span></h2><div>{text}</div>'
                     + (f'<p class="amendments">{links}</p>' if links else '') + '</div>')
    body = f'<p class="facts">{" · ".join(e(f) for f in facts)} · {e(language_name(language))}</p>\n' + ''.join(parts)
    return standalone_page(language, title, e(title), STYLE, body, _)


def write_histories(site: Path, stores: dict[tuple[str, str], dict], registry: list, locale_dir: Path) -> int:
    """Every provision's history in every language, from the published stores; returns the count."""
    round_ids = [r.id for r in registry]
    by_language: dict[str, dict[str, dict]] = {}
    for (language, version), data in stores.items():
        by_language.setdefault(language, {})[version] = data
    written = 0
    for language, stores in by_language.items():
        folder = site / language / HISTORY
        if folder.exists():
            for stale in folder.glob('*.html'):
                stale.unlink()
        folder.mkdir(parents=True, exist_ok=True)
        _ = catalog(locale_dir, language)
        label = lambda version: version_label(version, registry, language, _)  # noqa: E731
        for key, story in histories(stores, by_language.get('en', {}), round_ids).items():
            (folder / f'{key}.html').write_text(page(language, key, story, label, locale_dir), encoding='utf-8')
            written += 1
    return written
