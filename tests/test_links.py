"""Every internal link and anchor of the built site resolves, in every language and version."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest


class Page(HTMLParser):
    """The links and the ids of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get('id'):
            self.ids.add(found['id'])
        if tag == 'a' and found.get('name'):
            self.ids.add(found['name'])
        for attribute in ('href', 'src'):
            value = found.get(attribute)
            # The 404 page's links start at the server's root: it is served at any address.
            if value and tag in ('a', 'link', 'script', 'img') and not value.startswith('/'):
                self.links.append(value)


def parse(path: Path, cache: dict[Path, Page]) -> Page:
    if path not in cache:
        page = Page()
        page.feed(path.read_text(encoding='utf-8'))
        cache[path] = page
    return cache[path]


def broken_links(site: Path) -> list[str]:
    pages: dict[Path, Page] = {}
    broken = []
    for path in sorted(site.rglob('*.html')):
        if path.name == '404.html':
            continue
        for link in parse(path, pages).links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(('mailto:', 'javascript:', 'data:')):
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir():
                target = target / 'index.html'
            if not target.exists():
                broken.append(f'{path.relative_to(site)}: {link} (no such file)')
            elif (
                parts.fragment and target.suffix == '.html' and unquote(parts.fragment) not in parse(target, pages).ids
            ):
                broken.append(f'{path.relative_to(site)}: {link} (no such anchor)')
    return broken


@pytest.mark.slow
def test_every_link_and_anchor_of_the_versioned_site_resolves(versioned_site):
    assert broken_links(versioned_site) == []
