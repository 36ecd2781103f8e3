"""The provision store: each edition's provisions as data, taken from its resolved doctrees."""

from __future__ import annotations

import json
import re
import shutil
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes

import concept_build
from concept_build.common.stores import SCRIPT, SHOWN_SIDE_BY_SIDE, STORE
from concept_build.common.words import word_pattern
from concept_build.sphinxext.amendments.data import register_of
from concept_build.sphinxext.amendments.markers import markers
from concept_build.sphinxext.citation_names import translate_citations
from concept_build.sphinxext.messages import page_gettext
from concept_build.sphinxext.normative_base.data import acts_of
from concept_build.sphinxext.normative_base.domain import normative_base_doc
from concept_build.sphinxext.provisions.node import provision

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

SCHEMA = Path(__file__).parent / 'provisions.schema.json'
#: Version of the store's format, raised whenever a field changes meaning.
FORMAT = 2


def tokens(
    paragraphs: list[nodes.Element],
    language: str,
    shown: Callable[[addnodes.pending_xref], str] = lambda ref: ref.astext(),
) -> list[list[str]]:
    """The text as tokens: ["w", word], ["s", spaces], ["p", punctuation], and each reference
    as one token ["ref", "prov:key", "1.2"] with what the page shows for it, so that a renumbered
    reference is no change of text."""
    word = word_pattern(language)
    out: list[list[str]] = []

    def text(value: str) -> None:
        for match in re.finditer(rf'{word.pattern}|\s+|.', value, re.S):
            piece = match.group()
            kind = 'w' if word.fullmatch(piece) else 's' if piece.isspace() else 'p'
            if kind == 's' and out and out[-1][0] == 's':
                out[-1][1] += piece  # spaces across a line break of the source are one space token
            else:
                out.append([kind, piece])

    def walk(node: nodes.Node) -> None:
        if isinstance(node, addnodes.pending_xref):
            domain = node.get('refdomain')
            kind = node.get('reftype') if domain == 'concept' else 'cite' if domain == 'cite' else domain
            out.append(['ref', f'{kind}:{node["reftarget"]}', shown(node)])
        elif isinstance(node, nodes.Text):
            text(str(node))
        else:
            for child in node.children:
                walk(child)

    for i, paragraph in enumerate(paragraphs):
        if i:
            out.append(['s', '\n'])
        walk(paragraph)
    return out


def unresolved(app: Sphinx) -> dict[str, tuple[nodes.Element, str]]:
    """Each provision of the text as read (translated, references still pending), by key."""
    found: dict[str, tuple[nodes.Element, str]] = {}
    for docname in sorted({p.docname for p in app.env.domains['concept'].provisions.values()}):
        for prov in app.env.get_doctree(docname).findall(provision):
            found[prov['key']] = (prov, docname)
    return found


def bare(node: nodes.Element) -> nodes.Element:
    """A copy of the resolved provision without its number and amendment markers, which the
    store gives as fields of their own."""
    node = node.deepcopy()
    extras = [
        n
        for n in node.findall(nodes.Element)
        if {'provision-number', 'provision-history', 'amendment-marker'} & set(n.get('classes', []))
    ]
    for extra in extras:
        # A marker is wrapped in its link; the number and the history link are links themselves.
        target = extra.parent if isinstance(extra.parent, nodes.reference) and len(extra.parent) == 1 else extra
        if target.parent is not None:
            target.parent.remove(target)
    # The spaces that stood between them and the text go with them.
    for paragraph in node.findall(nodes.paragraph):
        texts = list(paragraph.findall(nodes.Text))
        if texts and texts[0] is paragraph.children[0]:
            paragraph.replace(texts[0], nodes.Text(str(texts[0]).lstrip()))
        if texts and texts[-1] is paragraph.children[-1]:
            paragraph.replace(texts[-1], nodes.Text(str(texts[-1]).rstrip()))
    return node


def plain(node: nodes.Element) -> str:
    """The provision's text as a reader sees it."""
    return ' '.join(node.astext().split())


def displays(app: Sphinx, source: nodes.Element, resolved: nodes.Element) -> Callable[[addnodes.pending_xref], str]:
    """What the page shows for each reference of *source*: a provision's number, an act's title
    as cited, a citation as sphinxcontrib-bibtex wrote it (taken in order from *resolved*)."""
    env = app.env
    domain = env.domains['concept']
    citations = iter([n.astext() for n in resolved.findall(nodes.Element) if 'bibtex-citation' in n.get('classes', [])])
    shown: dict[int, str] = {}
    for ref in source.findall(addnodes.pending_xref):
        kind, target = ref.get('reftype'), ref['reftarget']
        if ref.get('refdomain') == 'cite':
            shown[id(ref)] = next(citations, ref.astext())
        elif kind == 'prov' and target in domain.provisions:
            shown[id(ref)] = domain.number(target)
        elif kind == 'act' and not ref.get('refexplicit') and target in acts_of(env) and normative_base_doc(env):
            shown[id(ref)] = page_gettext(env, normative_base_doc(env))(acts_of(env)[target].short_title)
        elif kind == 'doc' and not ref.get('refexplicit') and target in env.titles:
            shown[id(ref)] = env.titles[target].astext()
        else:
            shown[id(ref)] = ref.astext()
    return lambda ref: shown.get(id(ref), ref.astext())


def cites(refs: list[addnodes.pending_xref]) -> dict[str, list[str]]:
    """The acts, works and provisions a provision cites, each once, by key."""
    return {
        'acts': sorted({x['reftarget'] for x in refs if x.get('reftype') == 'act'}),
        'works': sorted({k.strip() for x in refs if x.get('refdomain') == 'cite' for k in x['reftarget'].split(',')}),
        'provisions': sorted({x['reftarget'] for x in refs if x.get('reftype') == 'prov'}),
    }


def entry_of(app: Sphinx, key: str, source: nodes.Element, resolved_node: nodes.Element) -> dict[str, Any]:
    """One provision of the store, from its text as read (*source*) and as the page has it."""
    env, language = app.env, app.config.language or 'en'
    domain = env.domains['concept']
    entry = domain.provisions[key]
    node = bare(resolved_node)
    chapter = env.toc_secnumbers.get(entry.docname, {}).get('') or ()
    messages = [n for n in source.findall(nodes.Element) if 'translated' in n]
    paragraphs = [p for p in source.children if isinstance(p, nodes.Element)]
    return {
        'key': key,
        'number': domain.number(key),
        'chapter': '.'.join(map(str, chapter)),
        'chapter_title': env.titles[entry.docname].astext() if entry.docname in env.titles else '',
        'page': entry.docname,
        'position': entry.position,
        'text': plain(node),
        'line': entry.line,
        'formerly': list(source.get('formerly', [])),
        'tokens': tokens(paragraphs, language, displays(app, source, resolved_node)),
        'html': _html(app.builder, node),
        'cites': cites(list(source.findall(addnodes.pending_xref))),
        # English is its own source; a translation counts only when every message of the
        # provision has a translation that is not fuzzy.
        # (A page with no catalogue at all is left untouched by Sphinx: nothing is marked.)
        'translated': language == 'en' or bool(messages) and all(n['translated'] for n in messages),
    }


#: The pages the HTML builder has resolved, each as it wrote it, by builder: the store is made of
#: them after the writing, without resolving every page a second time.
RESOLVED: weakref.WeakKeyDictionary[Any, dict[str, nodes.document]] = weakref.WeakKeyDictionary()


def keep_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.name == 'html' and 'concept' in app.env.domains:
        RESOLVED.setdefault(app.builder, {})[docname] = doctree


def entries(app: Sphinx) -> list[dict[str, Any]]:
    env, builder = app.env, app.builder
    domain = env.domains['concept']
    concerned = markers(app)
    register = register_of(app)
    register_doc = domain.data.get('amendments_doc')
    translate = page_gettext(env, register_doc) if register_doc else str

    def proposer(amendment) -> str:
        # The body's name is a message of the register page, translated in its catalogue.
        return translate(register.participants[amendment.proposer].body)

    read = unresolved(app)
    resolved = RESOLVED.pop(builder, {})
    out = []
    for key in sorted(domain.provisions, key=domain.reading_order):
        docname = domain.provisions[key].docname
        if docname not in resolved:
            resolved[docname] = env.get_and_resolve_doctree(docname, builder, tags=builder.tags)
            # As the page has them: the citations' authors in the edition's language.
            translate_citations(app, resolved[docname], docname)
        resolved_node = next(p for p in resolved[docname].findall(provision) if p['key'] == key)
        entry = entry_of(app, key, read[key][0], resolved_node)
        entry['amendments'] = [
            {'id': a.id, 'label': a.label, 'relation': how, 'proposer': proposer(a)}
            for a, how in concerned.get(key, [])
        ]
        out.append(entry)
    return out


def _html(builder: Any, node: nodes.Element) -> str:
    """The provision's paragraphs as the edition's pages have them, links relative to its page."""
    return ''.join(builder.render_partial(child.deepcopy())['fragment'] for child in node.children).strip()


def write_store(app: Sphinx, exception: Exception | None) -> None:
    """Publish the store and its schema beside the HTML edition."""
    if exception is not None or app.builder.name != 'html' or 'concept' not in app.env.domains:
        return
    if not app.env.domains['concept'].provisions:
        return
    store = {
        'format': FORMAT,
        'language': app.config.language or 'en',
        'version': app.config.concept_version,
        'provisions': entries(app),
    }
    out = Path(app.outdir)
    text = json.dumps(store, ensure_ascii=False, indent=1, sort_keys=True)
    (out / STORE).write_text(text + '\n', encoding='utf-8')
    shutil.copyfile(SCHEMA, out / SCHEMA.name)
    # What the side-by-side page shows, as a script, which a page opened from file:// can load
    # where it cannot fetch.
    edition = f'{store["language"]}/{store["version"]}'
    shown = {
        'language': store['language'],
        'version': store['version'],
        'provisions': [{field: p[field] for field in SHOWN_SIDE_BY_SIDE} for p in store['provisions']],
    }
    script = json.dumps(shown, ensure_ascii=False, sort_keys=True, separators=(',', ':'))
    (out / SCRIPT).write_text(
        f'(window.conceptStores = window.conceptStores || {{}})[{json.dumps(edition)}] = {script};\n', encoding='utf-8'
    )


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension('concept_build.sphinxext.amendments')
    app.connect('doctree-resolved', keep_resolved)
    app.connect('build-finished', write_store)
    return {
        'version': concept_build.__version__,
        'env_version': 1,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
