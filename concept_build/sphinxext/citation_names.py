"""In-text citations name a body in the edition's language wherever the register or the normative
base gives that body's name and a catalogue translates it ("[General Confederation of Trade
Unions, 2025]" in English for a work whose BibTeX author is written in Russian)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes

import concept_build
from concept_build.common.catalogs import catalog
from concept_build.common.languages import ALL_LANGUAGES
from concept_build.sphinxext.amendments.data import register_of
from concept_build.sphinxext.normative_base.data import acts_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def bodies(app: Sphinx) -> list[tuple[str, str]]:
    """The English names of bodies, each with the catalogue that translates it: the register's
    participants (amendments.po) and the bodies that adopted the acts (normative-base.po)."""
    register = register_of(app)
    named = [(who.body, 'amendments') for who in register.participants.values()] if register else []
    return named + [(act.adopted_by, 'normative-base') for act in acts_of(app.env).values()]


@cache
def renames(locale_dir: Path, language: str, named: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Each body's name in every language the catalogues give it in, and the same name in *language*.

    Asked for every page each builder resolves; the catalogues do not change while Sphinx runs
    (each edition is built in a process of its own), so once is enough."""
    found = {}
    for english, domain in named:
        in_edition = catalog(locale_dir, language, domain)(english) if language != 'en' else english
        for other in ALL_LANGUAGES:
            name = catalog(locale_dir, other, domain)(english) if other != 'en' else english
            if name != in_edition:
                found[name] = in_edition
    return found


def translate_citations(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Write each citation's author in the edition's language where the catalogues have it."""
    locale_dirs = app.config.locale_dirs
    if not locale_dirs:
        return
    table = renames((Path(app.srcdir) / locale_dirs[0]).resolve(), app.config.language or 'en', tuple(bodies(app)))
    if not table:
        return
    for citation in doctree.findall(nodes.Element):
        if 'bibtex-citation' not in citation.get('classes', []):
            continue
        for text in list(citation.findall(nodes.Text)):
            value = str(text)
            renamed = value
            for name, in_edition in table.items():
                renamed = renamed.replace(name, in_edition)
            if renamed != value:
                text.parent.replace(text, nodes.Text(renamed))


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension('concept_build.sphinxext.amendments')
    app.connect('doctree-resolved', translate_citations)
    return {
        'version': concept_build.__version__,
        'env_version': 1,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
