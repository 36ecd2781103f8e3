"""Keyed, position-numbered provisions and the ``concept`` domain that cites them."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.domains import Domain
from sphinx.locale import get_translation
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

import concept_build

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

_ = get_translation('concept')
logger = logging.getLogger(__name__)

#: A key is a lowercase slug, so that it is a valid and stable HTML anchor in every language.
KEY_PATTERN = re.compile(r'[a-z0-9]+(?:-[a-z0-9]+)*')


class provision(nodes.Element):
    """One numbered paragraph of the Concept; its ``ids`` is its key."""


class Provision(NamedTuple):
    docname: str
    line: int
    position: int  # 1-based order of the provision within its document


class Citation(NamedTuple):
    """A citation of an act or a work from inside a provision."""

    docname: str
    line: int
    provision: str


class ProvisionDirective(SphinxDirective):
    """``:::{provision} key`` followed by the provision's text.

    ``:formerly: old-key`` (or several, comma-separated) carries the key of an earlier version
    through a rename, a split or a join, so that comparisons match the two.
    """

    required_arguments = 1
    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {'formerly': directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        key = self.arguments[0]
        if not KEY_PATTERN.fullmatch(key):
            msg = (f'provision key {key!r} is not a lowercase slug '
                   '(letters, digits and single hyphens, e.g. "forecast-horizon")')
            raise self.error(msg)
        formerly = [k.strip() for k in self.options.get('formerly', '').split(',') if k.strip()]
        for old in formerly:
            if not KEY_PATTERN.fullmatch(old) or old == key:
                raise self.error(f'provision {key!r}: formerly {old!r} is not the key of another provision')
        node = provision(key=key, ids=[key], formerly=formerly)
        self.set_source_info(node)
        self.state.nested_parse(self.content, self.content_offset, node)
        if not node.children:
            raise self.error(f'provision {key!r} is empty: its fence opened at line {self.lineno} '
                             'holds no text')
        if not isinstance(node[0], nodes.paragraph):
            raise self.error(f'provision {key!r} must begin with a paragraph of text')
        domain = self.env.domains['concept']
        domain.note_provision(key, self.env.docname, self.lineno)
        if formerly:
            domain.data['formerly'][key] = formerly
        return [node]


class ConceptXRefRole(XRefRole):
    """``{prov}`key``` and ``{act}`key``` without the ``concept:`` prefix."""

    def create_xref_node(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        self.refdomain = 'concept'
        return super().create_xref_node()


class ConceptDomain(Domain):
    """Provisions (``{prov}``), acts of the normative base (``{act}``) and their backlinks."""

    name = 'concept'
    label = 'Concept'
    roles = {
        'prov': XRefRole(innernodeclass=nodes.inline),
        'act': XRefRole(innernodeclass=nodes.inline),
    }
    directives = {'provision': ProvisionDirective}
    initial_data: dict[str, Any] = {
        'provisions': {},  # key -> Provision
        'acts': {},  # act key -> list of Citation
        'works': {},  # bibtex key -> list of Citation
        'normative_base_doc': None,  # docname of the page listing the acts
        'amendments_doc': None,  # docname of the amendments register
        'formerly': {},  # key -> the keys it had in earlier versions
    }

    @property
    def provisions(self) -> dict[str, Provision]:
        return self.data['provisions']

    def note_provision(self, key: str, docname: str, line: int) -> None:
        if key in self.provisions:
            other = self.provisions[key]
            logger.warning(
                'duplicate provision key %r: also defined at %s:%d',
                key, self.env.doc2path(other.docname), other.line,
                location=(docname, line), type='concept', subtype='duplicate',
            )
            return
        position = 1 + sum(1 for p in self.provisions.values() if p.docname == docname)
        self.provisions[key] = Provision(docname, line, position)

    def number(self, key: str) -> str:
        """The provision's number: its chapter's section number, then its position."""
        entry = self.provisions[key]
        chapter = self.env.toc_secnumbers.get(entry.docname, {}).get('')
        if not chapter:
            return str(entry.position)
        return '.'.join(map(str, chapter)) + f'.{entry.position}'

    def citing_provisions(self, kind: str, key: str) -> list[str]:
        """Keys of the provisions citing act or work *key*, in reading order, once each."""
        seen: dict[str, None] = {}
        for citation in self.data[kind].get(key, []):
            if citation.provision in self.provisions:
                seen.setdefault(citation.provision)
        return sorted(seen, key=self._reading_order)

    def _reading_order(self, key: str) -> tuple[int, int]:
        entry = self.provisions[key]
        chapter = self.env.toc_secnumbers.get(entry.docname, {}).get('') or (0,)
        return (*chapter, entry.position)

    def clear_doc(self, docname: str) -> None:
        for key, entry in list(self.provisions.items()):
            if entry.docname == docname:
                del self.provisions[key]
                self.data['formerly'].pop(key, None)
        for kind in ('acts', 'works'):
            for key, citations in self.data[kind].items():
                citations[:] = [c for c in citations if c.docname != docname]
        for page in ('normative_base_doc', 'amendments_doc'):
            if self.data.get(page) == docname:
                self.data[page] = None

    def merge_domaindata(self, docnames: set[str], otherdata: dict[str, Any]) -> None:
        for key, entry in otherdata['provisions'].items():
            if entry.docname not in docnames:
                continue
            if key in self.provisions and self.provisions[key].docname != entry.docname:
                other = self.provisions[key]
                logger.warning(
                    'duplicate provision key %r: also defined at %s:%d',
                    key, self.env.doc2path(other.docname), other.line,
                    location=(entry.docname, entry.line), type='concept', subtype='duplicate',
                )
                continue
            self.provisions[key] = entry
            if key in otherdata['formerly']:
                self.data['formerly'][key] = otherdata['formerly'][key]
        for kind in ('acts', 'works'):
            for key, citations in otherdata[kind].items():
                self.data[kind].setdefault(key, []).extend(
                    c for c in citations if c.docname in docnames)
        for page in ('normative_base_doc', 'amendments_doc'):
            if otherdata.get(page) in docnames:
                self.data[page] = otherdata[page]

    def resolve_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder,
                     typ: str, target: str, node: addnodes.pending_xref,
                     contnode: nodes.Element) -> nodes.reference | None:
        if typ == 'prov' and target in self.provisions:
            # The number is computed at write time, so renumbering changes no source.
            text = nodes.inline('', self.number(target), classes=['provision-ref'])
            return make_refnode(builder, fromdocname, self.provisions[target].docname,
                                target, text, self.number(target))
        if typ == 'act':
            from concept_build.normative_base import acts_of, normative_base_gettext

            act = acts_of(env).get(target)
            page = self.data['normative_base_doc']
            if act is None or page is None:
                return None
            # The titles are messages of the normative base page, translated in its catalogue.
            gettext = normative_base_gettext(env, page)
            if not node.get('refexplicit'):
                contnode = nodes.inline('', gettext(act.short_title), classes=['act-ref'])
            return make_refnode(builder, fromdocname, page, target, contnode, gettext(act.title))
        return None

    def resolve_any_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder,
                         target: str, node: addnodes.pending_xref,
                         contnode: nodes.Element) -> list[tuple[str, nodes.reference]]:
        for typ in ('prov', 'act'):
            ref = self.resolve_xref(env, fromdocname, builder, typ, target, node, contnode)
            if ref is not None:
                return [(f'concept:{typ}', ref)]
        return []

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        # Priority -1 keeps the keys out of search results: readers search the text in their
        # language, and an English key is no answer to them; objects.inv still lists them.
        for key, entry in self.provisions.items():
            yield key, key, 'provision', entry.docname, key, -1


FENCE_OPEN = re.compile(r'^ {0,3}(?P<colons>:{3,})\{(?P<name>[^}\s]+)\}[ \t]*(?P<argument>\S*)')
FENCE_CLOSE = re.compile(r'^ {0,3}(?P<colons>:{3,})[ \t]*$')
CODE_FENCE = re.compile(r'^ {0,3}(?P<ticks>`{3,}|~{3,})')


def unclosed_provision_fences(text: str) -> Iterator[tuple[int, str, str | None, int | None]]:
    """Each provision fence left open: (line, key, the key of the provision it swallows, its line).

    MyST closes a fence at the first line of at least as many colons. A provision fence that
    meets another provision's fence of as many colons first (a nested one would need fewer), or
    the end of the file, was not closed where the author meant.
    """
    lines = text.splitlines()
    index, in_code = 0, None
    while index < len(lines):
        line = lines[index]
        code = CODE_FENCE.match(line)
        if in_code:
            if code and code.group('ticks')[0] == in_code[0] and len(code.group('ticks')) >= len(in_code):
                in_code = None
        elif code:
            in_code = code.group('ticks')
        elif (opening := FENCE_OPEN.match(line)) and opening.group('name') in ('provision', 'concept:provision'):
            width = len(opening.group('colons'))
            for after in range(index + 1, len(lines)):
                closing = FENCE_CLOSE.match(lines[after])
                if closing and len(closing.group('colons')) >= width:
                    break
                inner = FENCE_OPEN.match(lines[after])
                if (inner and inner.group('name') in ('provision', 'concept:provision')
                        and len(inner.group('colons')) >= width):
                    yield index + 1, opening.group('argument'), inner.group('argument'), after + 1
                    break
            else:
                yield index + 1, opening.group('argument'), None, None
        index += 1


def check_fences(app: Sphinx, docname: str, source: list[str]) -> None:
    """An unclosed fence would silently nest the next provision inside the open one."""
    reported = app.env.temp_data.setdefault('concept_unclosed', set())
    for line, key, swallowed, swallowed_line in unclosed_provision_fences(source[0]):
        reported.add((docname, key))
        if swallowed:
            logger.warning('provision %r: its fence opened at line %d is not closed before provision '
                           '%r at line %d, which would end up inside it; close it with ":::"',
                           key, line, swallowed, swallowed_line, location=(docname, line),
                           type='concept', subtype='structure')
        else:
            logger.warning('provision %r: its fence opened at line %d is never closed; close it with ":::"',
                           key, line, location=(docname, line), type='concept', subtype='structure')


def check_structure(app: Sphinx, doctree: nodes.document) -> None:
    """Every provision stands alone, under its chapter's heading."""
    reported = app.env.temp_data.get('concept_unclosed', set())
    for prov in doctree.findall(provision):
        outer = next((a for a in _ancestors(prov) if isinstance(a, provision)), None)
        if outer is not None:
            if (app.env.docname, outer['key']) not in reported:
                logger.warning('provision %r (line %s) is inside provision %r, whose fence opened at '
                               'line %s: provisions cannot hold provisions',
                               prov['key'], prov.line, outer['key'], outer.line,
                               location=(app.env.docname, outer.line), type='concept', subtype='structure')
        elif not any(isinstance(a, nodes.section) for a in _ancestors(prov)):
            logger.warning('provision %r (fence opened at line %s) is outside any chapter: put it under '
                           "the page's heading", prov['key'], prov.line,
                           location=(app.env.docname, prov.line), type='concept', subtype='structure')


def _ancestors(node: nodes.Node) -> Iterator[nodes.Element]:
    while node.parent is not None:
        node = node.parent
        yield node


def check_formerly(app: Sphinx, env: BuildEnvironment) -> None:
    """A provision's former key must be gone from the text: else the two would be one twice."""
    domain = env.domains['concept']
    for key, entry in sorted(domain.provisions.items()):
        for old in domain.data['formerly'].get(key, []):
            if old in domain.provisions:
                logger.warning('provision %r is formerly %r, but %r is still a provision of the text (%s:%d)',
                               key, old, old, env.doc2path(domain.provisions[old].docname),
                               domain.provisions[old].line, location=(entry.docname, entry.line),
                               type='concept', subtype='formerly')


def check_chapters(app: Sphinx, env: BuildEnvironment) -> None:
    """A provision's number is its chapter's number and its position: the page must be numbered."""
    unnumbered: dict[str, list[tuple[int, str]]] = {}
    for key, entry in env.domains['concept'].provisions.items():
        if not env.toc_secnumbers.get(entry.docname, {}).get(''):
            unnumbered.setdefault(entry.docname, []).append((entry.line, key))
    for docname, found in sorted(unnumbered.items()):
        found.sort()
        logger.warning('provision(s) %s on page %r, which is not a numbered chapter: list the page in '
                       'the numbered toctree of %r', ', '.join(repr(key) for _line, key in found),
                       docname, env.config.root_doc, location=(docname, found[0][0]),
                       type='concept', subtype='structure')


def note_citations(app: Sphinx, doctree: nodes.document) -> None:
    """Record which provision cites which act and which work, for the backlinks."""
    domain = app.env.domains['concept']
    for prov in doctree.findall(provision):
        for ref in prov.findall(addnodes.pending_xref):
            citation = Citation(app.env.docname, ref.line or prov.line or 0, prov['key'])
            if ref.get('refdomain') == 'concept' and ref.get('reftype') == 'act':
                domain.data['acts'].setdefault(ref['reftarget'], []).append(citation)
            elif ref.get('refdomain') == 'cite':
                for work in ref['reftarget'].split(','):
                    domain.data['works'].setdefault(work.strip(), []).append(citation)


def nearest(key: str, known: Iterable[str]) -> str:
    """", did you mean 'x'?" for the nearest known key, or nothing when none is near."""
    close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.6)
    return f'; did you mean {close[0]!r}?' if close else ''


def warn_unknown_key(app: Sphinx, domain: Domain, node: addnodes.pending_xref) -> bool | None:
    """Name the unknown key plainly, with the nearest known one, instead of Sphinx's warning."""
    if domain is None or domain.name != 'concept':
        return None
    target = node['reftarget']
    if node['reftype'] == 'prov':
        what, where, known = 'provision key', 'no provision has this key', domain.provisions
    else:
        from concept_build.normative_base import acts_of

        what, where = 'act key', f'it is not in {app.config.concept_normative_base}'
        known = acts_of(app.env)
    logger.warning('unknown %s %r: %s%s', what, target, where, nearest(target, known),
                   location=role_location(app, node), type='concept', subtype='unknown-key')
    return True


def role_location(app: Sphinx, node: nodes.Element) -> tuple[str, int] | nodes.Element:
    """The role's own line: MyST gives every role the line where its paragraph begins."""
    docname, line = app.env.path2doc(node.source or ''), node.line
    # MyST hands the role over as ":name:`text`"; the source has it as "{name}`text`".
    role = re.fullmatch(r':([^`]+):(`.*`)', node.rawsource or '', re.S)
    if not (docname and line and role and node.source):
        return node
    raw = '{' + role.group(1) + '}' + role.group(2)
    try:
        lines = Path(node.source).read_text(encoding='utf-8').splitlines()
    except OSError:
        return node
    for number in range(line, min(len(lines), line + 50) + 1):
        if raw in lines[number - 1]:
            return docname, number
        if not lines[number - 1].strip():
            break  # the paragraph has ended
    return node


def number_provisions(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Put each provision's number, a link to its own anchor, at the start of its text."""
    domain = app.env.domains['concept']
    for prov in doctree.findall(provision):
        key = prov['key']
        if key not in domain.provisions:
            continue
        number = domain.number(key)
        prov['number'] = number
        # The tooltip in the edition's language; the key is in the address the link gives.
        link = nodes.reference('', '', nodes.strong('', number), refid=key, classes=['provision-number'],
                               reftitle=str(_('Link to provision {number}')).format(number=number))
        prov[0].insert(0, nodes.Text(' '))
        prov[0].insert(0, link)


def rewrite_every_document(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Numbers and backlinks depend on other pages (a provision inserted on one page renumbers
    the citations on another, and the bibliography's "Cited in" lists every citing page), so
    every page is written again; only reading is incremental."""
    return sorted(env.found_docs)


def visit_provision_html(self: Any, node: provision) -> None:
    self.body.append(self.starttag(node, 'div', CLASS='provision'))


def depart_provision_html(self: Any, node: provision) -> None:
    self.body.append('</div>\n')


def visit_provision_latex(self: Any, node: provision) -> None:
    self.body.append('\n\\par\\smallskip\\noindent' + self.hypertarget_to(node, anchor=True))


def depart_provision_latex(self: Any, node: provision) -> None:
    self.body.append('\n')


def visit_provision_plain(self: Any, node: provision) -> None:
    pass


def depart_provision_plain(self: Any, node: provision) -> None:
    pass


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_domain(ConceptDomain)
    # Short names, since the text cites provisions and acts in almost every paragraph.
    app.add_directive('provision', ProvisionDirective)
    app.add_role('prov', ConceptXRefRole(innernodeclass=nodes.inline))
    app.add_role('act', ConceptXRefRole(innernodeclass=nodes.inline))
    app.add_node(
        provision,
        html=(visit_provision_html, depart_provision_html),
        latex=(visit_provision_latex, depart_provision_latex),
        text=(visit_provision_plain, depart_provision_plain),
        man=(visit_provision_plain, depart_provision_plain),
        texinfo=(visit_provision_plain, depart_provision_plain),
    )
    app.add_config_value('concept_normative_base', 'normative-base.yaml', 'env', types=[str])
    app.connect('source-read', check_fences)
    app.connect('doctree-read', check_structure)
    app.connect('doctree-read', note_citations)
    app.connect('env-check-consistency', check_chapters)
    app.connect('env-check-consistency', check_formerly)
    app.connect('warn-missing-reference', warn_unknown_key)
    app.connect('doctree-resolved', number_provisions)
    app.connect('env-updated', rewrite_every_document)
    return {
        'version': concept_build.__version__,
        'env_version': 3,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
