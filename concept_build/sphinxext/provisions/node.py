"""The provision node and how each writer sets it: a <div> in HTML, an anchored paragraph in LaTeX."""

from __future__ import annotations

from html import escape
from typing import Any

from docutils import nodes
from sphinx.locale import get_translation

_ = get_translation('concept')


class provision(nodes.Element):
    """One numbered paragraph of the Concept; its ``ids`` is its key."""


def visit_provision_html(self: Any, node: provision) -> None:
    if not node.get('pending'):
        self.body.append(self.starttag(node, 'div', CLASS='provision'))
        return
    # Its translation is pending (provisions/pending.py): the English, said to be English.
    attributes = {'lang': node['pending_language']} if node.get('pending_language') else {}
    self.body.append(self.starttag(node, 'div', CLASS='provision translation-pending', **attributes))


def depart_provision_html(self: Any, node: provision) -> None:
    english = node.get('pending')
    if english:
        # After the text, a word in the page's language and the same provision in English.
        label = escape(str(_('Translation pending')))
        self.body.append(
            f'<p class="translation-pending-label" lang="{escape(self.config.language)}">{label} · '
            f'<a href="{escape(english)}" hreflang="en" lang="en">English</a></p>\n'
        )
    self.body.append('</div>\n')


def visit_provision_latex(self: Any, node: provision) -> None:
    self.body.append('\n\\par\\smallskip\\noindent' + self.hypertarget_to(node, anchor=True))


def depart_provision_latex(self: Any, node: provision) -> None:
    self.body.append('\n')


def visit_provision_plain(self: Any, node: provision) -> None:
    pass


def depart_provision_plain(self: Any, node: provision) -> None:
    pass
