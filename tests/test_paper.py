"""The PDF as a working-group document: a draft's first page, continuous chapters, every page
placed by its running head and "page X of Y", appendices in the language's alphabet, and no line
running into its neighbour (the build refuses one that does)."""

from __future__ import annotations

import re
import subprocess
import zlib
from pathlib import Path

import pytest

from concept_build.common.catalogs import catalog
from concept_build.common.project import NOTICE
from concept_build.pipeline.overfull import EDITION_ANCHOR, TABLE_NUMBER, overruns
from helpers import REPO

LOCALE = REPO / 'locale'


def pages(pdf: Path) -> list[str]:
    """The text of each page, as pdftotext lays it out."""
    return subprocess.run(
        ['pdftotext', '-layout', str(pdf), '-'], capture_output=True, text=True, check=True
    ).stdout.split('\f')[:-1]


def info(pdf: Path) -> dict[str, str]:
    said = subprocess.run(['pdfinfo', str(pdf)], capture_output=True, text=True, check=True).stdout
    return dict(line.split(':', 1) for line in said.splitlines() if ':' in line)


def test_an_overfull_line_is_named_by_page_and_provision():
    tex = '\n'.join(
        [
            r'\chapter{General}',
            r'\par\smallskip\noindent\phantomsection\label{\detokenize{general:purpose}}',
            'A line of text.',
            r'\par\smallskip\noindent\phantomsection\label{\detokenize{general:scope}}',
            'A line too long for its column.',
        ]
    )
    log = (
        '[1] [2\n\n]\nOverfull \\hbox (0.4pt too wide) in paragraph at lines 3--3\n'
        'Overfull \\hbox (12.5pt too wide) in paragraph at lines 5--5\n[3]\n'
    )
    [found] = overruns(log, tex, EDITION_ANCHOR)
    assert (found.points, found.page, found.provision, found.tex_line) == (12.5, 3, 'scope', 5)
    table = r'\switchcolumn*' '\n' r'\textbf{4.9} Words of 4.9.' '\n' r'\switchcolumn' '\n' 'More.'
    [found] = overruns('Overfull \\hbox (3.0pt too wide) in paragraph at lines 4--4\n', table, TABLE_NUMBER)
    assert (found.page, found.provision) == (1, '4.9')


@pytest.mark.slow
@pytest.mark.parametrize('language', ['ru', 'hy', 'en', 'az'])
def test_the_first_page_is_a_drafts_face(real_site, language):
    _ = catalog(LOCALE, language)
    first = pages(real_site / language / 'latest' / f'concept-{language}-latest.pdf')[0]
    # In capitals as the language writes them: Azerbaijani's dotted capital İ.
    mark = (_('Draft').replace('i', 'İ') if language == 'az' else _('Draft')).upper()
    assert mark in first
    assert _('Working draft') in first
    # The notice (its first words: the rest may be hyphenated), and the contents on the same page
    # (no Sphinx title page, no "Release" line before them).
    assert ' '.join(_(NOTICE).split()[:2]) in first
    assert 'Release' not in first and re.search(r'^\s*1\s+\S', first, re.M), first


@pytest.mark.slow
@pytest.mark.parametrize('language', ['ru', 'hy', 'en'])
def test_every_page_says_which_text_and_which_page_of_how_many(real_site, language):
    _ = catalog(LOCALE, language)
    text = pages(real_site / language / 'latest' / f'concept-{language}-latest.pdf')
    total = len(text)
    head = _('Concept of the Common Migration Space')
    for number, page in enumerate(text, start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        footer = _('Page {page} of {pages}').format(page=number, pages=total)
        assert lines[-1] == footer, (number, lines[-1])
        if number > 1:
            assert lines[0].startswith(head) and _('Working draft') in lines[0], (number, lines[0])


@pytest.mark.slow
@pytest.mark.parametrize('language, letters', [('ru', 'АБВ'), ('hy', 'ԱԲԳ'), ('en', 'ABC')])
def test_chapters_follow_each_other_and_appendices_are_lettered_in_the_script(real_site, language, letters):
    _ = catalog(LOCALE, language)
    text = pages(real_site / language / 'latest' / f'concept-{language}-latest.pdf')
    appendix = _('Appendix')
    starts = [i for i, page in enumerate(text) if re.search(rf'^\s*{re.escape(appendix)} {letters[0]}\.', page, re.M)]
    assert starts, f'no "{appendix} {letters[0]}." heading'
    for letter in letters[1:]:
        assert any(re.search(rf'^\s*{re.escape(appendix)} {letter}\.', page, re.M) for page in text), letter
    # The body (before the appendices) fills its pages: none under half as full as the fullest,
    # but the last one before the appendices.
    body = text[1 : starts[0] - 1]
    sizes = [len([line for line in page.splitlines() if line.strip()]) for page in body]
    assert sizes and min(sizes) >= max(sizes) / 2, sizes


def language_of(pdf: Path) -> str:
    """The /Lang of the PDF's catalogue, which xdvipdfmx writes into a compressed object stream."""
    data = pdf.read_bytes()
    for start in re.finditer(rb'stream\r?\n', data):
        try:
            objects = zlib.decompressobj().decompress(data[start.end() :])
        except zlib.error:
            continue
        found = re.search(rb'/Lang\((.*?)\)', objects)
        if found:
            return found[1].decode()
    return ''


@pytest.mark.slow
def test_the_comparison_and_side_by_side_pdfs_say_what_they_are_and_are_listed(versioned_site):
    for pdf in [*versioned_site.glob('*/compare/*.pdf'), *versioned_site.glob('*/side-by-side/*.pdf')]:
        said = info(pdf)
        assert said.get('Title', '').strip(), pdf
        assert said.get('Subject', '').strip(), pdf
        assert language_of(pdf) == pdf.parent.parent.name, pdf
    entry = (versioned_site / 'ru' / 'index.html').read_text(encoding='utf-8')
    for pdf in versioned_site.glob('*/compare/*.pdf'):
        assert f'{pdf.parent.parent.name}/compare/{pdf.name}' in entry, pdf
    for pdf in versioned_site.glob('*/side-by-side/*.pdf'):
        assert f'{pdf.parent.parent.name}/side-by-side/{pdf.name}' in entry, pdf


@pytest.mark.slow
@pytest.mark.parametrize('language', ['ru', 'en', 'kk'])
def test_citations_name_the_author_in_the_editions_language(real_site, language):
    # The meeting report's author is written in Russian in works.bib; the register names the same
    # body in English (amendments.po translates it), so each edition cites it in its own language.
    name = catalog(LOCALE, language, 'amendments')('General Confederation of Trade Unions')
    others = {
        catalog(LOCALE, other, 'amendments')('General Confederation of Trade Unions') for other in ('ru', 'en', 'kk')
    } - {name}
    text = ' '.join(
        ' '.join(page.split()) for page in pages(real_site / language / 'latest' / f'concept-{language}-latest.pdf')
    )
    text = re.sub(r'(\w)- (\w)', r'\1\2', text)  # a word hyphenated at the end of a line, whole again
    assert f'{name}, 2025' in text
    assert not any(f'{other}, 2025' in text for other in others), others
