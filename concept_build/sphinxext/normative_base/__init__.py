"""The normative base and bibliography: acts from YAML, works from BibTeX, links back to provisions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import concept_build
from concept_build.sphinxext.normative_base import transforms
from concept_build.sphinxext.normative_base.directives import NormativeBaseDirective, act_backlinks
from concept_build.sphinxext.normative_base.domain import CitationsDomain, note_citations

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

MESSAGE_CATALOG = 'concept'


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension('concept_build.sphinxext.provisions')
    app.add_config_value('concept_normative_base', 'normative-base.yaml', 'env', types=[str])
    app.add_message_catalog(MESSAGE_CATALOG, str(Path(concept_build.__file__).parent / 'locale'))
    app.add_domain(CitationsDomain)
    app.add_directive('normative-base', NormativeBaseDirective)
    app.add_node(act_backlinks)
    # Before sphinxcontrib-bibtex reads the same files and fails without naming them.
    app.connect('builder-inited', transforms.check_data_files, priority=400)
    app.connect('doctree-read', note_citations)
    app.connect('doctree-read', transforms.check_work_keys)
    app.connect('missing-reference', transforms.resolve_act)
    app.connect('warn-missing-reference', transforms.warn_unknown_act)
    app.connect('doctree-resolved', transforms.fill_backlinks)
    app.connect('config-inited', transforms.quiet_bibtex_key_warnings)
    return {
        'version': concept_build.__version__,
        'env_version': 2,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
