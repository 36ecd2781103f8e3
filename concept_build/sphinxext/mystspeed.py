"""Spare MyST the docutils settings it builds, and throws away, for every translated message."""

from __future__ import annotations

import copy
import functools
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.utils import new_document
from myst_parser.mdit_to_docutils import base

import concept_build

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

_default_settings = functools.cache(get_default_settings)
_make_document = base.make_document


def make_document(source_path: str = 'notset', parser_cls: type = base.RSTParser) -> nodes.document:
    """The same document as MyST's own, its settings copied from the first one made.

    MyST's renderer asks for a new document (``options.get("document", make_document())``) even
    when Sphinx gives it one, as it does for every message it translates; building the settings
    parses every docutils option anew, a third of the time Sphinx spends reading a translated
    edition. The result is thrown away in that case, and equal to MyST's otherwise.
    """
    return new_document(source_path, settings=copy.deepcopy(_default_settings(parser_cls)))


def setup(app: Sphinx) -> ExtensionMetadata:
    # Once per process, and only over the function this was written against.
    if base.make_document is _make_document:
        base.make_document = make_document
    return {
        'version': concept_build.__version__,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
