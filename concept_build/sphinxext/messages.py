"""Texts from data files (acts, participants) translated as the page that shows them is translated."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx import locale
from sphinx.util.i18n import docname_to_domain

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment


def page_gettext(env: BuildEnvironment, docname: str) -> Callable[[str], str]:
    """Translate a text of page *docname* as its own gettext catalogue does."""
    if not env.config.language or env.config.language == 'en':
        return str
    dirs = [str(Path(env.srcdir) / d) for d in env.config.locale_dirs]
    translator, _found = locale.init(dirs, env.config.language, docname_to_domain(docname, env.config.gettext_compact))
    return translator.gettext
