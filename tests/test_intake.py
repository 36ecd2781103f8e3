"""A delegate's file is untrusted input: the intake refuses what is not a proposal with one line,
and writes nothing; a proposal whose text is merely odd is taken in and shown as text everywhere."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from concept_build.common.datafile import DataFileError
from concept_build.common.submissions import digest, read_submission
from concept_build.tools import intake
from helpers import ROUND_1, build_site, git, make_repo, record_round


def proposal(**fields: object) -> dict:
    """One proposal as the site's form writes it (tests/test_proposals.py downloads real ones)."""
    made = {
        'kind': 'substitution',
        'targets': ['health'],
        'against': 'latest',
        'language': 'en',
        'text': 'Migrant workers receive medical care.',
        'proposer': 'example-union',
        'date': '2026-05-30',
        'manner': 'written',
    }
    return {**made, **fields}


def written(path: Path, *proposals: dict) -> Path:
    """The proposals as the form's file: each value as JSON, which YAML reads as it is."""
    lines = ['# Proposals to the draft Concept']
    for entry in proposals:
        pairs = [f'{name}: {json.dumps(value, ensure_ascii=False)}' for name, value in entry.items()]
        lines.append('- ' + '\n  '.join(pairs))
    path.write_text('\n'.join(lines) + '\n', encoding='utf-8')
    return path


REFUSED = [
    pytest.param(lambda p: p.write_text('- a: &x [1, 2]\n  b: *x\n'), 'YAML anchors and aliases', id='alias'),
    pytest.param(
        lambda p: p.write_text('a: &a ["lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b]\n'),
        'YAML anchors and aliases',
        id='billion-laughs',
    ),
    pytest.param(lambda p: p.write_text('- kind: !!python/object:os.system "echo"\n'), 'YAML tags', id='python-tag'),
    pytest.param(lambda p: p.write_text('Dear secretariat, {please: [find attached'), 'malformed YAML', id='not-yaml'),
    pytest.param(
        lambda p: p.write_bytes('- kind: "substitution"\n  text: "Тр\u0443д"\n'.encode('cp1251')),
        'not UTF-8',
        id='other-encoding',
    ),
    pytest.param(lambda p: written(p, proposal(text='x' * 20_001)), 'the limit is 20000', id='too-long'),
    pytest.param(lambda p: p.write_bytes(b'#' * 10_000_000), 'more than a file of proposals takes', id='10-mb'),
    pytest.param(
        lambda p: written(p, proposal(text='See {prov}`purpose`.')), "the text's sources would read", id='myst-role'
    ),
    pytest.param(
        lambda p: written(p, proposal(text='::: {provision} x')), "the text's sources would read", id='myst-fence'
    ),
    pytest.param(
        lambda p: written(p, proposal(text='Migrants <script>alert(1)</script>')),
        "the text's sources would read",
        id='raw-html',
    ),
    pytest.param(
        lambda p: written(p, proposal(text='See [the law](javascript:alert(1)).')),
        "the text's sources would read",
        id='link',
    ),
    pytest.param(lambda p: written(p, proposal(kind='rewrite')), "kind 'rewrite' is not one of", id='kind'),
    pytest.param(lambda p: written(p, proposal(text='')), 'a substitution needs its wording', id='no-wording'),
    pytest.param(lambda p: written(p, proposal(email='not an address')), 'is not an e-mail address', id='email'),
    pytest.param(
        lambda p: written(p, {**proposal(), 'password': 'x'}), 'unknown field(s) password', id='unknown-field'
    ),
]


@pytest.mark.parametrize('write, problem', REFUSED)
def test_a_file_that_is_not_a_proposal_is_one_line(tmp_path, write, problem):
    path = tmp_path / 'proposals.yaml'
    write(path)
    with pytest.raises(DataFileError) as error:
        read_submission(path)
    said = str(error.value)
    assert problem in said and said.startswith(str(path)) and '\n' not in said, said


@pytest.fixture(scope='module')
def secretariat(tmp_path_factory):
    """A repository with round 1, a register, and its working draft published in English and Kazakh."""
    root = tmp_path_factory.mktemp('intake')
    repo = make_repo(root / 'repo')
    record_round('round-1', **ROUND_1, root=repo, languages=('en',))
    register = repo / 'amendments'
    register.mkdir()
    (register / 'participants.yaml').write_text('- key: example-union\n  body: Example Trade Union\n')
    (register / 'round-1.yaml').write_text('# Round 1.\n[]\n')
    (repo / 'concept' / 'amendments.md').write_text(
        '---\norphan: true\n---\n\n# Amendments\n\n```{amendments-register}\n```\n'
    )
    git(repo, 'add', '-A')
    git(repo, 'commit', '-q', '-m', 'A register')
    site = root / 'site'
    build_site(('en', 'kk'), ('latest',), ('html',), site, with_handbook=False, root=repo)
    return repo, site


@pytest.mark.slow
@pytest.mark.parametrize(
    'fields, problem',
    [
        ({'targets': ['helth']}, "no provision has the key 'helth'; did you mean 'health'?"),
        ({'proposer': 'example-onion'}, "unknown proposer 'example-onion'; did you mean 'example-union'?"),
    ],
)
def test_an_unknown_key_or_proposer_is_named_and_nothing_is_written(secretariat, tmp_path, capsys, fields, problem):
    repo, site = secretariat
    before = (repo / 'amendments' / 'round-1.yaml').read_bytes()
    path = written(tmp_path / 'p.yaml', proposal(**fields))
    with pytest.raises(SystemExit, match='nothing was taken in'):
        intake.main([str(path), '--site', str(site), '--root', str(repo)])
    assert problem in capsys.readouterr().out
    assert (repo / 'amendments' / 'round-1.yaml').read_bytes() == before


ODD = '<script>alert("x")</script> {{ 7*7 }} \\input{/etc/passwd} \\write18{rm} & <b>'
#: What a wording may hold that TeX, Jinja or a shell would read, but MyST reads as words.
ODD_WORDING = '{{ 7*7 }} \\input{/etc/passwd} \\write18{rm} & 50 % $x$ #1 ~ ^ a < b > c'


@pytest.mark.slow
def test_odd_text_is_taken_in_and_shown_as_text_everywhere(secretariat, tmp_path, capsys):
    repo, _site = secretariat
    copy = tmp_path / 'repo'
    shutil.copytree(repo, copy)
    site = tmp_path / 'site'
    build_site(('en', 'kk'), ('latest',), ('html',), site, with_handbook=False, root=copy)
    seen = json.loads((site / 'kk' / 'latest' / 'provisions.json').read_text())['provisions']
    health = next(p for p in seen if p['key'] == 'health')
    path = written(
        tmp_path / 'p.yaml',
        proposal(
            language='kk',
            text=f'Жаңа {ODD_WORDING}',
            rationale=ODD,
            seen=health['text'],
            against_digest=digest(health['text']),
        ),
    )
    intake.main([str(path), '--site', str(site), '--root', str(copy)])
    assert 'taken in 1 proposal(s)' in capsys.readouterr().out
    git(copy, 'add', '-A')
    git(copy, 'commit', '-q', '-m', 'An odd proposal')
    build_site(('en', 'kk'), ('latest',), ('html', 'pdf', 'epub'), site, with_handbook=False, root=copy)
    register = (site / 'en' / 'latest' / 'amendments.html').read_text(encoding='utf-8')
    table = (site / 'en' / 'amendments' / 'round-1.html').read_text(encoding='utf-8')
    for page in (register, table):
        assert '<script>alert' not in page
        assert '&lt;script&gt;alert' in page, page[:200]
        assert '{{ 7*7 }}' in page and '\\input{/etc/passwd}' in page
    # On paper the commands are words: LaTeX read none of them.
    text = subprocess.run(
        ['pdftotext', str(site / 'en' / 'amendments' / 'round-1.pdf'), '-'], capture_output=True, text=True, check=True
    ).stdout
    assert '\\input{/etc/passwd}' in text and '<script>alert("x")</script>' in text
    with zipfile.ZipFile(site / 'en' / 'latest' / 'concept-en-latest.epub') as book:
        register_page = book.read('amendments.xhtml').decode()
    assert '&lt;script&gt;' in register_page and '<script>alert' not in register_page
