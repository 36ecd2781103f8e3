"""The provision stores as files: their names beside each HTML edition, and reading them back."""

from __future__ import annotations

import json
from pathlib import Path

#: An edition's provisions as data, and the same as a script for pages opened from file://.
STORE = 'provisions.json'
SCRIPT = 'provisions.js'


def read_store(path: Path) -> dict:
    return json.loads(path.read_text(encoding='utf-8'))


def published_stores(site: Path, editions: list[dict]) -> dict[tuple[str, str], dict]:
    """The provision store of every published edition, by (language, version)."""
    return {
        (ed['language'], ed['version']): read_store(site / ed['store'])
        for ed in editions
        if ed.get('store') and (site / ed['store']).exists()
    }
