"""The edition as an EPUB book: its metadata, a title page with the working-text notice, and a
reproducible archive."""

from __future__ import annotations

import datetime as dt
import os
import stat
import uuid
import zipfile
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.locale import _ as sphinx_gettext

import concept_build
from concept_build.sphinxext import edition

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

#: The page that opens the book (the epub builder writes pages as .xhtml).
TITLE_PAGE = 'titlepage'
#: The book's stylesheet, apart from the site's (which relies on the site's theme).
STATIC = Path(__file__).parent / 'static' / 'epub'


def configure(app: Sphinx, config: Config) -> None:
    """The book's metadata, from the same catalogue as the PDF's (after edition.configure_edition)."""
    label, _detail = edition.which_text(app, config)
    config.epub_basename = edition.file_stem(config)
    config.epub_title = config.project
    config.epub_author = config.epub_publisher = config.epub_contributor = config.author
    config.epub_copyright = config.copyright
    config.epub_description = edition.notice()
    config.epub_language = config.language
    # One identifier per language and version, the same at every build: a reader's library
    # sees a later build of the same edition as the same book, updated. Sphinx writes the id
    # of the identifier where the NCX wants its value (sphinx-doc/sphinx#11184), so the two are
    # one XML name.
    config.epub_identifier = config.epub_uid = 'concept-' + str(
        uuid.uuid5(
            uuid.NAMESPACE_URL, f'concept-of-the-common-migration-space/{config.language}/{config.concept_version}'
        )
    )
    config.version = label  # which text this is, in the book's metadata
    config.epub_pre_files = [(TITLE_PAGE + '.xhtml', label)]
    # The addresses of links would interrupt the sentences, as in the PDF.
    config.epub_show_urls = 'no'
    config.epub_use_index = False
    config.epub_tocdepth = 2


def speak_the_language(app: Sphinx) -> None:
    """Every page says its language, as the site's do: Sphinx's EPUB pages omit it, and a
    screen reader would then read Armenian or Kazakh with the reader's own voice. The book's
    table of contents is headed in it too (Sphinx's heading there is English in every book)."""
    if app.builder.name == 'epub':
        language = escape(app.config.language)
        app.builder.html_tag = app.builder.html_tag.replace(
            '<html ', f'<html lang="{language}" xml:lang="{language}" ', 1
        )
        # The site's word for it, furo's "Contents", translated in locale/<lang>/sphinx.po.
        app.builder.guide_titles = {**app.builder.guide_titles, 'toc': str(sphinx_gettext('Contents'))}


def add_stylesheet(app: Sphinx) -> None:
    if app.builder.name == 'epub':
        app.config.html_static_path = [*app.config.html_static_path, str(STATIC)]
        app.add_css_file('concept-epub.css')


def title_page(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """The book's first page: the title, which text this is and the notice (only in the EPUB)."""
    if app.builder.name != 'epub':
        return
    label, detail = edition.which_text(app, app.config)
    yield (
        TITLE_PAGE,
        {
            'title': app.config.project,
            'concept_label': label,
            'concept_detail': detail,
            'concept_notice': edition.notice(),
        },
        'concept-titlepage.html',
    )


def epoch() -> dt.datetime:
    """The text's time (SOURCE_DATE_EPOCH), which a ZIP file can hold only from 1980 on."""
    value = os.environ.get('SOURCE_DATE_EPOCH', '')
    when = dt.datetime.fromtimestamp(int(value), dt.UTC) if value.isdigit() else dt.datetime.now(dt.UTC)
    return max(when, dt.datetime(1980, 1, 1, tzinfo=dt.UTC))


def make_reproducible(app: Sphinx, exception: Exception | None) -> None:
    """Write the archive again with every entry dated by the text and the same permissions, so
    that two builds of one text are the same bytes (Sphinx's entries carry the files' times)."""
    if exception is not None or app.builder.name != 'epub':
        return
    book = Path(app.outdir) / f'{app.config.epub_basename}.epub'
    date_time = epoch().timetuple()[:6]
    rewritten = book.with_suffix('.partial')
    with zipfile.ZipFile(book) as old, zipfile.ZipFile(rewritten, 'w') as new:
        for info in old.infolist():  # mimetype first and stored, as EPUB requires
            entry = zipfile.ZipInfo(info.filename, date_time)
            entry.compress_type, entry.create_system = info.compress_type, 3
            entry.external_attr = (stat.S_IFREG | 0o644) << 16
            new.writestr(entry, old.read(info))
    rewritten.replace(book)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension('concept_build.sphinxext.edition')
    app.connect('config-inited', configure, priority=600)  # after the edition's title and author
    app.connect('builder-inited', speak_the_language)
    app.connect('builder-inited', add_stylesheet)
    app.connect('html-collect-pages', title_page)
    app.connect('build-finished', make_reproducible)
    return {
        'version': concept_build.__version__,
        'env_version': 1,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
