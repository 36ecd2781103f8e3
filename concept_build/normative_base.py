"""The normative base and bibliography: acts from YAML, works from BibTeX, links back to provisions."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

import yaml
from babel import Locale
from babel.dates import format_date
from pybtex.database.input.bibtex import Parser as BibTeXParser
from pybtex.exceptions import PybtexError
from docutils import nodes
from sphinx.errors import SphinxError
from sphinx import locale
from sphinx.locale import get_translation
from sphinx.util.i18n import docname_to_domain
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

import concept_build
from concept_build.provisions import KEY_PATTERN

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

MESSAGE_CATALOG = 'concept'
_ = get_translation(MESSAGE_CATALOG)

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
    'protocol': _('Protocol'),
    'resolution': _('Resolution'),
    'treaty': _('Treaty'),
}
REQUIRED = ('key', 'level', 'kind', 'title', 'short_title', 'date', 'adopted_by')
OPTIONAL = ('place', 'parties', 'scope', 'url')
DATE_PATTERN = re.compile(r'\d{4}(?:-\d{2}-\d{2})?')


class NormativeBaseError(SphinxError):
    category = 'Normative base error'


class BibliographyError(SphinxError):
    category = 'Bibliography error'


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


class LineLoader(yaml.SafeLoader):
    """Keeps the line of every mapping so that errors can name it."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[str, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        mapping['__line__'] = node.start_mark.line + 1
        return mapping


# Dates are kept as text: YAML would otherwise turn 1948-12-10 into a date and 2012 into an int.
for _tag in ('tag:yaml.org,2002:timestamp', 'tag:yaml.org,2002:int'):
    LineLoader.add_constructor(_tag, yaml.SafeLoader.construct_yaml_str)

_cache: dict[Path, tuple[float, dict[str, Act]]] = {}


def yaml_entries(path: Path, text: str, noun: str, key_field: str, required: tuple[str, ...],
                 optional: tuple[str, ...], error: type[Exception],
                 may_be_empty: bool = False) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each entry of a YAML list of mappings with its line, its fields checked; any problem
    is raised as *error* naming the file and line."""
    try:
        entries = yaml.load(text, Loader=LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        # The context mark is where the broken construct began, which is where to look.
        mark = getattr(exc, 'context_mark', None) or getattr(exc, 'problem_mark', None)
        where = f'{path}:{mark.line + 1}' if mark else str(path)
        problem = '; '.join(filter(None, [getattr(exc, 'context', None),
                                          getattr(exc, 'problem', None)])) or str(exc)
        raise error(f'{where}: malformed YAML: {problem}') from exc
    if entries is None and may_be_empty:
        return
    if not isinstance(entries, list):
        raise error(f'{path}:1: expected a list of {noun}s, one "- {key_field}: ..." entry each')
    for entry in entries:
        if not isinstance(entry, dict):
            raise error(f'{path}: every {noun} must be a mapping of fields, got {entry!r}')
        line = entry.pop('__line__')
        missing = [field for field in required if not entry.get(field)]
        if missing:
            raise error(f'{path}:{line}: {noun} {entry.get(key_field, "?")!r} lacks {", ".join(missing)}')
        unknown = sorted(set(entry) - set(required) - set(optional))
        if unknown:
            raise error(f'{path}:{line}: unknown field(s) {", ".join(unknown)}')
        yield line, entry


def load_acts(path: Path) -> dict[str, Act]:
    """Read and check the acts in *path*; any problem names the file and line."""
    try:
        text = path.read_text(encoding='utf-8')
    except OSError as exc:
        raise NormativeBaseError(f'{path}: cannot read the normative base: {exc.strerror}') from exc
    acts: dict[str, Act] = {}
    for line, entry in yaml_entries(path, text, 'act', 'key', REQUIRED, OPTIONAL, NormativeBaseError):
        where = f'{path}:{line}'
        key = str(entry['key'])
        if not KEY_PATTERN.fullmatch(key):
            raise NormativeBaseError(f'{where}: act key {key!r} is not a lowercase slug')
        if key in acts:
            raise NormativeBaseError(f'{where}: duplicate act key {key!r}, first at line {acts[key].line}')
        if entry['level'] not in LEVELS:
            raise NormativeBaseError(
                f'{where}: level {entry["level"]!r} of {key!r} is not one of {", ".join(LEVELS)}')
        if entry['kind'] not in KINDS:
            raise NormativeBaseError(
                f'{where}: kind {entry["kind"]!r} of {key!r} is not one of {", ".join(KINDS)}')
        date = str(entry['date'])
        try:
            if not DATE_PATTERN.fullmatch(date):
                raise ValueError
            if len(date) > 4:
                dt.date.fromisoformat(date)
        except ValueError:
            raise NormativeBaseError(f'{where}: date {date!r} of {key!r} is not YYYY-MM-DD or YYYY') from None
        fields = {field: (str(entry[field]) if entry.get(field) else None) for field in OPTIONAL}
        acts[key] = Act(key=key, level=entry['level'], kind=entry['kind'], title=str(entry['title']),
                        short_title=str(entry['short_title']), date=date,
                        adopted_by=str(entry['adopted_by']), source=str(path), line=line, **fields)
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


def check_normative_base(app: Sphinx) -> None:
    """Read the acts before anything is built, so a malformed file stops the build at once."""
    if app.env is not None:
        acts_of(app.env)


def check_bibliography(app: Sphinx) -> None:
    """Parse the BibTeX files first, so that a syntax error names its file and line."""
    for name in getattr(app.config, 'bibtex_bibfiles', []):
        path = Path(app.srcdir) / name
        if not path.is_file():
            continue  # sphinxcontrib-bibtex reports a missing file itself
        try:
            BibTeXParser(encoding='utf-8').parse_file(str(path))
        except PybtexError as exc:
            line = getattr(exc, 'lineno', None)
            where = f'{path}:{line}' if line else str(path)
            raise BibliographyError(f'{where}: {exc}') from None


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension('concept_build.provisions')
    app.add_message_catalog(MESSAGE_CATALOG, str(Path(concept_build.__file__).parent / 'locale'))
    app.add_directive('normative-base', NormativeBaseDirective)
    app.add_node(act_backlinks)
    app.connect('builder-inited', check_normative_base)
    # Before sphinxcontrib-bibtex reads the same files and fails without naming them.
    app.connect('builder-inited', check_bibliography, priority=400)
    app.connect('doctree-resolved', fill_backlinks)
    return {
        'version': concept_build.__version__,
        'env_version': 1,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
