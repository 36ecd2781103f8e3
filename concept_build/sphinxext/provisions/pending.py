"""A provision whose translation is pending: its English said to be English, and where to read it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from concept_build.sphinxext.provisions.node import provision

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def mark_pending(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Mark each provision of a translated HTML page that has a message without a translation
    (missing, or fuzzy: the compiled catalogue leaves those out) with the address of the same
    provision in the English edition; node.visit_provision_html says so on the page."""
    language = app.config.language or 'en'
    if app.builder.name != 'html' or language == 'en':
        return
    # Every edition sits at <site>/<language>/<version>/, so the site's root is two folders up.
    root = '../' * (docname.count('/') + 2)
    for node in doctree.findall(provision):
        flags = [n['translated'] for n in node.findall(nodes.Element) if 'translated' in n]
        if flags and not all(flags):
            node['pending'] = f'{root}en/{app.config.concept_version}/{docname}.html#{node["key"]}'
            # Wholly in English: the reader's screen reader must read it as English.
            node['pending_language'] = 'en' if not any(flags) else ''
