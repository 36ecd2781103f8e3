"""editions.json: the manifest of the published site, read before a build and written after it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from concept_build.pipeline.options import BuildError

MANIFEST = 'editions.json'


def read_manifest_file(site: Path) -> dict:
    path = site / MANIFEST
    if not path.exists():
        return {}
    try:
        manifest = json.loads(path.read_text(encoding='utf-8'))
        if not isinstance(manifest, dict):
            raise ValueError('not an object')
        return manifest
    except ValueError as exc:
        raise BuildError(f'{path}: not a manifest this build wrote ({exc}); move it away') from None


def write_manifest(site: Path, manifest: dict) -> None:
    (site / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + '\n', encoding='utf-8')


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
