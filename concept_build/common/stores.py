"""The provision stores as files: their names beside each HTML edition, and reading them back."""

from __future__ import annotations

import json
from pathlib import Path

#: An edition's provisions as data, and what the side-by-side page shows of them as a script,
#: which a page opened from file:// can load where it cannot fetch.
STORE = 'provisions.json'
SCRIPT = 'provisions.js'
#: The fields of each provision the side-by-side page shows (readers on mobile data pay for
#: every byte: the tokens, HTML and citations are four fifths of a store).
SHOWN_SIDE_BY_SIDE = ('key', 'number', 'chapter', 'chapter_title', 'page', 'text', 'translated')


def read_store(path: Path) -> dict:
    return json.loads(path.read_text(encoding='utf-8'))


def published_stores(site: Path, editions: list[dict]) -> dict[tuple[str, str], dict]:
    """The provision store of every published edition, by (language, version)."""
    return {
        (ed['language'], ed['version']): read_store(site / ed['store'])
        for ed in editions
        if ed.get('store') and (site / ed['store']).exists()
    }
