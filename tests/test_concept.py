"""The real Concept: strict HTML and PDF, the published site, and a failed build that loses nothing."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest

from concept_build.pipeline.manifest import sha256
from concept_build.pipeline.options import BuildError
from concept_build.tools import system
from helpers import REPO, assert_links_exist, build_site, pdf_text


@pytest.fixture(scope='module')
def published(tmp_path_factory):
    out = tmp_path_factory.mktemp('site') / 'site'
    build_site(languages=('en',), versions=('latest',), site=out, root=REPO)
    return out


def test_concept_builds_strictly_with_no_warning(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            '-m',
            'sphinx',
            '-b',
            'html',
            '-n',
            '-W',
            '--keep-going',
            '-q',
            str(REPO / 'concept'),
            str(tmp_path / 'html'),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ''


@pytest.mark.slow
def test_concept_has_at_least_sixty_keyed_numbered_provisions(published):
    edition = published / 'en' / 'latest'
    anchors = []
    for page in edition.glob('*.html'):
        anchors += re.findall(
            r'<div class="provision" id="([a-z0-9-]+)">\s*<p><a class="provision-number'
            r'[^"]*" href="#\1"[^>]*><strong>(\d+\.\d+)</strong>',
            page.read_text(),
        )
    assert len(anchors) >= 60
    assert len({key for key, _ in anchors}) == len(anchors)
    assert len({number for _, number in anchors}) == len(anchors)


@pytest.mark.slow
def test_every_page_says_it_is_a_working_text_and_links_the_pdf(published):
    edition = published / 'en' / 'latest'
    for page in ['index', 'general', 'normative-base', 'bibliography']:
        html = (edition / f'{page}.html').read_text()
        assert 'It is not an official document of the Commonwealth of Independent States' in html
        assert 'href="concept-en-latest.pdf"' in html


@pytest.mark.slow
def test_manifest_describes_the_edition(published):
    manifest = json.loads((published / 'editions.json').read_text())
    [edition] = manifest['editions']
    assert edition['language'] == 'en' and edition['version'] == 'latest'
    assert (published / edition['html'] / 'index.html').exists()
    pdf = published / edition['pdf']
    assert sha256(pdf) == edition['pdf_sha256']
    for built in ('html', 'pdf'):
        sources = edition['sources'][built]
        assert re.fullmatch(r'[0-9a-f]{40}', sources['commit'] or ''), sources
    assert 'en/latest/' in (published / 'index.html').read_text()
    assert (published / 'handbook' / 'index.html').exists()


@pytest.mark.slow
def test_pdf_has_title_numbers_and_embedded_fonts(published):
    pdf = published / 'en' / 'latest' / 'concept-en-latest.pdf'
    text = pdf_text(pdf)
    assert 'Concept of the Common Migration' in text and 'Working draft' in text
    assert 'not an official document' in ' '.join(text.split())
    # The provisions' numbers as the document's own: "1.1." at the start of the paragraph.
    for number in ['1.1', '4.2', '7.10']:
        assert re.search(rf'(?m)^{re.escape(number)}\.\s', text), number
    assert 'Normative base' in text and 'Bibliography' in text
    fonts = subprocess.run(['pdffonts', str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows
    for row in rows:
        # columns: name type encoding emb sub uni object ID; "emb" is the fourth from the end
        assert row.split()[-5] == 'yes', row


@pytest.mark.slow
def test_failed_build_keeps_the_published_site(published, tmp_path):
    broken = tmp_path / 'repo'
    for folder in ['concept', 'bib', 'docs', 'amendments']:
        shutil.copytree(REPO / folder, broken / folder)
    shutil.copy(REPO / 'rounds.yaml', broken / 'rounds.yaml')
    goals = broken / 'concept' / 'goals.md'
    goals.write_text(goals.read_text() + '\n:::{provision} goal-new\nSee {prov}`no-such-key`.\n:::\n')
    before = {p: p.stat().st_mtime_ns for p in published.rglob('*') if p.is_file()}
    with pytest.raises(BuildError, match='en/latest HTML'):
        build_site(languages=('en',), versions=('latest',), site=published, root=broken)
    after = {p: p.stat().st_mtime_ns for p in published.rglob('*') if p.is_file()}
    assert after == before


def test_missing_tool_stops_with_the_install_command(monkeypatch):
    monkeypatch.setenv('PATH', '/nonexistent')
    monkeypatch.setattr('os.geteuid', lambda: 1000)
    with pytest.raises(SystemExit) as stop:
        system.ensure(['pdf'])
    message = str(stop.value)
    assert 'xelatex (Debian package texlive-xetex)' in message
    assert 'apt-get install -y --no-install-recommends texlive-xetex latexmk' in message


def test_round_1_is_in_the_registry():
    from concept_build.common import rounds

    [round_1, *_later] = rounds.load(REPO / 'rounds.yaml')
    assert (round_1.id, round_1.date.isoformat(), round_1.amendments_due.isoformat()) == (
        'round-1',
        '2025-04-02',
        '2025-06-01',
    )
    assert round_1.place == 'MPA CIS headquarters, Saint Petersburg'
    assert round_1.event == 'International Labour Forum'


def round_1_of_this_clone():
    """Round 1 of the registry, or a skip where this clone lacks its commit (a shallow clone)."""
    from concept_build.common import rounds

    [round_1, *_later] = rounds.load(REPO / 'rounds.yaml')
    present = (
        subprocess.run(
            ['git', '-C', str(REPO), 'cat-file', '-e', f'{round_1.commit}^{{commit}}'], capture_output=True
        ).returncode
        == 0
    )
    if not present:
        pytest.skip(f'this clone lacks {round_1.commit}: run git fetch --unshallow --tags')
    return round_1


@pytest.mark.slow
def test_round_1_of_the_registry_is_built_from_its_commit(tmp_path):
    round_1 = round_1_of_this_clone()
    out = tmp_path / 'site'
    [entry] = build_site(('ru',), ('round-1',), ('html',), out, with_handbook=False, root=REPO)
    assert entry['sources']['html']['commit'] == round_1.commit
    page = (out / 'ru' / 'round-1' / 'tasks.html').read_text().replace('\u202f', ' ').replace('\xa0', ' ')
    assert 'обсуждённой на раунде 1 (2 апреля 2025 г., штаб-квартира МПА СНГ, Санкт-Петербург)' in page


@pytest.mark.slow
def test_the_concepts_comparison_and_histories_link_only_to_what_exists(tmp_path):
    """Round 1 against the working draft, in Russian and English: what a delegate reads."""
    round_1_of_this_clone()
    out = tmp_path / 'site'
    build_site(('en', 'ru'), ('latest', 'round-1'), ('html',), out, with_handbook=False, root=REPO)
    comparison = (out / 'ru' / 'compare' / 'round-1--latest.html').read_text(encoding='utf-8')
    # Each of the four proposals of round 1 is carried by a provision the comparison shows as new,
    # linked to its amendment.
    for label in ('1.1', '1.2', '1.3', '1.4'):
        assert re.search(
            r'<div class="row new" id="[a-z-]+">(?:(?!<div class="row).)*?Поправка ' + re.escape(label),
            comparison,
            re.S,
        ), label
    assert 'class="row changed" id="term-trafficking"' in comparison
    pages = [*out.glob('*/compare/*.html'), *out.glob('*/history/*.html')]
    assert len(pages) > 200
    assert_links_exist(pages)
