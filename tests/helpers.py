"""Helpers the test modules share: building a site and recording a round the way the tools do."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from concept_build.common import rounds
from concept_build.common.languages import ALL_LANGUAGES
from concept_build.pipeline.build import build, merge
from concept_build.pipeline.options import FORMATS, BuildOptions
from concept_build.pipeline.release import release


def options(languages=ALL_LANGUAGES, versions=None, formats=FORMATS, site: Path | None = None, *,
            root: Path, with_handbook: bool = True, base_url: str = '', **more) -> BuildOptions:
    """The options a maintainer's command line would give."""
    return BuildOptions(languages=tuple(languages), versions=tuple(versions) if versions else None,
                        formats=tuple(formats), site=site, root=root, handbook=with_handbook,
                        base_url=base_url.rstrip('/') + '/' if base_url else '', **more)


def build_site(languages=ALL_LANGUAGES, versions=None, formats=FORMATS, site: Path | None = None, **more) -> list[dict]:
    """Build and publish into *site*, as ``python -m concept_build`` does with these options."""
    return build(options(languages, versions, formats, site, **more))


def merge_shards(shards: list[Path], site: Path, *, root: Path) -> list[dict]:
    return merge(options(site=site, root=root), shards)


def record_round(round_id: str, date: dt.date, place: str, event: str, discussed: str,
                 amendments_due: dt.date, *, root: Path, languages=ALL_LANGUAGES) -> str:
    """Record HEAD as a round, as ``nox -s release`` does; return the commit it tagged."""
    requested = rounds.Round(id=round_id, number=0, date=date, place=place, event=event, discussed=discussed,
                             amendments_due=amendments_due, commit='', tag=round_id)
    return release(requested, root=root, languages=tuple(languages))
