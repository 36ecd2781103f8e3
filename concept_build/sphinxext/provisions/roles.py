"""The ``{prov}`` and ``{act}`` roles, without the ``concept:`` prefix."""

from __future__ import annotations

from docutils import nodes
from sphinx.roles import XRefRole


class ConceptXRefRole(XRefRole):
    """``{prov}`key``` and ``{act}`key``` without the ``concept:`` prefix."""

    def create_xref_node(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        self.refdomain = 'concept'
        return super().create_xref_node()
