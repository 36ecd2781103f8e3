"""The amendments register: proposals read from amendments/, the register page, markers on provisions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.locale import get_translation
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

import concept_build
from concept_build.datafile import DataFileError, parse_date, yaml_entries
from concept_build.entry import LATEST
from concept_build.navigation import registry_for, registry_of, version_label
from concept_build.normative_base import format_act_date, stop
from concept_build.provisions import KEY_PATTERN, provision

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

_ = get_translation('concept')
logger = logging.getLogger(__name__)

#: The register's folder at the top of the repository, and its file of participants.
FOLDER = 'amendments'
PARTICIPANTS = 'participants.yaml'
# The labels are looked up when a page is written: this module is imported after Sphinx has set
# up the 'concept' catalogue, so a label translated at import would stay in English.
def kinds() -> dict[str, str]:
    """Akoma Ntoso's TextualMods that a proposal can make, and an editorial correction."""
    return {'insertion': _('Insertion'), 'substitution': _('Substitution'), 'repeal': _('Repeal'),
            'split': _('Split'), 'join': _('Join'), 'editorial': _('Editorial correction')}


def statuses() -> dict[str, str]:
    return {'submitted': _('Submitted'),
            'incorporated': _("Incorporated in the working draft, for the working group's decision"),
            'accepted': _('Accepted'), 'accepted-modified': _('Accepted as modified'),
            'rejected': _('Rejected'), 'withdrawn': _('Withdrawn'),
            'merged': _('Merged into another amendment')}


def manners() -> dict[str, str]:
    return {'oral': _('orally at the meeting'), 'written': _('in writing')}


#: Statuses under which an amendment is still before the working group, and so can collide.
OPEN = ('submitted', 'incorporated')
#: Statuses whose text the working draft must carry.
CARRIED = ('incorporated', 'accepted', 'accepted-modified')

REQUIRED = ('id', 'round', 'proposer', 'manner', 'date', 'kind', 'summary', 'status')
OPTIONAL = ('targets', 'insert_after', 'text', 'rationale', 'decision', 'decided_at', 'carried_by',
            'merged_into')
PARTICIPANT_FIELDS = (('key', 'body'), ('person', 'role'))


@dataclass(frozen=True)
class Participant:
    key: str
    body: str
    person: str | None
    role: str | None
    source: str
    line: int


@dataclass(frozen=True)
class Amendment:
    id: str
    label: str  # "1.2": the round's number and the amendment's place among the round's proposals
    round: str
    proposer: str
    manner: str
    date: str
    kind: str
    summary: str
    status: str
    targets: tuple[str, ...]
    insert_after: tuple[str, ...]
    text: str | None
    rationale: str | None
    decision: str | None
    decided_at: str | None
    carried_by: tuple[str, ...]
    merged_into: str | None
    source: str
    line: int
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)

    def where(self, name: str) -> str:
        """``file:line`` of one of the amendment's fields."""
        return f'{self.source}:{self.lines.get(name, self.line)}'

    @property
    def anchor(self) -> str:
        return f'amendment-{self.id}'

    @property
    def concerns(self) -> tuple[str, ...]:
        """The provisions of the round's text that the amendment changes or inserts after."""
        return self.targets + self.insert_after


@dataclass(frozen=True)
class Register:
    participants: dict[str, Participant]
    amendments: tuple[Amendment, ...]

    def colliding(self, amendment: Amendment) -> list[Amendment]:
        """Other open amendments on a provision this one targets (shown together, not an error)."""
        if amendment.status not in OPEN:
            return []
        return [other for other in self.amendments if other is not amendment and other.status in OPEN
                and other.round == amendment.round and set(other.targets) & set(amendment.targets)]


def _keys(entry: Any, field: str) -> tuple[str, ...]:
    value = entry.get(field) or []
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise DataFileError(f'{entry.where(field)}: {field} must be a provision key or a list of keys')
    for key in values:
        if not KEY_PATTERN.fullmatch(key):
            raise DataFileError(f'{entry.where(field)}: {field} {key!r} is not a provision key')
    return tuple(values)


def _one_of(entry: Any, field: str, allowed: dict | tuple, what: str) -> str:
    value = str(entry[field])
    if value not in allowed:
        raise DataFileError(f'{entry.where(field)}: {what} {value!r} of {entry["id"]!r} is not one of '
                            f'{", ".join(allowed)}')
    return value


def load_register(folder: Path, round_ids: list[str]) -> Register:
    """Read and check the participants and every round's amendments; errors name file and line."""
    participants: dict[str, Participant] = {}
    for entry in yaml_entries(folder / PARTICIPANTS, 'participant', 'key', *PARTICIPANT_FIELDS):
        key = str(entry['key'])
        if key in participants:
            raise DataFileError(f'{entry.where("key")}: duplicate participant {key!r}, first at line '
                                f'{participants[key].line}')
        participants[key] = Participant(key, str(entry['body']),
                                        entry.get('person'), entry.get('role'), str(entry.path), entry.line)
    amendments: list[Amendment] = []
    for path in sorted(folder.glob('*.yaml')):
        if path.name == PARTICIPANTS:
            continue
        counted: dict[str, int] = {}
        for entry in yaml_entries(path, 'amendment', 'id', REQUIRED, OPTIONAL):
            amendment_id = str(entry['id'])
            if not KEY_PATTERN.fullmatch(amendment_id):
                raise DataFileError(f'{entry.where("id")}: amendment id {amendment_id!r} is not a lowercase slug')
            first = next((a for a in amendments if a.id == amendment_id), None)
            if first:
                raise DataFileError(f'{entry.where("id")}: duplicate amendment id {amendment_id!r}, first at '
                                    f'{first.source}:{first.line}')
            round_id = _one_of(entry, 'round', round_ids, 'round')
            proposer = _one_of(entry, 'proposer', participants, 'proposer')
            kind = _one_of(entry, 'kind', kinds(), 'kind')
            status = _one_of(entry, 'status', statuses(), 'status')
            manner = _one_of(entry, 'manner', manners(), 'manner')
            targets, insert_after = _keys(entry, 'targets'), _keys(entry, 'insert_after')
            if kind == 'insertion' and not insert_after:
                raise DataFileError(f'{entry.where("kind")}: insertion {amendment_id!r} needs insert_after, '
                                    'the provision(s) after which its text goes')
            if kind in ('substitution', 'repeal', 'split', 'join') and not targets:
                raise DataFileError(f'{entry.where("kind")}: {kind} {amendment_id!r} needs targets')
            carried_by = _keys(entry, 'carried_by')
            if status in CARRIED and not carried_by:
                raise DataFileError(f'{entry.where("status")}: {status} amendment {amendment_id!r} needs '
                                    'carried_by, the provisions of the working draft that carry it')
            decided_at = str(entry['decided_at']) if entry.get('decided_at') else None
            if decided_at is not None:
                _one_of(entry, 'decided_at', round_ids, 'round of decision')
            merged_into = str(entry['merged_into']) if entry.get('merged_into') else None
            if (status == 'merged') != (merged_into is not None):
                raise DataFileError(f'{entry.where("status")}: merged_into is given exactly when the status '
                                    f'of {amendment_id!r} is merged')
            counted[round_id] = counted.get(round_id, 0) + 1
            number = round_ids.index(round_id) + 1
            amendments.append(Amendment(
                id=amendment_id, label=f'{number}.{counted[round_id]}', round=round_id, proposer=proposer,
                manner=manner, date=parse_date(entry, 'date'), kind=kind, summary=' '.join(str(entry['summary']).split()),
                status=status, targets=targets, insert_after=insert_after,
                text=_text(entry, 'text'), rationale=_text(entry, 'rationale'), decision=_text(entry, 'decision'),
                decided_at=decided_at, carried_by=carried_by, merged_into=merged_into,
                source=str(path), line=entry.line, lines=entry.lines))
    for amendment in amendments:
        if amendment.merged_into and all(a.id != amendment.merged_into for a in amendments):
            raise DataFileError(f'{amendment.source}:{amendment.line}: {amendment.id!r} is merged into '
                                f'unknown amendment {amendment.merged_into!r}')
    return Register(participants, tuple(amendments))


def _text(entry: Any, field: str) -> str | None:
    return ' '.join(str(entry[field]).split()) if entry.get(field) else None


_cache: dict[tuple, Register] = {}


def register_of(app: Sphinx) -> Register | None:
    return register_for(app.config, Path(app.confdir))


def register_for(config: Config, confdir: Path) -> Register | None:
    """The register of this project, re-read only when one of its files has changed."""
    if not config.concept_amendments:
        return None
    folder = (confdir / config.concept_amendments).resolve()
    if not folder.is_dir():
        return None  # a project, or a test project, without a register
    rounds = [r.id for r in registry_for(config, confdir)]
    stamp = (folder, tuple(rounds), *((p.name, p.stat().st_mtime_ns) for p in sorted(folder.glob('*.yaml'))))
    if stamp not in _cache:
        _cache[stamp] = load_register(folder, rounds)
    return _cache[stamp]


def check_register(app: Sphinx) -> None:
    """Read the register before anything is built, so a malformed file stops the build at once."""
    try:
        register_of(app)
    except DataFileError as error:
        stop(error)


def untranslatable(node: nodes.Element) -> nodes.Element:
    """A label already in the edition's language (from our catalogue): no message of the page."""
    node['translatable'] = False
    return node


class amendment_refs(nodes.Inline, nodes.Element):
    """Links to provisions by key, filled at write time with their numbers in this edition."""


class AmendmentsRegisterDirective(SphinxDirective):
    """Every amendment, grouped by round and proposer, with its fields in the edition's language."""

    def run(self) -> list[nodes.Node]:
        # The configuration's folder: conf.py sits in the source folder, as in every project here.
        confdir = Path(self.env.srcdir)
        register = register_for(self.config, confdir)
        if register is None:
            folder = self.config.concept_amendments
            raise self.error(f'the amendments register has no folder: concept_amendments is {folder!r} in '
                             'conf.py, and it must name an existing folder')
        folder = Path(self.config.concept_amendments)
        for path in sorted((confdir / folder).glob('*.yaml')):
            self.env.note_dependency(str(path.resolve()))
        self.env.domains['concept'].data['amendments_doc'] = self.env.docname
        registry = registry_for(self.config, confdir)
        sections = []
        for round_ in registry:
            members = [a for a in register.amendments if a.round == round_.id]
            if not members:
                continue
            section = nodes.section(ids=[f'amendments-{round_.id}'], names=[f'amendments-{round_.id}'])
            section += untranslatable(nodes.title('', version_label(round_.id, registry, self.config.language)))
            for proposer in dict.fromkeys(a.proposer for a in members):
                section += self.render_proposer(register.participants[proposer],
                                                [a for a in members if a.proposer == proposer], register)
            sections.append(section)
        if not sections:
            sections.append(nodes.paragraph('', str(_('No amendments have been recorded.'))))
        return sections

    def translatable(self, node_class: type[nodes.TextElement], text: str, source: str, line: int,
                     **attributes: Any) -> nodes.TextElement:
        # A source and a line make the text a gettext message located in the YAML file.
        node = node_class(text, text, **attributes)
        node.source, node.line = source, line
        return node

    def render_proposer(self, who: Participant, amendments: list[Amendment], register: Register) -> nodes.section:
        section = nodes.section(ids=[f'proposer-{amendments[0].round}-{who.key}'],
                                names=[f'proposer-{amendments[0].round}-{who.key}'])
        section += self.translatable(nodes.title, who.body, who.source, who.line)
        if who.person:
            # One message, the person and their role, so that a translation can order them.
            said = ', '.join(filter(None, [who.person, who.role]))
            speaker = nodes.field_list(classes=['amendment-speaker'])
            speaker += nodes.field('', untranslatable(nodes.field_name('', str(_('Represented by')))),
                                   nodes.field_body('', self.translatable(nodes.paragraph, said, who.source,
                                                                          who.line)))
            section += speaker
        for amendment in amendments:
            section += self.render_amendment(amendment, register)
        return section

    def render_amendment(self, amendment: Amendment, register: Register) -> nodes.Element:
        entry = nodes.container(ids=[amendment.anchor], classes=['amendment'])
        entry += untranslatable(nodes.rubric('', str(_('Amendment {label}')).format(label=amendment.label),
                                             classes=['amendment-title']))
        fields = nodes.field_list(classes=['amendment-fields'])

        def add(name: str, body: nodes.Node) -> None:
            fields.append(nodes.field('', untranslatable(nodes.field_name('', name)), nodes.field_body('', body)))

        def text(value: str) -> nodes.paragraph:
            return self.translatable(nodes.paragraph, value, amendment.source, amendment.line)

        add(str(_('Summary')), text(amendment.summary))
        made = f'{manners()[amendment.manner]}, {format_act_date(amendment.date, self.config.language)}'
        add(str(_('Made')), nodes.paragraph('', made))
        add(str(_('Kind')), nodes.paragraph('', str(kinds()[amendment.kind])))
        if amendment.targets:
            add(str(_('Targets')), nodes.paragraph('', '', amendment_refs(keys=list(amendment.targets))))
        if amendment.insert_after:
            add(str(_('Inserted after')), nodes.paragraph('', '', amendment_refs(keys=list(amendment.insert_after))))
        if amendment.text:
            add(str(_('Proposed text')), text(amendment.text))
        if amendment.rationale:
            add(str(_('Rationale')), text(amendment.rationale))
        add(str(_('Status')), nodes.paragraph('', str(statuses()[amendment.status])))
        if amendment.merged_into:
            target = next(a for a in register.amendments if a.id == amendment.merged_into)
            link = nodes.reference('', str(_('Amendment {label}')).format(label=target.label),
                                   refid=target.anchor, internal=True)
            add(str(_('Merged into')), nodes.paragraph('', '', link))
        if amendment.decision:
            decision = text(amendment.decision)
            if amendment.decided_at:
                registry = registry_for(self.config, Path(self.env.srcdir))
                decision += nodes.Text(f' ({version_label(amendment.decided_at, registry, self.config.language)})')
            add(str(_('Decision')), decision)
        if amendment.carried_by:
            add(str(_('Carried by')), nodes.paragraph('', '', amendment_refs(keys=list(amendment.carried_by))))
        colliding = register.colliding(amendment)
        if colliding:
            links = nodes.paragraph(classes=['amendment-collisions'])
            for i, other in enumerate(colliding):
                if i:
                    links += nodes.Text(', ')
                links += nodes.reference('', str(_('Amendment {label}')).format(label=other.label),
                                         refid=other.anchor, internal=True)
            add(str(_('Collides with')), links)
        entry += fields
        return entry


def _link_provisions(app: Sphinx, docname: str, keys: list[str]) -> list[nodes.Node]:
    """Each key as a link showing its number in this edition, or the bare key where the
    edition's text has no such provision (a key inserted later, or repealed)."""
    domain = app.env.domains['concept']
    out: list[nodes.Node] = []
    for i, key in enumerate(keys):
        if i:
            out.append(nodes.Text(', '))
        if key in domain.provisions:
            number = domain.number(key)
            out.append(make_refnode(app.builder, docname, domain.provisions[key].docname, key,
                                    nodes.inline('', number, classes=['provision-ref']), key))
        else:
            out.append(nodes.literal('', key, classes=['provision-key']))
    return out


def _round_number(version: str, registry: tuple) -> float:
    """Where a version stands in time: a round's number, the working draft after every round."""
    return next((r.number for r in registry if r.id == version), float('inf'))


def markers(app: Sphinx) -> dict[str, list[tuple[Amendment, str]]]:
    """For each provision key of this edition, the amendments that concern it and how."""
    register = register_of(app)
    if register is None:
        return {}
    registry = registry_of(app)
    here = LATEST if app.config.concept_version == LATEST else app.config.concept_version
    when = _round_number(here, registry)
    found: dict[str, list[tuple[Amendment, str]]] = {}
    for amendment in register.amendments:
        made = _round_number(amendment.round, registry)
        # A round's text shows the amendments made at it and later; a carrying provision exists
        # only in texts after the round at which the amendment was made.
        if when >= made:
            for key in amendment.concerns:
                found.setdefault(key, []).append((amendment, 'targets'))
        if when > made:
            for key in amendment.carried_by:
                found.setdefault(key, []).append((amendment, 'carries'))
    return found


def mark_provisions(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Mark each provision an amendment concerns, linking the register; fill the register's links."""
    for placeholder in list(doctree.findall(amendment_refs)):
        placeholder.replace_self(_link_provisions(app, docname, placeholder['keys']))
    concerned = markers(app)
    if not concerned:
        return
    register_doc = app.env.domains['concept'].data.get('amendments_doc')
    in_document = register_doc is not None and (
        app.builder.name != 'latex' or register_doc in _toctree_docs(app.env))
    for prov in doctree.findall(provision):
        for amendment, how in concerned.get(prov['key'], []):
            label = (_('Incorporates amendment {label}') if how == 'carries'
                     else _('Amendment {label}')).format(label=amendment.label)
            text = nodes.inline('', str(label), classes=['amendment-marker', f'amendment-{how}'])
            marker = (make_refnode(app.builder, docname, register_doc, amendment.anchor, text, str(label))
                      if in_document else text)
            prov[0] += [nodes.Text(' '), marker]


def _toctree_docs(env: BuildEnvironment) -> set[str]:
    return {doc for included in env.toctree_includes.values() for doc in included}


def check_carriers(app: Sphinx, env: BuildEnvironment) -> None:
    """An incorporated amendment must be carried by provisions of the working draft."""
    register = register_of(app)
    if register is None or app.config.concept_version != LATEST:
        return
    provisions = env.domains['concept'].provisions
    for amendment in register.amendments:
        missing = [key for key in amendment.carried_by if key not in provisions]
        if missing:
            logger.warning('amendment %r: its carrying provision(s) %s are not in the working draft',
                           amendment.id, ', '.join(map(repr, missing)),
                           location=f'{amendment.source}:{amendment.line}', type='concept', subtype='amendment')


PROVISION_SOURCE = re.compile(r'^ {0,3}(:{3,})\{provision\}[ \t]+(\S+)[ \t]*\n(.*?)^ {0,3}\1[ \t]*$',
                              re.M | re.S)


def provisions_in(concept: Path) -> dict[str, str]:
    """The English text of each provision in a tree's concept/, by key, as written."""
    found: dict[str, str] = {}
    for page in sorted(concept.glob('*.md')):
        for match in PROVISION_SOURCE.finditer(page.read_text(encoding='utf-8')):
            found[match.group(2)] = ' '.join(match.group(3).split())
    return found


def check_against_rounds(folder: Path, round_ids: list[str], round_concepts: dict[str, Path],
                         latest_concept: Path) -> None:
    """What needs the texts of the rounds: each target exists in the round the amendment was
    made at, and the working draft carries each incorporated amendment with changed text."""
    register = load_register(folder, round_ids)
    latest = provisions_in(latest_concept)
    texts = {round_id: provisions_in(concept) for round_id, concept in round_concepts.items()}
    for amendment in register.amendments:
        then = texts[amendment.round]
        for name in ('targets', 'insert_after'):
            unknown = [key for key in getattr(amendment, name) if key not in then]
            if unknown:
                raise DataFileError(f'{amendment.where(name)}: {name} {", ".join(map(repr, unknown))} of '
                                    f'{amendment.id!r}: no such provision in the text of {amendment.round}')
        if amendment.status in CARRIED:
            missing = [key for key in amendment.carried_by if key not in latest]
            if missing:
                raise DataFileError(f'{amendment.where("carried_by")}: carried_by {", ".join(map(repr, missing))} '
                                    f'of {amendment.id!r}: not in the working draft')
            if all(then.get(key) == latest[key] for key in amendment.carried_by):
                raise DataFileError(f'{amendment.where("carried_by")}: {amendment.id!r} is {amendment.status}, '
                                    f'but its carrying provision(s) are unchanged from {amendment.round}')


def setup(app: Sphinx) -> ExtensionMetadata:
    # The register is part of an edition: it needs the edition's version and the rounds.
    app.setup_extension('concept_build.normative_base')
    app.setup_extension('concept_build.edition')
    app.add_config_value('concept_amendments', '', 'env', types=[str])
    app.add_directive('amendments-register', AmendmentsRegisterDirective)
    app.add_node(amendment_refs)
    app.connect('builder-inited', check_register, priority=450)
    app.connect('doctree-resolved', mark_provisions)
    app.connect('env-check-consistency', check_carriers)
    return {
        'version': concept_build.__version__,
        'env_version': 1,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
