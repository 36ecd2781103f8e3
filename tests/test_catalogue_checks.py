"""What check-po and the build's catalogue check catch in one message: a wrong placeholder, a
word in another script than the language's."""

from __future__ import annotations

import re
import shutil

import polib
import pytest

from concept_build.common.catalogs import check_catalog
from concept_build.pipeline.editions import compile_catalogs
from concept_build.pipeline.options import BuildError
from helpers import REPO

KK = REPO / 'locale' / 'kk' / 'LC_MESSAGES'


def catalogue(tmp_path, language: str, *entries: polib.POEntry):
    """A catalogue of *language* in a locale folder under *tmp_path*, holding these messages."""
    folder = tmp_path / 'locale' / language / 'LC_MESSAGES'
    folder.mkdir(parents=True, exist_ok=True)
    made = polib.POFile()
    made.metadata = {
        'Language': language,
        'Content-Type': 'text/plain; charset=UTF-8',
        'Plural-Forms': 'nplurals=2; plural=(n != 1);',
    }
    for entry in entries:
        made.append(entry)
    path = folder / 'concept.po'
    made.save(str(path))
    return path


def line_of(path, msgid: str) -> int:
    return polib.pofile(str(path)).find(msgid).linenum


@pytest.fixture
def kazakh_interface(tmp_path):
    folder = tmp_path / 'locale' / 'kk' / 'LC_MESSAGES'
    folder.mkdir(parents=True)
    shutil.copy(KK / 'concept.po', folder / 'concept.po')
    return folder / 'concept.po'


def test_a_misspelt_placeholder_names_file_and_line(kazakh_interface):
    catalog = polib.pofile(str(kazakh_interface), wrapwidth=76)
    entry = catalog.find('Round {number}, {date}')
    entry.msgstr = entry.msgstr.replace('{number}', '{nmber}')
    catalog.save()
    line = line_of(kazakh_interface, 'Round {number}, {date}')
    assert check_catalog(kazakh_interface, 'kk') == [
        f"{kazakh_interface}:{line}: placeholder {{nmber}} is not one of the English's {{date}}, {{number}}"
    ]


def test_a_placeholder_the_comment_names_may_be_used(tmp_path):
    # "{ordinal} edition" gets {number} too, as its comment says; the translation may use either.
    path = catalogue(
        tmp_path,
        'kk',
        polib.POEntry(
            msgid='{ordinal} edition',
            msgstr='{number}-басылым',
            tcomment='{ordinal} is the English ordinal, "3rd"; {number} the bare number, "3".',
        ),
        polib.POEntry(msgid='Chapter {number}', msgstr='{numbr}-тарау'),
    )
    assert check_catalog(path, 'kk') == [
        f"{path}:{line_of(path, 'Chapter {number}')}: placeholder {{numbr}} is not one of the English's {{number}}"
    ]


def test_the_build_stops_on_a_bad_placeholder_with_one_line(kazakh_interface):
    catalog = polib.pofile(str(kazakh_interface), wrapwidth=76)
    catalog.find('History of provision {number}').msgstr = '{nmber}-тармақтың тарихы'
    catalog.save()
    root = kazakh_interface.parents[3]
    with pytest.raises(BuildError) as error:
        compile_catalogs(root, 'kk')
    line = line_of(kazakh_interface, 'History of provision {number}')
    said = str(error.value)
    assert f"{kazakh_interface}:{line}: placeholder {{nmber}} is not one of the English's {{number}}" in said
    assert 'Traceback' not in said and 'KeyError' not in said


def test_a_kazakh_message_in_latin_script_is_an_error(tmp_path):
    path = catalogue(
        tmp_path,
        'kk',
        polib.POEntry(msgid='Working draft', msgstr='Jūmys jobasy'),
        # Capitals (ILO), numbers, a name the English writes the same, markup and links are no words.
        polib.POEntry(
            msgid='See the ILO report by JavaScript Foundation, {cite:p}`ilo-2021`, at https://www.ilo.org/.',
            msgstr='JavaScript Foundation ХЕҰ баяндамасын қараңыз, {cite:p}`ilo-2021`, https://www.ilo.org/.',
        ),
    )
    assert check_catalog(path, 'kk') == [
        f'{path}:{line_of(path, "Working draft")}: words in another script than the Cyrillic of kk: Jūmys, jobasy'
    ]


def test_a_cyrillic_word_in_uzbek_is_an_error(tmp_path):
    path = catalogue(
        tmp_path,
        'uz',
        polib.POEntry(msgid='Working draft', msgstr='Ishchi лойиҳа'),
        polib.POEntry(msgid='Amendments', msgstr='Tuzatishlar'),
    )
    [problem] = check_catalog(path, 'uz')
    assert re.fullmatch(rf'{re.escape(str(path))}:\d+: words in another script than the Latin of uz: лойиҳа', problem)


def test_a_latin_letter_inside_a_cyrillic_word_is_an_error(tmp_path):
    # A Latin "p" typed for the Cyrillic "р" looks the same and breaks search.
    path = catalogue(tmp_path, 'ru', polib.POEntry(msgid='Working draft', msgstr='Рабочий пpоект'))
    [problem] = check_catalog(path, 'ru')
    assert problem.endswith('words in another script than the Cyrillic of ru: пpоект')
