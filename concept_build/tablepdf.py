"""PDFs in synchronised columns (paracol): the comparison table and two languages side by side."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from concept_build import cache
from concept_build.compare import FOLDER, LATEST, Row, address, compare, labels, pairs, shown
from concept_build.navigation import version_label
from concept_build.entry import NOTICE, catalog, language_name
from concept_build.parallel import SIDE_BY_SIDE

#: Babel's name for each language; languages without hyphenation patterns in TeX Live are set
#: without hyphenation, as in the editions (edition.BABEL_WITHOUT_PATTERNS).
BABEL = {'en': 'english', 'ru': 'russian', 'be': 'belarusian', 'hy': 'armenian', 'kk': 'kazakh',
         'uz': 'uzbek', 'ky': 'kyrgyz', 'tg': 'tajik', 'az': 'azerbaijani'}
WITH_PATTERNS = ('en', 'ru', 'be', 'hy')
#: TeX Live 2022's babel has no locale file for Tajik: the language is declared without one.
WITHOUT_LOCALE = ('tg',)

SPECIAL = {'\\': r'\textbackslash{}', '{': r'\{', '}': r'\}', '$': r'\$', '&': r'\&', '#': r'\#',
           '^': r'\^{}', '_': r'\_', '%': r'\%', '~': r'\textasciitilde{}'}


def tex(text: str) -> str:
    """Text as LaTeX typesets it, every special character escaped."""
    return re.sub(r'[\\{}$&#^_%~]', lambda m: SPECIAL[m.group()], text)


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


def document(language: str, title: str, subtitle: str, headings: list[str], ratios: list[float],
             column_languages: list[str], rows: list[tuple[str | None, list[str]]], landscape: bool) -> str:
    """A document of synchronised columns: *rows* of (chapter heading or None, cells)."""
    body = [preamble([language, *column_languages], language, landscape),
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


class PDFError(Exception):
    """xelatex failed; the message names the log."""


def typeset(tex_source: str, out: Path, work: Path, environ: dict[str, str] | None = None) -> Path:
    """Run xelatex, and again while LaTeX or paracol asks to be rerun (as latexmk would)."""
    work.mkdir(parents=True, exist_ok=True)
    source = work / out.with_suffix('.tex').name
    source.write_text(tex_source, encoding='utf-8')
    # No record of an earlier build's positions: the PDF depends on its source alone.
    source.with_suffix('.aux').unlink(missing_ok=True)
    for _run in range(3):
        result = subprocess.run(['xelatex', '-interaction=nonstopmode', '-halt-on-error', source.name],
                                cwd=work, capture_output=True, text=True, check=False, env=environ)
        if result.returncode != 0:
            log = source.with_suffix('.log')
            errors = [line for line in log.read_text(errors='replace').splitlines() if line.startswith('!')]
            raise PDFError(f'{out.name}: xelatex failed, see {log}: {"; ".join(errors[:3])}')
        if 'Rerun' not in source.with_suffix('.log').read_text(errors='replace'):
            break
    log_text = source.with_suffix('.log').read_text(errors='replace')
    missing = sorted(set(re.findall(r'Missing character: There is no (.+?) in font', log_text)))
    if missing:
        raise PDFError(f'{out.name}: the PDF lacks glyphs for {", ".join(missing)}')
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source.with_suffix('.pdf'), out)
    return out


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
    source = document(language, title, subtitle, headings, [0.42, 0.42, 0.16],
                      [language, language, language], cells_rows, landscape=True)
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
    source = document(language, title, subtitle, [language_name(language), language_name(other)],
                      [0.5, 0.5], [language, other], rows, landscape=False)
    notice = tex(_(NOTICE))
    return source.replace(r'\begin{paracol}', rf'{{\small {notice}\par}}\bigskip' '\n' r'\begin{paracol}', 1)



#: Side by side on paper: each language with the Commonwealth's working language and with English.
PAPER_PARTNERS = ('ru', 'en')


def table_path(language: str, old: str, new: str) -> str:
    """The comparison table beside its page: ru/compare/round-1--latest.pdf."""
    return f'{language}/{FOLDER}/{address(old, new).removesuffix(".html")}.pdf'


def side_by_side_path(language: str, version: str, other: str) -> str:
    return f'{language}/{SIDE_BY_SIDE}/{version}--{other}.pdf'


def write_pdfs(site: Path, stores: dict[tuple[str, str], dict], registry: list, locale_dir: Path, work: Path,
               parallel: int, environ: dict[str, str] | None = None, outputs: cache.Store | None = None) -> list[str]:
    """Every comparison table and every side-by-side PDF of the working draft; returns the errors.

    A PDF whose LaTeX source was typeset before is copied from *outputs*."""
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

    def run(job: tuple[str, Path]) -> str | None:
        source, out = job
        key = cache.key(kind='paracol-pdf', source=source, epoch=(environ or {}).get('SOURCE_DATE_EPOCH'))
        if outputs and outputs.get(key, out):
            return None
        try:
            typeset(source, out, work / out.relative_to(site).with_suffix(''), environ)
        except PDFError as exc:
            return str(exc)
        if outputs:
            outputs.put(key, out)
        return None

    with ThreadPoolExecutor(max_workers=parallel) as pool:
        return [error for error in pool.map(run, jobs) if error]
