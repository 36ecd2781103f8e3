"""The register as an edition sees it: read once per change of its files, its labels translated."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.locale import get_translation

from concept_build.common.datafile import DataFileError
from concept_build.common.register import Register, load_register
from concept_build.sphinxext.errors import stop
from concept_build.sphinxext.navigation import registry_for

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

_ = get_translation('concept')


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
