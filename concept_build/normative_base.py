"""The normative base and bibliography: acts from YAML, works from BibTeX, links back to provisions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, NoReturn

from babel import Locale
from babel.dates import format_date
from docutils import nodes
from sphinx import addnodes
from sphinx import locale
from sphinx.locale import get_translation
from sphinx.util.i18n import docname_to_domain
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

import concept_build
from concept_build.datafile import DataFileError, check_bibtex, parse_date, yaml_entries
from concept_build.provisions import KEY_PATTERN, nearest, role_location

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

MESSAGE_CATALOG = 'concept'
_ = get_translation(MESSAGE_CATALOG)
logger = logging.getLogger(__name__)

# The order and headings of the groups on the page; a message of the 'concept' catalogue each.
LEVELS = {
    'universal': _('Universal acts'),
    'cis': _('Acts of the Commonwealth of Independent States'),
    'eaeu': _('Acts of the Eurasian Economic Union'),
    'bilateral-national': _('Bilateral and national acts'),
}
KINDS = {
    'agreement': _('Agreement'),
    'charter': _('Charter'),
    'compact': _('Compact'),
    'concept': _('Concept'),
    'convention': _('Convention'),
    'covenant': _('Covenant'),
    'declaration': _('Declaration'),
    'presidential-resolution': _('Resolution of the President'),
    'protocol': _('Protocol'),
    'resolution': _('Resolution'),
    'strategy': _('Strategy'),
    'treaty': _('Treaty'),
}
REQUIRED = ('key', 'level', 'kind', 'title', 'short_title', 'date', 'adopted_by')
OPTIONAL = ('place', 'parties', 'scope', 'url')


class Act(NamedTuple):
    key: str
    level: str
    kind: str
    title: str
    short_title: str
    date: str  # YYYY-MM-DD, or YYYY where only the year is certain
    adopted_by: str
    place: str | None
    parties: str | None
    scope: str | None
    url: str | None
    source: str
    line: int


_cache: dict[Path, tuple[float, dict[str, Act]]] = {}


def load_acts(path: Path) -> dict[str, Act]:
    """Read and check the acts in *path*; any problem is a DataFileError naming the file and line."""
    acts: dict[str, Act] = {}
    for entry in yaml_entries(path, 'act', 'key', REQUIRED, OPTIONAL):
        key = str(entry['key'])
        if not KEY_PATTERN.fullmatch(key):
            raise DataFileError(f'{entry.where("key")}: act key {key!r} is not a lowercase slug '
                                '(letters, digits and single hyphens)')
        if key in acts:
            raise DataFileError(f'{entry.where("key")}: duplicate act key {key!r}, '
                                f'first at line {acts[key].line}')
        for field, allowed in (('level', LEVELS), ('kind', KINDS)):
            if entry[field] not in allowed:
                raise DataFileError(f'{entry.where(field)}: {field} {entry[field]!r} of {key!r} is not '
                                    f'one of {", ".join(allowed)}')
        date = parse_date(entry, 'date', year_alone=True)
        fields = {field: (str(entry[field]) if entry.get(field) else None) for field in OPTIONAL}
        acts[key] = Act(key=key, level=entry['level'], kind=entry['kind'], title=str(entry['title']),
                        short_title=str(entry['short_title']), date=date,
                        adopted_by=str(entry['adopted_by']), source=str(path), line=entry.line, **fields)
    return acts


def normative_base_path(env: BuildEnvironment) -> Path:
    return (Path(env.srcdir) / env.config.concept_normative_base).resolve()


def acts_of(env: BuildEnvironment) -> dict[str, Act]:
    """The acts of this project, re-read only when the file has changed."""
    path = normative_base_path(env)
    mtime = path.stat().st_mtime if path.exists() else -1.0
    cached = _cache.get(path)
    if cached is None or cached[0] != mtime:
        _cache[path] = (mtime, load_acts(path))
    return _cache[path][1]


def normative_base_gettext(env: BuildEnvironment, docname: str) -> Callable[[str], str]:
    """Translate a text of the normative base page as its own gettext catalogue does."""
    if not env.config.language or env.config.language == 'en':
        return str
    dirs = [str(Path(env.srcdir) / d) for d in env.config.locale_dirs]
    translator, _found = locale.init(dirs, env.config.language,
                                     docname_to_domain(docname, env.config.gettext_compact))
    return translator.gettext


def format_act_date(date: str, language: str) -> str:
    """A date as the edition's language writes it; a bare year stays a year."""
    if len(date) == 4:
        return date
    return long_date(dt.date.fromisoformat(date), language)


def long_date(date: dt.date, language: str) -> str:
    """The language's long date, with the day as people write it: "2 April", never "02 April"."""
    locale = Locale.parse('en_GB' if language == 'en' else language)
    # CLDR pads the day in some languages' long form (Tajik, Armenian); no document does.
    pattern = locale.date_formats['long'].pattern.replace('dd', 'd')
    return format_date(date, format=pattern, locale=locale)


class act_backlinks(nodes.Element):
    """Placeholder for the links from an act to the provisions citing it, filled at write time."""


class NormativeBaseDirective(SphinxDirective):
    """Render every act of the normative base, grouped by level."""

    def run(self) -> list[nodes.Node]:
        acts = acts_of(self.env)
        self.env.note_dependency(str(normative_base_path(self.env)))
        self.env.domains['concept'].data['normative_base_doc'] = self.env.docname
        sections = []
        for level, heading in LEVELS.items():
            members = [act for act in acts.values() if act.level == level]
            if not members:
                continue
            section = nodes.section(ids=[f'level-{level}'], names=[f'level-{level}'])
            section += nodes.title('', str(heading))
            for act in members:
                section += self.render_act(act)
            sections.append(section)
        return sections

    def translatable(self, node_class: type[nodes.TextElement], text: str, act: Act,
                     **attributes: Any) -> nodes.TextElement:
        # A source and a line make the text a gettext message located in the YAML file.
        node = node_class(text, text, **attributes)
        node.source, node.line = act.source, act.line
        return node

    def render_act(self, act: Act) -> nodes.Element:
        entry = nodes.container(ids=[act.key], classes=['act'])
        entry += self.translatable(nodes.rubric, act.title, act, classes=['act-title'])
        fields = nodes.field_list(classes=['act-fields'])

        def add(name: str, body: nodes.Node) -> None:
            fields.append(nodes.field('', nodes.field_name('', name), nodes.field_body('', body)))

        add(str(_('Short title')), self.translatable(nodes.paragraph, act.short_title, act))
        add(str(_('Kind')), nodes.paragraph('', str(KINDS[act.kind])))
        add(str(_('Date')), nodes.paragraph('', format_act_date(act.date, self.config.language)))
        if act.place:
            add(str(_('Place')), self.translatable(nodes.paragraph, act.place, act))
        add(str(_('Adopted by')), self.translatable(nodes.paragraph, act.adopted_by, act))
        if act.parties:
            add(str(_('Parties')), self.translatable(nodes.paragraph, act.parties, act))
        if act.scope:
            add(str(_('Scope')), self.translatable(nodes.paragraph, act.scope, act))
        if act.url:
            link = nodes.reference(act.url, act.url, refuri=act.url)
            add(str(_('Text')), nodes.paragraph('', '', link))
        add(str(_('Cited in')), act_backlinks(kind='acts', key=act.key))
        entry += fields
        return entry


def _backlinks(app: Sphinx, docname: str, kind: str, key: str) -> nodes.paragraph:
    domain = app.env.domains['concept']
    paragraph = nodes.paragraph(classes=['backlinks'])
    citing = domain.citing_provisions(kind, key)
    if not citing:
        paragraph += nodes.emphasis('', str(_('not cited in the text')))
    for i, prov_key in enumerate(citing):
        if i:
            paragraph += nodes.Text(', ')
        number = domain.number(prov_key)
        paragraph += make_refnode(app.builder, docname, domain.provisions[prov_key].docname,
                                  prov_key, nodes.inline('', number), number)
    return paragraph


def fill_backlinks(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Link every act and every cited work to the provisions that cite it."""
    for placeholder in list(doctree.findall(act_backlinks)):
        placeholder.replace_self(_backlinks(app, docname, placeholder['kind'], placeholder['key']))
    bibtex = app.env.domains.get('cite')
    if bibtex is None:
        return
    keys_by_id = {node['ids'][0]: key for bibliography in bibtex.bibliographies.values()
                  for key, node in bibliography.citation_nodes.items() if node['ids']}
    for citation in doctree.findall(nodes.citation):
        key = next((keys_by_id[i] for i in citation['ids'] if i in keys_by_id), None)
        if key is not None:
            links = _backlinks(app, docname, 'works', key)
            links.insert(0, nodes.Text(str(_('Cited in')) + ': '))
            citation += links


def stop(error: DataFileError) -> NoReturn:
    """Report a malformed data file as one error line and end the build.

    An exception would show Sphinx's crash report, with a traceback and a temporary log file,
    for what is a mistake in a data file; SystemExit ends sphinx-build without either.
    """
    logger.error('%s', error.problem, location=error.where or None)
    raise SystemExit(2)


def check_data_files(app: Sphinx) -> None:
    """Read the acts and parse the BibTeX files before anything is built, so that a malformed
    file stops the build at once with its file and line (sphinxcontrib-bibtex would not name them)."""
    try:
        if app.env is not None:
            acts_of(app.env)
        for name in getattr(app.config, 'bibtex_bibfiles', []):
            path = Path(app.srcdir) / name
            if path.is_file():  # sphinxcontrib-bibtex reports a missing file itself
                check_bibtex(path)
    except DataFileError as error:
        stop(error)


def check_work_keys(app: Sphinx, doctree: nodes.document) -> None:
    """Name an unknown work cited with {cite} at the role's line, with the nearest known key."""
    bibtex = app.env.domains.get('cite')
    if bibtex is None:
        return
    known = bibtex.bibdata.data.entries
    for ref in doctree.findall(addnodes.pending_xref):
        if ref.get('refdomain') != 'cite':
            continue
        for key in (k.strip() for k in ref['reftarget'].split(',')):
            if key and key not in known:
                logger.warning('unknown work key %r: it is not in %s%s', key,
                               ', '.join(app.config.bibtex_bibfiles), nearest(key, known),
                               location=role_location(app, ref), type='concept', subtype='unknown-key')


def quiet_bibtex_key_warnings(app: Sphinx, config: Config) -> None:
    # check_work_keys reports the same unknown key, with a suggestion: one line, not two.
    config.suppress_warnings = [*config.suppress_warnings, 'bibtex.key_not_found']


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension('concept_build.provisions')
    app.add_message_catalog(MESSAGE_CATALOG, str(Path(concept_build.__file__).parent / 'locale'))
    app.add_directive('normative-base', NormativeBaseDirective)
    app.add_node(act_backlinks)
    # Before sphinxcontrib-bibtex reads the same files and fails without naming them.
    app.connect('builder-inited', check_data_files, priority=400)
    app.connect('doctree-resolved', fill_backlinks)
    app.connect('doctree-read', check_work_keys)
    app.connect('config-inited', quiet_bibtex_key_warnings)
    return {
        'version': concept_build.__version__,
        'env_version': 1,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
