"""Provisions: keys as anchors, numbers from position, references and their errors."""

import re

import pytest


def numbers(html: str) -> dict[str, str]:
    """Map each provision's anchor to the number shown at its start."""
    return dict(
        re.findall(
            r'<div class="provision" id="([^"]+)">\s*<p><a class="provision-number[^"]*" '
            r'href="#\1"[^>]*><strong>([\d.]+)</strong></a>',
            html,
        )
    )


def test_anchors_are_keys_and_numbers_follow_position(project, build):
    built = build(project('provisions'))
    assert built.warnings == ''
    assert numbers(built.page('first')) == {'alpha': '1.1', 'beta': '1.2'}
    assert numbers(built.page('second')) == {'gamma': '2.1'}


def test_reference_renders_current_number(project, build):
    built = build(project('provisions'))
    link = re.search(
        r'<a class="reference internal" href="first.html#beta"[^>]*>'
        r'<span class="provision-ref">([\d.]+)</span>',
        built.page('second'),
    )
    assert link and link.group(1) == '1.2'


def test_inserting_a_provision_renumbers_and_keeps_keys(project, build):
    src = project('provisions')
    first = src / 'first.md'
    first.write_text(
        first.read_text().replace(
            '# First section\n', '# First section\n\n:::{provision} inserted\nA new first provision.\n:::\n'
        )
    )
    built = build(src)
    assert built.warnings == ''
    assert numbers(built.page('first')) == {'inserted': '1.1', 'alpha': '1.2', 'beta': '1.3'}
    # The reference to beta follows it to its new number, under the same key.
    assert re.search(r'href="first.html#beta"[^>]*><span class="provision-ref">1.3<', built.page('second'))


#: A test project with a wrong key (tests/roots/test-<case>), and the warning it gives.
WRONG_KEYS = {
    'duplicate-key': r"second\.md:7: WARNING: duplicate provision key 'alpha': also defined at \S*first\.md:3",
    'unknown-provision': r"second\.md:\d+: WARNING: unknown provision key 'no-such-provision': "
    r'no provision has this key',
    'unknown-act': r"second\.md:\d+: WARNING: unknown act key 'no-such-act': it is not in acts\.yaml",
    'unknown-work': r"second\.md:\d+: WARNING: unknown work key 'no-such-work': it is not in works\.bib",
}


@pytest.mark.parametrize('case', WRONG_KEYS)
def test_a_wrong_key_names_file_line_and_key(project, build, case):
    built = build(project(case))
    assert re.search(WRONG_KEYS[case], built.warnings), built.warnings
    # One line for one mistake: sphinxcontrib-bibtex's own warning is not repeated.
    assert 'could not find bibtex key' not in built.warnings


def test_key_must_be_a_slug(project, build):
    src = project('provisions')
    (src / 'second.md').write_text('# Second\n\n:::{provision} Not_A_Slug\nText.\n:::\n')
    built = build(src)
    assert re.search(r"second\.md:3: ERROR: provision key 'Not_A_Slug' is not a lowercase slug", built.warnings), (
        built.warnings
    )


def test_misspelt_keys_suggest_the_nearest_at_the_roles_line(project, build):
    src = project('provisions')
    (src / 'second.md').write_text(
        '# Second section\n\n:::{provision} gamma\nGamma follows '
        '{prov}`betta`,\ncites {act}`chartre` and\n{cite:p}`report-2002`.\n:::\n'
    )
    built = build(src)
    found = sorted(re.findall(r'second\.md:(\d+): WARNING: (.*) \[concept\.unknown-key\]', built.warnings))
    assert found == [
        ('4', "unknown provision key 'betta': no provision has this key; did you mean 'beta'?"),
        ('5', "unknown act key 'chartre': it is not in acts.yaml; did you mean 'charter'?"),
        ('6', "unknown work key 'report-2002': it is not in works.bib; did you mean 'report-2020'?"),
    ], built.warnings


def structure_warnings(built) -> list[str]:
    return re.findall(r'(\w+\.md:\d+: (?:WARNING|ERROR): .*)', built.warnings)


#: A test project with a badly placed provision (tests/roots/test-<case>), and its one warning.
BADLY_PLACED = {
    'unclosed-fence': "first.md:3: WARNING: provision 'alpha': its fence opened at line 3 is not closed before "
    'provision \'beta\' at line 6, which would end up inside it; close it with ":::" '
    '[concept.structure]',
    'unclosed-at-end': "second.md:3: WARNING: provision 'gamma': its fence opened at line 3 is never closed; "
    'close it with ":::" [concept.structure]',
    'nested-provision': "first.md:3: WARNING: provision 'beta' (line 6) is inside provision 'alpha', whose fence "
    'opened at line 3: provisions cannot hold provisions [concept.structure]',
    'outside-chapter': "second.md:1: WARNING: provision 'preamble' (fence opened at line 1) is outside any "
    "chapter: put it under the page's heading [concept.structure]",
    'unnumbered-page': "second.md:3: WARNING: provision(s) 'gamma' on page 'second', which is not a numbered "
    "chapter: list the page in the numbered toctree of 'index' [concept.structure]",
    'empty-provision': "second.md:7: ERROR: provision 'delta' is empty: its fence opened at line 7 holds no "
    'text [docutils]',
}


@pytest.mark.parametrize('case', BADLY_PLACED)
def test_a_badly_placed_provision_is_one_line_naming_file_and_line(project, build, case):
    built = build(project(case))
    assert structure_warnings(built) == [BADLY_PLACED[case]], built.warnings
