"""PDFs in synchronised columns (paracol): the comparison table and two languages side by side."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from concept_build.common.catalogs import catalog
from concept_build.common.languages import language_name
from concept_build.common.layout import COMPARE, SIDE_BY_SIDE, comparison_page
from concept_build.common.project import LATEST, NOTICE
from concept_build.common.redline import Span, shown
from concept_build.common.tex import tex
from concept_build.common.versions import version_label
from concept_build.pages.compare import Row, compare, labels, pairs
from concept_build.pages.consolidated import Proposal, Written, page_path, tables
from concept_build.pages.consolidated import Sources as ConsolidatedSources
from concept_build.pages.consolidated import Table as ConsolidatedTable
from concept_build.pages.consolidated import words as consolidated_words

#: Babel's name for each language; languages without hyphenation patterns in TeX Live are set
#: without hyphenation, as in the editions (edition.BABEL_WITHOUT_PATTERNS).
BABEL = {
    'en': 'english',
    'ru': 'russian',
    'be': 'belarusian',
    'hy': 'armenian',
    'kk': 'kazakh',
    'uz': 'uzbek',
    'ky': 'kyrgyz',
    'tg': 'tajik',
    'az': 'azerbaijani',
}
WITH_PATTERNS = ('en', 'ru', 'be', 'hy')
#: TeX Live 2022's babel has no locale file for Tajik: the language is declared without one.
WITHOUT_LOCALE = ('tg',)


def spans_tex(stretches: list[Span]) -> str:
    """A redline as LaTeX: struck-out deletions, bold insertions, equal text as it is."""
    out = []
    for span in stretches:
        if not span.changed:
            out.append(tex(span.new))
            continue
        if span.old:
            out.append(r'\sout{' + tex(span.old) + '}')
        if span.new:
            out.append(r'\textbf{' + tex(span.new) + '}')
    return ''.join(out)


def proposal_tex(proposal: Proposal, language: str, said: dict[str, str]) -> list[str]:
    """The amendment's cell and the cell of its rationale, status and decision."""

    def written(text: Written) -> str:
        return tex(text.text) if text.language == language else in_language(text.language, tex(text.text))

    cell = [
        rf'\textbf{{{tex(proposal.name)}}} · {tex(proposal.proposer)}\par',
        rf'\textit{{{tex(said["kind"])}:}} {tex(proposal.kind)}\par',
    ]
    if proposal.summary:
        cell.append(written(proposal.summary) + r'\par')
    if proposal.wording:
        redline = spans_tex(proposal.wording.spans)
        cell.append(
            redline if proposal.wording.language == language else in_language(proposal.wording.language, redline)
        )
        cell.append(r'\par')
    if proposal.translation:
        cell.append(rf'\textit{{{tex(said["translation"])}:}} {tex(proposal.translation)}\par')
    if proposal.reflected_in:
        numbers = ', '.join(number for number, _key, _page in proposal.reflected_in)
        cell.append(rf'\textit{{{tex(said["reflected"])}:}} {tex(numbers)}\par')
    notes = [rf'\textit{{{tex(said["status"])}:}} {tex(proposal.status)}\par']
    if proposal.rationale:
        notes.insert(0, rf'\textit{{{tex(said["rationale"])}:}} {written(proposal.rationale)}\par')
    if proposal.decision:
        notes.append(rf'\textit{{{tex(said["decision"])}:}} {written(proposal.decision)}\par')
    return ['\n'.join(cell), '\n'.join(notes)]


def consolidated_pdf(found: ConsolidatedTable, locale_dir: Path) -> str:
    """The consolidated table on paper: the provision and its current text, each amendment with its
    wording as a redline, and its rationale, status and decision, in landscape columns."""
    _ = catalog(locale_dir, found.language)
    said = consolidated_words(_)
    rows: list[tuple[str | None, list[str]]] = []
    used = dict.fromkeys(
        w.language for item in found.items for p in item.proposals for w in (p.wording, p.summary, p.rationale) if w
    )
    for item in found.items:
        current = rf'\textbf{{{tex(item.number or item.key)}}} ' + tex(item.text)
        if item.colliding:
            current += rf'\par\textit{{{tex(said["collision"])}}}'
        for i, proposal in enumerate(item.proposals):
            rows.append(
                (None if i == 0 else '', [current if i == 0 else '', *proposal_tex(proposal, found.language, said)])
            )
    table = Table(
        found.language,
        found.title,
        _(NOTICE),
        [said['current'], said['wording'], said['notes']],
        [0.34, 0.42, 0.24],
        [found.language] * 3,
        landscape=True,
        inline_languages=tuple(code for code in used if code != found.language),
    )
    return document(table, rows)


#: The packages every table loads, the same for all of them. The pipeline keeps them loaded in a
#: LaTeX format (mylatexformat) made once, which each table starts from: loading them is half of
#: what a short table costs. What differs from table to table (paper, languages, fonts, which a
#: format cannot hold) follows the end of the dump.
PACKAGES = '\n'.join(
    [
        r'\documentclass[10pt]{article}',
        r'\usepackage{geometry}',
        r'\usepackage{fontspec}',
        r'\usepackage[provide=*]{babel}',
        r'\usepackage[normalem]{ulem}',
        r'\usepackage{paracol}',
        r'\usepackage{xcolor}',
        # For the metadata (Title, Subject, Lang) and links; a table has no headings to
        # bookmark and plain page numbers, so neither asks for a second LaTeX run.
        r'\usepackage[hidelinks,bookmarks=false,pdfpagelabels=false]{hyperref}',
    ]
)
#: Where a format's dump ends (mylatexformat); run without a format, a command that does nothing.
END_OF_DUMP = r'\csname endofdump\endcsname'


def preamble(languages: list[str], main: str, landscape: bool) -> str:
    provides = []
    for code in dict.fromkeys(languages):
        options = ([] if code in WITHOUT_LOCALE else ['import']) + (
            [] if code in WITH_PATTERNS else ['hyphenrules=nohyphenation']
        )
        if code == main:
            options.append('main')
        provides.append(rf'\babelprovide[{", ".join(options)}]{{{BABEL[code]}}}')
    geometry = 'a4paper,margin=15mm' + (',landscape' if landscape else '')
    return '\n'.join(
        [
            PACKAGES,
            END_OF_DUMP,
            rf'\geometry{{{geometry}}}',
            *provides,
            r'\babelfont{rm}{FreeSerif}',
            r'\babelfont{sf}{FreeSans}',
            r'\setlength{\columnseprule}{0.2pt}',
            r'\setlength{\parindent}{0pt}',
            r'\setlength{\parskip}{3pt}',
            # A narrow column takes a long word to its next line rather than past its rule: the
            # lines stretch, and, in a language TeX cannot hyphenate, go ragged.
            r'\sloppy\emergencystretch=3em',
            r'\pagestyle{plain}',
            '',
        ]
    )


def in_language(code: str, text: str) -> str:
    return rf'\begin{{otherlanguage}}{{{BABEL[code]}}}{text}\end{{otherlanguage}}'


@dataclass(frozen=True)
class Table:
    """A document of synchronised columns: its language, headings and columns."""

    language: str
    title: str
    subtitle: str
    headings: list[str]
    ratios: list[float]
    column_languages: list[str]
    landscape: bool
    #: Languages set inside the cells besides the columns' own (a proposal in its language).
    inline_languages: tuple[str, ...] = ()


def document(table: Table, rows: list[tuple[str | None, list[str]]]) -> str:
    """The LaTeX of *table*, with *rows* of (chapter heading or None, cells)."""
    language, title, subtitle = table.language, table.title, table.subtitle
    headings, ratios, column_languages = table.headings, table.ratios, table.column_languages
    body = [
        preamble([language, *column_languages, *table.inline_languages], language, table.landscape),
        # The PDF says what it is and in which language, as the editions' do.
        rf'\hypersetup{{pdftitle={{{tex(title)}}}, pdfsubject={{{tex(subtitle)}}}, pdflang={{{language}}}, '
        r'pdfdisplaydoctitle=true}',
        r'\begin{document}',
        rf'{{\sffamily\bfseries\Large {tex(title)}\par}}\medskip',
        rf'{{\large {tex(subtitle)}\par}}\medskip',
    ]
    body.append(rf'\columnratio{{{",".join(f"{r:.2f}" for r in ratios[:-1])}}}')
    body.append(rf'\begin{{paracol}}{{{len(ratios)}}}')
    for i, heading in enumerate(headings):
        body.append((r'\switchcolumn' if i else '') + rf'{{\sffamily\bfseries {tex(heading)}}}')
    for chapter, cells in rows:
        # A rule between rows, a heading above a chapter's first, a small space within one item ('').
        body.append(
            r'\switchcolumn*[{\medskip\hrule\smallskip}]'
            if chapter is None
            else r'\switchcolumn*[\smallskip]'
            if chapter == ''
            else rf'\switchcolumn*[{{\medskip\sffamily\bfseries {tex(chapter)}\par\smallskip}}]'
        )
        for i, cell in enumerate(cells):
            if i:
                body.append(r'\switchcolumn')
            # A cell in the table's own language needs no switch to it: babel's is the costliest
            # command of a table, a third of its time were every cell to make it.
            body.append(
                cell if column_languages[i] == language else in_language(column_languages[i], cell) if cell else ''
            )
    body.append(r'\end{paracol}')
    body.append(r'\end{document}')
    return '\n'.join(body) + '\n'


def comparison_table(language: str, old: str, new: str, rows: list[Row], label, locale_dir: Path) -> str:
    """The сравнительная таблица: the earlier text | the new text | the amendment, per provision."""
    _ = catalog(locale_dir, language)
    names = labels(_)
    title = _('Comparison table')
    subtitle = _('What changed from {old} to {new}').format(old=label(old), new=label(new))
    amendment = _('Amendment {label}')
    cells_rows: list[tuple[str | None, list[str]]] = []
    chapter = None
    for row in rows:
        here = row.new or row.old
        heading = None
        if here['chapter'] != chapter:
            chapter = here['chapter']
            heading = f'{chapter}. {here["chapter_title"]}'
        number = lambda entry: rf'\textbf{{{tex(entry["number"])}}} ' if entry else ''  # noqa: E731
        status = rf'\textit{{{tex(names[row.status])}}}'
        if row.status in ('changed', 'revised'):
            left = number(row.old) + tex(''.join(map(shown, row.old['tokens'])))
            right = number(row.new) + spans_tex(row.redline)
        elif row.status == 'new':
            left, right = status, number(row.new) + r'\textbf{' + tex(row.new['text']) + '}'
        elif row.status == 'deleted':
            left, right = number(row.old) + r'\sout{' + tex(row.old['text']) + '}', status
        elif row.status == 'pending':
            left = number(row.old) + tex(row.old['text']) if row.old else ''
            right = number(row.new) + status
        else:
            left = number(row.old) + status
            right = number(row.new) + (status if row.status == 'unchanged' else tex(row.new['text']))
        note = ''
        if row.status in ('changed', 'new', 'deleted', 'pending'):
            note = '; '.join(
                tex(amendment.format(label=a['label'])) + f' ({tex(a.get("proposer", ""))})' for a in row.amendments
            ) or tex(_('Editorial'))
        cells_rows.append((heading, [left, right, note]))
    headings = [label(old), label(new), _('Amendment')]
    source = document(
        Table(language, title, subtitle, headings, [0.42, 0.42, 0.16], [language] * 3, landscape=True), cells_rows
    )
    notice = tex(_(NOTICE))
    return source.replace(r'\begin{paracol}', rf'{{\small {notice}\par}}\bigskip' '\n' r'\begin{paracol}', 1)


def side_by_side(left: dict, right: dict, label, locale_dir: Path) -> str:
    """One version in two languages, provision by provision."""
    language, other = left['language'], right['language']
    _ = catalog(locale_dir, language)
    title = _('Side by side')
    subtitle = f'{language_name(language)} · {language_name(other)} · {label(left["version"])}'
    untranslated = _('Not yet translated')
    by_key = {p['key']: p for p in right['provisions']}
    rows: list[tuple[str | None, list[str]]] = []
    chapter = None
    for entry in left['provisions']:
        heading = None
        if entry['chapter'] != chapter:
            chapter = entry['chapter']
            heading = f'{chapter}. {entry["chapter_title"]}'

        def cell(p: dict | None) -> str:
            if p is None:
                return ''
            text = rf'\textbf{{{tex(p["number"])}}} ' + tex(p['text'])
            return text + (rf' \textit{{({tex(untranslated)})}}' if not p['translated'] else '')

        rows.append((heading, [cell(entry), cell(by_key.get(entry['key']))]))
    source = document(
        Table(
            language,
            title,
            subtitle,
            [language_name(language), language_name(other)],
            [0.5, 0.5],
            [language, other],
            landscape=False,
        ),
        rows,
    )
    notice = tex(_(NOTICE))
    return source.replace(r'\begin{paracol}', rf'{{\small {notice}\par}}\bigskip' '\n' r'\begin{paracol}', 1)


#: Side by side on paper: each language with the Commonwealth's working language and with English.
PAPER_PARTNERS = ('ru', 'en')


def table_path(language: str, old: str, new: str) -> str:
    """The comparison table beside its page: ru/compare/round-1--latest.pdf."""
    return f'{language}/{COMPARE}/{comparison_page(old, new).removesuffix(".html")}.pdf'


def side_by_side_path(language: str, version: str, other: str) -> str:
    return f'{language}/{SIDE_BY_SIDE}/{version}--{other}.pdf'


def papers(
    site: Path, stores: dict[tuple[str, str], dict], registry: list, locale_dir: Path
) -> Iterator[tuple[str, Path]]:
    """The LaTeX source and the PDF path of every comparison table and every side-by-side PDF of
    the working draft (the pipeline typesets them, or takes them from its cache), each as soon as
    it is made, so that LaTeX can start on it while the next is made."""
    round_ids = [r.id for r in registry]
    for language in dict.fromkeys(lang for lang, _version in stores):
        _ = catalog(locale_dir, language)
        label = functools.partial(version_label, registry=registry, language=language, gettext=_)
        for old, new in pairs(round_ids):
            if (language, old) in stores and (language, new) in stores:
                rows = compare(
                    stores[(language, old)], stores[(language, new)], stores.get(('en', old)), stores.get(('en', new))
                )
                yield (
                    comparison_table(language, old, new, rows, label, locale_dir),
                    site / table_path(language, old, new),
                )
        for other in PAPER_PARTNERS:
            if other != language and (language, LATEST) in stores and (other, LATEST) in stores:
                yield (
                    side_by_side(stores[(language, LATEST)], stores[(other, LATEST)], label, locale_dir),
                    site / side_by_side_path(language, LATEST, other),
                )


def consolidated_papers(site: Path, sources: ConsolidatedSources) -> Iterator[tuple[str, Path]]:
    """The LaTeX source and the PDF path of every round's consolidated table in every language."""
    for found in tables(sources):
        yield consolidated_pdf(found, sources.locale_dir), site / page_path(found.language, found.round, 'pdf')
