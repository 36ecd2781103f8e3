"""One edition of the Concept: the working-text notice, the PDF's name and title page, and its link."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from html import escape, unescape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.writers.latex2e import Babel
from sphinx.locale import get_translation

import concept_build
from concept_build.common import layout
from concept_build.common.datafile import DataFileError
from concept_build.common.dates import long_date
from concept_build.common.layout import AMENDMENTS, COMPARE
from concept_build.common.project import LATEST
from concept_build.common.rounds import RegistryError
from concept_build.common.tex import tex
from concept_build.common.versions import version_label
from concept_build.sphinxext import paper
from concept_build.sphinxext.amendments.data import register_of
from concept_build.sphinxext.errors import stop
from concept_build.sphinxext.navigation import BannerLinks, banner, registry_of, registry_path

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

_ = get_translation('concept')

#: Our code, all of whose modules reach the pages; the templates of the pages made by Sphinx.
PACKAGE = Path(concept_build.__file__).parent
TEMPLATES = Path(__file__).parent / 'templates'

#: Polyglossia's name for each language it can typeset with its own hyphenation and captions.
POLYGLOSSIA = {'en': 'english', 'ru': 'russian', 'hy': 'armenian', 'be': 'belarusian'}

#: Gloss options Sphinx cannot pass. Armenian would number chapters and pages with Armenian
#: letters, which breaks Sphinx's numbering and would not match the provisions' "4.2".
POLYGLOSSIA_OPTIONS = {'hy': 'numerals=arabic'}

#: Languages polyglossia has no gloss for. Babel knows their names, but TeX Live has neither
#: hyphenation patterns nor captions for them: they are set with babel, without hyphenation
#: (another language's patterns would break words wrongly) and with captions from our catalogue.
BABEL_WITHOUT_PATTERNS = {'kk': 'kazakh', 'uz': 'uzbek', 'ky': 'kyrgyz', 'tg': 'tajik', 'az': 'azerbaijani'}


def latex_captions() -> dict[str, str]:
    """The LaTeX captions a PDF shows, as babel names them, in the edition's language."""
    return {
        'contents': str(_('Contents')),
        'chapter': str(_('Chapter')),
        'appendix': str(_('Appendix')),
        'index': str(_('Index')),
        'page': str(_('page')),
        'bib': str(_('Bibliography')),
    }


def babel_setup(name: str) -> str:
    """Load babel for a language without patterns: main language, no hyphenation, our captions."""
    captions = ''.join(
        rf'\setlocalecaption{{{name}}}{{{key}}}{{{text}}}' '\n' for key, text in latex_captions().items()
    )
    return (
        '\\usepackage[provide=*]{babel}\n'
        rf'\babelprovide[main, hyphenrules=nohyphenation]{{{name}}}'
        '\n' + captions
    )


def notice() -> str:
    return str(
        _(
            'Working text prepared for the discussion of the working group. '
            'It is not an official document of the Commonwealth of Independent States.'
        )
    )


def file_stem(config: Config) -> str:
    """The name of the edition's files, its PDF and its EPUB, without their suffix."""
    return layout.file_stem(config.language, config.concept_version)


def pdf_name(config: Config) -> str:
    return file_stem(config) + '.pdf'


def text_date() -> dt.date:
    """The date of the text: its commit's, which the build passes as SOURCE_DATE_EPOCH, so that
    two builds of one commit are identical; today where nothing set it."""
    epoch = os.environ.get('SOURCE_DATE_EPOCH')
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def which_text(app: Sphinx, config: Config) -> tuple[str, str]:
    """Which text this is, in two lines: "Working draft" and its date, or the round (with its
    date) and its place."""
    try:
        registry = registry_of(app)
    except RegistryError as exc:
        stop(DataFileError(str(exc)))
    round_ = next((r for r in registry if r.id == config.concept_version), None)
    if round_ is None:
        return str(_('Working draft')), long_date(text_date(), config.language)
    return version_label(round_.id, registry, config.language, _), str(_(round_.place))


def front_of(app: Sphinx, config: Config) -> paper.Front:
    """What the PDF's first page and running heads say of the edition."""
    label, detail = which_text(app, config)
    latest = config.concept_version == LATEST
    current = f'{config.concept_base_url}{config.language}/{LATEST}/index.html' if config.concept_base_url else ''
    return paper.Front(
        language=config.language,
        title=config.project,
        which=f'{label}, {detail}' if latest else label,
        where='' if latest else detail,
        notice=notice(),
        current=current,
    )


def inputs_digest(app: Sphinx, config: Config) -> str:
    """A digest of what the pages are made from besides their own sources and catalogues.

    Sphinx re-reads a page when its source or its catalogue changes; the data files, the
    interface catalogues and our own code reach pages it does not track. Stored as an 'env'
    setting, a change of any of them re-reads every page, so a warm build equals a clean one.
    The register's files are listed by name too: a round's new file is a change of the register.
    """
    confdir = Path(app.confdir)
    register = getattr(config, 'concept_amendments', '')
    files = [
        confdir / config.concept_normative_base,
        registry_path(config, confdir),
        *(sorted((confdir / register).glob('*.yaml')) if register else []),
        *(confdir / name for name in getattr(config, 'bibtex_bibfiles', [])),
        *(
            confdir / d / str(config.language) / 'LC_MESSAGES' / f'{domain}.po'
            for d in config.locale_dirs
            for domain in ('concept', 'sphinx')
        ),
        *sorted(PACKAGE.rglob('*.py')),
        *sorted(PACKAGE.glob('locale/*/LC_MESSAGES/*.po')),
    ]
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(PACKAGE) if path.is_relative_to(PACKAGE) else path.name).encode())
        digest.update(path.read_bytes() if path.is_file() else b'-')
    return digest.hexdigest()


def configure_edition(app: Sphinx, config: Config) -> None:
    """Fill the settings that follow from the edition's language and version."""
    config.concept_inputs = inputs_digest(app, config)
    for locale_dir in config.locale_dirs:
        app.add_message_catalog('concept', str(Path(app.confdir) / locale_dir))
    # conf.py is not translated by gettext, so the title comes from our catalogue.
    config.project = str(_('Concept of the Common Migration Space of the CIS States'))
    # The author appears in the footer's copyright and on the PDF's title page.
    author = str(_('Working Group on the New Edition of the Concept'))
    config.copyright = config.copyright.replace(config.author, author)
    config.author = author
    config.html_title = config.project
    config.templates_path = [*config.templates_path, str(TEMPLATES)]
    # Docutils, and so Sphinx, knows only some of these names: teach it the others, so that it
    # passes the language to LaTeX instead of warning that it knows no Babel option for it.
    if config.language in POLYGLOSSIA:
        Babel.language_codes.setdefault(config.language, POLYGLOSSIA[config.language])
        if config.language in POLYGLOSSIA_OPTIONS:
            # Repeated with options after Sphinx's own \setmainlanguage, which has none.
            setting = (
                rf'\setmainlanguage[{POLYGLOSSIA_OPTIONS[config.language]}]'
                rf'{{{POLYGLOSSIA[config.language]}}}'
            )
            config.latex_elements = {
                **config.latex_elements,
                'preamble': config.latex_elements.get('preamble', '') + '\n' + setting,
            }
    elif config.language in BABEL_WITHOUT_PATTERNS:
        name = BABEL_WITHOUT_PATTERNS[config.language]
        Babel.language_codes[config.language] = name
        config.latex_elements = {**config.latex_elements, 'polyglossia': '', 'babel': babel_setup(name)}
    stem = file_stem(config)
    if not config.latex_documents or config.latex_documents[0][1] != f'{stem}.tex':
        config.latex_documents = [(config.root_doc, f'{stem}.tex', config.project, config.author, 'manual')]
    front = front_of(app, config)
    on_paper = paper.latex_elements(front)
    config.latex_elements = {
        **config.latex_elements,
        **on_paper,
        'preamble': config.latex_elements.get('preamble', '')
        + '\n'
        + on_paper['preamble']
        + '\n'
        + rf'\hypersetup{{pdftitle={{{tex(config.project)}}}, pdfauthor={{{tex(config.author)}}}, '
        + rf'pdfsubject={{{tex(front.which)}}}, pdflang={{{config.language}}}, '
        # A reader's window shows the title, not the file's name (as PDF/UA asks).
        + r'pdfdisplaydoctitle=true}',
    }


def add_edition_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if app.builder.name != 'html':  # the EPUB says which text it is on its title page
        return
    config = app.config
    context['concept_pdf'] = pdf_name(config)
    context['concept_epub'] = file_stem(config) + '.epub'
    context['concept_register'] = app.env.domains['concept'].data.get('amendments_doc')
    # furo's announcement bar, per page: the notice, and which text this is, linking the same
    # page of the working draft from a round.
    up = '../' * (pagename.count('/') + 1)
    links = BannerLinks(
        latest=f'{up}../{config.language}/{LATEST}/{pagename}.html', compare=f'{up}{COMPARE}/', table=table_of(app, up)
    )
    said = banner(config.concept_version, registry_of(app), config.language, links)
    context['theme_announcement'] = f'<span class="concept-notice">{escape(notice())}</span>' + (
        f' <span class="concept-banner">{said}</span>' if said else ''
    )
    context['metatags'] = context.get('metatags', '') + linked_data(app, pagename, context.get('title', ''))


def table_of(app: Sphinx, up: str) -> str:
    """The consolidated table of amendments the banner links: the edition's round's, or for the
    working draft the last round's that has amendments; none without amendments."""
    register = register_of(app)
    if register is None:
        return ''
    with_amendments = [r.id for r in registry_of(app) if any(a.round == r.id for a in register.amendments)]
    version = app.config.concept_version
    chosen = (
        version if version in with_amendments else with_amendments[-1] if version == LATEST and with_amendments else ''
    )
    return f'{up}{AMENDMENTS}/{chosen}.html' if chosen else ''


def linked_data(app: Sphinx, pagename: str, title: str) -> str:
    """The page as schema.org data: a part of the draft Concept, which is not in force."""
    config = app.config
    round_ = next((r for r in registry_of(app) if r.id == config.concept_version), None)
    concept = {
        '@type': 'Legislation',
        'name': config.project,
        'inLanguage': config.language,
        'legislationType': 'Concept',
        'creativeWorkStatus': 'Draft',
        'legislationLegalForce': 'https://schema.org/NotInForce',
        'version': version_label(round_.id, registry_of(app), config.language, _)
        if round_
        else str(_('Working draft')),
        'author': {'@type': 'Organization', 'name': config.author},
    }
    if round_:
        concept['legislationDate'] = round_.date.isoformat()
    if config.concept_base_url:
        concept['url'] = f'{config.concept_base_url}{config.language}/{config.concept_version}/index.html'
    data = (
        concept
        if pagename == config.root_doc
        else {
            '@type': 'Legislation',
            'name': unescape(re.sub(r'<[^>]+>', '', title)),
            'inLanguage': config.language,
            'isPartOf': concept,
        }
    )
    # Inside <script>, "</script" would end the element: JSON writes every "<" as "\u003c".
    text = json.dumps({'@context': 'https://schema.org', **data}, ensure_ascii=False, sort_keys=True).replace(
        '<', '\\u003c'
    )
    return f'<script type="application/ld+json">{text}</script>\n'


#: BibTeX's language names of the works cited; a work without one is in English.
WORK_LANGUAGES = {
    'russian': 'ru',
    'english': 'en',
    'kazakh': 'kk',
    'uzbek': 'uz',
    'kyrgyz': 'ky',
    'tajik': 'tg',
    'armenian': 'hy',
    'azerbaijani': 'az',
    'belarusian': 'be',
}


def mark_foreign_works(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Give the title of each work in another language than the edition's that language, so that
    a screen reader reads it as written (docutils writes a language-xx class as lang). Only the
    title: the rest of the entry is in the edition's language (the style's words, the backlinks)."""
    domain = app.env.domains.get('cite')
    if domain is None:
        return
    languages = {
        citation.citation_id: WORK_LANGUAGES.get(str(citation.entry.fields.get('language', 'english')).lower(), 'en')
        for citation in getattr(domain, 'citations', [])
    }
    for node in doctree.findall(nodes.citation):
        language = next((languages[i] for i in node['ids'] if i in languages), None)
        if language and language != app.config.language:
            entry = next(node.findall(nodes.paragraph), None)  # the backlinks follow it
            for title in entry.findall(nodes.emphasis) if entry else ():
                title['classes'].append(f'language-{language}')


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value('concept_version', 'latest', 'env', types=[str])
    app.add_config_value('concept_inputs', '', 'env', types=[str])
    app.setup_extension('concept_build.sphinxext.navigation')
    app.connect('config-inited', configure_edition)
    app.connect('html-page-context', add_edition_context)
    app.connect('doctree-resolved', mark_foreign_works)
    return {
        'version': concept_build.__version__,
        'env_version': 1,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
