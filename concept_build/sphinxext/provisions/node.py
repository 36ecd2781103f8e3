"""The provision node and how each writer sets it: a <div> in HTML, an anchored paragraph in LaTeX."""

from __future__ import annotations

from typing import Any

from docutils import nodes


class provision(nodes.Element):
    """One numbered paragraph of the Concept; its ``ids`` is its key."""


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
