"""The ``amendments-register`` directive: every amendment, by round and proposer, in the edition's language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective

from concept_build.common.dates import format_act_date
from concept_build.common.register import Amendment, Participant, Register
from concept_build.common.versions import version_label
from concept_build.sphinxext.amendments.data import kinds, manners, register_for, statuses
from concept_build.sphinxext.navigation import registry_for

_ = get_translation('concept')


def untranslatable(node: nodes.Element) -> nodes.Element:
    """A label already in the edition's language (from our catalogue): no message of the page."""
    node['translatable'] = False
    return node


class foreign_text(nodes.Inline, nodes.TextElement):
    """A text in another language than the edition's, as its proposer wrote it: the page says its
    language, and no typography of the edition's language (smart quotes) touches it.

    Docutils' own "language-xx" class would do the first, but it warns (an error here) for
    each language it has no quotes for, such as Kazakh; and its quotes would not be the text's."""


def written_text(text: str, language: str) -> foreign_text:
    node = foreign_text(text, text, language=language)
    node['support_smartquotes'] = False
    return node


def visit_foreign_text_html(self: Any, node: foreign_text) -> None:
    self.body.append(self.starttag(node, 'span', '', lang=node['language']))


def depart_foreign_text_html(self: Any, node: foreign_text) -> None:
    self.body.append('</span>')


def visit_foreign_text_other(self: Any, node: foreign_text) -> None:
    pass


def depart_foreign_text_other(self: Any, node: foreign_text) -> None:
    pass


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
            raise self.error(
                f'the amendments register has no folder: concept_amendments is {folder!r} in '
                'conf.py, and it must name an existing folder'
            )
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
                section += self.render_proposer(
                    register.participants[proposer], [a for a in members if a.proposer == proposer], register
                )
            sections.append(section)
        if not sections:
            sections.append(nodes.paragraph('', str(_('No amendments have been recorded.'))))
        return sections

    def translatable(
        self, node_class: type[nodes.TextElement], text: str, source: str, line: int, **attributes: Any
    ) -> nodes.TextElement:
        # A source and a line make the text a gettext message located in the YAML file.
        node = node_class(text, text, **attributes)
        node.source, node.line = source, line
        return node

    def render_proposer(self, who: Participant, amendments: list[Amendment], register: Register) -> nodes.section:
        section = nodes.section(
            ids=[f'proposer-{amendments[0].round}-{who.key}'], names=[f'proposer-{amendments[0].round}-{who.key}']
        )
        # A body's name is a message of the page when it is English; one a proposer typed in their
        # language is shown as they wrote it.
        section += (
            self.translatable(nodes.title, who.body, who.source, who.line)
            if who.language == 'en'
            else untranslatable(nodes.title('', '', written_text(who.body, who.language)))
        )
        if who.person:
            # One message, the person and their role, so that a translation can order them.
            said = ', '.join(filter(None, [who.person, who.role]))
            speaker = nodes.field_list(classes=['amendment-speaker'])
            speaker += nodes.field(
                '',
                untranslatable(nodes.field_name('', str(_('Represented by')))),
                nodes.field_body('', self.translatable(nodes.paragraph, said, who.source, who.line)),
            )
            section += speaker
        for amendment in amendments:
            section += self.render_amendment(amendment, register)
        return section

    def render_amendment(self, amendment: Amendment, register: Register) -> nodes.Element:
        entry = nodes.container(ids=[amendment.anchor], classes=['amendment'])
        entry += untranslatable(
            nodes.rubric('', str(_('Amendment {label}')).format(label=amendment.label), classes=['amendment-title'])
        )
        fields = nodes.field_list(classes=['amendment-fields'])
        for name, body in [*self.what_it_proposes(amendment), *self.what_became_of_it(amendment, register)]:
            fields.append(nodes.field('', untranslatable(nodes.field_name('', name)), nodes.field_body('', body)))
        entry += fields
        return entry

    def as_written(self, amendment: Amendment, value: str) -> nodes.paragraph:
        """A text of the amendment: a message of the page when it is English; else as its proposer
        wrote it, in their language (the secretariat's English is the message)."""
        if amendment.language == 'en':
            return self.translatable(nodes.paragraph, value, amendment.source, amendment.line)
        return untranslatable(nodes.paragraph('', '', written_text(value, amendment.language)))

    def what_it_proposes(self, amendment: Amendment) -> list[tuple[str, nodes.Node]]:
        made = f'{manners()[amendment.manner]}, {format_act_date(amendment.date, self.config.language)}'
        found = [(str(_('Summary')), self.as_written(amendment, amendment.summary))] if amendment.summary else []
        found += [(str(_('Made')), nodes.paragraph('', made))]
        if amendment.person:
            found.append((str(_('Submitted by')), untranslatable(nodes.paragraph('', amendment.person))))
        found.append((str(_('Kind')), nodes.paragraph('', str(kinds()[amendment.kind]))))
        for name, keys in ((_('Targets'), amendment.targets), (_('Inserted after'), amendment.insert_after)):
            if keys:
                found.append((str(name), nodes.paragraph('', '', amendment_refs(keys=list(keys)))))
        if amendment.text:
            found.append((str(_('Proposed text')), self.as_written(amendment, amendment.text)))
        if amendment.english:
            found.append(
                (
                    str(_('Translation')),
                    self.translatable(nodes.paragraph, amendment.english, amendment.source, amendment.line),
                )
            )
        if amendment.rationale:
            found.append((str(_('Rationale')), self.as_written(amendment, amendment.rationale)))
        return found

    def what_became_of_it(self, amendment: Amendment, register: Register) -> list[tuple[str, nodes.Node]]:
        registry = registry_for(self.config, Path(self.env.srcdir))
        status = str(statuses()[amendment.status])
        if amendment.decided_at:
            status += f' ({version_label(amendment.decided_at, registry, self.config.language, _)})'
        found = [(str(_('Status')), nodes.paragraph('', status))]
        if amendment.merged_into:
            target = next(a for a in register.amendments if a.id == amendment.merged_into)
            link = nodes.reference(
                '', str(_('Amendment {label}')).format(label=target.label), refid=target.anchor, internal=True
            )
            found.append((str(_('Merged into')), nodes.paragraph('', '', link)))
        if amendment.decision:
            found.append(
                (
                    str(_('Decision')),
                    self.translatable(nodes.paragraph, amendment.decision, amendment.source, amendment.line),
                )
            )
        if amendment.carried_by:
            found.append(
                (str(_('Carried by')), nodes.paragraph('', '', amendment_refs(keys=list(amendment.carried_by))))
            )
        colliding = register.colliding(amendment)
        if colliding:
            links = nodes.paragraph(classes=['amendment-collisions'])
            for i, other in enumerate(colliding):
                if i:
                    links += nodes.Text(', ')
                links += nodes.reference(
                    '', str(_('Amendment {label}')).format(label=other.label), refid=other.anchor, internal=True
                )
            found.append((str(_('Collides with')), links))
        return found
