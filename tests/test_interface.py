"""The theme's and Sphinx's interface is in the edition's language, in Kazakh and Armenian."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import polib
import pytest

from concept_build.sphinxext.interface import relabel_toggles
from helpers import REPO

#: Two languages for which Sphinx has no catalogue, in two scripts.
LANGUAGES = ('kk', 'hy')
PAGES = ('index', 'goals', 'search', 'genindex')
CHROMIUM = '/usr/bin/chromium'

#: What furo and Sphinx write in English: the names of furo's icons and toggles, its labels
#: and credit, Sphinx's headings' links and admonition title.
ENGLISH = {
    'Contents',
    'Menu',
    'Expand',
    'Light mode',
    'Dark mode',
    'Auto light/dark, in light mode',
    'Auto light/dark, in dark mode',
    'Toggle site navigation sidebar',
    'Toggle table of contents sidebar',
    'Toggle Light / Dark / Auto color theme',
    'Skip to content',
    'Back to top',
    'Made with',
    'and',
    "'s",
    'On this page',
    'Next',
    'Previous',
    'Home',
    'Search',
    'Index',
    'Error',
    'Please activate JavaScript to enable the search functionality.',
    'Important',
    'Link to this heading',
}
#: The messages of Sphinx's search and highlighting scripts.
SCRIPT_MESSAGES = (
    'Search Results',
    'Searching',
    'Preparing search...',
    'Hide Search Matches',
    'Your search did not match any documents. Please make sure that all words are spelled '
    "correctly and that you've selected enough categories.",
)
FOUND = 'Search finished, found one page matching the search query.'


class Interface(HTMLParser):
    """Every text a reader sees or hears: text, SVG titles, and the names given in attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ('script', 'style'):
            self._hidden += 1
        self.texts += [
            ' '.join(value.split())
            for name, value in attrs
            if name in ('title', 'aria-label', 'placeholder', 'alt') and value
        ]

    def handle_endtag(self, tag: str) -> None:
        if tag in ('script', 'style'):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.texts.append(' '.join(data.split()))


def interface_of(page: Path) -> list[str]:
    parser = Interface()
    parser.feed(page.read_text(encoding='utf-8'))
    return parser.texts


def catalog(language: str) -> polib.POFile:
    return polib.pofile(str(REPO / 'locale' / language / 'LC_MESSAGES' / 'sphinx.po'))


def script_catalog(edition: Path) -> dict:
    text = (edition / '_static' / 'translations.js').read_text(encoding='utf-8')
    # No addTranslations: it would compile the plural rule with new Function, which the
    # site's Content-Security-Policy forbids.
    assert 'addTranslations' not in text and 'Function(' not in text
    prefix = 'var conceptTranslations = '
    assert text.startswith(prefix)
    return json.loads(text[len(prefix) : text.index('};\n') + 1])


@pytest.fixture(scope='module')
def site(tmp_path_factory) -> Path:
    # The build puts its work beside the site, so both live in a folder of the test's own.
    site = tmp_path_factory.mktemp('interface') / 'site'
    command = [
        sys.executable,
        '-m',
        'concept_build',
        '-f',
        'html',
        '-v',
        'latest',
        '--no-handbook',
        '--site',
        str(site),
    ]
    for language in LANGUAGES:
        command += ['-l', language]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.mark.slow
@pytest.mark.parametrize('language', LANGUAGES)
@pytest.mark.parametrize('page', PAGES)
def test_no_english_in_the_interface(site, language, page):
    texts = interface_of(site / language / 'latest' / f'{page}.html')
    assert not ENGLISH.intersection(texts)
    assert not [text for text in texts if text.startswith('Toggle ')]


@pytest.mark.slow
@pytest.mark.parametrize('language', LANGUAGES)
def test_the_interface_is_translated(site, language):
    texts = interface_of(site / language / 'latest' / 'index.html')
    messages = {entry.msgid: entry.msgstr for entry in catalog(language)}
    for english in ('Contents', 'Toggle site navigation sidebar', 'Back to top', 'Link to this heading'):
        assert messages[english] in texts


@pytest.mark.slow
@pytest.mark.parametrize('language', LANGUAGES)
def test_scripts_have_translations(site, language):
    edition = site / language / 'latest'
    found = script_catalog(edition)
    po = catalog(language)
    assert found['locale'] == language
    rule = po.metadata['Plural-Forms'].split('plural=')[1].rstrip(';')
    assert found['plural_expr'] == f'Number({rule})'
    for english in SCRIPT_MESSAGES:
        assert found['messages'][english] == po.find(english).msgstr != english
    forms = found['messages'][FOUND]
    assert len(forms) == int(po.metadata['Plural-Forms'].split('nplurals=')[1].split(';')[0])
    assert all('${resultCount}' in form for form in forms)
    for page in PAGES:
        assert '<script src="_static/translations.js"></script>' in (edition / f'{page}.html').read_text(
            encoding='utf-8'
        )


def test_toggles_in_the_navigation_tree_are_named_in_the_language():
    # furo's parser quotes with ' a name that holds a ".
    tree = (
        '<input aria-label="Toggle navigation of Goals" role="switch"/>'
        """<input aria-label='Toggle navigation of A "b" &amp; c' role="switch"/>"""
    )
    assert relabel_toggles(tree, '«%(title)s» бөлімін жаю не жию') == (
        '<input aria-label="«Goals» бөлімін жаю не жию" role="switch"/>'
        '<input aria-label="«A &quot;b&quot; &amp; c» бөлімін жаю не жию" role="switch"/>'
    )


@pytest.fixture
def server(site):
    """The site over HTTP on the loopback: the search page fetches the pages it finds."""
    handler = partial(Quiet, directory=str(site))
    with ThreadingHTTPServer(('127.0.0.1', 0), handler) as httpd:
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        yield f'http://127.0.0.1:{httpd.server_address[1]}'
        httpd.shutdown()
        thread.join()


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base's name
        pass


@pytest.mark.slow
@pytest.mark.browser
def test_search_results_heading_in_a_browser(server):
    sync_api = pytest.importorskip('playwright.sync_api', reason='Playwright is not installed')
    if not Path(CHROMIUM).exists():
        pytest.skip(f'no Chromium at {CHROMIUM}')
    messages = catalog('kk')
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on('pageerror', lambda error: errors.append(str(error)))
            page.goto(f'{server}/kk/latest/search.html?q=көші-қон')
            summary = page.locator('#search-results .search-summary')
            sync_api.expect(summary).not_to_be_empty(timeout=10_000)
            heading = page.locator('#search-results h2').inner_text()
            status = summary.inner_text()
        finally:
            browser.close()
    assert not errors
    assert heading == messages.find('Search Results').msgstr
    # One of the forms of "Search finished, found N pages", with the number put in.
    assert any(form.split('${resultCount}')[0] in status for form in messages.find(FOUND).msgstr_plural.values())
