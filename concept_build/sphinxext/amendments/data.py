"""The register as an edition sees it: read once per change of its files, its labels translated."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.locale import get_translation

from concept_build.common.datafile import DataFileError
from concept_build.common.register import Register, kind_labels, load_register, manner_labels, status_labels
from concept_build.sphinxext.errors import stop
from concept_build.sphinxext.navigation import registry_for

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

_ = get_translation('concept')


# The labels are looked up when a page is written: this module is imported after Sphinx has set
# up the 'concept' catalogue, so a label translated at import would stay in English.
def kinds() -> dict[str, str]:
    return kind_labels(_)


def statuses() -> dict[str, str]:
    return status_labels(_)


def manners() -> dict[str, str]:
    return manner_labels(_)


_cache: dict[tuple, Register] = {}


def register_of(app: Sphinx) -> Register | None:
    return register_for(app.config, Path(app.confdir))


def register_for(config: Config, confdir: Path) -> Register | None:
    """The register of this project, re-read only when one of its files has changed."""
    if not getattr(config, 'concept_amendments', ''):
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
