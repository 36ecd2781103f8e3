"""Spare MyST the docutils settings and the Markdown parser it builds anew for every translated message."""

from __future__ import annotations

import copy
import functools
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.utils import new_document
from myst_parser.mdit_to_docutils import base
from myst_parser.parsers import sphinx_

import concept_build
from concept_build.common.memo import by_identity

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


_create_md_parser = sphinx_.create_md_parser
#: MyST's parser for a configuration, made once and used again for every message and page. MyST
#: makes a new one (its rules compiled, its renderer's methods listed) for each text it parses:
#: each of the hundreds of messages of a translated edition. A parser keeps nothing of one text
#: for the next: its renderer starts each render afresh (``setup_render``).
create_md_parser = by_identity(_create_md_parser)


def setup(app: Sphinx) -> ExtensionMetadata:
    # Once per process, and only over the functions this was written against.
    if base.make_document is _make_document:
        base.make_document = make_document
    if sphinx_.create_md_parser is _create_md_parser:
        sphinx_.create_md_parser = create_md_parser
    return {
        'version': concept_build.__version__,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
