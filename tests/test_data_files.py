"""The data files read without Sphinx (the acts, the round registry, the works): each mistake is
one message naming the file and the line; and dates as each language writes them."""

from __future__ import annotations

import datetime as dt

import pytest

from concept_build.common import rounds
from concept_build.common.acts import load_acts
from concept_build.common.datafile import DataFileError, check_bibtex
from concept_build.common.dates import format_act_date, long_date

CHARTER = (
    '- key: charter\n  level: cis\n  kind: charter\n  title: Charter of the CIS\n'
    '  short_title: CIS Charter\n  date: 1993-01-22\n  adopted_by: Council of Heads of State\n'
)


@pytest.mark.parametrize(
    'text, line, problem',
    [
        pytest.param(
            CHARTER.replace('Charter of', 'Charter \udcff of'), 4, 'not UTF-8 (byte 0xff at column 18)', id='not-utf-8'
        ),
        pytest.param(
            CHARTER.replace('  kind: charter\n', '  kind: charter\n  level: eaeu\n'),
            4,
            "field 'level' given twice, first at line 2",
            id='field-twice',
        ),
        pytest.param(
            CHARTER.replace('- key', 'key').replace('\n  ', '\n'),
            1,
            'expected a list of acts, one "- key: ..." entry each',
            id='not-a-list',
        ),
        pytest.param(
            CHARTER.replace('level: cis', 'level: global'),
            2,
            "level 'global' of 'charter' is not one of universal, cis, eaeu, bilateral-national",
            id='level',
        ),
        pytest.param(
            CHARTER.replace('key: charter', 'key: Charter_1'),
            1,
            "act key 'Charter_1' is not a lowercase slug (letters, digits and single hyphens)",
            id='key',
        ),
    ],
)
def test_a_mistake_in_the_acts_is_one_message_naming_file_and_line(tmp_path, text, line, problem):
    path = tmp_path / 'normative-base.yaml'
    path.write_bytes(text.encode('utf-8', 'surrogateescape'))
    with pytest.raises(DataFileError) as error:
        load_acts(path)
    assert str(error.value) == f'{path}:{line}: {problem}'
    assert (error.value.where, error.value.problem) == (f'{path}:{line}', problem)


def test_an_act_dated_by_its_year_alone_keeps_it():
    assert format_act_date('1993', 'ru') == '1993'


def test_acts_are_read_with_the_line_of_each(tmp_path):
    path = tmp_path / 'normative-base.yaml'
    path.write_text(
        CHARTER + CHARTER.replace('key: charter', 'key: treaty').replace('1993-01-22', '2014'), encoding='utf-8'
    )
    acts = load_acts(path)
    assert [(a.key, a.date, a.line, a.place) for a in acts.values()] == [
        ('charter', '1993-01-22', 1, None),
        ('treaty', '2014', 8, None),
    ]


def registry_entry(round_id: str, number: int, date: str, due: str, commit: str = '0' * 40) -> str:
    return (
        f'- id: {round_id}\n  number: {number}\n  date: {date}\n  place: Minsk\n  event: Meeting\n'
        f'  discussed: "The   draft,\n    as amended."\n  amendments_due: {due}\n  commit: {commit}\n'
    )


@pytest.mark.parametrize(
    'second, line, problem',
    [
        pytest.param(
            registry_entry('round-2', 3, '2025-10-09', '2025-12-01'),
            12,
            "round 'round-2' has number 3, expected 2",
            id='number',
        ),
        pytest.param(
            registry_entry('round-2', 2, '2025-12-09', '2025-12-01'),
            18,
            "amendments to 'round-2' are due 2025-12-01, before the round",
            id='due-before',
        ),
        pytest.param(
            registry_entry('round-2', 2, '2025-10-09', '2025-12-01', commit='abc123'),
            19,
            "commit 'abc123' of 'round-2' is not a full 40-digit hash",
            id='commit',
        ),
        pytest.param(
            registry_entry('Round 2', 2, '2025-10-09', '2025-12-01'),
            11,
            "round id 'Round 2' is not a plain lowercase slug (letters, digits and single hyphens, such as round-2)",
            id='id',
        ),
        pytest.param(
            registry_entry('round-2', 2, '2025-03-01', '2025-12-01'),
            13,
            "round 'round-2' is dated 2025-03-01, not after round-1 (2025-04-02, line 1)",
            id='date-order',
        ),
    ],
)
def test_a_mistake_in_the_round_registry_names_file_and_line(tmp_path, second, line, problem):
    path = tmp_path / 'rounds.yaml'
    path.write_text(registry_entry('round-1', 1, '2025-04-02', '2025-06-01') + '\n' + second, encoding='utf-8')
    with pytest.raises(rounds.RegistryError) as error:
        rounds.load(path)
    assert str(error.value) == f'{path}:{line}: {problem}'


def test_the_registry_is_read_as_written(tmp_path):
    path = tmp_path / 'rounds.yaml'
    assert rounds.load(path) == []  # no file, no rounds
    path.write_text('# No round yet.\n', encoding='utf-8')
    assert rounds.load(path) == []
    path.write_text(registry_entry('round-1', 1, '2025-04-02', '2025-06-01'), encoding='utf-8')
    [first] = rounds.load(path)
    assert (first.id, first.number, first.date, first.amendments_due, first.tag) == (
        'round-1',
        1,
        dt.date(2025, 4, 2),
        dt.date(2025, 6, 1),
        'round-1',
    )
    assert first.discussed == 'The draft, as amended.' and first.where == f'{path}:1'
    # What the release writes is what the registry reads back.
    path.write_text(rounds.entry_text(first), encoding='utf-8')
    assert rounds.load(path) == [first]


def test_a_work_lacking_a_field_names_its_entry(tmp_path):
    path = tmp_path / 'works.bib'
    path.write_text(
        '@book{good,\n  author = {A. Author},\n  title = {Title},\n  year = {2020},\n}\n\n'
        '@book{undated,\n  author = {A. Author},\n  title = {Title},\n}\n',
        encoding='utf-8',
    )
    with pytest.raises(DataFileError) as error:
        check_bibtex(path)
    assert str(error.value) == f"{path}:7: entry 'undated' lacks year"


#: 2 April 2025 as each language writes it.
WRITTEN = {
    'en': '2 April 2025',
    'ru': '2 апреля 2025\u202fг.',
    'kk': '2025\u202fж. 2 сәуір',
    'hy': '2025 թ. ապրիլի 2',
    'tg': '2 Апрел 2025',
    'uz': '2-aprel, 2025',
    'az': '2 aprel 2025',
    'be': '2 красавіка 2025\u202fг.',
    'ky': '2025-ж., 2-апрель',
}


@pytest.mark.parametrize('language', WRITTEN)
def test_a_date_is_written_as_its_language_writes_it_with_no_padded_day(language):
    # (CLDR keeps a year's abbreviation with its number by a narrow no-break space.)
    assert long_date(dt.date(2025, 4, 2), language) == WRITTEN[language]
