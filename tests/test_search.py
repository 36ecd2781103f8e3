"""Search in every edition: a word of its text, typed as a reader types it, finds its page."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from concept_build.sphinxext import search
from helpers import REPO

LANGUAGES = ('kk', 'uz', 'ky', 'tg', 'hy', 'az', 'be')
SEARCH = {language.lang: language({}) for language in search.SEARCH_LANGUAGES}
CHROMIUM = Path('/usr/bin/chromium')

#: A word as the text of an edition writes it, the term the index must hold for it (its first six
#: letters where Snowball has no stemmer for the language), its page, and what the English
#: fallback made of it: English suffix rules (-ning, -li), a word cut at its apostrophe, İ
#: lowercased with a combining dot, an Armenian word left unstemmed.
WORDS = [
    pytest.param('kk', 'мақсаты', 'мақсат', 'goals', ('мақсаты',), id='kk'),
    pytest.param('ky', 'жеткиликтүүлүгүн', 'жеткил', 'goals', ('жеткиликтүүлүгүн',), id='ky'),
    pytest.param('tg', 'муҳоҷир', 'муҳоҷи', 'goals', ('муҳоҷир',), id='tg'),
    pytest.param('be', "аб'яднаннямі", "аб'ядн", 'tasks', ('яднаннямі',), id='be'),
    pytest.param('uz', 'oʻtkazmalarining', 'oʻtkaz', 'situation', ('oʻtkazmalarin',), id='uz'),
    pytest.param('az', 'qabiliyyətli', 'qabili', 'situation', ('qabiliyyət',), id='az'),
    pytest.param('az', 'İqtisadi', 'iqtisa', 'goals', ('i\u0307qtisadi',), id='az-dotted-I'),
    pytest.param('hy', 'ցուցանիշների', 'ցուցանիշ', 'implementation', ('ցուցանիշների',), id='hy'),
]

#: Two forms of one word in the text of an edition: searching the first finds every page that
#: has the second, though some of those pages do not have the first.
INFLECTED = [
    pytest.param('kk', 'мигранттар', 'мигранттардың', id='kk'),
    pytest.param('ky', 'миграция', 'миграциясынын', id='ky'),
    pytest.param('tg', 'муҳоҷират', 'муҳоҷиратии', id='tg'),
    pytest.param('be', 'міграцыя', 'міграцыйнай', id='be'),
    pytest.param('uz', 'davlatlari', 'davlatlardagi', id='uz'),
    pytest.param('az', 'miqrantları', 'miqrantlarının', id='az'),
]

#: What a reader types into the search box, the form the page's text has, and the page. Only
#: the Kazakh and Kyrgyz words are typed as written: the Tajik one is capitalised, the
#: Belarusian and Uzbek ones have a keyboard's apostrophe, the Azerbaijani ones have no dotted İ
#: and no capital I, and the Armenian one is another case of the noun ("with the indicators";
#: the text has "of the indicators"), which only a stemmer finds.
QUERIES = [
    pytest.param('kk', 'мақсаты', 'мақсаты', 'goals', id='kk'),
    pytest.param('ky', 'жеткиликтүүлүгүн', 'жеткиликтүүлүгүн', 'goals', id='ky'),
    pytest.param('tg', 'Муҳоҷир', 'муҳоҷир', 'goals', id='tg'),
    pytest.param('be', 'аб’яднаннямі', "аб'яднаннямі", 'tasks', id='be'),
    pytest.param('uz', "o'tkazmalarining", 'oʻtkazmalarining', 'situation', id='uz'),
    pytest.param('az', 'iqtisadi', 'İqtisadi', 'goals', id='az'),
    pytest.param('az', 'covid', 'COVID', 'situation', id='az-foreign-I'),
    pytest.param('hy', 'ցուցանիշներով', 'ցուցանիշների', 'implementation', id='hy'),
]


#: A query as readers type it, and the words it is searched by: the words as the text writes
#: them, whichever apostrophe, case or composition of letters the keyboard gave.
TYPED = {
    'kk': ('ҚАЗАҚСТАН Республикасының', ['қазақстан', 'республикасының']),
    'ky': ('Өнүгүүнүн ДЕҢГЭЭЛИ', ['өнүгүүнүн', 'деңгээли']),
    'tg': ('Муҳоҷир и\u0304 ҷ', ['муҳоҷир', 'ӣ', 'ҷ']),
    'be': ("З’ЯЎЛЯЕЦЦА зʼяўляецца 'цытата'", ["з'яўляецца", "з'яўляецца", 'цытата']),
    'uz': (
        "O'ZBEKISTON o‘zbek g`oya ta'minot ‘qoʻshtirnoq’",
        ['oʻzbekiston', 'oʻzbek', 'gʻoya', 'taʼminot', 'qoʻshtirnoq'],
    ),
    'az': ('İQTİSADİ i\u0307qtisadi IŞIQ Əmək', ['iqtisadi', 'iqtisadi', 'ışıq', 'əmək']),
    'hy': ('Ինչո՞ւ Երևան։', ['ինչու', 'երևան']),
}


def text_of(language: str, page: str = '*') -> str:
    """The translated text of a page (or of all pages) of an edition, as its catalogues hold it."""
    catalogues = sorted((REPO / 'locale' / language / 'LC_MESSAGES').glob(f'{page}.po'))
    return '\n'.join(
        entry.msgstr
        for path in catalogues
        for entry in polib.pofile(str(path))
        if entry.msgstr and not entry.obsolete and not entry.fuzzy
    )


def read_index(site: Path, language: str) -> dict:
    text = (site / language / 'latest' / 'searchindex.js').read_text(encoding='utf-8')
    return json.loads(text.removeprefix('Search.setIndex(').removesuffix(')'))


def pages_of(index: dict, term: str) -> set[str]:
    """The pages whose text or titles hold *term*."""
    found: set[str] = set()
    for kind in ('terms', 'titleterms'):
        docs = index[kind].get(term, [])
        found.update(index['docnames'][doc] for doc in ([docs] if isinstance(docs, int) else docs))
    return found


@pytest.mark.parametrize('language', LANGUAGES)
def test_query_is_searched_by_the_words_of_the_text(language):
    query, words = TYPED[language]
    assert SEARCH[language].search_words(query) == words


@pytest.fixture(scope='module')
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seven editions' HTML, built once, as ``python -m concept_build`` publishes them."""
    site = tmp_path_factory.mktemp('search') / 'site'
    command = [
        sys.executable,
        '-m',
        'concept_build',
        '-f',
        'html',
        '--no-handbook',
        '-v',
        'latest',
        '--site',
        str(site),
    ]
    for language in LANGUAGES:
        command += ['-l', language]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.mark.slow
@pytest.mark.parametrize(('language', 'written', 'term', 'page', 'wrong'), WORDS)
def test_word_of_the_text_is_indexed_for_its_page(site, language, written, term, page, wrong):
    assert written in text_of(language, page), (
        f'{written!r} is no longer in the {language} translation of {page}: pick another word'
    )
    index = read_index(site, language)
    assert page in pages_of(index, term)
    assert [form for form in wrong if pages_of(index, form)] == []


@pytest.mark.slow
@pytest.mark.parametrize('language', LANGUAGES)
def test_every_word_of_a_page_finds_that_page(site, language):
    # Words of the script only: the catalogues also hold markup (roles, keys) in ASCII.
    index, words = read_index(site, language), SEARCH[language]
    lost = {}
    for page in index['docnames']:
        for word in set(words.split(text_of(language, page))):
            if not word.isascii() and page not in pages_of(index, words.stem(word)):
                lost.setdefault(page, []).append(word)
    assert lost == {}


@pytest.fixture(scope='module')
def server(site: Path):
    """The built site over HTTP, as a reader's browser gets it."""
    process = subprocess.Popen(
        [sys.executable, '-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', str(site)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = process.stdout.readline()
        port = re.search(r' port (\d+) ', line)
        assert port, f'http.server did not start: {line!r}'
        yield f'http://127.0.0.1:{port[1]}'
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope='module')
def browser():
    sync_api = pytest.importorskip(
        'playwright.sync_api',
        reason='Playwright is not installed (pip install playwright; the tests group has it): '
        'the search page cannot be checked in a browser',
    )
    if not CHROMIUM.exists():
        pytest.skip(f'no Chromium at {CHROMIUM}: the search page cannot be checked in a browser')
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    page = browser.new_page()
    errors: list[str] = []
    page.on('pageerror', lambda error: errors.append(str(error)))
    yield page
    page.close()
    assert errors == [], 'the page raised JavaScript errors'


@pytest.mark.slow
@pytest.mark.browser
def test_armenian_stems_in_the_browser_as_in_the_index(server, page):
    words = sorted(set(SEARCH['hy'].split(text_of('hy'))))
    page.goto(f'{server}/hy/latest/search.html')
    in_browser = page.evaluate('words => words.map(w => new Stemmer().stemWord(w))', words)
    in_index = [SEARCH['hy'].stem(word) for word in words]
    differ = {w: (i, b) for w, i, b in zip(words, in_index, in_browser, strict=True) if i != b}
    assert differ == {}
    assert len(words) > 1000  # the whole Armenian text, not a handful of words
    assert sum(i != w for w, i in zip(words, in_index, strict=True)) > len(words) // 2


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize('language', LANGUAGES)
def test_browser_splits_a_query_as_the_index_splits_the_text(server, page, language):
    text = text_of(language) + '\n' + TYPED[language][0]
    page.goto(f'{server}/{language}/latest/search.html')
    in_browser = page.evaluate('text => splitQuery(text)', text)
    assert in_browser == SEARCH[language].search_words(text)


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize(('language', 'typed', 'written', 'expected'), QUERIES)
def test_typed_word_finds_its_page(server, page, language, typed, written, expected):
    text = text_of(language, expected)
    assert written in text, f'{written!r} is no longer in the {language} translation of {expected}: pick another word'
    assert typed == written or typed not in text
    page.goto(f'{server}/{language}/latest/index.html')
    box = page.locator('form[role="search"] input[name="q"]').first
    box.fill(typed)
    box.press('Enter')
    page.wait_for_function("() => document.querySelector('#search-results .search-summary')?.innerText")
    found = page.eval_on_selector_all(
        '#search-results ul.search li > a', 'links => links.map(a => a.getAttribute("href"))'
    )
    assert f'{expected}.html' in {link.split('#')[0] for link in found}


def pages_with(language: str, word: str) -> set[str]:
    """The pages of an edition whose text has *word*, as the search splits its text (the
    catalogues of the interface, sphinx.po and concept.po, are no pages)."""
    return {
        path.stem
        for path in (REPO / 'locale' / language / 'LC_MESSAGES').glob('*.po')
        if path.stem not in ('sphinx', 'concept') and word in SEARCH[language].split(text_of(language, path.stem))
    }


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize(('language', 'searched', 'inflected'), INFLECTED)
def test_a_word_finds_the_pages_of_its_other_forms(server, page, language, searched, inflected):
    only_other = pages_with(language, inflected) - pages_with(language, searched)
    assert only_other, f'every page with {inflected!r} also has {searched!r}: pick other forms'
    page.goto(f'{server}/{language}/latest/search.html?q={searched}')
    page.wait_for_function("() => document.querySelector('#search-results .search-summary')?.innerText")
    found = page.eval_on_selector_all(
        '#search-results ul.search li > a', 'links => links.map(a => a.getAttribute("href").split(/[#?]/)[0])'
    )
    assert {f'{name}.html' for name in pages_with(language, inflected)} <= set(found)
