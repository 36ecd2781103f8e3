"""The link beside each provision's number to its history (the history pages are made from the stores)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.locale import get_translation

import concept_build
from concept_build.common.layout import HISTORY
from concept_build.sphinxext.provisions.node import provision

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

_ = get_translation('concept')


def link_histories(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """A small link beside each provision's number to its history in the edition's language."""
    if app.builder.name != 'html':  # the EPUB holds no histories
        return
    up = '../' * (docname.count('/') + 1)
    label = str(_('History of this provision'))
    for prov in doctree.findall(provision):
        number = next((n for n in prov[0].children if 'provision-number' in n.get('classes', [])), None)
        if number is None:
            continue
        link = nodes.reference(
            '', '↺', refuri=f'{up}{HISTORY}/{prov["key"]}.html', classes=['provision-history'], reftitle=label
        )
        prov[0].insert(prov[0].index(number) + 1, link)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension('concept_build.sphinxext.provisions')
    # After the number is put in place (provisions.number_provisions, default priority).
    app.connect('doctree-resolved', link_histories, priority=600)
    return {
        'version': concept_build.__version__,
        'env_version': 1,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
