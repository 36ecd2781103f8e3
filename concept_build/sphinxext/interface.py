"""What templates cannot translate: the strings of Sphinx's scripts, the names of furo's toggles;
and the roles the pages give assistive technology."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel.messages.pofile import read_po
from sphinx.writers.html5 import HTML5Translator

import concept_build

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

#: furo's name for a branch's toggle in the navigation tree; its HTML parser quotes with ' a
#: name that holds a ".
TOGGLE = re.compile(r"""aria-label=(["'])Toggle navigation of (.*?)\1""")

#: The script in the output's _static from which Sphinx's search and highlighting take their
#: strings.
SCRIPT = 'translations.js'
#: A gettext plural rule: n, numbers, arithmetic, comparisons and the conditional, nothing else.
PLURAL_RULE = re.compile(r'[n0-9\s%<>=!&|?:()+*/-]+')


def interface_catalog(app: Sphinx) -> Path | None:
    """Our catalogue of the 'sphinx' domain in the edition's language, if there is one."""
    for locale_dir in app.config.locale_dirs:
        path = Path(app.srcdir, locale_dir, app.config.language, 'LC_MESSAGES', 'sphinx.po')
        if path.is_file():
            return path
    return None


def script_translations(po_path: Path) -> str:
    """The catalogue's translated messages as Sphinx writes a translations.js."""
    with po_path.open('rb') as po:
        catalog = read_po(po)
    messages: dict[str, str | list[str]] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple):
            # The script picks the form by the catalogue's plural rule, as gettext does.
            if all(message.string):
                messages[message.id[0]] = list(message.string)
        elif message.string:
            messages[message.id] = message.string
    # gettext's rule may yield a boolean, as "(n != 1)" does, which the script would not take
    # as the index of a form.
    rule = catalog.plural_expr
    if not PLURAL_RULE.fullmatch(rule):
        raise ValueError(f'{po_path}: the Plural-Forms rule {rule!r} is not a plain arithmetic expression of n')
    translations = json.dumps(
        {'locale': str(catalog.locale), 'messages': messages, 'plural_expr': f'Number({rule})'},
        sort_keys=True,
        indent=4,
    )
    # What Documentation.addTranslations does, but with the rule written as a function: Sphinx
    # compiles it with new Function, which the site's Content-Security-Policy does not allow.
    return (
        f'var conceptTranslations = {translations};\n'
        'Object.assign(Documentation.TRANSLATIONS, conceptTranslations.messages);\n'
        'Documentation.LOCALE = conceptTranslations.locale;\n'
        f'Documentation.PLURAL_EXPR = function (n) {{ return Number({rule}); }};\n'
    )


def relabel_toggles(tree: str, label: str) -> str:
    """furo's navigation tree with each branch's toggle named by *label*, "... %(title)s"."""

    def name(match: re.Match[str]) -> str:
        title = html.unescape(match[2])
        return f'aria-label="{html.escape(label % {"title": title})}"'

    return TOGGLE.sub(name, tree)


#: Sphinx marks a toctree's caption as a heading without the level that ARIA requires.
CAPTION = '<p class="caption" role="heading">'
LEVELLED_CAPTION = '<p class="caption" role="heading" aria-level="2">'


def add_navigation_tree(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    # Called by our sidebar/navigation.html with the label from the catalogue, once furo has
    # put its tree in the context.
    context['concept_navigation_tree'] = lambda label: relabel_toggles(
        context.get('furo_navigation_tree', ''), label
    ).replace(CAPTION, LEVELLED_CAPTION)
    # The same caption on a page's own contents (the edition's index).
    if 'body' in context:
        context['body'] = context['body'].replace(CAPTION, LEVELLED_CAPTION)


def add_script(app: Sphinx) -> None:
    # Sphinx adds the script only if it finds a sphinx.js of its own for the language, which it
    # has for Russian alone; it also looks for ours relative to the working directory, not the
    # configuration's, so it would not find one beside our catalogue either.
    if app.builder.name == 'html' and interface_catalog(app):
        app.add_js_file(SCRIPT)


def write_script(app: Sphinx, exception: Exception | None) -> None:
    # At the end, because Sphinx copies its own Russian script over the static files before.
    if exception is None and app.builder.name == 'html' and (po_path := interface_catalog(app)):
        script = Path(app.outdir) / '_static' / SCRIPT
        script.parent.mkdir(parents=True, exist_ok=True)
        script.write_text(script_translations(po_path), encoding='utf-8')


class Translator(HTML5Translator):
    """Sphinx's HTML, with each entry of a bibliography a list item of its list.

    Docutils gives each entry the DPUB-ARIA role doc-biblioentry, which DPUB-ARIA 1.1
    deprecates (EPUBCheck warns of it in every book); the entries sit in a role="list"
    container, whose children are list items.
    """

    def visit_citation(self, node: Any) -> None:
        super().visit_citation(node)
        self.body[-1] = self.body[-1].replace(' role="doc-biblioentry"', ' role="listitem"')


def setup(app: Sphinx) -> ExtensionMetadata:
    for builder in ('html', 'epub'):
        app.set_translator(builder, Translator)
    app.connect('html-page-context', add_navigation_tree)
    app.connect('builder-inited', add_script)
    app.connect('build-finished', write_script)
    return {
        'version': concept_build.__version__,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
