"""The ``citations`` domain: which provision cites which act and which work, and the acts' page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain

from concept_build.sphinxext.provisions.node import provision

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


class Citation(NamedTuple):
    """A citation of an act or a work from inside a provision."""

    docname: str
    line: int
    provision: str


class CitationsDomain(Domain):
    """No roles of its own: it keeps what the backlinks of the acts and the works need."""

    name = 'citations'
    label = 'Citations of acts and works'
    initial_data: dict[str, Any] = {
        'acts': {},  # act key -> list of Citation
        'works': {},  # bibtex key -> list of Citation
        'normative_base_doc': None,  # docname of the page listing the acts
    }

    def citing_provisions(self, kind: str, key: str) -> list[str]:
        """Keys of the provisions citing act or work *key*, in reading order, once each."""
        concept = self.env.domains['concept']
        seen: dict[str, None] = {}
        for citation in self.data[kind].get(key, []):
            if citation.provision in concept.provisions:
                seen.setdefault(citation.provision)
        return sorted(seen, key=concept.reading_order)

    def clear_doc(self, docname: str) -> None:
        for kind in ('acts', 'works'):
            for citations in self.data[kind].values():
                citations[:] = [c for c in citations if c.docname != docname]
        if self.data.get('normative_base_doc') == docname:
            self.data['normative_base_doc'] = None

    def merge_domaindata(self, docnames: set[str], otherdata: dict[str, Any]) -> None:
        for kind in ('acts', 'works'):
            for key, citations in otherdata[kind].items():
                self.data[kind].setdefault(key, []).extend(c for c in citations if c.docname in docnames)
        if otherdata.get('normative_base_doc') in docnames:
            self.data['normative_base_doc'] = otherdata['normative_base_doc']


def note_citations(app: Sphinx, doctree: nodes.document) -> None:
    """Record which provision cites which act and which work, for the backlinks."""
    domain = app.env.domains['citations']
    for prov in doctree.findall(provision):
        for ref in prov.findall(addnodes.pending_xref):
            citation = Citation(app.env.docname, ref.line or prov.line or 0, prov['key'])
            if ref.get('refdomain') == 'concept' and ref.get('reftype') == 'act':
                domain.data['acts'].setdefault(ref['reftarget'], []).append(citation)
            elif ref.get('refdomain') == 'cite':
                for work in ref['reftarget'].split(','):
                    domain.data['works'].setdefault(work.strip(), []).append(citation)


def normative_base_doc(env: BuildEnvironment) -> str | None:
    """The page that lists the acts, if the text has one."""
    return env.domains['citations'].data['normative_base_doc']
