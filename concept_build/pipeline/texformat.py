"""The tables' LaTeX packages as a format (mylatexformat), made once and kept under its digest."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from concept_build.pipeline import cache, children

NAME = 'tables'

#: What surrounds the packages while they are dumped. XeTeX cannot keep a loaded OpenType font in
#: a format, and LaTeX loads one as soon as anything selects a font: the class does so in the
#: 8-bit encoding (a TeX font, which a format keeps), fontspec does so with no font selection at
#: all, and mylatexformat's own loading of the usual fonts is left out. The document's encoding
#: is Unicode again once the packages are in.
BEFORE = r'\renewcommand\encodingdefault{OT1}\fontencoding{OT1}'
WHILE_LOADING, AFTER_LOADING = (
    r'\makeatletter\let\concept@selectfont\selectfont\def\selectfont{}\makeatother',
    r'\makeatletter\let\selectfont\concept@selectfont\makeatother',
)
AFTER = '\n'.join(
    [
        r'\renewcommand\encodingdefault{TU}\fontencoding{TU}',
        r'\makeatletter\let\MYLATEX@fontpreloading\relax\makeatother',
    ]
)


def format_source(packages: str, end_of_dump: str) -> str:
    """*packages* (a class and its packages, one per line), set up to be dumped."""
    lines = packages.splitlines()
    return '\n'.join([BEFORE, lines[0], WHILE_LOADING, *lines[1:], AFTER_LOADING, AFTER, end_of_dump, ''])


def table_format(folder: Path, packages: str, end_of_dump: str, environ: dict[str, str]) -> Path:
    """The format that has loaded *packages*, as xelatex's ``-fmt`` names it (without its suffix):
    kept from an earlier build with the same packages and TeX, or made now. Raises OSError naming
    the log when xelatex cannot make it, and then leaves nothing that a later build would take."""
    source_text = format_source(packages, end_of_dump)
    digest = hashlib.sha256(f'{source_text}\n{cache.tools()}'.encode()).hexdigest()[:16]
    made = folder / f'{NAME}-{digest}.fmt'
    if made.exists():
        return made.with_suffix('')
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder) as scratch:
        source = Path(scratch) / f'{NAME}.tex'
        source.write_text(source_text, encoding='utf-8')
        # "&xelatex" starts from LaTeX's own format; mylatexformat reads the source up to the end
        # of the dump and dumps what it has loaded.
        command = ['xelatex', '-ini', '-interaction=nonstopmode', '-halt-on-error', f'-jobname={NAME}']
        result = children.run([*command, '&xelatex', 'mylatexformat.ltx', source.name], cwd=scratch, env=environ)
        dumped = source.with_suffix('.fmt')
        if result.returncode != 0 or not dumped.exists():
            log = folder / f'{NAME}-failed.log'
            if source.with_suffix('.log').exists():
                shutil.copyfile(source.with_suffix('.log'), log)
            raise OSError(f"the tables' LaTeX format could not be made (xelatex -ini), see {log}")
        os.replace(dumped, made)  # whole or not at all
    for stale in folder.glob(f'{NAME}-*.fmt'):  # made for other packages or another TeX
        if stale != made:
            stale.unlink()
    return made.with_suffix('')
