"""The handbook's ``translation-status`` table, counted from the catalogues at build time."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from babel import Locale, UnknownLocaleError
from docutils import nodes
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.util.docutils import SphinxDirective

import concept_build
from concept_build.common.catalogs import statistics
from concept_build.common.datafile import DataFileError
from concept_build.common.project import LOCALE
from concept_build.common.terms import TERM_BASE, term_problems

if TYPE_CHECKING:
    from collections.abc import Set

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

COLUMNS = ('Code', 'Language', 'Translated', 'Fuzzy', 'Untranslated', '% translated')
#: Shown where the locale folder has a term base: what `nox -s check-po` says of each language's terms.
TERMS_COLUMN = 'Term problems'

#: The numbers each page was read with, by docname, kept in the pickled environment.
SHOWN = 'concept_translation_status'


def locale_dir(env: BuildEnvironment) -> Path:
    # An absolute setting is kept as it is; a relative one is taken from the source folder.
    return env.srcdir / env.config.concept_status_locale_dir


def shown(env: BuildEnvironment) -> dict[str, list[dict] | None]:
    if not hasattr(env, SHOWN):
        setattr(env, SHOWN, {})
    return getattr(env, SHOWN)


def own_name(code: str) -> str:
    try:
        return Locale(code).get_display_name(code) or code
    except (UnknownLocaleError, ValueError):
        # A code CLDR does not know still gets its row; its name is then the code itself.
        return code


def counted(locale: Path) -> list[dict]:
    """The statistics of each language, with its term problems where there is a term base."""
    rows = statistics(locale=locale)
    if (locale / TERM_BASE).exists():
        rows = [{**row, 'terms': len(term_problems(locale, row['language']))} for row in rows]
    return rows


def cells(row: dict) -> list[str]:
    numbers = [row['translated'], row['fuzzy'], row['untranslated'], row['percent']]
    return [
        row['language'],
        own_name(row['language']),
        *map(str, numbers),
        *([str(row['terms'])] if 'terms' in row else []),
    ]


def table_row(cells: list[str]) -> nodes.row:
    return nodes.row('', *(nodes.entry('', nodes.paragraph(text=cell)) for cell in cells))


class TranslationStatus(SphinxDirective):
    """A table of translated, fuzzy and untranslated messages per language, and of term problems."""

    def run(self) -> list[nodes.Node]:
        # Noted before counting: a page that failed to count is then read again next time.
        shown(self.env)[self.env.docname] = None
        locale = locale_dir(self.env)
        if not locale.is_dir():
            # Without this the page would build and show every language at zero.
            raise self.error(f'no locale folder {locale} (set concept_status_locale_dir)')
        try:
            rows = counted(locale)
        except (OSError, ValueError, DataFileError) as exc:
            # polib names the broken file and line; a traceback would hide that.
            raise self.error(f'cannot count the catalogues: {exc}') from None
        shown(self.env)[self.env.docname] = rows

        columns = [*COLUMNS, *([TERMS_COLUMN] if rows and 'terms' in rows[0] else [])]
        table = nodes.table(classes=['translation-status', 'colwidths-auto'])
        self.set_source_info(table)
        group = nodes.tgroup(cols=len(columns))
        table += group
        group += [nodes.colspec(colwidth=1) for _ in columns]
        group += nodes.thead('', table_row(columns))
        group += nodes.tbody('', *(table_row(cells(row)) for row in rows))
        return [table]


class StatusCollector(EnvironmentCollector):
    """Re-reads a page with the table whenever the catalogues' numbers are no longer its own.

    Sphinx sees only the page's own source change. Comparing the numbers, rather than noting
    each .po file as a dependency, also catches a catalogue or a language that was added.
    """

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        shown(env).pop(docname, None)

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment) -> None:
        theirs = shown(other)
        shown(env).update({docname: theirs[docname] for docname in docnames if docname in theirs})

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        # The directive records its numbers itself while the page is parsed.
        pass

    def get_outdated_docs(
        self, app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
    ) -> list[str]:
        pages = shown(env)
        if not pages:
            return []
        try:
            now = counted(locale_dir(env))
        except (OSError, ValueError, DataFileError):
            # Re-read, so that the directive reports the broken catalogue.
            return list(pages)
        return [docname for docname, rows in pages.items() if rows != now]


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value('concept_status_locale_dir', str(LOCALE), 'env', types=[str])
    app.add_directive('translation-status', TranslationStatus)
    app.add_env_collector(StatusCollector)
    return {
        'version': concept_build.__version__,
        'env_version': 1,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
