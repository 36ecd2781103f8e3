"""The 404 page: served for any missing address, it offers each language's entry page and edition."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from concept_build.common.catalogs import catalog
from concept_build.common.languages import language_name
from concept_build.common.project import LATEST, NOTICE, TITLE
from concept_build.pages.render import render
from concept_build.pages.shell import STYLE


@dataclass(frozen=True)
class Offer:
    """One language's line on the 404 page (templates/404.html), in that language."""

    code: str
    missing: str
    choose: str

    @property
    def name(self) -> str:
        return language_name(self.code)


def offer(language: str, locale_dir: Path) -> Offer:
    """The line of *language*, in its own words."""
    _ = catalog(locale_dir, language)
    return Offer(language, _('This page does not exist.'), _('Choose a language and a version'))


def not_found_page(languages: list[str], locale_dir: Path, base_url: str) -> str:
    """Served for any missing address, at any depth, so no relative link would hold: the links
    start at the base URL, or at the server's root without one, and a script finds where the
    site really is (the part before /<language>/<version>/, else the nearest folder above the
    address that has editions.json) and corrects them."""
    return render(
        '404.html',
        title=TITLE,
        notice=NOTICE,
        style=STYLE,
        start=base_url or '/',
        latest=LATEST,
        languages=languages,
        offers=[offer(language, locale_dir) for language in languages],
    )
