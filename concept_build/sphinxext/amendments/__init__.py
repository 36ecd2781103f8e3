"""The amendments register: proposals read from amendments/, the register page, markers on provisions."""

from __future__ import annotations

from typing import TYPE_CHECKING

import concept_build
from concept_build.sphinxext.amendments import directives, markers
from concept_build.sphinxext.amendments.data import check_register
from concept_build.sphinxext.amendments.directives import AmendmentsRegisterDirective, amendment_refs

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def setup(app: Sphinx) -> ExtensionMetadata:
    # The register is part of an edition: it needs the edition's version and the rounds.
    app.setup_extension('concept_build.sphinxext.normative_base')
    app.setup_extension('concept_build.sphinxext.edition')
    app.add_config_value('concept_amendments', '', 'env', types=[str])
    app.add_directive('amendments-register', AmendmentsRegisterDirective)
    app.add_node(amendment_refs)
    other = (directives.visit_foreign_text_other, directives.depart_foreign_text_other)
    app.add_node(
        directives.foreign_text,
        html=(directives.visit_foreign_text_html, directives.depart_foreign_text_html),
        latex=other,
        text=other,
        man=other,
        texinfo=other,
    )
    app.connect('builder-inited', check_register, priority=450)
    app.connect('doctree-resolved', markers.mark_provisions)
    app.connect('doctree-resolved', markers.link_tables)
    app.connect('env-check-consistency', markers.check_carriers)
    return {
        'version': concept_build.__version__,
        'env_version': 1,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
