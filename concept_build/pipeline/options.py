"""What a build is asked to do: one frozen options object, made by the command line or by a caller."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from concept_build.common.languages import ALL_LANGUAGES
from concept_build.common.project import ROOT

FORMATS = ('html', 'pdf', 'epub')
#: The formats that are one file beside the HTML, and the Sphinx builder that makes each.
FILE_FORMATS = {'pdf': 'latex', 'epub': 'epub'}


class BuildError(Exception):
    """A build step failed; the message says which and why. build/site is left as it was."""


class Interrupted(Exception):
    """Ctrl-C: every child was stopped; the message says what, if anything, was published."""


@dataclass(frozen=True)
class BuildOptions:
    """A build's request. Narrowing (languages, versions, formats) builds only what was asked."""

    languages: tuple[str, ...] = ALL_LANGUAGES
    versions: tuple[str, ...] | None = None  # None: the working draft and every round
    formats: tuple[str, ...] = FORMATS
    site: Path = ROOT / 'build' / 'site'
    handbook: bool = True
    root: Path = ROOT
    #: The address the site is published at, with a final slash; '' for none.
    base_url: str = ''
    jobs: int | None = None
    #: Forget build/work and build/cache first (never needed for a correct result).
    clean: bool = False
    #: (i, n): only the i-th of n shares of the editions, without the pages made from all of them.
    shard: tuple[int, int] | None = None
    cache: Path | None = None
    #: Print the plan and build nothing.
    dry_run: bool = False
    #: A trial build into a folder that is thrown away (a release's check): said so, not where.
    trial: bool = False

    @property
    def work(self) -> Path:
        return self.site.parent / 'work'

    @property
    def staging(self) -> Path:
        return self.site.parent / '.staging'

    @property
    def cache_folder(self) -> Path:
        return self.cache or self.site.parent / 'cache'

    @property
    def parallel(self) -> int:
        return self.jobs or os.cpu_count() or 1

    @property
    def whole_site(self) -> bool:
        """Whether this build makes the pages that need every edition (not a shard of them)."""
        return self.shard is None
