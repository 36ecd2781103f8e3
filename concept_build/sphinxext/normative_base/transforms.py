"""What the normative base does to the pages: resolves ``{act}``, names unknown act and work keys,
links every act and work to the provisions citing it, and checks its data files first."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.locale import get_translation
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from concept_build.common.datafile import DataFileError, check_bibtex
from concept_build.common.keys import nearest
from concept_build.sphinxext.errors import stop
from concept_build.sphinxext.messages import page_gettext
from concept_build.sphinxext.normative_base.data import acts_of
from concept_build.sphinxext.normative_base.directives import act_backlinks
from concept_build.sphinxext.normative_base.domain import normative_base_doc
from concept_build.sphinxext.provisions.transforms import role_location

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.domains import Domain
    from sphinx.environment import BuildEnvironment

_ = get_translation('concept')
logger = logging.getLogger(__name__)


def resolve_act(
    app: Sphinx, env: BuildEnvironment, node: addnodes.pending_xref, contnode: nodes.Element
) -> nodes.reference | None:
    """``{act}`key``` links the act on the normative base page, shown by its short title."""
    if node.get('refdomain') != 'concept' or node.get('reftype') != 'act':
        return None
    act = acts_of(env).get(node['reftarget'])
    page = normative_base_doc(env)
    if act is None or page is None:
        return None
    # The titles are messages of the normative base page, translated in its catalogue.
    gettext = page_gettext(env, page)
    if not node.get('refexplicit'):
        contnode = nodes.inline('', gettext(act.short_title), classes=['act-ref'])
    return make_refnode(
        app.builder, node.get('refdoc', env.docname), page, node['reftarget'], contnode, gettext(act.title)
    )


def warn_unknown_act(app: Sphinx, domain: Domain, node: addnodes.pending_xref) -> bool | None:
    """Name an unknown act key plainly, with the nearest known one, instead of Sphinx's warning."""
    if domain is None or domain.name != 'concept' or node['reftype'] != 'act':
        return None
    target = node['reftarget']
    logger.warning(
        'unknown act key %r: it is not in %s%s',
        target,
        app.config.concept_normative_base,
        nearest(target, acts_of(app.env)),
        location=role_location(app, node),
        type='concept',
        subtype='unknown-key',
    )
    return True


def _backlinks(app: Sphinx, docname: str, kind: str, key: str) -> nodes.paragraph:
    domain = app.env.domains['concept']
    paragraph = nodes.paragraph(classes=['backlinks'])
    citing = app.env.domains['citations'].citing_provisions(kind, key)
    if not citing:
        paragraph += nodes.emphasis('', str(_('not cited in the text')))
    for i, prov_key in enumerate(citing):
        if i:
            paragraph += nodes.Text(', ')
        number = domain.number(prov_key)
        paragraph += make_refnode(
            app.builder, docname, domain.provisions[prov_key].docname, prov_key, nodes.inline('', number), number
        )
    return paragraph


def fill_backlinks(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Link every act and every cited work to the provisions that cite it."""
    for placeholder in list(doctree.findall(act_backlinks)):
        placeholder.replace_self(_backlinks(app, docname, placeholder['kind'], placeholder['key']))
    bibtex = app.env.domains.get('cite')
    if bibtex is None:
        return
    keys_by_id = {
        node['ids'][0]: key
        for bibliography in bibtex.bibliographies.values()
        for key, node in bibliography.citation_nodes.items()
        if node['ids']
    }
    for citation in doctree.findall(nodes.citation):
        key = next((keys_by_id[i] for i in citation['ids'] if i in keys_by_id), None)
        if key is not None:
            links = _backlinks(app, docname, 'works', key)
            links.insert(0, nodes.Text(str(_('Cited in')) + ': '))
            citation += links


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
                logger.warning(
                    'unknown work key %r: it is not in %s%s',
                    key,
                    ', '.join(app.config.bibtex_bibfiles),
                    nearest(key, known),
                    location=role_location(app, ref),
                    type='concept',
                    subtype='unknown-key',
                )


def quiet_bibtex_key_warnings(app: Sphinx, config: Config) -> None:
    # check_work_keys reports the same unknown key, with a suggestion: one line, not two.
    config.suppress_warnings = [*config.suppress_warnings, 'bibtex.key_not_found']
