"""Markers on the provisions an amendment concerns, linking the register, and the register's links."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.locale import get_translation
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from concept_build.common.layout import AMENDMENTS
from concept_build.common.project import LATEST
from concept_build.common.register import Amendment
from concept_build.sphinxext.amendments.data import register_of
from concept_build.sphinxext.amendments.directives import amendment_refs
from concept_build.sphinxext.navigation import registry_of
from concept_build.sphinxext.provisions.node import provision

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

_ = get_translation('concept')
logger = logging.getLogger(__name__)


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
            out.append(
                make_refnode(
                    app.builder,
                    docname,
                    domain.provisions[key].docname,
                    key,
                    nodes.inline('', number, classes=['provision-ref']),
                    key,
                )
            )
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
    when = _round_number(app.config.concept_version, registry)
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
    in_document = register_doc is not None and (app.builder.name != 'latex' or register_doc in _toctree_docs(app.env))
    for prov in doctree.findall(provision):
        for amendment, how in concerned.get(prov['key'], []):
            label = (_('Reflects amendment {label}') if how == 'carries' else _('Amendment {label}')).format(
                label=amendment.label
            )
            text = nodes.inline('', str(label), classes=['amendment-marker', f'amendment-{how}'])
            marker = (
                make_refnode(app.builder, docname, register_doc, amendment.anchor, text, str(label))
                if in_document
                else text
            )
            prov[0] += [nodes.Text(' '), marker]


def _toctree_docs(env: BuildEnvironment) -> set[str]:
    return {doc for included in env.toctree_includes.values() for doc in included}


def check_carriers(app: Sphinx, env: BuildEnvironment) -> None:
    """A reflected (or applied) amendment must be carried by provisions of the working draft."""
    register = register_of(app)
    if register is None or app.config.concept_version != LATEST:
        return
    provisions = env.domains['concept'].provisions
    for amendment in register.amendments:
        missing = [key for key in amendment.carried_by if key not in provisions]
        if missing:
            logger.warning(
                'amendment %r: its carrying provision(s) %s are not in the working draft',
                amendment.id,
                ', '.join(map(repr, missing)),
                location=f'{amendment.source}:{amendment.line}',
                type='concept',
                subtype='amendment',
            )


def link_tables(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Under each round of the register page, a link to that round's consolidated table of
    amendments, made beside the editions (on the site only: a book or a PDF has no such page)."""
    if app.builder.name != 'html' or docname != app.env.domains['concept'].data.get('amendments_doc'):
        return
    up = '../' * (docname.count('/') + 1)
    known = {f'amendments-{r.id}': r.id for r in registry_of(app)}
    for section in doctree.findall(nodes.section):
        round_ids = [known[i] for i in section['ids'] if i in known]
        if round_ids:
            link = nodes.reference(
                '',
                str(_('Consolidated table of amendments')),
                classes=['concept-table'],
                refuri=f'{up}{AMENDMENTS}/{round_ids[0]}.html',
            )
            section.insert(1, nodes.paragraph('', '', link))
