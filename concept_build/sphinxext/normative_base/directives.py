"""The ``normative-base`` directive: every act, grouped by level, with the provisions citing it."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective

from concept_build.common.acts import Act
from concept_build.common.dates import format_act_date
from concept_build.sphinxext.normative_base.data import KIND_LABELS, LEVEL_LABELS, acts_of, normative_base_path

_ = get_translation('concept')


class act_backlinks(nodes.Element):
    """Placeholder for the links from an act to the provisions citing it, filled at write time."""


class NormativeBaseDirective(SphinxDirective):
    """Render every act of the normative base, grouped by level."""

    def run(self) -> list[nodes.Node]:
        acts = acts_of(self.env)
        self.env.note_dependency(str(normative_base_path(self.env)))
        self.env.domains['citations'].data['normative_base_doc'] = self.env.docname
        sections = []
        for level, heading in LEVEL_LABELS.items():
            members = [act for act in acts.values() if act.level == level]
            if not members:
                continue
            section = nodes.section(ids=[f'level-{level}'], names=[f'level-{level}'])
            section += nodes.title('', str(heading))
            for act in members:
                section += self.render_act(act)
            sections.append(section)
        # On paper the acts take two columns in smaller type: a list to look things up in, set
        # ragged-right, since long names and addresses in a narrow column would not justify.
        return [
            nodes.raw('', r'\begin{multicols}{2}\small\raggedright', format='latex'),
            *sections,
            nodes.raw('', r'\end{multicols}', format='latex'),
        ]

    def translatable(
        self, node_class: type[nodes.TextElement], text: str, act: Act, **attributes: Any
    ) -> nodes.TextElement:
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
        add(str(_('Kind')), nodes.paragraph('', str(KIND_LABELS[act.kind])))
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
