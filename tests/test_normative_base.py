"""The normative base page, its backlinks, the bibliography's backlinks, and bad data files."""

import re

import pytest

from helpers import replace, stopped_with


def test_act_entry_links_back_to_citing_provisions(project, build):
    built = build(project('provisions'))
    assert built.warnings == ''
    page = built.page('normative-base')
    entry = re.search(r'<div class="act docutils container" id="charter">(.*?)</div>', page, re.S)
    assert entry, page
    assert 'Charter of the Commonwealth of Independent States' in entry.group(1)
    assert '22 January 1993' in entry.group(1)
    backlinks = re.findall(r'href="(\w+\.html#\w+)"[^>]*><span>([\d.]+)</span>', entry.group(1))
    assert backlinks == [('first.html#alpha', '1.1'), ('second.html#gamma', '2.1')]


def test_act_citation_links_to_its_entry(project, build):
    built = build(project('provisions'))
    assert re.search(r'href="normative-base.html#charter"[^>]*>\s*<span[^>]*>the Charter</span>', built.page('first'))
    # A bare key shows the act's short title.
    assert re.search(r'href="normative-base.html#charter"[^>]*>\s*<span[^>]*>CIS Charter</span>', built.page('second'))


def test_bare_act_key_shows_the_translated_short_title(project, build):
    built = build(project('act-title'), language='ru', locale_dirs=['locale'])
    assert built.warnings == ''
    assert re.search(
        r'href="normative-base.html#charter" title="Устав Содружества Независимых '
        r'Государств">\s*<span[^>]*>Устав СНГ</span>',
        built.page('second'),
    )


def test_cited_work_links_back_to_citing_provision(project, build):
    built = build(project('provisions'))
    page = built.page('bibliography')
    assert 'International Migration 2020 Highlights' in page
    assert re.search(
        r'Cited in: <a class="reference internal" href="first.html#beta"[^>]*>'
        r'<span>1.2</span>',
        page,
    ), page


#: A test project with a bad data file (tests/roots/test-<case>), and the one line the build stops with.
BAD_DATA_FILES = {
    'malformed-acts': r'\S*acts\.yaml:9: ERROR: malformed YAML: while parsing a flow sequence; '
    r"expected ',' or '\]', but got '<stream end>'",
    'bad-indentation': r'\S*acts\.yaml:3: ERROR: malformed YAML: .*',
    'invalid-date': r"\S*acts\.yaml:6: ERROR: date '1993-13-22' is not a valid date",
    'duplicate-act': r"\S*acts\.yaml:9: ERROR: duplicate act key 'charter', first at line 1",
    'broken-bib': r'\S*works\.bib:6: ERROR: syntax error: .*',
    'duplicate-work': r"\S*works\.bib:9: ERROR: duplicate entry key 'report-2020', first at line 1",
    'work-missing-field': r"\S*works\.bib:1: ERROR: entry 'report-2020' lacks title",
}


@pytest.mark.parametrize('case', BAD_DATA_FILES)
def test_a_bad_data_file_stops_the_build_with_one_line_naming_file_and_line(project, build, case):
    stopped_with(build(project(case)), BAD_DATA_FILES[case])


#: The Charter's fields after its key, level and kind (tests/roots/test-provisions/acts.yaml).
CHARTER_FIELDS = (
    '  title: Charter of the Commonwealth of Independent States\n  short_title: CIS Charter\n'
    '  date: 1993-01-22\n  place: Minsk\n'
    '  adopted_by: Council of Heads of State of the Commonwealth of Independent States\n'
)


@pytest.mark.parametrize(
    'old, new, pattern',
    [
        pytest.param(
            CHARTER_FIELDS,
            '',
            r"\S*acts\.yaml:1: ERROR: act 'charter' lacks title, short_title, date, adopted_by",
            id='missing-fields',
        ),
        pytest.param(
            '1993-01-22',
            '22.01.1993',
            r"\S*acts\.yaml:6: ERROR: date '22\.01\.1993' is not written YYYY-MM-DD or YYYY",
            id='date-form',
        ),
        pytest.param(
            '  place: Minsk\n',
            '  place: Minsk\n  signed: yes\n',
            r"\S*acts\.yaml:8: ERROR: unknown field\(s\) signed of act 'charter'; .*",
            id='unknown-field',
        ),
    ],
)
def test_a_mistake_in_an_act_names_its_line(project, build, old, new, pattern):
    src = project('provisions')
    replace(src / 'acts.yaml', old, new)
    stopped_with(build(src), pattern)
