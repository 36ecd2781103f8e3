"""The one template environment of the pages made outside Sphinx: every value escaped by it, none by hand."""

from __future__ import annotations

import html
import json

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_eval_context, select_autoescape
from jinja2.nodes import EvalContext
from markupsafe import Markup


@pass_eval_context
def escaped(context: EvalContext, value: object) -> object:
    """Every value a template writes, escaped unless it is Markup already.

    With Python's escaper, not markupsafe's: the same characters, but an apostrophe and a quote
    come out as ``&#x27;`` and ``&quot;``, as the published pages have always had them, so that
    moving the pages into templates changed no byte (and no hash in the CSP).
    """
    if not context.autoescape or hasattr(value, '__html__'):
        return value
    return Markup(html.escape(str(value), quote=True))


def element_text(value: str) -> Markup:
    """Text as an element's content, a provision's: its apostrophes and quotes stay as written."""
    return Markup(html.escape(value, quote=False))


def script_json(value: object) -> Markup:
    """Data for an inline script: JSON, its "</" written "<\\/" so that no string ends the script."""
    return Markup(json.dumps(value, ensure_ascii=False).replace('</', '<\\/'))


ENVIRONMENT = Environment(
    loader=PackageLoader('concept_build.pages'),
    autoescape=select_autoescape(('html', 'xml')),
    finalize=escaped,
    undefined=StrictUndefined,
    # A page ends with a newline, and a block tag alone on its line leaves no line behind.
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
)
ENVIRONMENT.filters.update(text=element_text, script_json=script_json)


def render(template: str, **context: object) -> str:
    """The template of that name (in pages/templates) filled in with *context*."""
    return ENVIRONMENT.get_template(template).render(**context)
