"""Shared helpers: build a test project under tests/roots/ in a temporary copy."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

ROOTS = Path(__file__).parent / 'roots'
REPO = Path(__file__).parent.parent


class Built:
    def __init__(self, app: SphinxTestApp, warnings: str) -> None:
        self.app, self.warnings, self.outdir = app, warnings, Path(app.outdir)

    def page(self, name: str) -> str:
        return (self.outdir / f'{name}.html').read_text(encoding='utf-8')


@pytest.fixture
def project(tmp_path):
    """Copy a test project; ``project('provisions')`` returns its folder to edit and build.

    Every other case holds only the files in which it differs from ``test-provisions``.
    """

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(ROOTS / 'test-provisions', target)
        shutil.copytree(ROOTS / f'test-{name}', target, dirs_exist_ok=True)
        return target

    return copy


@pytest.fixture
def build():
    """Build a project folder with Sphinx, nitpicky; return the result with its warnings."""
    apps = []

    def run(srcdir: Path, builder: str = 'html', **overrides) -> Built:
        app = SphinxTestApp(builder, srcdir=srcdir, status=StringIO(), warning=StringIO(),
                            confoverrides={'nitpicky': True, **overrides})
        apps.append(app)
        app.build()
        return Built(app, app.warning.getvalue())

    yield run
    for app in apps:
        app.cleanup()
