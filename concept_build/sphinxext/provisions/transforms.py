"""What happens to provisions after reading: their structure checked, their numbers put in place,
unknown keys named with the nearest known one."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.locale import get_translation
from sphinx.util import logging

from concept_build.common.keys import nearest
from concept_build.common.sources import unclosed_provision_fences
from concept_build.sphinxext.provisions.node import provision

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx import addnodes
    from sphinx.application import Sphinx
    from sphinx.domains import Domain
    from sphinx.environment import BuildEnvironment

_ = get_translation('concept')
logger = logging.getLogger(__name__)


def check_fences(app: Sphinx, docname: str, source: list[str]) -> None:
    """An unclosed fence would silently nest the next provision inside the open one."""
    reported = app.env.temp_data.setdefault('concept_unclosed', set())
    for line, key, swallowed, swallowed_line in unclosed_provision_fences(source[0]):
        reported.add((docname, key))
        if swallowed:
            logger.warning(
                'provision %r: its fence opened at line %d is not closed before provision '
                '%r at line %d, which would end up inside it; close it with ":::"',
                key,
                line,
                swallowed,
                swallowed_line,
                location=(docname, line),
                type='concept',
                subtype='structure',
            )
        else:
            logger.warning(
                'provision %r: its fence opened at line %d is never closed; close it with ":::"',
                key,
                line,
                location=(docname, line),
                type='concept',
                subtype='structure',
            )


def check_structure(app: Sphinx, doctree: nodes.document) -> None:
    """Every provision stands alone, under its chapter's heading."""
    reported = app.env.temp_data.get('concept_unclosed', set())
    for prov in doctree.findall(provision):
        outer = next((a for a in _ancestors(prov) if isinstance(a, provision)), None)
        if outer is not None:
            if (app.env.docname, outer['key']) not in reported:
                logger.warning(
                    'provision %r (line %s) is inside provision %r, whose fence opened at '
                    'line %s: provisions cannot hold provisions',
                    prov['key'],
                    prov.line,
                    outer['key'],
                    outer.line,
                    location=(app.env.docname, outer.line),
                    type='concept',
                    subtype='structure',
                )
        elif not any(isinstance(a, nodes.section) for a in _ancestors(prov)):
            logger.warning(
                "provision %r (fence opened at line %s) is outside any chapter: put it under the page's heading",
                prov['key'],
                prov.line,
                location=(app.env.docname, prov.line),
                type='concept',
                subtype='structure',
            )


def _ancestors(node: nodes.Node) -> Iterator[nodes.Element]:
    while node.parent is not None:
        node = node.parent
        yield node


def check_former_keys_retired(app: Sphinx, env: BuildEnvironment) -> None:
    """A provision's former key must be gone from the text: else the two would be one twice."""
    domain = env.domains['concept']
    for key, entry in sorted(domain.provisions.items()):
        for old in domain.data['formerly'].get(key, []):
            if old in domain.provisions:
                logger.warning(
                    'provision %r is formerly %r, but %r is still a provision of the text (%s:%d)',
                    key,
                    old,
                    old,
                    env.doc2path(domain.provisions[old].docname),
                    domain.provisions[old].line,
                    location=(entry.docname, entry.line),
                    type='concept',
                    subtype='formerly',
                )


def check_chapters(app: Sphinx, env: BuildEnvironment) -> None:
    """A provision's number is its chapter's number and its position: the page must be numbered."""
    unnumbered: dict[str, list[tuple[int, str]]] = {}
    for key, entry in env.domains['concept'].provisions.items():
        if not env.toc_secnumbers.get(entry.docname, {}).get(''):
            unnumbered.setdefault(entry.docname, []).append((entry.line, key))
    for docname, found in sorted(unnumbered.items()):
        found.sort()
        logger.warning(
            'provision(s) %s on page %r, which is not a numbered chapter: list the page in the numbered toctree of %r',
            ', '.join(repr(key) for _line, key in found),
            docname,
            env.config.root_doc,
            location=(docname, found[0][0]),
            type='concept',
            subtype='structure',
        )


def warn_unknown_key(app: Sphinx, domain: Domain, node: addnodes.pending_xref) -> bool | None:
    """Name an unknown provision key plainly, with the nearest known one, instead of Sphinx's
    warning (the normative base names unknown act keys)."""
    if domain is None or domain.name != 'concept' or node['reftype'] != 'prov':
        return None
    target = node['reftarget']
    logger.warning(
        'unknown provision key %r: no provision has this key%s',
        target,
        nearest(target, domain.provisions),
        location=role_location(app, node),
        type='concept',
        subtype='unknown-key',
    )
    return True


def role_location(app: Sphinx, node: nodes.Element) -> tuple[str, int] | nodes.Element:
    """The role's own line: MyST gives every role the line where its paragraph begins."""
    docname, line = app.env.path2doc(node.source or ''), node.line
    # MyST hands the role over as ":name:`text`"; the source has it as "{name}`text`".
    role = re.fullmatch(r':([^`]+):(`.*`)', node.rawsource or '', re.S)
    if not (docname and line and role and node.source):
        return node
    raw = '{' + role.group(1) + '}' + role.group(2)
    try:
        lines = Path(node.source).read_text(encoding='utf-8').splitlines()
    except OSError:
        return node
    for number in range(line, min(len(lines), line + 50) + 1):
        if raw in lines[number - 1]:
            return docname, number
        if not lines[number - 1].strip():
            break  # the paragraph has ended
    return node


def number_provisions(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Put each provision's number, a link to its own anchor, at the start of its text."""
    domain = app.env.domains['concept']
    for prov in doctree.findall(provision):
        key = prov['key']
        if key not in domain.provisions:
            continue
        number = domain.number(key)
        prov['number'] = number
        if app.builder.name == 'latex':
            # On paper the document's own paragraph number, "1.1.", bold and black: the anchor
            # that links and bookmarks go to is the provision itself (node.visit_provision_latex).
            prov[0].insert(0, nodes.Text(' '))
            prov[0].insert(0, nodes.strong('', f'{number}.', classes=['provision-number']))
            continue
        # The tooltip in the edition's language; the key is in the address the link gives.
        link = nodes.reference(
            '',
            '',
            nodes.strong('', number),
            refid=key,
            classes=['provision-number'],
            reftitle=str(_('Link to provision {number}')).format(number=number),
        )
        prov[0].insert(0, nodes.Text(' '))
        prov[0].insert(0, link)


def rewrite_every_document(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Numbers and backlinks depend on other pages (a provision inserted on one page renumbers
    the citations on another, and the bibliography's "Cited in" lists every citing page), so
    every page is written again; only reading is incremental."""
    return sorted(env.found_docs)
