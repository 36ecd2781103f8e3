"""sitemap.xml: every page of every HTML edition, with its other languages as alternates."""

from __future__ import annotations

from dataclasses import dataclass

from concept_build.pages.render import render

#: Pages of an edition that are not part of the text, left out of the sitemap.
NOT_TEXT = {'search', 'genindex'}


@dataclass(frozen=True)
class Address:
    """A page's address and the same page in each language of its version (templates/sitemap.xml)."""

    loc: str
    #: Each language's code (or "x-default") and its address.
    alternates: list[tuple[str, str]]


def sitemap(pages: dict[str, list[str]], base_url: str) -> str:
    """Every page of every HTML edition (*pages* by "<language>/<version>" folder), with its other
    languages as hreflang alternates; the entry page is the default."""
    addresses = []
    for folder, names in sorted(pages.items()):
        version = folder.split('/', 1)[1]
        for name in names:
            if name in NOT_TEXT:
                continue
            alternates = [
                (other.split('/')[0], f'{base_url}{other}/{name}.html')
                for other in sorted(pages)
                if other.split('/', 1)[1] == version and name in pages[other]
            ]
            alternates.append(('x-default', f'{base_url}index.html'))
            addresses.append(Address(f'{base_url}{folder}/{name}.html', alternates))
    return render('sitemap.xml', addresses=addresses)
