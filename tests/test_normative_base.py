"""The normative base page, its backlinks, the bibliography's backlinks, and bad data files."""

import re



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
    assert re.search(r'href="normative-base.html#charter"[^>]*>\s*<span[^>]*>the Charter</span>',
                     built.page('first'))
    # A bare key shows the act's short title.
    assert re.search(r'href="normative-base.html#charter"[^>]*>\s*<span[^>]*>CIS Charter</span>',
                     built.page('second'))


def test_bare_act_key_shows_the_translated_short_title(project, build):
    built = build(project('act-title'), language='ru', locale_dirs=['locale'])
    assert built.warnings == ''
    assert re.search(r'href="normative-base.html#charter" title="Устав Содружества Независимых '
                     r'Государств">\s*<span[^>]*>Устав СНГ</span>', built.page('second'))


def test_cited_work_links_back_to_citing_provision(project, build):
    built = build(project('provisions'))
    page = built.page('bibliography')
    assert 'International Migration 2020 Highlights' in page
    assert re.search(r'Cited in: <a class="reference internal" href="first.html#beta"[^>]*>'
                     r'<span>1.2</span>', page), page


def stopped_with(built, pattern: str) -> None:
    """The build stopped with exactly one error line matching *pattern*, and no traceback."""
    assert built.stopped, built.warnings
    lines = built.warnings.strip().splitlines()
    assert len(lines) == 1 and re.fullmatch(pattern, lines[0]), built.warnings


def test_malformed_acts_file_names_file_and_line(project, build):
    stopped_with(build(project('malformed-acts')),
                 r'\S*acts\.yaml:9: ERROR: malformed YAML: while parsing a flow sequence; '
                 r"expected ',' or '\]', but got '<stream end>'")


def test_bad_indentation_names_the_line(project, build):
    stopped_with(build(project('bad-indentation')), r'\S*acts\.yaml:3: ERROR: malformed YAML: .*')


def test_act_missing_a_field_names_file_and_line(project, build):
    src = project('provisions')
    (src / 'acts.yaml').write_text('- key: charter\n  level: cis\n  kind: charter\n')
    stopped_with(build(src), r"\S*acts\.yaml:1: ERROR: act 'charter' lacks title, short_title, date, adopted_by")


def test_invalid_date_points_at_its_field(project, build):
    stopped_with(build(project('invalid-date')),
                 r"\S*acts\.yaml:6: ERROR: date '1993-13-22' is not a valid date")


def test_badly_written_date_says_the_form(project, build):
    src = project('provisions')
    acts = src / 'acts.yaml'
    acts.write_text(acts.read_text().replace('1993-01-22', '22.01.1993'))
    stopped_with(build(src), r"\S*acts\.yaml:6: ERROR: date '22\.01\.1993' is not written YYYY-MM-DD or YYYY")


def test_unknown_field_points_at_its_line(project, build):
    src = project('provisions')
    acts = src / 'acts.yaml'
    acts.write_text(acts.read_text().replace('  place: Minsk\n', '  place: Minsk\n  signed: yes\n'))
    stopped_with(build(src), r"\S*acts\.yaml:8: ERROR: unknown field\(s\) signed of act 'charter'; .*")


def test_duplicate_act_key_names_both_lines(project, build):
    stopped_with(build(project('duplicate-act')),
                 r"\S*acts\.yaml:9: ERROR: duplicate act key 'charter', first at line 1")


def test_broken_bib_entry_is_an_error_naming_the_file(project, build):
    stopped_with(build(project('broken-bib')), r'\S*works\.bib:6: ERROR: syntax error: .*')


def test_duplicate_work_key_names_the_second_entry(project, build):
    stopped_with(build(project('duplicate-work')),
                 r"\S*works\.bib:9: ERROR: duplicate entry key 'report-2020', first at line 1")


def test_work_missing_a_field_names_its_entry(project, build):
    stopped_with(build(project('work-missing-field')),
                 r"\S*works\.bib:1: ERROR: entry 'report-2020' lacks title")
