"""The amendments register: its page, the markers on provisions, and its errors."""

from __future__ import annotations

import re

import polib
import pytest

from concept_build.common import rounds
from concept_build.common.register import load_register
from concept_build.common.sources import provisions_in
from concept_build.pipeline.options import BuildError
from helpers import REPO, ROUND_1, build_site, git, make_repo, record_round, replace, stopped_with


def amendment(page: str, anchor: str) -> str:
    found = re.search(rf'<div class="amendment docutils container" id="amendment-{anchor}">(.*?)</dl>', page, re.S)
    assert found, page
    return found.group(1)


def test_register_lists_amendments_by_round_and_proposer(project, build):
    built = build(project('amendments'))
    assert built.warnings == ''
    page = built.page('amendments')
    text = re.sub(r'<(?!/?h\d)[^>]+>', '', page)
    assert re.search(
        r'<h2>Round 1, 2 April 2025.*?<h3>Example Trade Union.*?Represented by:\s*A\. Example, '
        r'Head of its test department',
        text,
        re.S,
    ), text
    add = amendment(page, 'add-delta')
    assert 'Amendment 1.1' in add and 'orally at the meeting, 2 April 2025' in add
    # Targets and carriers link by key and show the current number.
    assert re.search(r'Inserted after.*?href="second.html#gamma"[^>]*><span class="provision-ref">2\.1<', add, re.S)
    assert re.search(r'Carried by.*?href="second.html#delta"[^>]*><span class="provision-ref">2\.2<', add, re.S)
    # What happened, not a decision: the drafters reflected it; the working group has not decided.
    assert 'Reflected in the working draft by its drafters; not yet decided by the working group' in add
    reword = amendment(page, 'reword-gamma')
    assert 'in writing, 30 May 2025' in reword and 'Gamma follows beta.' in reword and 'Shorter.' in reword
    # Two open amendments on one provision are shown together.
    assert re.search(r'Collides with.*?href="#amendment-drop-gamma"[^>]*>Amendment 1\.3<', reword, re.S)
    assert 'Collides with' not in add


def test_provisions_link_to_the_amendments_that_concern_them(project, build):
    built = build(project('amendments'))
    second = built.page('second')
    gamma = re.search(r'<div class="provision" id="gamma">(.*?)</div>', second, re.S).group(1)
    assert re.findall(r'href="amendments.html#amendment-([\w-]+)"', gamma) == [
        'add-delta',
        'reword-gamma',
        'drop-gamma',
    ]
    delta = re.search(r'<div class="provision" id="delta">(.*?)</div>', second, re.S).group(1)
    assert re.search(
        r'href="amendments.html#amendment-add-delta"[^>]*><span class="amendment-marker '
        r'amendment-carries">Reflects amendment 1\.1</span>',
        delta,
    ), delta


def test_register_and_markers_in_a_translation(project, build):
    src = project('amendments')
    # Sphinx compiles catalogues only after the extensions have loaded ours; the site build
    # compiles them first, and so does this test.
    po = src / 'locale' / 'ru' / 'LC_MESSAGES' / 'concept.po'
    polib.pofile(str(po)).save_as_mofile(str(po.with_suffix('.mo')))
    built = build(src, language='ru')
    assert built.warnings == ''
    page = built.page('amendments')
    assert 'Реестр поправок' in page and 'Профсоюз-образец' in page
    assert 'Добавить положение после гаммы.' in page and 'Поправка 1.1' in page
    assert 'Отражает поправку 1.1' in built.page('second')
    # The labels of the fields' values too, not only the labels of the fields.
    add = amendment(page, 'add-delta')
    assert 'Вставка' in add and 'устно на заседании' in add and 'Insertion' not in add


def test_target_that_moved_is_still_linked_by_key(project, build):
    src = project('amendments')
    second, first = src / 'second.md', src / 'first.md'
    block = ':::{provision} gamma\nGamma follows {prov}`beta` and cites {act}`charter` again.\n:::\n'
    replace(second, block, '')
    first.write_text(first.read_text() + '\n' + block)
    built = build(src)
    assert built.warnings == ''
    add = amendment(built.page('amendments'), 'add-delta')
    assert re.search(r'href="first.html#gamma"[^>]*><span class="provision-ref">1\.3<', add), add


@pytest.mark.parametrize(
    'line, old, new, message',
    [
        pytest.param(
            12,
            'round: round-1\n  proposer: example-ministry',
            'round: round-9\n  proposer: example-ministry',
            r"round 'round-9' of 'reword-gamma' is not one of round-1",
            id='round',
        ),
        pytest.param(
            21,
            'status: submitted\n- id: drop',
            'status: pending\n- id: drop',
            r"status 'pending' of 'reword-gamma' is not one of submitted, reflected, .*",
            id='status',
        ),
        pytest.param(
            16,
            'kind: substitution',
            'kind: rewrite',
            r"kind 'rewrite' of 'reword-gamma' is not one of insertion, .*",
            id='kind',
        ),
        pytest.param(
            13,
            'proposer: example-ministry',
            'proposer: nobody',
            r"proposer 'nobody' of 'reword-gamma' is not one of example-union, example-ministry",
            id='proposer',
        ),
        pytest.param(
            22,
            'id: drop-gamma',
            'id: add-delta',
            r"duplicate amendment id 'add-delta', first at \S+round-1\.yaml:1",
            id='duplicate-id',
        ),
    ],
)
def test_bad_register_entry_names_file_and_line(project, build, line, old, new, message):
    src = project('amendments')
    replace(src / 'amendments' / 'round-1.yaml', old, new)
    stopped_with(build(src), rf'\S*round-1\.yaml:{line}: ERROR: {message}')


def test_carrier_missing_from_the_working_draft_is_an_error(project, build):
    src = project('amendments')
    replace(src / 'amendments' / 'round-1.yaml', 'carried_by: delta', 'carried_by: epsilon')
    built = build(src)
    assert re.search(
        r"round-1\.yaml:1: WARNING: amendment 'add-delta': its carrying provision\(s\) 'epsilon' "
        r'are not in the working draft',
        built.warnings,
    ), built.warnings


def register_repo(tmp_path):
    """A repository with round 1 recorded and an amendment to it reflected in the working draft."""
    repo = make_repo(tmp_path / 'repo')
    record_round('round-1', **ROUND_1, root=repo, languages=('en',))
    (repo / 'amendments').mkdir()
    (repo / 'amendments' / 'participants.yaml').write_text('- key: example-union\n  body: Example Trade Union\n')
    (repo / 'amendments' / 'round-1.yaml').write_text(
        '- id: longer-horizon\n  round: round-1\n  proposer: example-union\n  manner: oral\n'
        '  date: 2025-04-02\n  kind: substitution\n  summary: Look ten years ahead.\n'
        '  targets: forecast-horizon\n  status: reflected\n  carried_by: forecast-horizon\n'
    )
    (repo / 'concept' / 'amendments.md').write_text(
        '---\norphan: true\n---\n\n# Amendments\n\n```{amendments-register}\n```\n'
    )
    replace(repo / 'concept' / 'tasks.md', 'look five years ahead', 'look ten years ahead')
    git(repo, 'add', '-A')
    git(repo, 'commit', '-q', '-m', 'The register and the amendment it records')
    return repo


@pytest.mark.slow
def test_register_against_the_rounds_texts(tmp_path):
    repo = register_repo(tmp_path)
    out = tmp_path / 'site'
    build_site(('en',), None, ('html',), out, with_handbook=False, root=repo)
    round_1 = (out / 'en' / 'round-1' / 'tasks.html').read_text()
    # The round's text marks the provision that a later amendment targets, linking the register.
    assert re.search(
        r'id="forecast-horizon">.*?href="amendments.html#amendment-longer-horizon"[^>]*>'
        r'<span class="amendment-marker amendment-targets">Amendment 1\.1<',
        round_1,
        re.S,
    )
    latest = (out / 'en' / 'latest' / 'tasks.html').read_text()
    assert 'Reflects amendment 1.1' in latest


@pytest.mark.parametrize(
    'old, new, message',
    [
        pytest.param(
            'targets: forecast-horizon',
            'targets: forecast-horizonn',
            r"round-1\.yaml:8: targets 'forecast-horizonn' of 'longer-horizon': no such provision in the text "
            r'it was drafted against \(round-1\)',
            id='unknown-target',
        ),
        pytest.param(
            None,
            None,
            r"round-1\.yaml:10: 'longer-horizon' is reflected, but its carrying provision\(s\) "
            r'are unchanged from round-1',
            id='carrier-unchanged',
        ),
    ],
)
@pytest.mark.slow
def test_register_errors_that_need_the_rounds_texts(tmp_path, old, new, message):
    repo = register_repo(tmp_path)
    if old:
        replace(repo / 'amendments' / 'round-1.yaml', old, new)
    else:
        replace(repo / 'concept' / 'tasks.md', 'look ten years ahead', 'look five years ahead')
    with pytest.raises(BuildError, match=message):
        build_site(('en',), None, ('html',), tmp_path / 'site', with_handbook=False, root=repo)
    assert not (tmp_path / 'site').exists()


def test_the_concepts_round_1_amendments_are_carried_by_the_working_draft(tmp_path):
    registry = rounds.load(REPO / 'rounds.yaml')
    register = load_register(REPO / 'amendments', [r.id for r in registry])
    assert [(a.proposer, a.round, a.status) for a in register.amendments] == [('gctu', 'round-1', 'reflected')] * 4
    round_1 = rounds.export_tree(registry[0], REPO, tmp_path / 'round-1')
    then, now = provisions_in(round_1 / 'concept'), provisions_in(REPO / 'concept')
    for amendment in register.amendments:
        # Each is carried by a provision that round 1 lacks or words differently.
        assert any(then.get(key) != now[key] for key in amendment.carried_by), amendment.id
