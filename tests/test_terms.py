"""The term base (locale/terms.tbx) and the term check: one term for one thing in every catalogue."""

from __future__ import annotations

import re
import shutil

import polib
import pytest

from concept_build.common import terms
from concept_build.common.datafile import DataFileError
from concept_build.common.languages import LANGUAGES
from concept_build.tools import translations
from helpers import REPO

LOCALE = REPO / 'locale'
#: A small term base for the test project of the status page.
SECTION_TERMS = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en">
  <martifHeader><fileDesc><sourceDesc><p>Test terms</p></sourceDesc></fileDesc></martifHeader>
  <text><body>
    <termEntry id="section">
      <langSet xml:lang="en"><tig><term>section</term></tig></langSet>
      <langSet xml:lang="kk"><tig><term>бөлім</term></tig></langSet>
    </termEntry>
  </body></text>
</martif>
"""


@pytest.fixture
def belarusian(tmp_path):
    """A locale folder with the term base and the Belarusian front page's catalogue."""
    shutil.copy(LOCALE / terms.TERM_BASE, tmp_path / terms.TERM_BASE)
    folder = tmp_path / 'be' / 'LC_MESSAGES'
    folder.mkdir(parents=True)
    shutil.copy(LOCALE / 'be' / 'LC_MESSAGES' / 'index.po', folder / 'index.po')
    return tmp_path


def with_the_other_word(text: str) -> str:
    return text.replace('Кожны пункт', 'Кожнае палажэнне').replace('адрасам пункта', 'адрасам палажэння')


def provision_message(locale):
    path = locale / 'be' / 'LC_MESSAGES' / 'index.po'
    catalog = polib.pofile(str(path), wrapwidth=76)
    return path, catalog, catalog.find(next(e.msgid for e in catalog if e.msgid.startswith('Each provision carries')))


def test_every_catalogue_keeps_its_terms():
    for language in LANGUAGES:
        assert terms.term_problems(LOCALE, language) == [], language


def test_term_base_is_read_as_tbx():
    base = terms.load(LOCALE / terms.TERM_BASE)
    provision = base.by_key['provision']
    assert provision.english == 'provision'
    assert provision.terms['be'] == 'пункт' and provision.rejected['be'] == ('палажэнне',)
    assert {'ru', 'kk', 'uz', 'ky', 'tg', 'hy', 'az', 'be'} <= provision.terms.keys()
    # An act's entry has its short title as the term and its full title as what it covers.
    charter = base.by_key['act-cis-charter']
    assert charter.english == 'CIS Charter'
    assert charter.covers == ('Charter of the Commonwealth of Independent States',)


def test_belarusian_message_with_the_other_word_fails_with_its_line(belarusian):
    path, catalog, entry = provision_message(belarusian)
    entry.msgstr = entry.msgstr.replace('Кожны пункт', 'Кожнае палажэнне').replace(
        'адрасам пункта', 'адрасам палажэння'
    )
    catalog.save()
    line = polib.pofile(str(path)).find(entry.msgid).linenum
    assert translations.check(('be',), belarusian) == [
        f'{path}:{line}: term "provision": expected «пункт», found «палажэнне»'
    ]


def test_inflected_forms_keep_the_term(belarusian):
    # «пункта» is the genitive of «пункт»: the same term.
    path, catalog, entry = provision_message(belarusian)
    assert 'адрасам пункта' in entry.msgstr
    assert terms.term_problems(belarusian, 'be') == []


def test_a_translator_comment_opts_one_message_out(belarusian):
    path, catalog, entry = provision_message(belarusian)
    entry.msgstr = entry.msgstr.replace('Кожны пункт', 'Кожнае палажэнне').replace(
        'адрасам пункта', 'адрасам палажэння'
    )
    entry.tcomment = 'terms: ok, quoted from the act as it is written'
    catalog.save()
    assert terms.term_problems(belarusian, 'be') == []
    entry.tcomment = 'terms: ok'
    catalog.save()
    line = polib.pofile(str(path)).find(entry.msgid).linenum
    assert terms.term_problems(belarusian, 'be') == [f'{path}:{line}: "terms: ok" needs a reason after it']


def test_a_role_named_with_a_replaced_word_is_reported(tmp_path):
    shutil.copy(LOCALE / terms.TERM_BASE, tmp_path / terms.TERM_BASE)
    folder = tmp_path / 'hy' / 'LC_MESSAGES'
    folder.mkdir(parents=True)
    catalog = polib.POFile()
    catalog.metadata = {'Language': 'hy', 'Content-Type': 'text/plain; charset=UTF-8'}
    # The English shows the provision as its number; the translation names it with «կետ».
    catalog.append(polib.POEntry(msgid='As set out in {prov}`monitoring`.', msgstr='Ինչպես {prov}`monitoring` կետում։'))
    catalog.save(str(folder / 'tasks.po'))
    [problem] = terms.term_problems(tmp_path, 'hy')
    assert problem.endswith('term "provision": expected «դրույթ», found «կետ»')


def test_an_acts_own_title_is_not_checked(tmp_path):
    # "Provisions" in the title of ILO Convention No. 143 is the act's word, not the Concept's.
    base = terms.load(LOCALE / terms.TERM_BASE)
    title = 'Migrant Workers (Supplementary Provisions) Convention, 1975 (No. 143)'
    assert [t.key for t in base.used_in(title)] == []
    cited = f'The {{act}}`{title} <ilo-c143>` applies to each provision.'
    assert [t.key for t in base.used_in(cited)] == ['provision']


def test_a_term_base_that_is_not_xml_names_its_line(tmp_path):
    broken = tmp_path / terms.TERM_BASE
    broken.write_text('<martif>\n<text><body>\n<termEntry>\n</body></text></martif>\n', encoding='utf-8')
    with pytest.raises(DataFileError) as error:
        terms.load(broken)
    assert re.match(rf'{re.escape(str(broken))}:\d+: not a TBX file: ', str(error.value))


def test_status_page_counts_term_problems_and_is_reread_when_they_change(project, build):
    from test_status import status_table

    src = project('status')
    (src / 'locale' / terms.TERM_BASE).write_text(SECTION_TERMS, encoding='utf-8')

    def rebuild():
        built = build(src)
        built.app.cleanup()
        assert built.warnings == ''
        return built

    page = rebuild().page('status')
    assert 'Term problems' in page
    assert {row[0]: row for row in status_table(page)}['kk'][-1] == '0'
    kk = src / 'locale' / 'kk' / 'LC_MESSAGES' / 'first.po'
    catalog = polib.pofile(str(kk))
    catalog.find('First section').msgstr = 'Бірінші тарау'
    catalog.save()
    built = rebuild()
    assert '0 added, 1 changed, 0 removed' in built.app.status.getvalue()
    assert {row[0]: row for row in status_table(built.page('status'))}['kk'][-1] == '1'
