"""Every translation as a reader gets it: complete, in its own language, in HTML and PDF."""

from __future__ import annotations

import contextlib
import html
import json
import re
import shutil
import subprocess
import zlib
from pathlib import Path

import polib
import pytest

from concept_build.common.languages import ALL_LANGUAGES, LANGUAGES
from concept_build.common.project import LATEST
from concept_build.pipeline.options import BuildError
from concept_build.tools import translations
from helpers import REPO, build_site, pdf_text

#: Letters each language has and its neighbours lack; the PDF and the page must show them.
LETTERS = {
    'ru': ['ы', 'щ'],
    'kk': ['қ', 'ә', 'ұ'],
    'uz': ['oʻ', 'gʻ'],
    'ky': ['ү', 'ө', 'ң'],
    'tg': ['ҳ', 'ҷ', 'ӣ'],
    'hy': ['ա', 'ը', 'ու'],
    'az': ['ə', 'ğ', 'ı'],
    'be': ['ў', 'і'],
}
# The bibliography is left out: works are cited by their published titles.
SAMPLE_PAGES = ['index', 'general', 'tasks', 'directions', 'normative-base']


def visible_text(page: Path) -> str:
    """The text a reader sees in a page's article, one space between words."""
    text = page.read_text(encoding='utf-8')
    article = text[text.index('<article') : text.index('</article>')]
    article = re.sub(r'<(script|style)\b.*?</\1>', ' ', article, flags=re.S)
    return ' '.join(html.unescape(re.sub(r'<[^>]+>', ' ', article)).split())


def english_sentences(page: Path) -> list[str]:
    """The English edition's sentences on a page: what must not be left in a translation."""
    sentences = re.split(r'(?<=[.;:])\s+', visible_text(page))
    # Titles of works and acts' short English names may be cited as published; sentences not.
    return [s for s in sentences if len(s.split()) >= 6 and re.search(r'\b(the|of|and|is|are)\b', s)]


def test_languages_are_the_products_eight():
    assert LANGUAGES == ('ru', 'kk', 'uz', 'ky', 'tg', 'hy', 'az', 'be')


@pytest.mark.parametrize('language', LANGUAGES)
def test_catalogues_are_complete_and_clean(language):
    [row] = translations.statistics((language,))
    assert (row['percent'], row['fuzzy'], row['untranslated']) == (100.0, 0, 0)
    assert translations.check((language,)) == []
    for path in (REPO / 'locale' / language / 'LC_MESSAGES').glob('*.po'):
        copies = [e.msgid for e in polib.pofile(str(path)) if e.msgstr == e.msgid and len(e.msgid.split()) >= 4]
        assert copies == [], f'{path}: msgstr copies the English'


@pytest.mark.slow
@pytest.mark.parametrize('language', LANGUAGES)
def test_pages_read_in_the_language_with_no_english_sentence_left(real_site, language):
    for name in SAMPLE_PAGES:
        page = real_site / language / 'latest' / f'{name}.html'
        assert f'<html class="no-js" lang="{language}"' in page.read_text(encoding='utf-8')
        text = visible_text(page)
        left = [s for s in english_sentences(real_site / 'en' / 'latest' / f'{name}.html') if s in text]
        assert left == [], f'{page}: English left'
    body = visible_text(real_site / language / 'latest' / 'tasks.html')
    assert all(letter in body for letter in LETTERS[language])


@pytest.mark.slow
@pytest.mark.parametrize('language', LANGUAGES)
def test_pdf_shows_the_languages_letters_with_embedded_fonts(real_site, language):
    pdf = real_site / language / 'latest' / f'concept-{language}-latest.pdf'
    text = pdf_text(pdf)
    for letter in LETTERS[language]:
        assert letter in text, letter
    catalogue = polib.pofile(str(REPO / 'locale' / language / 'LC_MESSAGES' / 'concept.po'))
    for english in ['Concept of the Common Migration Space of the CIS States', 'Working draft']:
        translated = catalogue.find(english).msgstr
        assert ' '.join(translated.split()[:3]) in ' '.join(text.split()), english
    assert 'Contents' not in text and 'Chapter' not in text
    # babel prints ?name? for a caption nobody gave it.
    assert not re.search(r'\?\w+\?', text)
    # The appendices' headings in our captions, lettered in the language's script.
    appendix = catalogue.find('Appendix').msgstr
    first_letter = {'hy': 'Ա', 'uz': 'A', 'az': 'A'}.get(language, 'А')  # else Cyrillic А
    assert re.search(rf'^\s*{re.escape(appendix)} {first_letter}\.', text, re.M), appendix
    # The bibliography has one heading: its appendix's.
    title = (
        polib.pofile(str(REPO / 'locale' / language / 'LC_MESSAGES' / 'bibliography.po')).find('Bibliography').msgstr
    )
    # Besides the running heads of its pages (the title alone, then the page's number), the title
    # stands twice: in the contents and as the appendix's heading.
    running_heads = len(re.findall(rf'^{re.escape(title)}\n\n\d+\n', text, re.M))
    assert text.count(title) - running_heads <= 2, (text.count(title), running_heads)
    fonts = subprocess.run(['pdffonts', str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(row.split()[-5] == 'yes' for row in rows), fonts
    # The PDF says its language to a screen reader, and a reader's window shows its title.
    objects = pdf_objects(pdf)
    assert f'/Lang({language})'.encode() in objects
    assert re.search(rb'/DisplayDocTitle\s*true', objects)


def pdf_objects(pdf: Path) -> bytes:
    """The PDF's objects as text, those packed in compressed streams unpacked."""
    data = pdf.read_bytes()
    unpacked = [data]
    for stream in re.finditer(rb'stream\r?\n', data):
        with contextlib.suppress(zlib.error):  # an image or a font, not objects
            unpacked.append(zlib.decompress(data[stream.end() : data.find(b'endstream', stream.end())]))
    return b'\n'.join(unpacked)


@pytest.fixture
def copy_of_repo(tmp_path):
    root = tmp_path / 'repo'
    for folder in ['concept', 'bib', 'locale', 'docs', 'amendments']:
        shutil.copytree(REPO / folder, root / folder, ignore=shutil.ignore_patterns('*.mo'))
    shutil.copy(REPO / 'rounds.yaml', root / 'rounds.yaml')
    return root


def break_catalogue(root: Path, case: str) -> tuple[Path, int]:
    path = root / 'locale' / 'kk' / 'LC_MESSAGES' / 'tasks.po'
    catalogue = polib.pofile(str(path))
    entry = next(e for e in catalogue if '{prov}`' in e.msgid)
    if case == 'syntax':
        text = path.read_text(encoding='utf-8')
        start = text.index('msgstr', text.index(entry.msgid.split('\n')[0][:30]))
        line = text[:start].count('\n') + 1
        path.write_text(text[:start] + 'msgstr "unterminated\n' + text[start:], encoding='utf-8')
        return path, line
    if case == 'dropped reference':
        entry.msgstr = re.sub(r'\{prov\}`[^`]+`', '4.2', entry.msgstr)
    elif case == 'wrong language':
        catalogue.metadata['Language'] = 'ru'
    catalogue.save()
    return path, 1 if case == 'wrong language' else polib.pofile(str(path)).find(entry.msgid).linenum


@pytest.mark.slow
@pytest.mark.parametrize('case', ['syntax', 'dropped reference', 'wrong language'])
def test_a_broken_catalogue_fails_its_language_only(copy_of_repo, tmp_path, case):
    path, line = break_catalogue(copy_of_repo, case)
    out = tmp_path / 'site'
    with pytest.raises(BuildError) as error:
        build_site(('ru', 'kk', 'uz'), (LATEST,), ('html',), out, with_handbook=False, root=copy_of_repo)
    message = str(error.value)
    assert message.startswith('kk: the translation catalogues have errors:')
    # msgfmt reports an unterminated string where the line ends, on the next line.
    assert f'{path}:{line + 1 if case == "syntax" else line}: ' in message
    assert (out / 'ru' / 'latest' / 'tasks.html').exists()
    assert (out / 'uz' / 'latest' / 'tasks.html').exists()
    assert not (out / 'kk').exists()
    manifest = json.loads((out / 'editions.json').read_text())
    assert [e['language'] for e in manifest['editions']] == ['ru', 'uz']


PHONE_CHECK = """() => {
    // Each word of each heading on one line, and no heading wider than its column.
    const problems = [];
    for (const heading of document.querySelectorAll('article h1, article h2, article h3')) {
        if (heading.scrollWidth > heading.clientWidth + 1) problems.push('too wide: ' + heading.textContent);
        const walker = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            // A word, or each part of a hyphenated one (a line may end at its hyphen).
            for (const match of node.data.matchAll(/[^\\s\\-\u2010]+/g)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
                if (lines.size > 1) problems.push('broken: ' + match[0]);
            }
        }
    }
    return problems;
}"""


@pytest.mark.slow
@pytest.mark.browser
def test_headings_fit_a_phone_in_every_language(real_site):
    """On a 390 px phone no heading breaks inside a word or spills out, the entry pages do not
    scroll sideways, and the text starts on the first screen of each edition's index."""
    import playwright.sync_api as playwright

    problems = {}
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path='/usr/bin/chromium')
        page = browser.new_page(viewport={'width': 390, 'height': 844}, device_scale_factor=3, is_mobile=True)
        for language in ALL_LANGUAGES:
            folder = real_site / language / LATEST
            for html_page in sorted(folder.glob('*.html')):
                if html_page.stem in ('search', 'genindex'):
                    continue
                page.goto(html_page.as_uri())
                found = page.evaluate(PHONE_CHECK)
                if found:
                    problems[f'{language}/{html_page.name}'] = found
            # The language's entry page: its headings, and nothing wider than the phone (the
            # downloads table reflows).
            page.goto((real_site / language / 'index.html').as_uri())
            found = page.evaluate(PHONE_CHECK.replace('article h1, article h2, article h3', 'h1, h2, h3'))
            wide = page.evaluate('document.documentElement.scrollWidth - innerWidth')
            if found or wide > 0:
                problems[f'{language}/index.html (entry)'] = [*found, *([f'{wide} px too wide'] if wide > 0 else [])]
            page.goto((folder / 'index.html').as_uri())
            first_text = page.evaluate(
                "document.querySelector('article p:not(.admonition-title)').getBoundingClientRect().top"
            )
            if first_text > 844:
                problems[f'{language}/index.html'] = [
                    f'the text starts {first_text:.0f} px down, below the first screen'
                ]
        browser.close()
    assert problems == {}


@pytest.mark.slow
def test_a_works_title_in_another_language_says_which(real_site):
    """A screen reader reads an English title in the Russian edition as English, and so on."""
    russian = (real_site / 'ru' / 'latest' / 'bibliography.html').read_text(encoding='utf-8')
    english = (real_site / 'en' / 'latest' / 'bibliography.html').read_text(encoding='utf-8')
    title = 'ILO Global Estimates on International Migrant Workers: Results and Methodology'
    assert f'<em lang="en">{title}</em>' in russian
    assert '<em lang="ru">Евразийская миграционная система: теория и политика</em>' in english
    # The edition's own language is not repeated on its titles.
    assert 'lang="ru">Евразийская' not in russian
