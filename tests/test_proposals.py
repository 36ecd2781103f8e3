"""Proposing an amendment from any provision of the working draft: the form, the list of proposals
kept in the browser, the file the secretariat's intake reads, the e-mail, the printed sheet; and
the redline and the digest, which the browser computes as the build does."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import http.server
import json
import shutil
import threading
import urllib.parse
from pathlib import Path

import polib
import pytest
import yaml
from markdown_it import MarkdownIt

from concept_build.common.catalogs import catalog
from concept_build.common.redline import spans, split
from concept_build.common.submissions import digest, read_submission
from concept_build.common.words import rules
from concept_build.tools import amendments, intake
from helpers import REPO, ROUND_1, build_site, git, make_repo, record_round

CHROMIUM = '/usr/bin/chromium'
STATIC = REPO / 'concept_build' / 'sphinxext' / 'static'
#: The redlines the build and the browser must both make (concept-redline.js, common/redline.py).
CASES = Path(__file__).parent / 'data' / 'redline-cases.json'
LANGUAGES = ('en', 'ru', 'kk')

#: A provision of two paragraphs, with a reference to another provision, an act, quotes and a
#: no-break space: what a reader sees of it is what the store has.
MOBILITY = """
:::{provision} mobility
Workers move between the states as {prov}`recognition` foresees, under {act}`the Charter <charter>`;
their "rights" stay theirs \N{EM DASH} in full.

Each state names a contact point within 30\N{NO-BREAK SPACE}days.
:::
"""


def word_rules(language: str) -> dict[str, str]:
    """The language's rules as the pages give them to the scripts (proposals.py)."""
    own = rules(language)
    return {'apostrophes': own.apostrophes, 'signs': own.signs}


def redline_cases() -> list[dict]:
    return json.loads(CASES.read_text(encoding='utf-8'))


def test_the_shared_redline_cases_are_the_builds():
    cases = redline_cases()
    assert len(cases) >= 30 and len({case['name'] for case in cases}) == len(cases)
    assert {case['language'] for case in cases} >= {'en', 'ru', 'kk', 'uz', 'ky', 'tg', 'hy', 'az', 'be'}
    for case in cases:
        made = spans(split(case['old'], case['language']), split(case['new'], case['language']))
        assert [[s.changed, s.old, s.new] for s in made] == case['spans'], case['name']


# Chromium, with the scripts alone or on a small site built with the pipeline.


@pytest.fixture(scope='module')
def browser():
    sync_api = pytest.importorskip('playwright.sync_api', reason='the tests group installs playwright')
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A page whose console must stay free of errors."""
    context = browser.new_context(viewport={'width': 1280, 'height': 900}, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []

    def console(message) -> None:
        where = message.location.get('url', '')
        # The browser asks the host for a favicon of its own accord; the site has none.
        if message.type == 'error' and not where.endswith('/favicon.ico'):
            errors.append(f'{message.text} {where}')

    page.on('console', console)
    page.on('pageerror', lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


def scripts_alone(page) -> None:
    """The form's scripts on an empty page, with data of their own."""
    page.set_content('<!DOCTYPE html><html lang="en"><body><p>Empty.</p></body></html>')
    page.evaluate(
        "window.conceptProposals = {language: 'en', version: 'latest', participants: [], "
        "rules: {apostrophes: '', signs: ''}, words: {}};"
    )
    page.add_script_tag(path=str(STATIC / 'concept-redline.js'))
    page.add_script_tag(path=str(STATIC / 'concept-propose.js'))


@pytest.mark.browser
def test_the_browsers_redline_is_the_builds(page):
    scripts_alone(page)
    found = page.evaluate(
        '(cases) => cases.map((c) => conceptRedline.spans('
        'conceptRedline.split(c.old, c.rules), conceptRedline.split(c.new, c.rules)))',
        [{**case, 'rules': word_rules(case['language'])} for case in redline_cases()],
    )
    for case, spans_ in zip(redline_cases(), found, strict=True):
        assert spans_ == case['spans'], case['name']


@pytest.mark.browser
def test_the_browsers_sha256_is_hashlibs(page):
    scripts_alone(page)
    texts = [
        '',
        'abc',
        'Государства обмениваются данными о трудовой миграции.',
        'Պետությունները համագործակցու՞մ են։',
        'Davlatlar oʻzaro hamkorlik qiladi. 😀',
        'x' * 55,
        'y' * 56,
        'z' * 64,
        'Ә' * 1000,
        'a' * 1000,
    ]
    found = page.evaluate('(texts) => texts.map((t) => conceptPropose.sha256(t))', texts)
    assert found == [hashlib.sha256(text.encode('utf-8')).hexdigest() for text in texts]


# The small site: the working draft in three languages, round 1, and a register with participants.


def proposal_repo(root: Path) -> Path:
    repo = make_repo(root / 'repo')
    record_round('round-1', **ROUND_1, root=repo, languages=('en',))
    register = repo / 'amendments'
    register.mkdir()
    (register / 'participants.yaml').write_text(
        '- key: example-union\n  body: Example Trade Union\n- key: example-ministry\n  body: Example Ministry\n'
    )
    (register / 'round-1.yaml').write_text(
        '- id: emergency-care\n  round: round-1\n  proposer: example-union\n  manner: written\n'
        '  date: 2025-05-30\n  kind: substitution\n  targets: health\n'
        '  text: Migrant workers receive medical care.\n  status: submitted\n'
    )
    (repo / 'concept' / 'amendments.md').write_text(
        '---\norphan: true\n---\n\n# Amendments\n\n```{amendments-register}\n```\n'
    )
    tasks = repo / 'concept' / 'tasks.md'
    tasks.write_text(tasks.read_text(encoding='utf-8') + MOBILITY, encoding='utf-8')
    git(repo, 'add', '-A')
    git(repo, 'commit', '-q', '-m', 'The register, and a provision of two paragraphs')
    return repo


@pytest.fixture(scope='module')
def repo(tmp_path_factory):
    return proposal_repo(tmp_path_factory.mktemp('proposals'))


@pytest.fixture(scope='module')
def site(repo):
    out = repo.parent / 'served' / 'site'
    build_site(LANGUAGES, None, ('html',), out, with_handbook=False, root=repo)
    return out


@pytest.fixture(scope='module')
def server(site):
    """The site under a sub-path, /site/, as a static host serves it."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0), functools.partial(Quiet, directory=str(site.parent)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f'http://127.0.0.1:{httpd.server_address[1]}/site/'
    httpd.shutdown()


def store(site: Path, language: str) -> dict[str, dict]:
    data = json.loads((site / language / 'latest' / 'provisions.json').read_text(encoding='utf-8'))
    return {p['key']: p for p in data['provisions']}


def open_form(page, key: str) -> None:
    page.click(f'#{key} .propose-amendment')
    page.wait_for_selector('dialog.propose-dialog[open]')


def propose(
    page,
    key: str,
    kind: str = 'substitution',
    text: str | None = None,
    proposer: str = 'example-union',
    body: str = '',
    person: str = 'A. Delegate',
    email: str = '',
    rationale: str = '',
) -> None:
    """Propose through the form, as a delegate would."""
    open_form(page, key)
    page.check(f'#propose-kind-{kind}')
    if text is not None:
        page.fill('#propose-text', text)
    if proposer:
        page.select_option('#propose-proposer', proposer)
    else:
        page.select_option('#propose-proposer', ':other')
        page.fill('#propose-body', body)
    page.fill('#propose-person', person)
    page.fill('#propose-email', email)
    page.fill('#propose-rationale', rationale)
    page.click('.propose-submit')
    page.wait_for_selector('dialog.propose-dialog', state='hidden')


def open_basket(page) -> None:
    page.click('.propose-basket-toggle')
    page.wait_for_selector('dialog.propose-basket[open]')


def download(page, folder: Path) -> Path:
    with page.expect_download() as made:
        page.click('.propose-download')
    path = folder / made.value.suggested_filename
    made.value.save_as(path)
    return path


@pytest.mark.slow
@pytest.mark.browser
def test_every_provision_of_the_working_draft_has_the_button_and_a_rounds_have_none(page, server, site):
    for language in ('en', 'kk'):
        page.goto(server + f'{language}/latest/tasks.html')
        buttons = page.locator('.provision[id] > p:first-child > .provision-history + button.propose-amendment')
        assert buttons.count() == page.locator('.provision[id]').count() == 11
    page.goto(server + 'en/latest/tasks.html')
    number = store(site, 'en')['health']['number']
    assert (
        page.get_attribute('#health .propose-amendment', 'aria-label') == f'Propose an amendment to provision {number}'
    )
    page.goto(server + 'en/round-1/tasks.html')
    assert page.locator('.provision[id]').count() == 10
    assert page.locator('.propose-amendment, .propose-basket-toggle').count() == 0
    assert 'concept-propose.js' not in (site / 'en' / 'round-1' / 'tasks.html').read_text(encoding='utf-8')
    assert not (site / 'en' / 'round-1' / '_static' / 'concept-proposals-data.js').exists()


@pytest.mark.slow
@pytest.mark.browser
def test_the_button_is_reached_by_tab_and_opens_the_form_with_enter(page, server, site):
    page.goto(server + 'en/latest/tasks.html')
    page.focus('#health .provision-history')
    page.keyboard.press('Tab')
    number = store(site, 'en')['health']['number']
    assert (
        page.evaluate("document.activeElement.getAttribute('aria-label')")
        == f'Propose an amendment to provision {number}'
    )
    page.keyboard.press('Enter')
    page.wait_for_selector('dialog.propose-dialog[open]')
    assert page.inner_text('#propose-heading') == f'Propose an amendment to provision {number}'
    # The form opens at the kind, a new wording chosen, and every field has its label.
    assert page.evaluate('document.activeElement.id') == 'propose-kind-substitution'
    for field in ('propose-text', 'propose-proposer', 'propose-person', 'propose-email', 'propose-rationale'):
        assert page.locator(f'label[for="{field}"]').count() == 1, field
    assert page.input_value('#propose-text') == store(site, 'en')['health']['text']
    page.keyboard.press('Escape')
    page.wait_for_selector('dialog.propose-dialog', state='hidden')
    assert page.evaluate("document.activeElement.closest('.provision').id") == 'health'


@pytest.mark.slow
@pytest.mark.browser
def test_the_current_text_is_the_stores_text_of_every_provision(page, server, site):
    for language in LANGUAGES:
        stored = store(site, language)
        found: dict[str, str] = {}
        for name in sorted({p['page'] for p in stored.values()}):
            page.goto(server + f'{language}/latest/{name}.html')
            found.update(
                page.evaluate(
                    "Object.fromEntries([...document.querySelectorAll('.provision[id]')]"
                    '.map((p) => [p.id, conceptPropose.currentText(p)]))'
                )
            )
        assert found == {key: p['text'] for key, p in stored.items()}, language
    # Among them those with more than plain text: two paragraphs, references, an amendment's marker.
    english = store(site, 'en')
    assert english['mobility']['text'].endswith('in full. Each state names a contact point within 30 days.')
    assert english['health']['text'] == 'Migrant workers receive emergency medical care.'
    page.goto(server + 'en/latest/tasks.html')
    assert page.locator('#health .amendment-marker').count() == 1


def redline_shown(page) -> list[list]:
    return page.evaluate(
        "[...document.querySelector('.propose-redline').childNodes]"
        '.map((n) => [n.nodeName.toLowerCase(), n.textContent])'
    )


def as_shown(old: str, new: str, language: str = 'en') -> list[list]:
    """The redline as the page should show it, from the build's own spans."""
    shown = []
    for span in spans(split(old, language), split(new, language)):
        if not span.changed:
            shown.append(['#text', span.new])
            continue
        shown += [[tag, text] for tag, text in (('del', span.old), ('ins', span.new)) if text]
    return shown


@pytest.mark.slow
@pytest.mark.browser
def test_the_redline_follows_the_wording_as_it_is_typed(page, server, site):
    current = store(site, 'en')['forecast-horizon']['text']
    page.goto(server + 'en/latest/tasks.html')
    open_form(page, 'forecast-horizon')
    assert redline_shown(page) == [['#text', current]]
    new = current.replace('five years', 'ten years')
    page.fill('#propose-text', new)
    assert (
        redline_shown(page)
        == as_shown(current, new)
        == [['#text', 'Forecasts of labour demand look '], ['del', 'five'], ['ins', 'ten'], ['#text', ' years ahead.']]
    )
    # A new provision is all inserted; a deletion all deleted; a comment has no redline.
    page.check('#propose-kind-insertion')
    assert page.input_value('#propose-text') == new  # what the delegate wrote is kept
    page.fill('#propose-text', 'Forecasts are published.')
    assert redline_shown(page) == [['ins', 'Forecasts are published.']]
    page.check('#propose-kind-repeal')
    assert not page.is_visible('#propose-text')
    assert redline_shown(page) == [['del', current]]
    page.check('#propose-kind-comment')
    assert not page.is_visible('.propose-redline') and not page.is_visible('#propose-text')


@pytest.mark.slow
@pytest.mark.browser
def test_a_proposal_is_kept_over_a_reload_edited_and_removed(page, server, site):
    number = store(site, 'en')['forecast-horizon']['number']
    page.goto(server + 'en/latest/tasks.html')
    assert not page.is_visible('.propose-basket-toggle')
    propose(
        page, 'forecast-horizon', text='Forecasts of labour demand look ten years ahead.', rationale='A longer view.'
    )
    assert page.get_attribute('.propose-basket-toggle', 'aria-label') == 'Your proposals: 1'
    page.reload()
    assert page.inner_text('.propose-basket-toggle .propose-count') == '1'
    # The list opens from its control by the keyboard too.
    page.focus('.propose-basket-toggle')
    page.keyboard.press('Enter')
    page.wait_for_selector('dialog.propose-basket[open]')
    assert page.inner_text('.propose-item h3') == f'Provision {number} — Substitution'
    assert page.inner_text('.propose-snippet') == 'Forecasts of labour demand look ten years ahead.'
    assert page.inner_text('.propose-by') == 'Proposed by: Example Trade Union'
    # Edited: the form opens with what was proposed, and the list comes back with the change.
    page.click('.propose-edit')
    page.wait_for_selector('dialog.propose-dialog[open]')
    assert page.input_value('#propose-text') == 'Forecasts of labour demand look ten years ahead.'
    assert page.input_value('#propose-rationale') == 'A longer view.'
    assert page.inner_text('.propose-submit') == 'Save the changes'
    page.fill('#propose-text', 'Forecasts of labour demand look fifteen years ahead.')
    page.click('.propose-submit')
    page.wait_for_selector('dialog.propose-basket[open]')
    assert page.inner_text('.propose-snippet') == 'Forecasts of labour demand look fifteen years ahead.'
    assert page.locator('.propose-item').count() == 1
    page.click('.propose-remove')
    assert page.locator('.propose-item').count() == 0
    assert page.is_visible('.propose-empty')
    page.click('.propose-close')
    page.reload()
    assert not page.is_visible('.propose-basket-toggle')


@pytest.mark.slow
@pytest.mark.browser
def test_the_form_says_what_is_wrong_in_words(page, server):
    page.goto(server + 'en/latest/tasks.html')
    open_form(page, 'health')
    page.click('.propose-submit')
    # The wording unchanged, no proposer chosen, no person: each said beside its field and above.
    assert page.get_attribute('#propose-text', 'aria-invalid') == 'true'
    assert page.inner_text('#propose-text-error') == 'The proposed wording is the same as the current wording.'
    assert page.inner_text('#propose-proposer-error') == 'Choose who makes the proposal.'
    assert page.inner_text('#propose-person-error') == 'Write the name of the person submitting the proposal.'
    assert page.inner_text('.propose-problems li').startswith('The proposed wording is the same')
    assert page.evaluate('document.activeElement.id') == 'propose-text'
    page.fill('#propose-text', 'Migrant workers receive {prov}`x` care.')
    page.select_option('#propose-proposer', ':other')
    page.fill('#propose-person', 'A. Delegate')
    page.fill('#propose-email', 'not an address')
    page.click('.propose-submit')
    assert 'cannot contain' in page.inner_text('#propose-text-error')
    assert page.inner_text('#propose-body-error') == 'Write the name of the body.'
    assert page.inner_text('#propose-email-error') == 'This is not an e-mail address.'
    assert page.get_attribute('#propose-person', 'aria-invalid') is None
    page.check('#propose-kind-comment')
    page.click('.propose-submit')
    assert page.inner_text('#propose-rationale-error') == 'Write your comment.'
    assert page.is_visible('dialog.propose-dialog[open]')


@pytest.mark.slow
@pytest.mark.browser
def test_the_downloaded_file_is_what_the_intake_reads(page, server, site, repo, tmp_path, capsys):
    stored = store(site, 'kk')
    page.goto(server + 'kk/latest/tasks.html')
    new = stored['health']['text'] + ' Тегін.'
    propose(page, 'health', text=new, email='delegate@example.org', rationale='Неге: «анық».')
    propose(
        page,
        'return',
        kind='insertion',
        text='Мемлекеттер  көмектеседі.\n',
        proposer='',
        body='Министерство труда',
        person='Б. Делегат',
    )
    # The register takes no amendment that says nothing: a deletion with its reason.
    propose(page, 'statistics', kind='repeal', proposer='example-ministry', rationale='Сол 2.2.')
    propose(page, 'mobility', kind='comment', rationale='Too long; "split" it: #2 \\ 😀')
    open_basket(page)
    path = download(page, tmp_path)
    today = dt.date.today().isoformat()
    assert path.name == f'proposals-kk-{today}.yaml'
    text = path.read_text(encoding='utf-8')
    kk = catalog(REPO / 'locale', 'kk')
    assert (
        text.startswith('# ')
        and kk('Send this file to the secretariat of the working group.') in text.split('\n- ', 1)[0]
    )
    proposals = read_submission(path)
    assert [(p.kind, p.key) for p in proposals] == [
        ('substitution', 'health'),
        ('insertion', 'return'),
        ('repeal', 'statistics'),
        ('comment', 'mobility'),
    ]
    for proposal in proposals:
        assert (proposal.against, proposal.language, proposal.date) == ('latest', 'kk', today)
        assert proposal.seen == stored[proposal.key]['text']
        assert proposal.person
    first, second, third, fourth = proposals
    assert (first.text, first.proposer, first.email, first.rationale) == (
        new,
        'example-union',
        'delegate@example.org',
        'Неге: «анық».',
    )
    assert (second.text, second.proposer, second.proposer_body) == (
        'Мемлекеттер көмектеседі.',
        None,
        'Министерство труда',
    )
    assert (third.text, third.proposer, third.rationale) == (None, 'example-ministry', 'Сол 2.2.')
    assert fourth.rationale == 'Too long; "split" it: #2 \\ 😀'
    # Each names the digest of the text it was drafted against, and is written as the register is.
    raw = yaml.safe_load(text)
    assert [e['against_digest'] for e in raw] == [digest(stored[p.key]['text']) for p in proposals]
    assert raw[1]['insert_after'] == ['return'] and raw[0]['targets'] == ['health']
    assert {e['manner'] for e in raw} == {'written'}
    assert list(raw[0]) == [
        'kind',
        'targets',
        'against',
        'against_digest',
        'seen',
        'language',
        'text',
        'proposer',
        'person',
        'email',
        'rationale',
        'date',
        'manner',
    ]
    # And the secretariat takes it in: nothing changed since it was drafted, the new body added.
    secretariat = tmp_path / 'secretariat'
    shutil.copytree(repo, secretariat)
    intake.main([str(path), '--site', str(site), '--root', str(secretariat)])
    said = capsys.readouterr().out
    assert 'warning' not in said and 'taken in 4 proposal(s) for round-1' in said, said
    assert 'Министерство труда' in (secretariat / 'amendments' / 'participants.yaml').read_text(encoding='utf-8')


def many_proposals(stored: dict[str, dict], count: int) -> list[dict]:
    """Proposals on the Russian text as the form keeps them, each with a long wording."""
    provisions = list(stored.values())
    made = []
    for n in range(count):
        provision = provisions[n % len(provisions)]
        made.append(
            {
                'id': f'p{n}',
                'kind': 'substitution',
                'key': provision['key'],
                'number': provision['number'],
                'language': 'ru',
                'rules': word_rules('ru'),
                'seen': provision['text'],
                'digest': digest(provision['text']),
                'text': 'Государства обеспечивают ' * 20,
                'proposer': 'example-union',
                'proposerBody': '',
                'person': 'А. Делегат',
                'email': '',
                'rationale': '',
                'date': '2025-05-01',
            }
        )
    return made


def set_secretariat(page, address: str) -> None:
    page.evaluate(
        '(address) => { window.conceptSite = Object.assign(window.conceptSite || {}, {secretariat: address}); }',
        address,
    )


@pytest.mark.slow
@pytest.mark.browser
def test_the_e_mail_is_offered_only_with_a_secretariat_and_stays_short(page, server, site):
    page.goto(server + 'ru/latest/tasks.html')
    propose(page, 'health', text='Трудящиеся-мигранты получают медицинскую помощь.')
    open_basket(page)
    assert page.locator('.propose-mail').count() == 1 and not page.is_visible('.propose-mail')
    page.click('.propose-close')
    set_secretariat(page, 'secretariat@example.org')
    open_basket(page)
    assert page.is_visible('.propose-mail')
    href = page.get_attribute('.propose-mail', 'href')
    assert href.startswith('mailto:secretariat@example.org?subject=') and len(href) < 1900
    body = urllib.parse.parse_qs(urllib.parse.urlsplit(href).query)['body'][0]
    number = store(site, 'ru')['health']['number']
    # In the page's language, Russian.
    ru = catalog(REPO / 'locale', 'ru')
    cut = ru('The list is cut short here; the attached file holds every proposal.')
    assert body.startswith(f'1. {ru("Provision {number}").format(number=number)} — ')
    assert 'Трудящиеся-мигранты получают' in body and 'Example Trade Union' in body and cut not in body
    attach = ru('Attach the downloaded file {file} to this message before you send it.')
    assert body.rstrip().endswith(attach.format(file=f'proposals-ru-{dt.date.today().isoformat()}.yaml'))
    # Forty long proposals: the summary is cut, and says so.
    page.click('.propose-close')
    page.evaluate(
        "(items) => localStorage.setItem('concept-proposals', JSON.stringify(items))",
        many_proposals(store(site, 'ru'), 40),
    )
    page.reload()
    set_secretariat(page, 'secretariat@example.org')
    open_basket(page)
    href = page.get_attribute('.propose-mail', 'href')
    assert len(href) < 1900
    body = urllib.parse.parse_qs(urllib.parse.urlsplit(href).query)['body'][0]
    assert cut in body
    assert body.startswith(f'1. {ru("Provision {number}").split("{")[0]}') and attach.split('{')[0] in body


@pytest.mark.slow
@pytest.mark.browser
def test_the_sheet_printed_for_signature(page, server, site):
    page.goto(server + 'en/latest/tasks.html')
    propose(
        page,
        'forecast-horizon',
        text='Forecasts of labour demand look ten years ahead.',
        person='A. Delegate',
        rationale='A longer view.',
    )
    propose(page, 'health', kind='repeal', proposer='example-ministry', person='B. Delegate')
    page.evaluate('() => { window.print = () => { window.printed = (window.printed || 0) + 1; }; }')
    open_basket(page)
    page.click('.propose-print')
    assert page.evaluate('window.printed') == 1
    sheet = page.locator('.propose-sheet')
    assert sheet.locator('.propose-sheet-item').count() == 2
    page.emulate_media(media='print')
    text = sheet.inner_text()
    number = store(site, 'en')['forecast-horizon']['number']
    assert f'Provision {number} — Substitution' in text
    assert store(site, 'en')['forecast-horizon']['text'] in text and 'ten years ahead' in text
    assert 'A. Delegate' in text and 'A longer view.' in text and 'The deletion of this provision' in text
    assert sheet.locator('.propose-signature').count() == 2
    assert dt.date.today().isoformat() in sheet.locator('.propose-signature').first.inner_text()
    assert 'Signature' in sheet.locator('.propose-signature').first.inner_text()
    # Nothing but the sheet prints.
    shown = page.evaluate(
        "[...document.body.children].filter((e) => getComputedStyle(e).display !== 'none').map((e) => e.className)"
    )
    assert shown == ['propose-sheet']
    # Printed from the browser's menu, the page prints as it is, without the form's controls.
    page.evaluate("document.body.classList.remove('propose-printing')")
    assert not page.is_visible('.propose-sheet') and page.is_visible('#forecast-horizon')
    assert not page.is_visible('.propose-amendment')


@pytest.mark.slow
@pytest.mark.browser
def test_the_form_works_under_the_sites_content_security_policy(browser, server, site, tmp_path):
    # The same policy the published site sends (pages/csp.py), from the folder of the site.
    from concept_build.pages.csp import policy

    header = policy(site)
    context = browser.new_context(accept_downloads=True)
    context.add_init_script(
        'window.__violations = [];'
        "document.addEventListener('securitypolicyviolation', "
        "(e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )

    def with_policy(route):
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, 'content-security-policy': header})

    context.route('**/*', with_policy)
    page = context.new_page()
    page.goto(server + 'kk/latest/tasks.html')
    propose(page, 'health', kind='comment', rationale='Пікір.')
    open_basket(page)
    assert download(page, tmp_path).exists()
    assert page.evaluate('window.__violations') == []
    context.close()


@pytest.mark.slow
@pytest.mark.browser
def test_the_form_works_from_local_files(page, site, tmp_path):
    page.goto((site / 'en' / 'latest' / 'general.html').as_uri())
    propose(page, 'sources', kind='comment', rationale='Cite the 2021 report too.')
    open_basket(page)
    proposals = read_submission(download(page, tmp_path))
    assert [(p.kind, p.key, p.seen) for p in proposals] == [
        ('comment', 'sources', store(site, 'en')['sources']['text'])
    ]


def basket_of(browser, server: str, language: str, folder: Path, proposals: list[dict]) -> Path:
    """One delegate's proposals, made in a browser of their own, downloaded as one file."""
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(server + f'{language}/latest/tasks.html')
    for proposal in proposals:
        propose(page, **proposal)
    open_basket(page)
    path = download(page, folder)
    context.close()
    return path


def dirty(repo: Path) -> list[str]:
    return sorted(line.split(maxsplit=1)[1] for line in git(repo, 'status', '--porcelain').splitlines())


@pytest.mark.slow
@pytest.mark.browser
def test_proposals_are_taken_in_set_out_in_the_consolidated_table_and_applied(browser, tmp_path, capsys):
    """A Kazakh and a Russian delegate propose two wordings of one provision (a collision), the
    Russian one a deletion too; the secretariat takes the files in, the table sets them out in
    every language, and the working group's acceptance is written into the text by apply."""
    from concept_build.pipeline.release import ReleaseRefused
    from helpers import pdf_text

    repo = proposal_repo(tmp_path)
    site = tmp_path / 'served' / 'site'
    build_site(LANGUAGES, ('latest',), ('html',), site, with_handbook=False, root=repo)
    stored = {language: store(site, language) for language in LANGUAGES}
    httpd = http.server.ThreadingHTTPServer(
        ('127.0.0.1', 0), functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site.parent))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    server = f'http://127.0.0.1:{httpd.server_address[1]}/site/'
    kk_wording = stored['kk']['health']['text'].rstrip('.') + ', тегін.'
    ru_wording = 'Трудящиеся-мигранты и члены их семей получают неотложную медицинскую помощь бесплатно.'
    try:
        kazakh = basket_of(browser, server, 'kk', tmp_path, [{'key': 'health', 'text': kk_wording}])
        russian = basket_of(
            browser,
            server,
            'ru',
            tmp_path,
            [
                {'key': 'health', 'text': ru_wording, 'proposer': 'example-ministry', 'rationale': 'Полнее.'},
                {'key': 'statistics', 'kind': 'repeal', 'proposer': 'example-ministry', 'rationale': 'Лишнее.'},
            ],
        )
    finally:
        httpd.shutdown()

    # A file with a mistake is refused whole, and nothing is written.
    register = repo / 'amendments' / 'round-1.yaml'
    before = register.read_bytes()
    broken = tmp_path / 'broken.yaml'
    broken.write_text(russian.read_text(encoding='utf-8').replace('"statistics"', '"statistic"'), encoding='utf-8')
    with pytest.raises(SystemExit, match='nothing was taken in'):
        intake.main([str(kazakh), str(broken), '--site', str(site), '--root', str(repo)])
    assert "no provision has the key 'statistic'; did you mean 'statistics'?" in capsys.readouterr().out
    assert register.read_bytes() == before

    # The Kazakh text changed since the Kazakh delegate saw it: taken in, with what changed.
    catalogue = repo / 'locale' / 'kk' / 'LC_MESSAGES' / 'tasks.po'
    entry = next(e for e in polib.pofile(str(catalogue)) if e.msgstr.rstrip('.') in stored['kk']['health']['text'])
    seen_word = entry.msgstr.split()[0]
    replace_first_word = entry.msgstr.replace(seen_word, seen_word + ' (түзетілген)', 1)
    text_now = polib.pofile(str(catalogue), wrapwidth=76)
    text_now.find(entry.msgid).msgstr = replace_first_word
    text_now.save()
    build_site(LANGUAGES, ('latest',), ('html',), site, with_handbook=False, root=repo)
    intake.main([str(kazakh), str(russian), '--site', str(site), '--root', str(repo)])
    said = capsys.readouterr().out
    assert said.count('warning:') == 1 and 'has changed since the proposal was drafted' in said, said
    assert '{+ (түзетілген)+}' in said or '(түзетілген)' in said, said
    assert 'taken in 3 proposal(s) for round-1: round-1-2, round-1-3, round-1-4' in said, said
    git(repo, 'add', '-A')
    git(repo, 'commit', '-q', '-m', 'The proposals of two delegations')

    # The consolidated table, in the language of each delegation and in English, HTML and PDF.
    build_site(LANGUAGES, ('latest',), ('html', 'pdf'), site, with_handbook=False, root=repo)
    for language in LANGUAGES:
        page = (site / language / 'amendments' / 'round-1.html').read_text(encoding='utf-8')
        health = page[page.index('id="health"') : page.index('</section>', page.index('id="health"'))]
        assert health.count('class="proposal"') == 3 and 'class="collision"' in health, language
        assert '<ins>' in health and 'lang="kk"' in health and 'lang="ru"' in health, language
        assert 'Example Ministry' in page or language != 'en'
        assert 'id="statistics"' in page and '<del>' in page[page.index('id="statistics"') :]
        pdf = pdf_text(site / language / 'amendments' / 'round-1.pdf')
        assert 'тегін' in pdf and 'бесплатно' in pdf, language
    english = (site / 'en' / 'amendments' / 'round-1.html').read_text(encoding='utf-8')
    assert '<li>Example Ministry: 2</li>' in english and '<li>Example Trade Union: 2</li>' in english
    # The register links each round's table under its heading, and the banner the last round's.
    register_page = (site / 'en' / 'latest' / 'amendments.html').read_text(encoding='utf-8')
    section = register_page[register_page.index('id="amendments-round-1"') :]
    assert 'href="../amendments/round-1.html"' in section[: section.index('</h2>') + 200]
    assert register_page.count('href="../amendments/round-1.html"') == 2

    # The working group meets (round 2) and accepts the Russian wording; the secretariat records
    # the decision and its English; until it is applied, the next round is refused.
    record_round(
        'round-2',
        dt.date(2025, 10, 9),
        'Minsk',
        'Second meeting',
        'The amendments.',
        dt.date(2025, 12, 1),
        root=repo,
        languages=('en',),
    )
    text = register.read_text(encoding='utf-8')
    start = text.index('id: "round-1-3"')
    end = text.index('status: "submitted"', start)
    text = (
        text[:end] + 'status: accepted\n  decided_at: round-2\n'
        '  english: "Migrant workers and their families receive emergency medical care free of charge."'
        + text[end + len('status: "submitted"') :]
    )
    register.write_text(text, encoding='utf-8')
    git(repo, 'commit', '-qam', 'Round 2 accepted amendment 1.3')
    with pytest.raises(ReleaseRefused, match="'round-1-3' was accepted at round-2, but health read"):
        record_round(
            'round-3',
            dt.date(2026, 3, 3),
            'Astana',
            'Third meeting',
            'The text.',
            dt.date(2026, 5, 1),
            root=repo,
            languages=('en',),
        )
    amendments.main(['apply', 'round-1-3', '--root', str(repo)])
    # The English source, the Russian catalogue (the proposer's language) and the register; no other.
    assert dirty(repo) == ['amendments/round-1.yaml', 'concept/tasks.md', 'locale/ru/LC_MESSAGES/tasks.po']
    assert 'emergency medical care free of charge' in (repo / 'concept' / 'tasks.md').read_text(encoding='utf-8')
    translated = polib.pofile(str(repo / 'locale' / 'ru' / 'LC_MESSAGES' / 'tasks.po'))
    assert (
        translated.find('Migrant workers and their families receive emergency medical care free of charge.').msgstr
        == ru_wording
    )
    git(repo, 'commit', '-qam', 'Amendment 1.3 applied')
    record_round(
        'round-3',
        dt.date(2026, 3, 3),
        'Astana',
        'Third meeting',
        'The text.',
        dt.date(2026, 5, 1),
        root=repo,
        languages=('en',),
    )


@pytest.mark.parametrize('breaker', ['1. ', '- ', '# ', '> ', '+ ', '2) ', '=== ', '| '])
def test_an_applied_wording_stays_one_paragraph_wherever_its_lines_break(breaker):
    # Whatever word the wrapping puts at the start of a line, MyST must not read it as a new block.
    words = ' '.join(f'{breaker}word{n}' for n in range(40))
    source = amendments.fence('health', f'Migrants {words} end.')
    body = source.split('\n', 1)[1].rsplit(':::', 1)[0]
    tokens = MarkdownIt('commonmark').parse(body)
    assert [t.type for t in tokens] == ['paragraph_open', 'inline', 'paragraph_close'], source
