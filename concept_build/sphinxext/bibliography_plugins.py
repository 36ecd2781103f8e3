"""The bibliography's pybtex plugins, registered at run time: found once, not once per citation."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import pybtex.plugin
from sphinxcontrib.bibtex import plugin as bibtex_plugin

import concept_build
from concept_build.sphinxext.bibliography_style import ReferenceStyle, Style

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

#: The plugins sphinxcontrib-bibtex asks pybtex for, by group and name. It asks again for each
#: citation it resolves, and pybtex reads every installed package's entry points at each asking:
#: a tenth of the time Sphinx takes for an edition. pybtex looks at plugins registered at run
#: time first.
ASKED_FOR = (
    ('pybtex.backends', 'plaintext'),
    ('pybtex.backends', 'docutils'),
    ('pybtex.style.names', 'last'),
    ('pybtex.style.names', 'plain'),
    ('pybtex.style.labels', 'number'),
    ('pybtex.style.sorting', 'author_year_title'),
)


@functools.cache
def register() -> None:
    """Once per process: the plugins stay registered for every builder run in it."""
    # Our own styles are entry points too (pyproject.toml), for pybtex used outside Sphinx.
    pybtex.plugin.register_plugin('pybtex.style.formatting', 'concept', Style, force=True)
    bibtex_plugin.register_plugin('sphinxcontrib.bibtex.style.referencing', 'concept', ReferenceStyle, force=True)
    for group, name in ASKED_FOR:
        pybtex.plugin.register_plugin(group, name, pybtex.plugin.find_plugin(group, name), force=True)


def setup(app: Sphinx) -> ExtensionMetadata:
    register()
    return {
        'version': concept_build.__version__,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
