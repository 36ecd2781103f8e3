"""The versioned site in a real browser: switchers keep the provision, the entry page routes, PDFs load."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest

playwright = pytest.importorskip('playwright.sync_api', reason='the tests group installs playwright')

# Chromium on the versioned site, built once for the session.
pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = '/usr/bin/chromium'


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope='module')
def server(versioned_site):
    """Serve the folder above the site, so the site lives under a sub-path: /site/."""
    httpd = http.server.ThreadingHTTPServer(
        ('127.0.0.1', 0), functools.partial(QuietHandler, directory=str(versioned_site.parent))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f'http://127.0.0.1:{httpd.server_address[1]}/site/'
    httpd.shutdown()


@pytest.fixture(scope='module')
def browser():
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={'width': 1280, 'height': 300})
    yield context.new_page()
    context.close()


def switch(page, kind: str, code: str) -> None:
    selector = {
        'language': f'.concept-languages a[hreflang="{code}"]',
        'version': f'.concept-versions a[data-concept-edition$="/{code}"]',
    }[kind]
    # A short window lets the reader scroll a provision to its top; there the sidebar's search box
    # overlaps the switchers, so the click is sent to the link itself.
    with page.expect_navigation():
        page.dispatch_event(selector, 'click')


def settle(page) -> None:
    """Wait until the page has stopped scrolling (furo scrolls smoothly)."""
    page.evaluate("""new Promise((done) => {
        let last = -1, still = 0;
        (function frame() {
            still = scrollY === last ? still + 1 : 0;
            last = scrollY;
            if (still > 10) done(); else requestAnimationFrame(frame);
        })();
    })""")


def test_switching_language_and_version_keeps_the_provision(page, server):
    page.goto(server + 'ru/latest/tasks.html')
    # The reader scrolled to a provision deep in the page; the address has no anchor.
    page.evaluate("document.getElementById('children').scrollIntoView({behavior: 'instant'})")
    page.wait_for_function("Math.abs(document.getElementById('children').getBoundingClientRect().top) < 20")
    switch(page, 'language', 'kk')
    assert page.url == server + 'kk/latest/tasks.html#children'
    switch(page, 'version', 'round-1')
    assert page.url == server + 'kk/round-1/tasks.html#children'
    assert page.locator('#children').is_visible()
    assert 'Еңбекші көшіп-қонушылардың балалары' in page.inner_text('#children')


def test_the_switchers_follow_what_is_on_screen_not_the_address(page, server):
    # Opened at a provision's anchor, then scrolled back up to an earlier one.
    page.goto(server + 'ru/latest/tasks.html#children')
    settle(page)
    page.mouse.move(640, 150)  # over the text, not the sidebars, which scroll on their own
    distance = page.evaluate("document.getElementById('recognition').getBoundingClientRect().top")
    page.mouse.wheel(0, distance - 4)
    settle(page)
    assert abs(page.evaluate("document.getElementById('recognition').getBoundingClientRect().top")) < 30
    switch(page, 'language', 'kk')
    assert page.url == server + 'kk/latest/tasks.html#recognition'
    # At the top of a page, where its heading is, no anchor: the new page opens at its heading.
    page.goto(server + 'ru/latest/tasks.html')
    switch(page, 'language', 'uz')
    assert page.url == server + 'uz/latest/tasks.html'


def test_the_switchers_follow_a_scroll_that_no_wheel_made(page, server):
    # Arrived by a link, then moved by the scrollbar or find-in-page, which scroll as a script does.
    page.goto(server + 'ru/latest/tasks.html#children')
    settle(page)
    page.evaluate("document.getElementById('recruitment').scrollIntoView({behavior: 'instant'})")
    assert page.evaluate("document.getElementById('children').getBoundingClientRect().bottom") < 0
    switch(page, 'language', 'kk')
    assert page.url == server + 'kk/latest/tasks.html#recruitment'


def test_a_provision_missing_from_a_version_leads_to_its_neighbour_and_says_so(page, server):
    page.goto(server + 'ru/latest/tasks.html#platform-work')
    settle(page)
    number = page.inner_text('#platform-work .provision-number').strip().rstrip('.')
    switch(page, 'version', 'round-1')
    # The provision before it, which round 1 has, with a notice naming the one it lacks.
    assert page.url == server + 'ru/round-1/tasks.html#statistics'
    notice = page.locator('.concept-missing')
    label = page.inner_text('.concept-versions [aria-current]').strip()
    assert number in notice.inner_text() and label in notice.inner_text(), notice.inner_text()
    assert page.evaluate("document.querySelector('.concept-missing').nextElementSibling.id") == 'statistics'
    page.click('.concept-missing button')
    assert page.locator('.concept-missing').count() == 0
    # Said once: the page opened again says nothing.
    page.reload()
    assert page.locator('.concept-missing').count() == 0


def test_the_provision_a_link_or_a_search_result_points_to_is_marked(page, server):
    page.goto(server + 'ru/latest/tasks.html#pensions')
    marked = page.evaluate("getComputedStyle(document.querySelector('#pensions')).outlineStyle")
    unmarked = page.evaluate("getComputedStyle(document.querySelector('#health')).outlineStyle")
    assert (marked, unmarked) == ('solid', 'none')
    # A search result: the page opens at the first provision that has the word, marked.
    word = page.evaluate("""() => {
        const provisions = [...document.querySelectorAll('.provision[id]')];
        const at = provisions.findIndex((p) => p.id === 'health');
        const before = provisions.slice(0, at).map((p) => p.textContent.toLocaleLowerCase()).join(' ');
        return document.getElementById('health').textContent.toLocaleLowerCase().match(/[\\p{L}]{5,}/gu)
            .find((w) => !before.includes(w));
    }""")
    # Searched for on the search page, and the result for the page clicked, as a reader does.
    page.goto(server + f'ru/latest/search.html?q={word}')
    result = page.locator('#search-results ul.search li > a[href^="tasks.html"]')
    with page.expect_navigation():
        result.click()
    page.wait_for_function("location.hash === '#health'")
    assert page.evaluate("document.querySelector('.provision:target').id") == 'health'
    # Scrolled to it (furo scrolls smoothly): at the top of the window, or as far as the page goes.
    page.wait_for_function(
        "(() => { const top = document.getElementById('health').getBoundingClientRect().top;"
        ' return (top >= 0 && top < 100) || (top < innerHeight && '
        ' scrollY >= document.documentElement.scrollHeight - innerHeight - 1); })()'
    )


def test_a_moved_provision_is_followed_to_its_page(page, server):
    page.goto(server + 'ru/latest/general.html#forecast-horizon')
    switch(page, 'version', 'round-1')
    assert page.url == server + 'ru/round-1/tasks.html#forecast-horizon'


def test_a_page_missing_from_a_version_leads_to_the_nearest_page(page, server):
    page.goto(server + 'kk/latest/annex.html')
    switch(page, 'version', 'round-1')
    assert page.url == server + 'kk/round-1/index.html'
    assert page.title()


def test_round_banner_links_the_same_page_in_the_working_draft(page, server):
    page.goto(server + 'uz/round-2/general.html#basis')
    with page.expect_navigation():
        page.click('.announcement a.concept-latest')
    assert page.url == server + 'uz/latest/general.html#basis'


def test_switchers_work_from_local_files(page, versioned_site):
    start = (versioned_site / 'ru' / 'latest' / 'tasks.html').as_uri()
    page.goto(start + '#pensions')
    switch(page, 'language', 'uz')
    assert page.url == (versioned_site / 'uz' / 'latest' / 'tasks.html').as_uri() + '#pensions'


def test_entry_page_sends_an_uzbek_browser_to_the_uzbek_edition(browser, server):
    context = browser.new_context(locale='uz-UZ')
    page = context.new_page()
    page.goto(server + 'index.html')
    page.wait_for_url(server + 'uz/latest/index.html')
    assert page.locator('html').get_attribute('lang') == 'uz'
    # The sidebar's link leads to the entry page in the edition's language.
    page.goto(server + 'kk/latest/index.html')
    with page.expect_navigation():
        page.dispatch_event('a.concept-entry', 'click')
    assert page.url == server + 'kk/index.html'
    assert page.locator('html').get_attribute('lang') == 'kk'
    # A language chosen in an edition's switcher is where the root sends the reader next time.
    page.goto(server + 'uz/latest/tasks.html')
    switch(page, 'language', 'ru')
    page.goto(server + 'index.html')
    page.wait_for_url(server + 'ru/latest/index.html')
    context.close()


def test_the_entry_page_speaks_each_language(page, server, versioned_site):
    page.goto(server + 'ru/index.html')
    assert page.title() == 'Концепция общего миграционного пространства государств – участников СНГ'
    timeline = page.inner_text('#timeline ul')
    # The working draft is named as such, not numbered as if it were a round.
    assert timeline.startswith('Рабочий проект') and 'Раунд 2' in timeline, timeline
    assert page.locator('#timeline ol').count() == 0
    rows = page.locator('#downloads tbody tr')
    # Each edition as PDF, as EPUB and as Akoma Ntoso; each comparison table, side-by-side text and
    # consolidated table of amendments as PDF.
    papers = [*versioned_site.glob('*/compare/*.pdf'), *versioned_site.glob('*/side-by-side/*.pdf')]
    tables = list(versioned_site.glob('*/amendments/*.pdf'))
    assert papers
    assert rows.count() == 4 * 3 * 3 + len(papers) + len(tables)
    first = rows.first.locator('td').all_inner_texts()
    assert first[0] == 'English' and first[1] == 'Рабочий проект' and first[2] == 'PDF'
    # Each size is the file's, in kilobytes below a megabyte (no "0,0 МБ" for a small EPUB).
    cells = 'rows => rows.map(r => [r.querySelector("a").getAttribute("href"), r.cells[3].innerText])'
    for href, size in page.eval_on_selector_all('#downloads tbody tr', cells):
        length = (versioned_site / href.removeprefix('../')).stat().st_size
        if length < 1_000_000:
            assert size == f'{max(1, round(length / 1000))}\xa0КБ', (href, size)
        else:
            assert size == f'{round(length / 1_000_000, 1):.1f}'.replace('.', ',') + '\xa0МБ', (href, size)


def test_entry_page_works_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False, locale='uz-UZ')
    page = context.new_page()
    page.goto(server + 'index.html')
    assert page.url == server + 'index.html'
    with page.expect_navigation():
        page.click('#languages a[hreflang="kk"]')
    assert page.url == server + 'kk/latest/index.html'
    context.close()


def test_every_pdf_link_returns_a_pdf(page, server, versioned_site):
    page.goto(server + 'en/index.html')
    links = page.eval_on_selector_all('a[type="application/pdf"]', 'links => links.map(a => a.href)')
    page.goto(server + 'kk/round-1/index.html')
    links.append(page.eval_on_selector('a.concept-pdf', 'a => a.href'))
    # Every PDF the site holds is offered on the entry page (and the edition's own from its pages).
    every = {path.relative_to(versioned_site).as_posix() for path in versioned_site.glob('*/**/*.pdf')}
    assert {link.removeprefix(server) for link in links} == every
    for link in links:
        response = page.request.get(link)
        assert response.status == 200, link
        assert response.headers['content-type'] == 'application/pdf', link
        assert response.body().startswith(b'%PDF'), link


def test_404_page_offers_the_entry_page_wherever_the_site_is(page, server, versioned_site):
    missing = server + 'kk/round-1/no-such-page.html'
    page.route(
        missing,
        lambda route: route.fulfill(status=404, path=str(versioned_site / '404.html'), content_type='text/html'),
    )
    page.goto(missing)
    assert 'Мұндай бет жоқ.' in page.inner_text('li[lang="kk"]')
    # The reader's language, the one they came from, comes first.
    assert page.evaluate("document.querySelector('.not-found li').lang") == 'kk'
    with page.expect_navigation():
        page.click('li[lang="kk"] a[href$="kk/index.html"]')
    assert page.url == server + 'kk/index.html'
    # A missing address outside any edition, deeper than the site's root, finds the root too.
    deeper = server + 'no/such/folder/page.html'
    page.route(
        deeper, lambda route: route.fulfill(status=404, path=str(versioned_site / '404.html'), content_type='text/html')
    )
    page.goto(deeper)
    link = page.locator('li[lang="ru"] a[href$="ru/latest/index.html"]')
    page.wait_for_function(
        "document.querySelector('li[lang=ru] a[data-site-path$=\"latest/index.html\"]').href.indexOf('/site/ru/') > 0"
    )
    with page.expect_navigation():
        link.click()
    assert page.url == server + 'ru/latest/index.html'


def test_the_working_drafts_banner_links_what_changed_since_the_last_round(page, server, versioned_site):
    # Not written into the page (a new round changes no page of the working draft): from editions.js.
    assert 'round-2--latest' not in (versioned_site / 'ru' / 'latest' / 'tasks.html').read_text(encoding='utf-8')
    page.goto(server + 'ru/latest/tasks.html')
    link = page.locator('a[data-concept-since-last]')
    assert link.is_visible() and link.inner_text() == 'Что изменилось после раунда 2'
    with page.expect_navigation():
        page.dispatch_event('a[data-concept-since-last]', 'click')
    assert page.url == server + 'ru/compare/round-2--latest.html'


def test_from_a_russian_page_to_its_comparison_and_a_provisions_history(page, server):
    page.goto(server + 'ru/round-1/tasks.html')
    with page.expect_navigation():
        page.dispatch_event('.concept-compare', 'click')
    assert page.url == server + 'ru/compare/round-1--latest.html'
    assert page.locator('html').get_attribute('lang') == 'ru'
    # The changes-only filter hides what did not change.
    unchanged = page.locator('.row.unchanged').first
    assert unchanged.is_visible()
    page.check('#changes-only')
    assert not unchanged.is_visible()
    # Back on a provision, its history is one click away and lands on that provision's story.
    page.goto(server + 'ru/latest/general.html#forecast-horizon')
    with page.expect_navigation():
        page.dispatch_event('#forecast-horizon .provision-history', 'click')
    assert page.url == server + 'ru/history/forecast-horizon.html'
    versions = page.locator('.version').evaluate_all('els => els.map(e => [e.id, e.className])')
    assert versions == [['round-1', 'version new'], ['round-2', 'version moved'], ['latest', 'version unchanged']]


def test_every_comparison_is_linked_from_both_versions_and_the_timeline(page, server, versioned_site):
    comparisons = sorted(p.name for p in (versioned_site / 'ru' / 'compare').glob('*.html'))
    assert comparisons == ['round-1--latest.html', 'round-1--round-2.html', 'round-2--latest.html']
    # Round 1's banner: since it in the working draft, and in round 2 (named by editions.js).
    page.goto(server + 'ru/round-1/tasks.html')
    page.wait_for_selector('a.concept-compare-next:not([hidden])')
    assert page.get_attribute('a.concept-compare-next', 'href') == '../compare/round-1--round-2.html'
    assert 'Раунд 2' in page.inner_text('a.concept-compare-next')
    # Round 2's banner: since round 1, and no later round yet.
    page.goto(server + 'ru/round-2/tasks.html')
    assert page.get_attribute('a.concept-compare-previous', 'href') == '../compare/round-1--round-2.html'
    assert 'Раунд 1' in page.inner_text('a.concept-compare-previous')
    page.wait_for_load_state('load')
    assert page.locator('a.concept-compare-next').is_hidden()
    # The entry page's timeline reaches every comparison.
    page.goto(server + 'ru/index.html?stay')
    linked = set(page.eval_on_selector_all('#timeline a', 'links => links.map(a => a.getAttribute("href"))'))
    assert {f'../ru/compare/{name}' for name in comparisons} <= linked, linked


@pytest.mark.parametrize('served', [True, False], ids=['http-sub-path', 'file'])
def test_two_languages_side_by_side_from_any_page(page, server, versioned_site, served):
    root = server if served else versioned_site.as_uri() + '/'
    page.goto(root + 'en/latest/annex.html')
    page.click('.concept-parallel summary')
    with page.expect_navigation():
        page.click('.concept-parallel a[hreflang="kk"]')
    assert page.url.startswith(root + 'en/parallel.html?with=kk&version=latest')
    page.wait_for_selector('#annex-note')
    # Aligned by key, each column in its own language; the annex has no Kazakh text yet.
    columns = page.locator('#annex-note > div').evaluate_all('els => els.map(e => [e.lang, e.className])')
    assert columns == [['en', ''], ['kk', 'untranslated']]
    pensions = page.locator('#pensions > div[lang="kk"]').inner_text()
    assert pensions.startswith('2.3') and 'зейнет' in pensions.lower()


def test_the_site_works_under_its_content_security_policy(browser, server, versioned_site):
    """No inline script runs unless the policy in _headers names it; no page needs more."""
    header = (versioned_site / '_headers').read_text(encoding='utf-8')
    policy = header.split('Content-Security-Policy: ', 1)[1].strip()
    assert "'unsafe-inline'" not in policy.split('script-src', 1)[1].split(';')[0]
    context = browser.new_context(viewport={'width': 1280, 'height': 300})
    context.add_init_script(
        'window.__violations = [];'
        "document.addEventListener('securitypolicyviolation', "
        "(e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )

    def with_policy(route):
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, 'content-security-policy': policy})

    context.route('**/*', with_policy)
    page = context.new_page()
    violations = {}
    for address in (
        'index.html?stay',
        'ru/index.html',
        'ru/latest/tasks.html',
        'ru/latest/search.html?q=труд',
        'ru/compare/round-1--latest.html',
        'ru/parallel.html?with=kk&version=latest',
        'ru/history/health.html',
    ):
        page.goto(server + address)
        page.wait_for_load_state('load')
        found = page.evaluate('window.__violations')
        if found:
            violations[address] = found
    # And the switchers, which are scripts, still work.
    page.goto(server + 'ru/latest/tasks.html')
    switch(page, 'language', 'kk')
    assert page.url == server + 'kk/latest/tasks.html'
    context.close()
    assert violations == {}
