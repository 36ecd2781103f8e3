"""The ``amendments-register`` directive: every amendment, by round and proposer, in the edition's language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective

from concept_build.common.dates import format_act_date
from concept_build.common.register import Amendment, Participant, Register
from concept_build.sphinxext.amendments.data import kinds, manners, register_for, statuses
from concept_build.common.versions import version_label
from concept_build.sphinxext.navigation import registry_for

_ = get_translation('concept')


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
            section += untranslatable(nodes.title('', version_label(round_.id, registry, self.config.language, _)))
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
                decision += nodes.Text(f' ({version_label(amendment.decided_at, registry, self.config.language, _)})')
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
