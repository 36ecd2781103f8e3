"""Comparisons between versions: provisions matched by key, their status, and word-level redlines."""

from __future__ import annotations

import difflib
import html
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import snowballstemmer

from concept_build.common.catalogs import catalog
from concept_build.common.languages import language_name
from concept_build.common.layout import COMPARE, comparison_page
from concept_build.common.project import LATEST
from concept_build.common.versions import version_label
from concept_build.pages.entry import STYLE, e, standalone_page
#: Languages with a Snowball stemmer: a changed word with the same stem is a change of form.
STEMMERS = {'en': 'english', 'ru': 'russian', 'hy': 'armenian'}
#: An equal stretch between two changes with no more words than this is absorbed into them, so
#: that a rewritten sentence reads as one change and not as confetti.
ISLAND = 2

STATUSES = ('changed', 'new', 'deleted', 'moved', 'renumbered', 'pending', 'unchanged')


def labels(_: Callable[[str], str]) -> dict[str, str]:
    return {'changed': _('Changed'), 'new': _('New'), 'deleted': _('Deleted'), 'moved': _('Moved'),
            'renumbered': _('Renumbered'), 'pending': _('Translation pending'),
            'unchanged': _('Unchanged')}


@dataclass
class Row:
    key: str
    status: str
    old: dict | None
    new: dict | None
    redline: str = ''
    amendments: list[dict] = field(default_factory=list)

    @property
    def chapter(self) -> str:
        return (self.new or self.old)['chapter']


def pairs(round_ids: list[str]) -> list[tuple[str, str]]:
    """Every round against the working draft, and every pair of consecutive rounds."""
    return ([(r, LATEST) for r in round_ids]
            + [(a, b) for a, b in zip(round_ids, round_ids[1:])])


def same(a: list, b: list) -> bool:
    """Two texts are the same when their tokens are: a reference is its key, not its number."""
    return [t[:2] for t in a] == [t[:2] for t in b]


def compare(old: dict, new: dict, english_old: dict | None = None,
            english_new: dict | None = None) -> list[Row]:
    """Match the provisions of two stores of one language by key (and :formerly:), in the new
    text's reading order, the deleted ones where they stood."""
    old_by_key = {p['key']: p for p in old['provisions']}
    english_changed = set()
    if english_old and english_new:
        eo = {p['key']: p for p in english_old['provisions']}
        for p in english_new['provisions']:
            before = next((eo[k] for k in [p['key'], *p['formerly']] if k in eo), None)
            if before is None or not same(before['tokens'], p['tokens']):
                english_changed.add(p['key'])
    stemmer = (snowballstemmer.stemmer(STEMMERS[new['language']]) if new['language'] in STEMMERS else None)
    rows: list[Row] = []
    matched: set[str] = set()
    for p in new['provisions']:
        earlier = [k for k in [p['key'], *p['formerly']] if k in old_by_key]
        matched.update(earlier)
        before = old_by_key[earlier[0]] if earlier else None
        amendments = [a for a in p['amendments'] if a['relation'] == 'carries']
        if before is None:
            row = Row(p['key'], 'new', None, p, amendments=amendments)
        elif len(earlier) > 1 or not same(before['tokens'], p['tokens']):
            row = Row(p['key'], 'changed', before, p, redline(before['tokens'], p['tokens'], stemmer),
                      amendments)
        elif before['chapter'] != p['chapter']:
            row = Row(p['key'], 'moved', before, p)
        elif before['number'] != p['number']:
            row = Row(p['key'], 'renumbered', before, p)
        else:
            row = Row(p['key'], 'unchanged', before, p)
        # A translation that has not followed its English yet would show a false difference.
        if new['language'] != 'en' and not p['translated'] and (
                row.status in ('changed', 'new') or p['key'] in english_changed):
            row = Row(p['key'], 'pending', before, p, amendments=amendments)
        rows.append(row)
    for position, p in enumerate(old['provisions']):
        if p['key'] in matched:
            continue
        gone = Row(p['key'], 'deleted', p, None,
                   amendments=[a for a in p['amendments'] if a['relation'] == 'targets'])
        # After the provision that preceded it, so that it is read where it stood.
        previous = {q['key'] for q in old['provisions'][:position]}
        at = max((i + 1 for i, r in enumerate(rows) if r.old and r.old['key'] in previous), default=0)
        rows.insert(at, gone)
    return rows


def t(text: str) -> str:
    """Text as the content of an element: apostrophes stay as written."""
    return html.escape(text, quote=False)


def shown(token: list[str]) -> str:
    return token[2] if token[0] == 'ref' and len(token) > 2 else token[1]


def redline(old: list[list[str]], new: list[list[str]], stemmer=None) -> str:
    """Word-level <del>/<ins> between two token lists, small equal islands absorbed."""
    a, b = [tuple(t[:2]) for t in old], [tuple(t[:2]) for t in new]
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    spans: list[tuple[bool, int, int, int, int]] = []
    for n, (tag, i1, i2, j1, j2) in enumerate(ops):
        changed = tag != 'equal'
        # An equal stretch inside the list stands between two changes: absorbed when small.
        if not changed and 0 < n < len(ops) - 1:
            changed = sum(1 for t in a[i1:i2] if t[0] in ('w', 'ref')) <= ISLAND
        if changed and spans and spans[-1][0]:
            spans[-1] = (True, spans[-1][1], i2, spans[-1][3], j2)
        else:
            spans.append((changed, i1, i2, j1, j2))
    out = []
    for changed, i1, i2, j1, j2 in spans:
        before, after = ''.join(map(shown, old[i1:i2])), ''.join(map(shown, new[j1:j2]))
        if not changed:
            out.append(t(after))
            continue
        form = (stemmer is not None and i2 - i1 == j2 - j1 == 1 and old[i1][0] == new[j1][0] == 'w'
                and stemmer.stemWord(old[i1][1].lower()) == stemmer.stemWord(new[j1][1].lower()))
        kind = ' class="form"' if form else ''
        if before:
            out.append(f'<del{kind}>{t(before)}</del>')
        if after:
            out.append(f'<ins{kind}>{t(after)}</ins>')
    return ''.join(out)


COMPARE_STYLE = STYLE + '''
.counts{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;list-style:none;padding:0}
.row{border-top:1px solid #ddd;padding:.6rem 0}.row h3{font-size:1rem;margin:0 0 .3rem}
.status{font-size:.8rem;text-transform:uppercase;letter-spacing:.03em;padding:.05rem .4rem;border:1px solid #999;border-radius:3px;margin-left:.4rem}
del{background:#fde2e2;text-decoration:line-through}ins{background:#dff5e1;text-decoration:none;font-weight:600}
del.form,ins.form{background:none;border-bottom:1px dotted #888;font-weight:normal}
.old{color:#555}.amendments{font-size:.9rem;color:#333}
.changes-only .row.unchanged,.changes-only .row.renumbered{display:none}
fieldset{border:0;padding:0;margin:1rem 0}'''


def page(language: str, old: str, new: str, rows: list[Row], label: Callable[[str], str],
         locale_dir: Path, pdf: str = '') -> str:
    """The comparison page in the language, with counts, filters and the redlines."""
    _ = catalog(locale_dir, language)
    names = labels(_)
    title = _('What changed from {old} to {new}').format(old=label(old), new=label(new))
    counts = {s: sum(1 for r in rows if r.status == s) for s in STATUSES}
    summary = ''.join(f'<li><span class="status">{e(names[s])}</span> {counts[s]}</li>'
                      for s in STATUSES if counts[s])
    body = []
    chapter = None
    for row in rows:
        if row.chapter != chapter:
            chapter = row.chapter
            heading = (row.new or row.old)['chapter_title']
            body.append(f'<h2>{e(chapter)}. {e(heading)}</h2>')
        numbers = ' → '.join(dict.fromkeys(x['number'] for x in (row.old, row.new) if x))
        link = (f'<a href="../{new}/{row.new["page"]}.html#{row.key}">{e(numbers)}</a>' if row.new
                else f'<a href="../{old}/{row.old["page"]}.html#{row.key}">{e(numbers)}</a>')
        if row.status == 'changed':
            text = row.redline
        elif row.status == 'deleted':
            text = f'<del>{t(row.old["text"])}</del>'
        elif row.status == 'new':
            text = f'<ins>{t(row.new["text"])}</ins>'
        elif row.status == 'pending':
            not_yet = _('The text has changed; its translation is not ready yet.')
            text = f'<p class="old">{e(not_yet)}</p>' + t(row.new['text'])
        else:
            text = t(row.new['text'])
        if row.status in ('changed', 'new', 'deleted', 'pending'):
            amendment = _('Amendment {label}')
            links = ', '.join(f'<a href="../{new}/amendments.html#amendment-{e(a["id"])}">'
                              f'{e(amendment.format(label=a["label"]))}</a>' for a in row.amendments)
            said = links or e(_('Editorial'))
            text += f'<p class="amendments">{said}</p>'
        body.append(f'<div class="row {row.status}" id="{row.key}"><h3>{link}'
                    f'<span class="status">{e(names[row.status])}</span></h3><div>{text}</div></div>')
    changes_only = _('Show changes only')
    script = ('<script>document.getElementById("changes-only").addEventListener("change",function(e){'
              'document.body.classList.toggle("changes-only",e.target.checked)});</script>')
    pdf_link = f' · <a href="{e(pdf)}" download>PDF</a>' if pdf else ''
    body_html = (f'<p><a href="../{new}/index.html">{e(label(new))}</a> · '
                 f'<a href="../{old}/index.html">{e(label(old))}</a> · '
                 f'{e(language_name(language))}{pdf_link}</p>\n'
                 f'<ul class="counts">{summary}</ul>\n'
                 f'<fieldset><label><input type="checkbox" id="changes-only"> {e(changes_only)}</label></fieldset>\n'
                 + ''.join(body))
    return standalone_page(language, title, e(title), COMPARE_STYLE, body_html, _, script)


def write_comparisons(site: Path, stores: dict[tuple[str, str], dict], registry: list,
                      locale_dir: Path) -> list[tuple[str, str, str]]:
    """Every comparison in every language present in both versions; returns (language, old, new)."""
    round_ids = [r.id for r in registry]
    written = []
    for language in dict.fromkeys(language for language, _version in stores):
        folder = site / language / COMPARE
        if folder.exists():
            for stale in folder.glob('*.html'):
                stale.unlink()
        _ = catalog(locale_dir, language)
        for old, new in pairs(round_ids):
            if (language, old) not in stores or (language, new) not in stores:
                continue
            rows = compare(stores[(language, old)], stores[(language, new)],
                           stores.get(('en', old)), stores.get(('en', new)))
            folder.mkdir(parents=True, exist_ok=True)
            label = lambda version: version_label(version, registry, language, _)  # noqa: E731
            # The comparison table on paper, where the PDFs were made (tablepdf.table_path).
            pdf = comparison_page(old, new).removesuffix('.html') + '.pdf'
            (folder / comparison_page(old, new)).write_text(
                page(language, old, new, rows, label, locale_dir, pdf if (folder / pdf).exists() else ''),
                encoding='utf-8')
            written.append((language, old, new))
    return written
