"""The translators' checks, and a translated edition as a reader gets it."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys

import polib
import pytest

from concept_build.common.languages import LANGUAGES
from concept_build.tools import translations
from helpers import REPO

RU = REPO / 'locale' / 'ru' / 'LC_MESSAGES'


@pytest.fixture
def russian_goals(tmp_path):
    target = tmp_path / 'goals.po'
    shutil.copy(RU / 'goals.po', target)
    return target


def test_russian_catalogues_are_complete_and_clean():
    [row] = translations.statistics(('ru',))
    assert row['percent'] == 100.0 and row['fuzzy'] == 0
    assert translations.check(('ru',)) == []


def test_dropped_cross_reference_names_file_and_line(tmp_path):
    path = tmp_path / 'tasks.po'
    shutil.copy(RU / 'tasks.po', path)
    catalog = polib.pofile(str(path))
    entry = next(e for e in catalog if '{prov}`term-organised-recruitment`' in e.msgid)
    entry.msgstr = re.sub(r'\{prov\}`[^`]+`', 'пункт', entry.msgstr)
    catalog.save()
    line = polib.pofile(str(path)).find(entry.msgid).linenum
    problems = translations.check_catalog(path, 'ru')
    assert problems == [f'{path}:{line}: markup differs from the English: missing {{prov}}`term-organised-recruitment`']


def test_renamed_act_key_is_reported(tmp_path):
    path = tmp_path / 'general.po'
    shutil.copy(RU / 'general.po', path)
    catalog = polib.pofile(str(path))
    entry = next(e for e in catalog if '<eaeu-treaty>`' in e.msgid)
    entry.msgstr = entry.msgstr.replace('<eaeu-treaty>`', '<eaeu-treaty-2014>`')
    catalog.save()
    [problem] = translations.check_catalog(path, 'ru')
    assert re.match(
        rf'{re.escape(str(path))}:\d+: markup differs from the English: '
        r'missing \{act\}`eaeu-treaty`; unexpected \{act\}`eaeu-treaty-2014`',
        problem,
    )


def test_wrong_language_header_is_reported(russian_goals):
    text = russian_goals.read_text(encoding='utf-8').replace('"Language: ru\\n"', '"Language: kk\\n"')
    russian_goals.write_text(text, encoding='utf-8')
    assert translations.check_catalog(russian_goals, 'ru') == [
        f"{russian_goals}:1: the Language header is 'kk', expected 'ru'"
    ]


def test_po_syntax_error_names_file_and_line(russian_goals):
    lines = russian_goals.read_text(encoding='utf-8').splitlines()
    broken = next(i for i, line in enumerate(lines) if line.startswith('msgstr "') and i > 20)
    lines[broken] = 'msgstr "unterminated'
    russian_goals.write_text('\n'.join(lines) + '\n', encoding='utf-8')
    problems = translations.check_catalog(russian_goals, 'ru')
    assert problems and str(russian_goals) in problems[0]
    # msgfmt names the line where the broken string ends: the line itself or the next one.
    assert re.search(rf'{re.escape(str(russian_goals))}:({broken + 1}|{broken + 2}): ', problems[0])


def test_russian_edition_reads_in_russian(tmp_path):
    for po in RU.glob('*.po'):
        polib.pofile(str(po)).save_as_mofile(str(po.with_suffix('.mo')))
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
            '-D',
            'language=ru',
            str(REPO / 'concept'),
            str(tmp_path / 'ru'),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    page = (tmp_path / 'ru' / 'goals.html').read_text(encoding='utf-8')
    assert re.search(r'<html [^>]*lang="ru"', page)
    assert 'id="strategic-goal"' in page
    body = re.sub(r'<[^>]+>', ' ', page.split('<article', 1)[1].split('</article>', 1)[0])
    assert 'Стратегической целью' in body or 'Стратегическая цель' in body
    assert not re.search(r'\b(the|of|and) [a-z]+ [a-z]+', body), body
    assert 'Концепция общего миграционного пространства' in page


def test_catalogues_hold_every_message_of_the_sources(tmp_path):
    """What `nox -s translations` would extract is already in every catalogue, translated."""
    translations.extract_templates(tmp_path)
    for template in tmp_path.glob('*.pot'):
        wanted = {(e.msgctxt, e.msgid) for e in polib.pofile(str(template))}
        for language in LANGUAGES:
            path = REPO / 'locale' / language / 'LC_MESSAGES' / template.with_suffix('.po').name
            have = {(e.msgctxt, e.msgid) for e in polib.pofile(str(path)).translated_entries()}
            assert wanted <= have, f'{path}: {sorted(m for _, m in wanted - have)[:5]}'


def test_no_message_hides_inside_an_f_string():
    """Babel's extractor does not look inside f-strings, so a _() there never reaches a catalogue."""
    hidden = []
    for path in sorted((REPO / 'concept_build').rglob('*.py')):
        for node in ast.walk(ast.parse(path.read_text(encoding='utf-8'))):
            if isinstance(node, ast.JoinedStr):
                hidden += [
                    f'{path}:{call.lineno}: {ast.unparse(call)}'
                    for call in ast.walk(node)
                    if isinstance(call, ast.Call) and getattr(call.func, 'id', None) == '_'
                ]
    assert hidden == []


def test_check_says_ok_for_a_clean_language_and_stats_lists_what_is_left(tmp_path):
    import subprocess
    import sys

    from concept_build.tools.translations import unfinished

    said = subprocess.run(
        [sys.executable, '-m', 'concept_build.tools.translations', 'check', '-l', 'kk'],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert said.returncode == 0 and said.stdout == 'kk: OK\n'
    folder = tmp_path / 'kk' / 'LC_MESSAGES'
    folder.mkdir(parents=True)
    (folder / 'goals.po').write_text(
        'msgid ""\nmsgstr ""\n"Language: kk\\n"\n\n#, fuzzy\nmsgid "Goals"\nmsgstr "Мақсат"\n\n'
        'msgid "To reduce irregular migration."\nmsgstr ""\n\nmsgid "Done"\nmsgstr "Дайын"\n',
        encoding='utf-8',
    )
    assert unfinished(('kk',), tmp_path) == [
        f'{folder / "goals.po"}:5: fuzzy: Goals',
        f'{folder / "goals.po"}:9: untranslated: To reduce irregular migration.',
    ]
