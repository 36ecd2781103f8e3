"""Each edition as Akoma Ntoso XML: a bill made from its provision store."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

NAMESPACE = 'http://docs.oasis-open.org/legaldocml/ns/akn/3.0'
#: Akoma Ntoso names languages by ISO 639-2/B codes.
ISO_639_2 = {
    'en': 'eng',
    'ru': 'rus',
    'kk': 'kaz',
    'uz': 'uzb',
    'ky': 'kir',
    'tg': 'tgk',
    'hy': 'arm',
    'az': 'aze',
    'be': 'bel',
}
#: The work: the Concept as the working group drafts it, a text of the Commonwealth, not of a state.
NAME = 'common-migration-space-concept'
AUTHOR = 'working-group'


@dataclass(frozen=True)
class BillText:
    """What the bill says of itself, in its language, and its dates.

    The work is dated by the first round that discussed it (*work_date*), the expression by the
    edition's round or, for the working draft, its text's date (*date*, named *date_name*).
    """

    title: str
    notice: str
    work_date: str
    date: str
    date_name: str


def element(parent: ET.Element | None, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    """An element of Akoma Ntoso's namespace, under *parent* when there is one."""
    made = (
        ET.Element(f'{{{NAMESPACE}}}{tag}', attributes)
        if parent is None
        else ET.SubElement(parent, f'{{{NAMESPACE}}}{tag}', attributes)
    )
    made.text = text
    return made


def identification(meta: ET.Element, language: str, said: BillText) -> None:
    """The FRBR identities of the work, this expression (language and date) and this file."""
    work = f'/akn/cis/bill/{said.work_date}/{NAME}'
    expression = f'{work}/{language}@{said.date}'
    parent = element(meta, 'identification', source=f'#{AUTHOR}')
    for level, this, uri, when, extra in (
        ('FRBRWork', f'{work}/!main', work, (said.work_date, 'first-discussed'), [('FRBRcountry', {'value': 'cis'})]),
        (
            'FRBRExpression',
            f'{expression}/!main',
            expression,
            (said.date, said.date_name),
            [('FRBRlanguage', {'language': language})],
        ),
        ('FRBRManifestation', f'{expression}/!main.xml', f'{expression}.xml', (said.date, said.date_name), []),
    ):
        frbr = element(parent, level)
        element(frbr, 'FRBRthis', value=this)
        element(frbr, 'FRBRuri', value=uri)
        element(frbr, 'FRBRdate', date=when[0], name=when[1])
        element(frbr, 'FRBRauthor', href=f'#{AUTHOR}')
        for tag, attributes in extra:
            element(frbr, tag, **attributes)


def paragraph_text(parent: ET.Element, tokens: list[list[str]], eids: dict[str, str]) -> None:
    """A provision's words, with each citation of a provision, an act or a work as a <ref>."""
    text = element(parent, 'p')
    last: ET.Element | None = None
    for token in tokens:
        if token[0] == 'ref':
            kind, _colon, target = token[1].partition(':')
            # A provision of this text by its key; an act or a work by its key in the sources.
            href = f'#{eids[target]}' if kind == 'prov' and target in eids else f'/ontology/{kind}/{target}'
            last = element(text, 'ref', token[2] if len(token) > 2 else target, href=href)
            last.tail = ''
        elif last is None:
            text.text = (text.text or '') + token[1]
        else:
            last.tail += token[1]


def body(document: ET.Element, provisions: list[dict]) -> None:
    """The chapters, and in them each provision as a numbered paragraph whose GUID is its key."""
    parent = element(document, 'body')
    eids = {p['key']: f'chp_{p["chapter"]}__para_{p["position"]}' for p in provisions}
    chapters: dict[str, ET.Element] = {}
    for provision in provisions:
        chapter = chapters.get(provision['chapter'])
        if chapter is None:
            chapter = chapters[provision['chapter']] = element(parent, 'chapter', eId=f'chp_{provision["chapter"]}')
            element(chapter, 'num', provision['chapter'])
            element(chapter, 'heading', provision['chapter_title'])
        paragraph = element(chapter, 'paragraph', eId=eids[provision['key']], GUID=provision['key'])
        element(paragraph, 'num', provision['number'])
        paragraph_text(element(paragraph, 'content'), provision['tokens'], eids)


def bill(store: dict, said: BillText) -> ET.Element:
    """The edition's text as a bill: its identities, the working group as its author, the title
    and the notice as its preface, and its chapters."""
    ET.register_namespace('', NAMESPACE)
    root = element(None, 'akomaNtoso')
    document = element(root, 'bill', name='concept')
    meta = element(document, 'meta')
    identification(meta, ISO_639_2[store['language']], said)
    references = element(meta, 'references', source=f'#{AUTHOR}')
    element(
        references,
        'TLCOrganization',
        eId=AUTHOR,
        href=f'/ontology/organization/cis/{AUTHOR}',
        showAs='Working Group on the New Edition of the Concept',
    )
    preface = element(document, 'preface')
    element(element(preface, 'p'), 'docTitle', said.title)
    element(preface, 'p', said.notice)
    body(document, store['provisions'])
    return root


def write_bill(store_path: Path, out: Path, said: BillText) -> Path:
    store = json.loads(store_path.read_text(encoding='utf-8'))
    tree = ET.ElementTree(bill(store, said))
    tree.write(out, encoding='utf-8', xml_declaration=True)
    return out
