"""The normative base page, its backlinks, the bibliography's backlinks, and bad data files."""

import re

import pytest

from concept_build.normative_base import BibliographyError, NormativeBaseError


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


def test_malformed_acts_file_names_file_and_line(project, build):
    with pytest.raises(NormativeBaseError, match=r'acts\.yaml:9: malformed YAML: while parsing a flow sequence'):
        build(project('malformed-acts'))


def test_act_missing_a_field_names_file_and_line(project, build):
    src = project('provisions')
    (src / 'acts.yaml').write_text('- key: charter\n  level: cis\n  kind: charter\n')
    with pytest.raises(NormativeBaseError, match=r"acts\.yaml:1: act 'charter' lacks title, short_title, date"):
        build(src)


def test_broken_bib_entry_is_an_error_naming_the_file(project, build):
    with pytest.raises(BibliographyError, match=r'works\.bib:6: syntax error in line 6'):
        build(project('broken-bib'))
