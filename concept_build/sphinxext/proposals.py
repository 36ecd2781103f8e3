"""The form on every provision of the working draft from which a delegate proposes an amendment."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.locale import get_translation

import concept_build
from concept_build.common.project import LATEST
from concept_build.common.words import rules
from concept_build.sphinxext.amendments.data import register_of
from concept_build.sphinxext.messages import page_gettext

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

_ = get_translation('concept')

#: What the pages load, in this order (deferred scripts run in order): the redline, the form's
#: data and words (written at the end of the build), and the form.
SCRIPTS = ('concept-redline.js', 'concept-proposals-data.js', 'concept-propose.js')
DATA = 'concept-proposals-data.js'


def wanted(app: Sphinx) -> bool:
    """Proposals are made against the working draft, on the site."""
    return app.builder.name == 'html' and app.config.concept_version == LATEST


# One table of messages, longer than the other functions: each message is one line of it, and a
# literal _() call, which the message extractor finds.
def words() -> dict[str, str]:
    """Everything the form, the list of proposals, the e-mail and the printed sheet say, in the
    edition's language. The script fills in "{number}" (a provision's), "{count}", "{limit}" (of a
    text's characters), "{file}" (the downloaded file's name), "{signs}" and "{body}"."""
    said = {
        # The button beside each provision's number, and the form's heading.
        'propose': _('Propose an amendment to provision {number}'),
        'kindLegend': _('What do you propose?'),
        'substitutionChoice': _('A new wording of this provision'),
        'insertionChoice': _('A new provision after this one'),
        'repealChoice': _('The deletion of this provision'),
        'commentChoice': _('A comment on this provision'),
        # The kinds' names, as the register names them.
        'substitution': _('Substitution'),
        'insertion': _('Insertion'),
        'repeal': _('Repeal'),
        'comment': _('Comment'),
        'current': _('Current wording'),
        'proposed': _('Proposed wording'),
        'newProvision': _('Wording of the new provision'),
        'changes': _('Changes to the current wording'),
        'proposer': _('Proposed by'),
        'choose': _('Choose a participant'),
        'anotherBody': _('Another body'),
        'body': _('Name of the body'),
        'person': _('Person submitting the proposal'),
        'email': _('E-mail (optional)'),
        'rationale': _('Rationale (optional)'),
        'commentText': _('Your comment (required)'),
        'add': _('Add to my proposals'),
        'save': _('Save the changes'),
        'cancel': _('Cancel'),
        'problems': _('The proposal cannot be added yet:'),
        'noText': _('Write the proposed wording.'),
        'sameText': _('The proposed wording is the same as the current wording.'),
        'markup': _('The wording cannot contain {signs}: write it as plain text.'),
        'tooLong': _('This text is too long: at most {limit} characters.'),
        'noComment': _('Write your comment.'),
        'noProposer': _('Choose who makes the proposal.'),
        'noBody': _('Write the name of the body.'),
        'noPerson': _('Write the name of the person submitting the proposal.'),
        'badEmail': _('This is not an e-mail address.'),
        'full': _('Your list of proposals is full: download it, then remove the proposals before adding more.'),
        'added': _('The proposal is added to your proposals.'),
        # The list of proposals kept in the browser, and what can be done with it.
        'basket': _('Your proposals'),
        'basketCount': _('Your proposals: {count}'),
        'empty': _('You have no proposals yet.'),
        'note': _(
            'Your proposals are kept in this browser until you remove them. Download them as a file '
            'and send it to the secretariat of the working group.'
        ),
        'provision': _('Provision {number}'),
        'after': _('After provision {number}'),
        'edit': _('Edit'),
        'remove': _('Remove'),
        'removeAll': _('Remove all'),
        'removeAllConfirm': _('Remove all your proposals from this browser?'),
        'download': _('Download the file'),
        'mail': _('Send by e-mail'),
        'print': _('Print for signature'),
        'close': _('Close'),
        # The e-mail, the file's first lines and the printed sheet.
        'title': _('Proposals to the draft Concept'),
        'intro': _('Proposals to the draft Concept of the Common Migration Space of the CIS States'),
        'proposedBy': _('Proposed by: {body}'),
        'attach': _('Attach the downloaded file {file} to this message before you send it.'),
        'cut': _('The list is cut short here; the attached file holds every proposal.'),
        'fileSend': _('Send this file to the secretariat of the working group.'),
        'fileMade': _('Written by the proposal form of the site of the draft Concept.'),
        'sheetNote': _('Submitted in writing to the secretariat of the working group.'),
        'personOf': _('Person'),
        'emailOf': _('E-mail'),
        'rationaleOf': _('Rationale'),
        'signature': _('Signature'),
        'date': _('Date'),
    }
    return {name: str(text) for name, text in said.items()}


def participants(app: Sphinx) -> list[dict[str, str]]:
    """The register's participants, each body named as the register page names it."""
    register = register_of(app)
    if register is None:
        return []
    register_doc = app.env.domains['concept'].data.get('amendments_doc')
    translate = page_gettext(app.env, register_doc) if register_doc else str
    return [{'key': key, 'body': translate(who.body)} for key, who in register.participants.items()]


def data(app: Sphinx) -> dict:
    language = app.config.language or 'en'
    own = rules(language)
    return {
        'language': language,
        'version': LATEST,
        'rules': {'apostrophes': own.apostrophes, 'signs': own.signs},
        'participants': participants(app),
        'words': words(),
    }


def add_scripts(app: Sphinx) -> None:
    if wanted(app):
        for script in SCRIPTS:
            app.add_js_file(script, loading_method='defer')


#: Sphinx's pages that hold no text to propose amendments to.
WITHOUT_TEXT = ('search', 'genindex')


def not_on_search_pages(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """The search page and the index do not load the form's scripts: they have no provision to
    propose from, and every page weighs on a reader's mobile data (the search page most)."""
    if pagename in WITHOUT_TEXT and 'script_files' in context:
        context['script_files'] = [
            script
            for script in context['script_files']
            if not str(getattr(script, 'filename', script)).split('?')[0].endswith(SCRIPTS)
        ]


def write_data(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and wanted(app):
        script = Path(app.outdir) / '_static' / DATA
        script.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(data(app), ensure_ascii=False, sort_keys=True, indent=1)
        script.write_text(f'window.conceptProposals = {text};\n', encoding='utf-8')


def setup(app: Sphinx) -> ExtensionMetadata:
    # The edition's version, the static folder (navigation) and the register.
    app.setup_extension('concept_build.sphinxext.amendments')
    app.connect('builder-inited', add_scripts)
    app.connect('html-page-context', not_on_search_pages)
    app.connect('build-finished', write_data)
    return {
        'version': concept_build.__version__,
        'env_version': 1,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
