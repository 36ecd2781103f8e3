"""Comparisons between versions: provisions matched by key, their status, and word-level redlines."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import snowballstemmer
from markupsafe import Markup

from concept_build.common.catalogs import catalog
from concept_build.common.languages import language_name
from concept_build.common.layout import COMPARE, comparison_page
from concept_build.common.memo import by_identity
from concept_build.common.project import LATEST
from concept_build.common.redline import Span, spans
from concept_build.common.versions import version_label
from concept_build.pages.render import render
from concept_build.pages.shell import STYLE, alternates, shell

#: Languages with a Snowball stemmer: a changed word with the same stem is a change of form.
STEMMERS = {'en': 'english', 'ru': 'russian', 'hy': 'armenian'}
STATUSES = ('changed', 'new', 'deleted', 'moved', 'renumbered', 'pending', 'revised', 'unchanged')
#: What happened to the Concept, the same in every language for the same two versions: a row
#: whose translation is pending counts as the change of its English.
CHANGES = ('changed', 'new', 'deleted', 'moved', 'renumbered')


def labels(_: Callable[[str], str]) -> dict[str, str]:
    return {
        'changed': _('Changed'),
        'new': _('New'),
        'deleted': _('Deleted'),
        'moved': _('Moved'),
        'renumbered': _('Renumbered'),
        'pending': _('Translation pending'),
        'revised': _('Translation revised'),
        'unchanged': _('Unchanged'),
    }


@dataclass
class Row:
    key: str
    status: str
    old: dict | None
    new: dict | None
    #: The changed text's stretches of change (a template writes them as <del>/<ins>).
    redline: list[Span] = field(default_factory=list)
    amendments: list[dict] = field(default_factory=list)
    #: What happened to the English, where that is not the row's own status: a translation
    #: pending (the English changed or is new), or revised (the English did not change).
    english: str = ''

    @property
    def chapter(self) -> str:
        return (self.new or self.old)['chapter']

    @property
    def counted(self) -> str:
        """The status the row counts under: what happened to the Concept, else its own."""
        return self.english or self.status


def pairs(round_ids: list[str]) -> list[tuple[str, str]]:
    """Every round against the working draft, and every pair of consecutive rounds."""
    return [(r, LATEST) for r in round_ids] + list(itertools.pairwise(round_ids))


def same(a: list, b: list) -> bool:
    """Two texts are the same when their tokens are: a reference is its key, not its number."""
    return [t[:2] for t in a] == [t[:2] for t in b]


# Made once per build for the same stores: the pages, the PDFs and the histories ask for the same
# comparisons, and each language's asks for the English one.
@by_identity
def compare(old: dict, new: dict, english_old: dict | None = None, english_new: dict | None = None) -> list[Row]:
    """Match the provisions of two stores of one language by key (and :formerly:), in the new
    text's reading order, the deleted ones where they stood. Given the English of both versions,
    a change is what the English says: a change of the English is a change in every language
    (pending where the translation has not followed), and a new wording of an unchanged English
    is the translation revised."""
    english = (
        {row.key: row.status for row in compare(english_old, english_new)}
        if english_old and english_new and new['language'] != 'en'
        else {}
    )
    stemmer = snowballstemmer.stemmer(STEMMERS[new['language']]) if new['language'] in STEMMERS else None
    old_by_key = {p['key']: p for p in old['provisions']}
    rows: list[Row] = []
    matched: set[str] = set()
    for p in new['provisions']:
        earlier = [k for k in [p['key'], *p['formerly']] if k in old_by_key]
        matched.update(earlier)
        row = matched_row(p, earlier, old_by_key, stemmer)
        rows.append(as_english_says(row, english.get(p['key']), p) if new['language'] != 'en' else row)
    for position, p in enumerate(old['provisions']):
        if p['key'] in matched:
            continue
        gone = Row(p['key'], 'deleted', p, None, amendments=[a for a in p['amendments'] if a['relation'] == 'targets'])
        # After the provision that preceded it, so that it is read where it stood.
        previous = {q['key'] for q in old['provisions'][:position]}
        at = max((i + 1 for i, r in enumerate(rows) if r.old and r.old['key'] in previous), default=0)
        rows.insert(at, gone)
    return rows


def carried(p: dict) -> list[dict]:
    """The amendments that provision *p* of the store carries out."""
    return [a for a in p['amendments'] if a['relation'] == 'carries']


def matched_row(p: dict, earlier: list[str], old_by_key: dict[str, dict], stemmer) -> Row:
    """Provision *p* of the new text against what it was (*earlier*: its keys in the old text)."""
    before = old_by_key[earlier[0]] if earlier else None
    amendments = carried(p)
    if before is None:
        return Row(p['key'], 'new', None, p, amendments=amendments)
    if len(earlier) > 1 or not same(before['tokens'], p['tokens']):
        return Row(p['key'], 'changed', before, p, redline(before['tokens'], p['tokens'], stemmer), amendments)
    if before['chapter'] != p['chapter']:
        return Row(p['key'], 'moved', before, p)
    if before['number'] != p['number']:
        return Row(p['key'], 'renumbered', before, p)
    return Row(p['key'], 'unchanged', before, p)


def as_english_says(row: Row, english: str | None, p: dict) -> Row:
    """A translation's row, given what happened to its English (None: no English to go by)."""
    follows = english is None or english == row.status
    if english in ('changed', 'new') or (english is None and row.status in ('changed', 'new')):
        if not p['translated']:
            # The translation has not followed its English yet: the page shows the English.
            return Row(row.key, 'pending', row.old, p, amendments=row.amendments, english=english or row.status)
        if not follows:
            # A changed English whose translation reads the same: a change all the same.
            same_text = redline(row.old['tokens'], p['tokens'])
            return Row(row.key, 'changed', row.old, p, same_text, carried(p), english='changed')
        return row
    if row.status == 'changed' and not follows:
        # The English did not change; this language's wording did: a better translation,
        # counted apart and, among what happened to the Concept, as what happened to the English.
        return Row(row.key, 'revised', row.old, p, row.redline, english=english)
    return row


def redline(old: list[list[str]], new: list[list[str]], stemmer=None) -> list[Span]:
    """Word-level stretches of change between two token lists (common/redline.py); with a
    stemmer, a word changed into another form of itself is marked so."""
    same_word = (lambda a, b: stemmer.stemWord(a.lower()) == stemmer.stemWord(b.lower())) if stemmer else None
    return spans(old, new, same_word)


COMPARE_STYLE = STYLE + Markup("""
.counts{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;list-style:none;padding:0}
.row{border-top:1px solid #ddd;padding:.6rem 0}.row h3{font-size:1rem;margin:0 0 .3rem}
.status{font-size:.8rem;text-transform:uppercase;letter-spacing:.03em;\
padding:.05rem .4rem;border:1px solid #999;border-radius:3px;margin-left:.4rem}
del{background:#fde2e2;text-decoration:line-through}ins{background:#dff5e1;text-decoration:none;font-weight:600}
del.form,ins.form{background:none;border-bottom:1px dotted #888;font-weight:normal}
.old{color:#555}.amendments{font-size:.9rem;color:#333}
.changes-only .row.unchanged,.changes-only .row.renumbered{display:none}
fieldset{border:0;padding:0;margin:1rem 0}""")


@dataclass(frozen=True)
class Comparison:
    """One comparison page: two versions of one language and the rows between them."""

    language: str
    old: str
    new: str
    rows: list[Row]
    #: Names a version in the page's language.
    label: Callable[[str], str]
    #: The comparison table on paper, beside the page, where it was made.
    pdf: str = ''
    #: The languages that have the same comparison (the page's language switcher).
    languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Named:
    """An amendment as a page names it: its id, its name ("Amendment 1.1") and who proposed it."""

    id: str
    name: str
    proposer: str


def named(amendments: list[dict], amendment: str) -> list[Named]:
    """The *amendments* of a provision in the store, *amendment* naming one by its label."""
    return [Named(a['id'], amendment.format(label=a['label']), a.get('proposer', '')) for a in amendments]


@dataclass(frozen=True)
class Shown:
    """A row as the page shows it: after its chapter's heading if it is the chapter's first,
    its numbers linked to the version that has it, and the amendments it carries out."""

    row: Row
    heading: str
    version: str
    page: str
    numbers: str
    amendments: list[Named]


def page(language: str, old: str, new: str, rows: list[Row], label: Callable[[str], str], locale_dir: Path) -> str:
    """The comparison page in the language, with counts, filters and the redlines, and no link to a
    PDF (write_comparisons links the one it made beside the page)."""
    return render_comparison(Comparison(language, old, new, rows, label), locale_dir)


def render_comparison(comparison: Comparison, locale_dir: Path) -> str:
    """The comparison page (templates/compare.html) in its language."""
    _ = catalog(locale_dir, comparison.language)
    names = labels(_)
    title = _('What changed from {old} to {new}').format(
        old=comparison.label(comparison.old), new=comparison.label(comparison.new)
    )
    # What happened to the Concept first, counted alike in every language; then what happened
    # to this translation alone.
    counts = [
        (status, names[status], count)
        for status in (*CHANGES, 'unchanged')
        if (count := sum(1 for row in comparison.rows if row.counted == status))
    ]
    counts += [
        (status, names[status], count)
        for status in ('revised', 'pending')
        if (count := sum(1 for row in comparison.rows if row.status == status))
    ]
    said = {
        'statuses': names,
        'not_yet': _('The text has changed; its translation is not ready yet.'),
        'editorial': _('Editorial'),
        'editorial_addition': _("The drafters' editorial addition"),
        'changes_only': _('Show changes only'),
    }
    return render(
        'compare.html',
        shell=shell(
            comparison.language,
            title,
            COMPARE_STYLE,
            _,
            alternates(
                comparison.languages,
                comparison.language,
                lambda code: f'../../{code}/{COMPARE}/{comparison_page(comparison.old, comparison.new)}',
            ),
        ),
        comparison=comparison,
        language_name=language_name(comparison.language),
        said=said,
        counts=counts,
        rows=shown_rows(comparison, _('Amendment {label}')),
    )


def shown_rows(comparison: Comparison, amendment: str) -> list[Shown]:
    """The rows as shown, *amendment* naming an amendment by its label."""
    out, chapter = [], None
    for row in comparison.rows:
        here = row.new or row.old
        heading = f'{row.chapter}. {here["chapter_title"]}' if row.chapter != chapter else ''
        chapter = row.chapter
        numbers = ' → '.join(dict.fromkeys(x['number'] for x in (row.old, row.new) if x))
        out.append(
            Shown(
                row,
                heading,
                comparison.new if row.new else comparison.old,
                here['page'],
                numbers,
                named(row.amendments, amendment),
            )
        )
    return out


def write_comparisons(
    site: Path, stores: dict[tuple[str, str], dict], registry: list, locale_dir: Path
) -> list[tuple[str, str, str]]:
    """Every comparison in every language present in both versions; returns (language, old, new)."""
    round_ids = [r.id for r in registry]
    written = []
    languages = list(dict.fromkeys(language for language, _version in stores))
    for language in languages:
        folder = site / language / COMPARE
        if folder.exists():
            for stale in folder.glob('*.html'):
                stale.unlink()
        _ = catalog(locale_dir, language)
        for old, new in pairs(round_ids):
            if (language, old) not in stores or (language, new) not in stores:
                continue
            rows = compare(
                stores[(language, old)], stores[(language, new)], stores.get(('en', old)), stores.get(('en', new))
            )
            folder.mkdir(parents=True, exist_ok=True)
            label = functools.partial(version_label, registry=registry, language=language, gettext=_)
            # The comparison table on paper, where the PDFs were made (tablepdf.table_path).
            pdf = comparison_page(old, new).removesuffix('.html') + '.pdf'
            both = tuple(code for code in languages if (code, old) in stores and (code, new) in stores)
            comparison = Comparison(language, old, new, rows, label, pdf if (folder / pdf).exists() else '', both)
            (folder / comparison_page(old, new)).write_text(render_comparison(comparison, locale_dir), encoding='utf-8')
            written.append((language, old, new))
    return written
