"""The acts as the edition sees them: read once per change of the file, with their labels translated."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.locale import get_translation

from concept_build.common.acts import Act, load_acts

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

_ = get_translation('concept')

# The order and headings of the groups on the page; a message of the 'concept' catalogue each.
LEVEL_LABELS = {
    'universal': _('Universal acts'),
    'cis': _('Acts of the Commonwealth of Independent States'),
    'eaeu': _('Acts of the Eurasian Economic Union'),
    'bilateral-national': _('Bilateral and national acts'),
}
KIND_LABELS = {
    'agreement': _('Agreement'),
    'charter': _('Charter'),
    'compact': _('Compact'),
    'concept': _('Concept'),
    'convention': _('Convention'),
    'covenant': _('Covenant'),
    'declaration': _('Declaration'),
    'presidential-resolution': _('Resolution of the President'),
    'protocol': _('Protocol'),
    'resolution': _('Resolution'),
    'strategy': _('Strategy'),
    'treaty': _('Treaty'),
}

_cache: dict[Path, tuple[float, dict[str, Act]]] = {}


def normative_base_path(env: BuildEnvironment) -> Path:
    return (Path(env.srcdir) / env.config.concept_normative_base).resolve()


def acts_of(env: BuildEnvironment) -> dict[str, Act]:
    """The acts of this project, re-read only when the file has changed."""
    path = normative_base_path(env)
    mtime = path.stat().st_mtime if path.exists() else -1.0
    cached = _cache.get(path)
    if cached is None or cached[0] != mtime:
        _cache[path] = (mtime, load_acts(path))
    return _cache[path][1]
