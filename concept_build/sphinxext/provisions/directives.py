"""The ``provision`` directive: a keyed, numbered paragraph of the Concept."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from concept_build.common.keys import KEY_PATTERN
from concept_build.sphinxext.provisions.node import provision

if TYPE_CHECKING:
    from collections.abc import Callable


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
            msg = (
                f'provision key {key!r} is not a lowercase slug '
                '(letters, digits and single hyphens, e.g. "forecast-horizon")'
            )
            raise self.error(msg)
        formerly = [k.strip() for k in self.options.get('formerly', '').split(',') if k.strip()]
        for old in formerly:
            if not KEY_PATTERN.fullmatch(old) or old == key:
                raise self.error(f'provision {key!r}: formerly {old!r} is not the key of another provision')
        node = provision(key=key, ids=[key], formerly=formerly)
        self.set_source_info(node)
        self.state.nested_parse(self.content, self.content_offset, node)
        if not node.children:
            raise self.error(f'provision {key!r} is empty: its fence opened at line {self.lineno} holds no text')
        if not isinstance(node[0], nodes.paragraph):
            raise self.error(f'provision {key!r} must begin with a paragraph of text')
        domain = self.env.domains['concept']
        domain.note_provision(key, self.env.docname, self.lineno)
        if formerly:
            domain.data['formerly'][key] = formerly
        return [node]
