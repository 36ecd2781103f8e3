"""Keyed, position-numbered provisions and the ``concept`` domain that cites them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

import concept_build
from concept_build.sphinxext.provisions import node as provision_nodes
from concept_build.sphinxext.provisions import pending, transforms
from concept_build.sphinxext.provisions.directives import ProvisionDirective
from concept_build.sphinxext.provisions.domain import ConceptDomain
from concept_build.sphinxext.provisions.roles import ConceptXRefRole

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_domain(ConceptDomain)
    # Short names, since the text cites provisions and acts in almost every paragraph.
    app.add_directive('provision', ProvisionDirective)
    app.add_role('prov', ConceptXRefRole(innernodeclass=nodes.inline))
    app.add_role('act', ConceptXRefRole(innernodeclass=nodes.inline))
    plain = (provision_nodes.visit_provision_plain, provision_nodes.depart_provision_plain)
    app.add_node(
        provision_nodes.provision,
        html=(provision_nodes.visit_provision_html, provision_nodes.depart_provision_html),
        latex=(provision_nodes.visit_provision_latex, provision_nodes.depart_provision_latex),
        text=plain,
        man=plain,
        texinfo=plain,
    )
    app.connect('source-read', transforms.check_fences)
    app.connect('doctree-read', transforms.check_structure)
    app.connect('env-check-consistency', transforms.check_chapters)
    app.connect('env-check-consistency', transforms.check_former_keys_retired)
    app.connect('warn-missing-reference', transforms.warn_unknown_key)
    app.connect('doctree-resolved', transforms.number_provisions)
    app.connect('doctree-resolved', pending.mark_pending)
    app.connect('env-updated', transforms.rewrite_every_document)
    return {
        'version': concept_build.__version__,
        'env_version': 4,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
