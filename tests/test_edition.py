"""One edition as Sphinx makes it with all of the Concept's extensions: the notice and the banner
on every page, the link to each provision's history, the page as schema.org data, and the EPUB."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import zipfile
from html import unescape
from xml.etree import ElementTree as ET

import pytest

#: 20 May 2025, 12:00 UTC: the text's commit time, as the build passes it.
EPOCH = int(dt.datetime(2025, 5, 20, 12, tzinfo=dt.UTC).timestamp())
NOTICE = (
    'Working text prepared for the discussion of the working group. '
    'It is not an official document of the Commonwealth of Independent States.'
)


@pytest.fixture
def edition(project, monkeypatch):
    monkeypatch.setenv('SOURCE_DATE_EPOCH', str(EPOCH))
    return project('edition')


def banner(page: str) -> str:
    found = re.search(r'<span class="concept-banner">(.*?)</span>', page, re.S)
    assert found, page
    return found.group(1)


def linked_data(page: str) -> dict:
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return json.loads(block)


def test_the_working_draft_says_what_it_is_and_links_each_provisions_history(edition, build):
    built = build(edition)
    assert built.warnings == ''
    first = built.page('first')
    assert f'<span class="concept-notice">{NOTICE}</span>' in first
    assert banner(first).startswith('Working draft: this text has not yet been discussed by the working group.')
    # Beside each number, its history, one folder above the edition.
    assert re.findall(
        r'<a class="provision-history[^"]*" href="([^"]+)" title="History of this provision">', first
    ) == ['../history/alpha.html', '../history/beta.html']
    data = linked_data(first)
    assert (data['@type'], data['inLanguage'], data['name']) == ('Legislation', 'en', '1. First section')
    assert data['isPartOf']['creativeWorkStatus'] == 'Draft'
    assert data['isPartOf']['version'] == 'Working draft' and 'legislationDate' not in data['isPartOf']
    # The PDF and the EPUB are linked by the edition's file names.
    assert 'href="concept-en-latest.pdf"' in first and 'href="concept-en-latest.epub"' in first


def test_a_rounds_edition_says_which_round_and_links_the_working_draft(edition, build):
    built = build(edition, concept_version='round-1')
    assert built.warnings == ''
    said = banner(built.page('second'))
    # The place is this project's registry's, not another's.
    assert 'This is the text as discussed at round 1 (2 April 2025, Minsk).' in said
    assert '<a class="concept-latest" href="../../en/latest/second.html" data-concept-edition="en/latest">' in said
    assert '<a class="concept-compare" href="../compare/round-1--latest.html">' in said
    concept = linked_data(built.page('index'))
    assert concept['legislationDate'] == '2025-04-02' and concept['version'] == 'Round 1, 2 April 2025'


def test_the_book_opens_with_its_title_page_dated_by_the_text(edition, build):
    built = build(edition, 'epub')
    assert built.warnings == ''
    with zipfile.ZipFile(built.outdir / 'concept-en-latest.epub') as book:
        first = book.infolist()[0]
        assert (first.filename, first.compress_type) == ('mimetype', zipfile.ZIP_STORED)
        # Every entry is dated by the text, not by the build: two builds are the same bytes.
        assert {info.date_time for info in book.infolist()} == {(2025, 5, 20, 12, 0, 0)}
        title_page = unescape(book.read('titlepage.xhtml').decode('utf-8'))
        opf = ET.fromstring(book.read('content.opf'))
        pages = [name for name in book.namelist() if name.endswith('.xhtml')]
        languages = {name: re.search(r'<html [^>]*\blang="(\w+)"', book.read(name).decode('utf-8')) for name in pages}
    assert '<p class="concept-label">Working draft</p>' in title_page
    assert '<p class="concept-detail">20 May 2025</p>' in title_page
    assert f'<p class="concept-notice">{NOTICE}</p>' in title_page
    dc = {'dc': 'http://purl.org/dc/elements/1.1/'}
    assert opf.findtext('.//dc:language', namespaces=dc) == 'en'
    assert opf.findtext('.//dc:description', namespaces=dc) == NOTICE
    assert opf.findtext('.//dc:identifier', namespaces=dc).startswith('concept-')
    # Every page says its language, for a screen reader.
    assert {name: found and found.group(1) for name, found in languages.items()} == dict.fromkeys(pages, 'en')


def test_myst_makes_each_document_from_one_copy_of_its_settings(edition, build):
    from myst_parser.mdit_to_docutils import base

    from concept_build.sphinxext import mystspeed

    built = build(edition)
    assert built.warnings == ''
    # The extension hands MyST one document's settings, copied, instead of building them anew.
    assert base.make_document is mystspeed.make_document
    document = base.make_document('page.md')
    assert document.settings is not base.make_document('other.md').settings
    assert document['source'] == 'page.md'


def test_only_the_working_draft_offers_the_form_to_propose_an_amendment(edition, build):
    from concept_build.sphinxext import proposals

    latest = build(edition)
    assert latest.warnings == ''
    page = latest.page('second')
    # The redline, the form's data and words, and the form, in this order.
    assert re.findall(r'src="_static/(concept-[\w-]+\.js)[?"]', page)[-3:] == list(proposals.SCRIPTS)
    text = (latest.outdir / '_static' / proposals.DATA).read_text(encoding='utf-8')
    data = json.loads(text.removeprefix('window.conceptProposals = ').removesuffix(';\n'))
    assert (data['language'], data['version'], data['participants']) == ('en', 'latest', [])
    assert data['words']['propose'] == 'Propose an amendment to provision {number}'
    # A round's text is what was discussed: nothing is proposed against it. (Its output folder
    # starts empty, as the build starts each.)
    shutil.rmtree(latest.outdir)
    round_1 = build(edition, concept_version='round-1')
    assert round_1.warnings == ''
    assert not any(f'_static/{script}' in round_1.page('second') for script in proposals.SCRIPTS)
    assert not (round_1.outdir / '_static' / proposals.DATA).exists()
