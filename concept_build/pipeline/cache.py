"""The edition cache: every built output stored under a key made of all that determines it."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from functools import cache
from importlib import metadata
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
#: Raised when what a key covers changes meaning, so that no older entry is ever served.
KEY_FORMAT = 1
#: The Debian packages whose files make the PDFs: TeX Live, latexmk and the fonts.
TEX_PACKAGES = ('texlive*', 'latexmk', 'fontconfig', 'fonts-freefont*')
#: The Python distributions whose code reaches the pages.
DISTRIBUTIONS = (
    'sphinx',
    'docutils',
    'myst-parser',
    'sphinxcontrib-bibtex',
    'pybtex',
    'furo',
    'babel',
    'polib',
    'pyyaml',
    'jinja2',
    'pygments',
    'markdown-it-py',
    'sphinx-basic-ng',
    'latexcodec',
)


@cache
def tools() -> str:
    """The versions of Python, the libraries, TeX and the fonts, as one text."""
    lines = [f'python {sys.version.split()[0]}']
    for name in DISTRIBUTIONS:
        try:
            lines.append(f'{name} {metadata.version(name)}')
        except metadata.PackageNotFoundError:
            lines.append(f'{name} -')
    # Debian records the exact versions of TeX Live and of the fonts; elsewhere xelatex's banner.
    try:
        packages = subprocess.run(
            ['dpkg-query', '-W', '-f', '${db:Status-Abbrev}${Package} ${Version}\\n', *TEX_PACKAGES],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        packages = '\n'.join(line[3:] for line in packages.splitlines() if line.startswith('ii '))
    except OSError:
        packages = ''
    if not packages.strip():
        try:
            packages = subprocess.run(
                ['xelatex', '--version'], capture_output=True, text=True, check=False
            ).stdout.partition('\n')[0]
        except OSError:
            packages = 'no xelatex'
    lines += sorted(packages.strip().splitlines())
    return '\n'.join(lines)


def files_digest(root: Path, folders: list[str], skip_suffixes: tuple[str, ...] = ('.mo', '.pyc')) -> str:
    """A digest of the names and bytes of every file under *folders* (relative to *root*)."""
    digest = hashlib.sha256()
    for folder in folders:
        start = root / folder
        paths = (
            [start] if start.is_file() else sorted(p for p in start.rglob('*') if p.is_file()) if start.is_dir() else []
        )
        for path in paths:
            if path.suffix in skip_suffixes or '__pycache__' in path.parts:
                continue
            digest.update(str(path.relative_to(root)).encode() + b'\0')
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        if not paths:
            digest.update(f'{folder} absent\0'.encode())
    return digest.hexdigest()


@cache
def code() -> str:
    """Our build code, templates, styles and scripts, and the lock that pins every package."""
    return files_digest(PACKAGE.parent, ['concept_build', 'pyproject.toml', 'requirements-lock.txt'])


def key_parts(**parts: object) -> dict[str, str]:
    """Each part that determines an output (with our code and the tools) as a digest of its own,
    so that a plan can say which of them changed."""
    every = {'format': KEY_FORMAT, 'code': code(), 'tools': tools(), **parts}
    return {
        name: hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()
        for name, value in sorted(every.items())
    }


def key(**parts: object) -> str:
    """The key of an output: the digest of every part that determines it, and of the tools."""
    return digest_of(key_parts(**parts))


def digest_of(parts: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


class Store:
    """Outputs kept under their keys: a file or a folder each, written whole or not at all."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, key_: str) -> Path:
        return self.folder / key_[:2] / key_

    def note_parts(self, parts: dict[str, str]) -> str:
        """Remember what a key is made of (for the plan's "why"); return the key."""
        key_ = digest_of(parts)
        noted = self.folder / 'parts' / key_[:2] / f'{key_}.json'
        if not noted.exists():
            noted.parent.mkdir(parents=True, exist_ok=True)
            partial = noted.with_name(f'{noted.name}.{os.getpid()}.partial')
            partial.write_text(json.dumps(parts, sort_keys=True), encoding='utf-8')
            partial.replace(noted)
        return key_

    def changed_parts(self, old_key: str, parts: dict[str, str]) -> list[str] | None:
        """The parts in which *parts* differ from those of *old_key*; None when those are unknown."""
        noted = self.folder / 'parts' / old_key[:2] / f'{old_key}.json'
        try:
            old = json.loads(noted.read_text(encoding='utf-8'))
        except (OSError, ValueError):
            return None
        return sorted(name for name in {*old, *parts} if old.get(name) != parts.get(name))

    def get(self, key_: str, destination: Path) -> bool:
        """Copy the output stored under *key_* to *destination*; False when there is none."""
        stored = self.path(key_)
        if stored.is_dir():
            shutil.copytree(stored, destination, dirs_exist_ok=True)
        elif stored.is_file():
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(stored, destination)
        else:
            return False
        return True

    def put(self, key_: str, source: Path, ignore=None) -> None:
        """Store *source* (a file or a folder) under *key_*; a half-written entry is never seen."""
        stored = self.path(key_)
        if stored.exists():
            return
        stored.parent.mkdir(parents=True, exist_ok=True)
        partial = stored.with_name(f'{stored.name}.{os.getpid()}.partial')
        shutil.rmtree(partial, ignore_errors=True)
        if source.is_dir():
            shutil.copytree(source, partial, ignore=ignore)
        else:
            shutil.copyfile(source, partial)
        try:
            partial.rename(stored)
        except OSError:  # another build stored the same output meanwhile
            shutil.rmtree(partial, ignore_errors=True) if partial.is_dir() else partial.unlink()
