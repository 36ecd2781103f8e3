"""PDFs in synchronised columns (paracol): the comparison table and two languages side by side."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from concept_build.common.catalogs import catalog
from concept_build.common.languages import language_name
from concept_build.common.layout import COMPARE, SIDE_BY_SIDE, comparison_page
from concept_build.common.project import LATEST, NOTICE
from concept_build.common.tex import tex
from concept_build.common.versions import version_label
from concept_build.pages.compare import Row, compare, labels, pairs, shown

#: Babel's name for each language; languages without hyphenation patterns in TeX Live are set
#: without hyphenation, as in the editions (edition.BABEL_WITHOUT_PATTERNS).
BABEL = {'en': 'english', 'ru': 'russian', 'be': 'belarusian', 'hy': 'armenian', 'kk': 'kazakh',
         'uz': 'uzbek', 'ky': 'kyrgyz', 'tg': 'tajik', 'az': 'azerbaijani'}
WITH_PATTERNS = ('en', 'ru', 'be', 'hy')
#: TeX Live 2022's babel has no locale file for Tajik: the language is declared without one.
WITHOUT_LOCALE = ('tg',)

def redline_tex(html_redline: str) -> str:
    """The redline of the comparison page, as LaTeX: struck-out deletions, bold insertions."""
    out = re.sub(r'<del[^>]*>(.*?)</del>', lambda m: '\x01' + m.group(1) + '\x02', html_redline, flags=re.S)
    out = re.sub(r'<ins[^>]*>(.*?)</ins>', lambda m: '\x03' + m.group(1) + '\x04', out, flags=re.S)
    out = tex(html.unescape(out))
    return (out.replace('\x01', r'\sout{').replace('\x02', '}')
            .replace('\x03', r'\textbf{').replace('\x04', '}'))


def preamble(languages: list[str], main: str, landscape: bool) -> str:
    provides = []
    for code in dict.fromkeys(languages):
        options = ([] if code in WITHOUT_LOCALE else ['import']) + (
            [] if code in WITH_PATTERNS else ['hyphenrules=nohyphenation'])
        if code == main:
            options.append('main')
        provides.append(rf'\babelprovide[{", ".join(options)}]{{{BABEL[code]}}}')
    geometry = 'a4paper,margin=15mm' + (',landscape' if landscape else '')
    return (r'\documentclass[10pt]{article}' '\n'
            rf'\usepackage[{geometry}]{{geometry}}' '\n'
            r'\usepackage{fontspec}' '\n'
            r'\usepackage[provide=*]{babel}' '\n' + '\n'.join(provides) + '\n'
            r'\babelfont{rm}{FreeSerif}' '\n' r'\babelfont{sf}{FreeSans}' '\n'
            r'\usepackage[normalem]{ulem}' '\n'
            r'\usepackage{paracol}' '\n'
            r'\usepackage{xcolor}' '\n'
            r'\setlength{\columnseprule}{0.2pt}' '\n'
            r'\setlength{\parindent}{0pt}' '\n'
            r'\setlength{\parskip}{3pt}' '\n'
            r'\pagestyle{plain}' '\n')


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


def document(table: Table, rows: list[tuple[str | None, list[str]]]) -> str:
    """The LaTeX of *table*, with *rows* of (chapter heading or None, cells)."""
    language, title, subtitle = table.language, table.title, table.subtitle
    headings, ratios, column_languages = table.headings, table.ratios, table.column_languages
    body = [preamble([language, *column_languages], language, table.landscape),
            r'\begin{document}',
            rf'{{\sffamily\bfseries\Large {tex(title)}\par}}\medskip',
            rf'{{\large {tex(subtitle)}\par}}\medskip']
    body.append(rf'\columnratio{{{",".join(f"{r:.2f}" for r in ratios[:-1])}}}')
    body.append(rf'\begin{{paracol}}{{{len(ratios)}}}')
    for i, heading in enumerate(headings):
        body.append((r'\switchcolumn' if i else '') + rf'{{\sffamily\bfseries {tex(heading)}}}')
    for chapter, cells in rows:
        body.append(r'\switchcolumn*[{\medskip\hrule\smallskip}]' if chapter is None
                    else rf'\switchcolumn*[{{\medskip\sffamily\bfseries {tex(chapter)}\par\smallskip}}]')
        for i, cell in enumerate(cells):
            if i:
                body.append(r'\switchcolumn')
            body.append(in_language(column_languages[i], cell) if cell else '')
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
        if row.status == 'changed':
            left = number(row.old) + tex(''.join(map(shown, row.old['tokens'])))
            right = number(row.new) + redline_tex(row.redline)
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
            note = '; '.join(tex(amendment.format(label=a['label'])) + f' ({tex(a.get("proposer", ""))})'
                             for a in row.amendments) or tex(_('Editorial'))
        cells_rows.append((heading, [left, right, note]))
    headings = [label(old), label(new), _('Amendment')]
    source = document(Table(language, title, subtitle, headings, [0.42, 0.42, 0.16], [language] * 3, landscape=True),
                      cells_rows)
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
    source = document(Table(language, title, subtitle, [language_name(language), language_name(other)],
                            [0.5, 0.5], [language, other], landscape=False), rows)
    notice = tex(_(NOTICE))
    return source.replace(r'\begin{paracol}', rf'{{\small {notice}\par}}\bigskip' '\n' r'\begin{paracol}', 1)



#: Side by side on paper: each language with the Commonwealth's working language and with English.
PAPER_PARTNERS = ('ru', 'en')


def table_path(language: str, old: str, new: str) -> str:
    """The comparison table beside its page: ru/compare/round-1--latest.pdf."""
    return f'{language}/{COMPARE}/{comparison_page(old, new).removesuffix(".html")}.pdf'


def side_by_side_path(language: str, version: str, other: str) -> str:
    return f'{language}/{SIDE_BY_SIDE}/{version}--{other}.pdf'


def papers(site: Path, stores: dict[tuple[str, str], dict], registry: list,
           locale_dir: Path) -> list[tuple[str, Path]]:
    """The LaTeX source and the PDF path of every comparison table and every side-by-side PDF of
    the working draft (the pipeline typesets them, or takes them from its cache)."""
    round_ids = [r.id for r in registry]
    jobs = []
    for language in dict.fromkeys(lang for lang, _version in stores):
        _ = catalog(locale_dir, language)
        label = (lambda tr, lang: lambda v: version_label(v, registry, lang, tr))(_, language)
        for old, new in pairs(round_ids):
            if (language, old) in stores and (language, new) in stores:
                rows = compare(stores[(language, old)], stores[(language, new)],
                               stores.get(('en', old)), stores.get(('en', new)))
                jobs.append((comparison_table(language, old, new, rows, label, locale_dir),
                             site / table_path(language, old, new)))
        for other in PAPER_PARTNERS:
            if other != language and (language, LATEST) in stores and (other, LATEST) in stores:
                jobs.append((side_by_side(stores[(language, LATEST)], stores[(other, LATEST)], label, locale_dir),
                             site / side_by_side_path(language, LATEST, other)))
    return jobs
