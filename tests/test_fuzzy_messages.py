"""A fuzzy message keeps the English it had (#| msgid), and translation-stats shows what changed,
says when the catalogues are older than the sources, and says so when nothing is left to do."""

from __future__ import annotations

import polib
import pytest

from concept_build.tools import translations

OLD = 'The States simplify procedures for the lawful employment of citizens.'
NEW = 'The States simplify the procedures for the lawful employment of all citizens.'
HEADER = {
    'Project-Id-Version': 'Test',
    'Language': 'kk',
    'MIME-Version': '1.0',
    'Content-Type': 'text/plain; charset=UTF-8',
    'Content-Transfer-Encoding': '8bit',
    'Plural-Forms': 'nplurals=2; plural=(n != 1);',
}


def template(folder, *messages: str) -> None:
    """A .pot of these English messages, as the gettext builder writes one."""
    folder.mkdir(parents=True, exist_ok=True)
    pot = polib.POFile()
    pot.metadata = {key: value for key, value in HEADER.items() if key != 'Language'}
    for message in messages:
        pot.append(polib.POEntry(msgid=message, occurrences=[('../../concept/directions.md', '9')]))
    pot.save(str(folder / 'directions.pot'))


@pytest.fixture
def project(tmp_path):
    """Templates and a Kazakh catalogue that translates the old English."""
    templates, locale = tmp_path / 'gettext', tmp_path / 'locale'
    template(templates, OLD, 'Labour migration')
    folder = locale / 'kk' / 'LC_MESSAGES'
    folder.mkdir(parents=True)
    catalog = polib.POFile(wrapwidth=76)
    catalog.metadata = dict(HEADER)
    catalog.append(polib.POEntry(msgid=OLD, msgstr='Мемлекеттер рәсімдерді жеңілдетеді.'))
    catalog.append(polib.POEntry(msgid='Labour migration', msgstr='Еңбек көші-қоны'))
    catalog.save(str(folder / 'directions.po'))
    return templates, locale


def test_a_changed_message_keeps_its_previous_english(project):
    templates, locale = project
    template(templates, NEW, 'Labour migration')
    translations.merge(templates, locale, ('kk',))
    path = locale / 'kk' / 'LC_MESSAGES' / 'directions.po'
    entry = polib.pofile(str(path)).find(NEW)
    assert entry.fuzzy and entry.msgstr == 'Мемлекеттер рәсімдерді жеңілдетеді.'
    assert entry.previous_msgid == OLD
    assert '#| msgid ' in path.read_text(encoding='utf-8')
    # The next update keeps it while the message waits for the translator.
    translations.merge(templates, locale, ('kk',))
    assert polib.pofile(str(path)).find(NEW).previous_msgid == OLD


def test_list_shows_the_word_diff_of_the_english(project, capsys):
    templates, locale = project
    path = locale / 'kk' / 'LC_MESSAGES' / 'directions.po'
    catalog = polib.pofile(str(path), wrapwidth=76)
    entry = catalog.find(OLD)
    entry.msgid, entry.previous_msgid, entry.flags = NEW, OLD, ['fuzzy']
    catalog.save()
    translations.run_stats(('kk',), True, locale)
    printed = capsys.readouterr().out
    assert (
        '    the English changed: The States simplify {+the+} procedures for the lawful employment of {+all+} citizens.'
        in printed
    )


def test_english_diff_marks_what_was_removed_and_added():
    assert translations.english_diff('agree the rules', 'agree common rules') == 'agree [-the-]{+common+} rules'


def test_list_says_so_when_nothing_is_left(project, capsys):
    templates, locale = project
    translations.run_stats(('kk',), True, locale)
    assert capsys.readouterr().out.splitlines()[-1] == 'No message of kk is untranslated or fuzzy.'


def test_stats_say_when_the_catalogues_are_older_than_the_sources(tmp_path, capsys):
    folder = tmp_path / 'kk' / 'LC_MESSAGES'
    folder.mkdir(parents=True)
    catalog = polib.POFile()
    catalog.metadata = dict(HEADER)
    for message in translations.interface_messages():
        if message.id:
            catalog.append(polib.POEntry(msgid=message.id, msgctxt=message.context, msgstr='аударма'))
    catalog.save(str(folder / 'concept.po'))
    translations.run_stats(('kk',), False, tmp_path)
    assert 'older than the sources' not in capsys.readouterr().out
    # A new round's place, say, that no update has brought into the catalogue yet.
    catalog.remove(catalog[-1])
    catalog.save()
    translations.run_stats(('kk',), False, tmp_path)
    said = capsys.readouterr().out.splitlines()[-1]
    assert said.startswith('The catalogues are older than the sources')
    assert '(kk 1)' in said and '"nox -s translations" brings them up to date' in said
