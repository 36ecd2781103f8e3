"""The bibliography in the edition's language: pybtex's words from our catalogue, capitals kept."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from pybtex.database import parse_file
from pybtex.richtext import Text

from concept_build.common.catalogs import catalog
from helpers import REPO

#: The words pybtex's plain style prints, none of which a translated edition may show.
ENGLISH_LABELS = re.compile(
    r'\b(and|editors?|edition|pp|pages?|In|volume|Volume|number|Number|'
    r'chapter|Technical Report|thesis|visited on)\b'
)
CITATION = re.compile(r'<div class="citation"[^>]*>.*?<p>(.*?)</p>', re.DOTALL)


def entries(page: str) -> list[str]:
    """The text of each entry of a bibliography page, without its label and its backlinks."""
    return [' '.join(html.unescape(re.sub(r'<[^>]+>', '', body)).split()) for body in CITATION.findall(page)]


@pytest.fixture
def bibliography(project) -> Path:
    root = project('bibliography')
    # Sphinx compiles catalogues only after the extensions have loaded ours; the site build
    # compiles them first, and so does this test.
    po = root / 'locale' / 'ru' / 'LC_MESSAGES' / 'concept.po'
    polib.pofile(str(po)).save_as_mofile(str(po.with_suffix('.mo')))
    return root


def test_english_reads_as_an_english_bibliography(bibliography, build):
    built = build(bibliography)
    assert built.warnings == ''
    assert entries(built.page('bibliography')) == [
        'Olga Ivanova and Pavel Petrov. Remittances to Central Asia after 2014. '
        'In Anna Smith, editor, Migration in Eurasia, pages 12–34. Example Press, Minsk, 2021.',
        'Timur Karimov, Aigerim Abenova, and Hayk Sargsyan. A survey of seasonal workers. '
        'Migration Review, page 7, 2022.',
        'Anna Smith and Bob Jones, editors. Handbook of Labour Migration in the CIS. '
        'Example Press, Minsk, 3rd edition, 2020.',
    ]


def test_russian_takes_the_words_from_the_catalogue(bibliography, build):
    built = build(bibliography, language='ru')
    assert built.warnings == ''
    found = entries(built.page('bibliography'))
    assert found == [
        'Olga Ivanova и Pavel Petrov. Remittances to Central Asia after 2014. '
        '// Anna Smith, ред., Migration in Eurasia, с. 12–34. Example Press, Minsk, 2021.',
        'Timur Karimov, Aigerim Abenova и Hayk Sargsyan. A survey of seasonal workers. Migration Review, с. 7, 2022.',
        'Anna Smith и Bob Jones, ред. Handbook of Labour Migration in the CIS. Example Press, Minsk, 3-е изд., 2020.',
    ]
    text = ' '.join(found)
    assert ' and ' not in text and 'edition' not in text and 'pp.' not in text
    assert ENGLISH_LABELS.findall(text) == []


def data_of(bib: Path) -> list[str]:
    """Everything the works themselves say: each field as printed, and each part of a name."""
    data = set()
    for entry in parse_file(str(bib)).entries.values():
        data.update(str(Text.from_latex(value)) for value in entry.fields.values())
        for persons in entry.persons.values():
            for person in persons:
                data.update(
                    str(part)
                    for part in (
                        *person.rich_first_names,
                        *person.rich_middle_names,
                        *person.rich_prelast_names,
                        *person.rich_last_names,
                    )
                )
    return sorted(data, key=len, reverse=True)


@pytest.fixture(scope='module')
def site(tmp_path_factory) -> Path:
    """The real Concept in Russian and Kazakh, built as the site is (its work dir is <site>/../work)."""
    out = tmp_path_factory.mktemp('bibliography') / 'site'
    subprocess.run(
        [
            sys.executable,
            '-m',
            'concept_build',
            '-l',
            'ru',
            '-l',
            'kk',
            '-f',
            'html',
            '-v',
            'latest',
            '--no-handbook',
            '--site',
            str(out),
        ],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    return out


@pytest.mark.slow
@pytest.mark.parametrize(
    'language, labels',
    [
        ('ru', ['3-е изд.']),
        ('kk', ['3-басылым']),
    ],
)
def test_the_concept_bibliography_has_no_english_label(site, language, labels):
    found = entries((site / language / 'latest' / 'bibliography.html').read_text(encoding='utf-8'))
    # Every work the text cites, and no other.
    cited = {
        key.strip()
        for page in (REPO / 'concept').glob('*.md')
        for keys in re.findall(r'\{cite:[pt]\}`([^`]+)`', page.read_text(encoding='utf-8'))
        for key in keys.split(',')
    }
    assert len(found) == len(cited)
    text = '\n'.join(found)
    for label in labels:
        assert label in text
    # What is left once the works' own titles, names and publishers are taken out is what the
    # style wrote: punctuation, numbers and the edition's own words, and no Latin letter. (The
    # "URL:" of a web address is the catalogue's word, as bibliographic practice writes it there.)
    rest = text.replace(catalog(REPO / 'locale', language)('URL:'), ' ')
    for value in data_of(REPO / 'bib' / 'works.bib'):
        rest = re.sub(re.escape(value), ' ', rest, flags=re.IGNORECASE)
    assert re.findall(r'[A-Za-z]+', rest) == []


@pytest.mark.slow
def test_the_concept_bibliography_keeps_proper_names(site):
    text = '\n'.join(entries((site / 'ru' / 'latest' / 'bibliography.html').read_text(encoding='utf-8')))
    assert (
        'Заседание Рабочей группы по подготовке новой редакции Концепции общего миграционного '
        'пространства государств СНГ, Санкт-Петербург, 2 апреля 2025 г.'
    ) in text
    assert 'Трудовая миграция в странах СНГ и Балтии' in text
    assert 'ILO Global Estimates' in text
    assert 'cis states' not in text and 'saint petersburg' not in text


def test_citations_in_the_text_join_authors_in_the_language(bibliography, build):
    english = build(bibliography)
    assert english.warnings == ''
    assert '>Ivanova and Petrov, 2021</a>' in english.page('bibliography')
    russian = build(bibliography, language='ru')
    assert russian.warnings == ''
    assert '>Ivanova и Petrov, 2021</a>' in russian.page('bibliography')
    assert ' and Petrov' not in russian.page('bibliography')
