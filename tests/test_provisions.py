"""Provisions: keys as anchors, numbers from position, references and their errors."""

import re


def numbers(html: str) -> dict[str, str]:
    """Map each provision's anchor to the number shown at its start."""
    return dict(re.findall(
        r'<div class="provision" id="([^"]+)">\s*<p><a class="provision-number[^"]*" '
        r'href="#\1"[^>]*><strong>([\d.]+)</strong></a>', html))


def test_anchors_are_keys_and_numbers_follow_position(project, build):
    built = build(project('provisions'))
    assert built.warnings == ''
    assert numbers(built.page('first')) == {'alpha': '1.1', 'beta': '1.2'}
    assert numbers(built.page('second')) == {'gamma': '2.1'}


def test_reference_renders_current_number(project, build):
    built = build(project('provisions'))
    link = re.search(r'<a class="reference internal" href="first.html#beta"[^>]*>'
                     r'<span class="provision-ref">([\d.]+)</span>', built.page('second'))
    assert link and link.group(1) == '1.2'


def test_inserting_a_provision_renumbers_and_keeps_keys(project, build):
    src = project('provisions')
    first = src / 'first.md'
    first.write_text(first.read_text().replace(
        '# First section\n', '# First section\n\n:::{provision} inserted\nA new first provision.\n:::\n'))
    built = build(src)
    assert built.warnings == ''
    assert numbers(built.page('first')) == {'inserted': '1.1', 'alpha': '1.2', 'beta': '1.3'}
    # The reference to beta follows it to its new number, under the same key.
    assert re.search(r'href="first.html#beta"[^>]*><span class="provision-ref">1.3<',
                     built.page('second'))


def test_duplicate_key_names_both_places(project, build):
    built = build(project('duplicate-key'))
    assert re.search(r"second\.md:7: WARNING: duplicate provision key 'alpha': "
                     r"also defined at \S*first\.md:3", built.warnings), built.warnings


def test_unknown_provision_key_names_file_line_and_key(project, build):
    built = build(project('unknown-provision'))
    assert re.search(r"second\.md:\d+: WARNING: unknown provision key 'no-such-provision'",
                     built.warnings), built.warnings


def test_unknown_act_key_names_file_line_and_key(project, build):
    built = build(project('unknown-act'))
    assert re.search(r"second\.md:\d+: WARNING: unknown act key 'no-such-act': it is not in acts\.yaml",
                     built.warnings), built.warnings


def test_unknown_work_key_is_reported(project, build):
    built = build(project('unknown-work'))
    assert re.search(r'second\.md:\d+: WARNING: could not find bibtex key "no-such-work"',
                     built.warnings), built.warnings


def test_key_must_be_a_slug(project, build):
    src = project('provisions')
    (src / 'second.md').write_text('# Second\n\n:::{provision} Not_A_Slug\nText.\n:::\n')
    built = build(src)
    assert re.search(r"second\.md:3: ERROR: provision key 'Not_A_Slug' is not a lowercase slug",
                     built.warnings), built.warnings
