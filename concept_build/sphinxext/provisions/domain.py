"""The ``concept`` domain: the provisions by key, their numbers and reading order, references to them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from docutils import nodes
from sphinx.domains import Domain
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from concept_build.sphinxext.provisions.directives import ProvisionDirective

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx import addnodes
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


class Provision(NamedTuple):
    docname: str
    line: int
    position: int  # 1-based order of the provision within its document


class ConceptDomain(Domain):
    """Provisions by key (``{prov}``); references to acts (``{act}``) are the normative base's to
    resolve (``missing-reference``), since it holds the acts."""

    name = 'concept'
    label = 'Concept'
    roles = {
        'prov': XRefRole(innernodeclass=nodes.inline),
        'act': XRefRole(innernodeclass=nodes.inline),
    }
    directives = {'provision': ProvisionDirective}
    initial_data: dict[str, Any] = {
        'provisions': {},  # key -> Provision
        'amendments_doc': None,  # docname of the amendments register
        'formerly': {},  # key -> the keys it had in earlier versions
    }

    @property
    def provisions(self) -> dict[str, Provision]:
        return self.data['provisions']

    def _warn_duplicate(self, key: str, docname: str, line: int) -> None:
        other = self.provisions[key]
        logger.warning(
            'duplicate provision key %r: also defined at %s:%d',
            key,
            self.env.doc2path(other.docname),
            other.line,
            location=(docname, line),
            type='concept',
            subtype='duplicate',
        )

    def note_provision(self, key: str, docname: str, line: int) -> None:
        if key in self.provisions:
            self._warn_duplicate(key, docname, line)
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

    def reading_order(self, key: str) -> tuple[int, ...]:
        entry = self.provisions[key]
        chapter = self.env.toc_secnumbers.get(entry.docname, {}).get('') or (0,)
        return (*chapter, entry.position)

    def clear_doc(self, docname: str) -> None:
        for key, entry in list(self.provisions.items()):
            if entry.docname == docname:
                del self.provisions[key]
                self.data['formerly'].pop(key, None)
        if self.data.get('amendments_doc') == docname:
            self.data['amendments_doc'] = None

    def merge_domaindata(self, docnames: set[str], otherdata: dict[str, Any]) -> None:
        for key, entry in otherdata['provisions'].items():
            if entry.docname not in docnames:
                continue
            if key in self.provisions and self.provisions[key].docname != entry.docname:
                self._warn_duplicate(key, entry.docname, entry.line)
                continue
            self.provisions[key] = entry
            if key in otherdata['formerly']:
                self.data['formerly'][key] = otherdata['formerly'][key]
        if otherdata.get('amendments_doc') in docnames:
            self.data['amendments_doc'] = otherdata['amendments_doc']

    # Sphinx's signature, with its seven parameters.
    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: addnodes.pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        if typ == 'prov' and target in self.provisions:
            # The number is computed at write time, so renumbering changes no source.
            text = nodes.inline('', self.number(target), classes=['provision-ref'])
            return make_refnode(
                builder, fromdocname, self.provisions[target].docname, target, text, self.number(target)
            )
        return None

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: addnodes.pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        ref = self.resolve_xref(env, fromdocname, builder, 'prov', target, node, contnode)
        return [('concept:prov', ref)] if ref is not None else []

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        # Priority -1 keeps the keys out of search results: readers search the text in their
        # language, and an English key is no answer to them; objects.inv still lists them.
        for key, entry in self.provisions.items():
            yield key, key, 'provision', entry.docname, key, -1
