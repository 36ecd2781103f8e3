"""Build the editions of the Concept and publish them into the static site with its manifest."""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import polib
from babel import Locale

from concept_build import translations

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = (translations.SOURCE_LANGUAGE, *translations.LANGUAGES)
VERSIONS = ('latest',)
FORMATS = ('html', 'pdf')
TITLE = 'Concept of the Common Migration Space of the CIS States'


class BuildError(Exception):
    """A build step failed; the message says which and why. build/site is left as it was."""


@dataclass(frozen=True)
class Edition:
    language: str
    version: str

    @property
    def folder(self) -> str:
        return f'{self.language}/{self.version}'

    @property
    def pdf_name(self) -> str:
        return f'concept-{self.language}-{self.version}.pdf'


def sphinx_build(builder: str, source: Path, out: Path, doctrees: Path,
                 overrides: dict[str, str], what: str) -> None:
    """Run Sphinx strictly: nitpicky, warnings are errors, but report them all."""
    command = [sys.executable, '-m', 'sphinx', '-b', builder, '-n', '-W', '--keep-going', '-q',
               '-d', str(doctrees)]
    for name, value in overrides.items():
        command += ['-D', f'{name}={value}']
    command += [str(source), str(out)]
    print(f'==> {what}: sphinx-build -b {builder}', flush=True)
    if subprocess.run(command, check=False).returncode != 0:
        raise BuildError(f'{what}: Sphinx reported the errors above (source {source})')


def latex_to_pdf(latex_dir: Path, pdf_name: str, what: str) -> Path:
    """Run latexmk with xelatex; fail on any LaTeX error or missing glyph."""
    tex = pdf_name.removesuffix('.pdf') + '.tex'
    log = latex_dir / tex.replace('.tex', '.log')
    print(f'==> {what}: latexmk (xelatex) {tex}', flush=True)
    result = subprocess.run(
        ['latexmk', '-xelatex', '-interaction=nonstopmode', '-halt-on-error', '-file-line-error', '-silent', tex],
        cwd=latex_dir, capture_output=True, text=True, check=False)
    log_text = log.read_text(encoding='utf-8', errors='replace') if log.exists() else ''
    if result.returncode != 0:
        errors = [line for line in log_text.splitlines() if re.match(r'^(\S+:\d+: |! )', line)]
        detail = '\n'.join(errors[:15]) or (result.stdout + result.stderr)[-2000:]
        raise BuildError(f'{what}: LaTeX failed, see {log}:\n{detail}')
    missing_glyphs = sorted(set(re.findall(r'Missing character: There is no (.+?) in font', log_text)))
    if missing_glyphs:
        raise BuildError(f'{what}: the PDF lacks glyphs for {", ".join(missing_glyphs)} '
                         f'(see "Missing character" in {log})')
    return latex_dir / pdf_name


def git_commit(root: Path) -> str | None:
    result = subprocess.run(['git', 'rev-parse', 'HEAD'], cwd=root, capture_output=True,
                            text=True, check=False)
    return result.stdout.strip() if result.returncode == 0 else None


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def compile_catalogs(root: Path, language: str) -> None:
    """Compile the language's catalogues before Sphinx starts, so its own strings are found too."""
    for po_path in sorted((root / 'locale' / language / 'LC_MESSAGES').glob('*.po')):
        try:
            polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix('.mo')))
        except (OSError, ValueError) as exc:
            raise BuildError(f'{language}: cannot read {po_path}: {exc}') from None


def build_edition(edition: Edition, formats: tuple[str, ...], work: Path, staging: Path,
                  root: Path) -> dict:
    """Build one language and version into *staging*; return its manifest entry."""
    source = root / 'concept'
    base = work / edition.language / edition.version
    overrides = {'language': edition.language, 'concept_version': edition.version}
    target = staging / edition.folder
    entry = {'language': edition.language, 'version': edition.version,
             'html': None, 'pdf': None, 'commit': git_commit(root), 'pdf_sha256': None}
    what = f'{edition.language}/{edition.version}'
    if edition.language != translations.SOURCE_LANGUAGE:
        compile_catalogs(root, edition.language)
    if 'html' in formats:
        sphinx_build('html', source, base / 'html', base / 'doctrees-html', overrides, f'{what} HTML')
        shutil.copytree(base / 'html', target, ignore=shutil.ignore_patterns('.buildinfo', '.doctrees'))
        entry['html'] = f'{edition.folder}/'
    if 'pdf' in formats:
        sphinx_build('latex', source, base / 'latex', base / 'doctrees-latex', overrides, f'{what} LaTeX')
        pdf = latex_to_pdf(base / 'latex', edition.pdf_name, f'{what} PDF')
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(pdf, target / edition.pdf_name)
        entry['pdf'] = f'{edition.folder}/{edition.pdf_name}'
        entry['pdf_sha256'] = sha256(target / edition.pdf_name)
    return entry


def language_name(code: str) -> str:
    """The language's own name for itself, as a reader looks for it."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def write_index(site: Path, editions: list[dict]) -> None:
    """The entry page: every edition, its PDF, and a hop to the reader's language."""
    languages = sorted({e['language'] for e in editions})
    rows = []
    for e in sorted(editions, key=lambda e: (e['language'], e['version'])):
        links = []
        if e['html']:
            links.append(f'<a href="{html.escape(e["html"])}">{html.escape(e["version"])}</a>')
        if e['pdf']:
            links.append(f'<a href="{html.escape(e["pdf"])}" type="application/pdf">PDF</a>')
        rows.append(f'<li lang="{e["language"]}">{html.escape(language_name(e["language"]))}: '
                    + ' · '.join(links) + '</li>')
    page = f'''<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(TITLE)}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;line-height:1.5}}
.notice{{border-left:4px solid #c60;padding:.5rem 1rem;background:#fff6ec}}</style>
<script>
// Send a first-time reader to the edition in their browser's language, once.
(function () {{
  var languages = {json.dumps(languages)};
  if (location.search.indexOf('stay') >= 0 || sessionStorage.getItem('concept-chosen')) return;
  var wanted = (navigator.languages || [navigator.language]).map(function (l) {{ return l.slice(0, 2); }});
  for (var i = 0; i < wanted.length; i++) {{
    if (languages.indexOf(wanted[i]) >= 0) {{ location.replace(wanted[i] + '/latest/'); return; }}
  }}
}})();
</script>
</head>
<body>
<h1>{html.escape(TITLE)}</h1>
<p class="notice">Working text prepared for the discussion of the working group.
It is not an official document of the Commonwealth of Independent States.</p>
<h2>Editions</h2>
<ul>
{chr(10).join(rows)}
</ul>
<p><a href="handbook/">Handbook for authors, translators and maintainers</a></p>
</body>
</html>
'''
    (site / 'index.html').write_text(page, encoding='utf-8')


def publish(staging: Path, site: Path, entries: list[dict], with_handbook: bool) -> None:
    """Swap the freshly built folders into *site*, keeping every edition that was not rebuilt."""
    site.mkdir(parents=True, exist_ok=True)
    manifest_path = site / 'editions.json'
    previous = json.loads(manifest_path.read_text(encoding='utf-8')) if manifest_path.exists() else {}
    rebuilt = {(e['language'], e['version']) for e in entries}
    kept = [e for e in previous.get('editions', [])
            if (e['language'], e['version']) not in rebuilt and (site / (e['html'] or e['pdf'])).exists()]
    trash = site.parent / f'.trash-{os.getpid()}'
    folders = [e['html'] or e['pdf'].rsplit('/', 1)[0] + '/' for e in entries]
    if with_handbook:
        folders.append('handbook/')
    for folder in folders:
        new, old = staging / folder, site / folder
        if old.exists():
            (trash / folder).parent.mkdir(parents=True, exist_ok=True)
            old.rename(trash / folder)
        old.parent.mkdir(parents=True, exist_ok=True)
        new.rename(old)
    shutil.rmtree(trash, ignore_errors=True)
    editions = sorted(kept + entries, key=lambda e: (e['language'], e['version']))
    manifest = {'title': TITLE, 'editions': editions}
    manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + '\n', encoding='utf-8')
    write_index(site, editions)


def build(languages: tuple[str, ...] = LANGUAGES, versions: tuple[str, ...] = VERSIONS,
          formats: tuple[str, ...] = FORMATS, site: Path = ROOT / 'build' / 'site',
          with_handbook: bool = True, root: Path = ROOT) -> list[dict]:
    """Build the requested editions; publish them only if every one of them succeeded."""
    work = site.parent / 'work'
    staging = site.parent / '.staging'
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    started = time.monotonic()
    entries = [build_edition(Edition(language, version), formats, work, staging, root)
               for language in languages for version in versions]
    if with_handbook:
        sphinx_build('html', root / 'docs', work / 'handbook' / 'html', work / 'handbook' / 'doctrees',
                     {}, 'handbook HTML')
        shutil.copytree(work / 'handbook' / 'html', staging / 'handbook',
                        ignore=shutil.ignore_patterns('.buildinfo', '.doctrees'))
    publish(staging, site, entries, with_handbook)
    shutil.rmtree(staging, ignore_errors=True)
    print(f'==> published {len(entries)} edition(s) to {site} in {time.monotonic() - started:.1f} s')
    return entries


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog='python -m concept_build', description=__doc__)
    parser.add_argument('--language', '-l', action='append', choices=LANGUAGES,
                        help='build only this language (repeatable; default: all)')
    parser.add_argument('--version', '-v', action='append', choices=VERSIONS,
                        help='build only this version (repeatable; default: all)')
    parser.add_argument('--format', '-f', action='append', choices=FORMATS,
                        help='build only this format (repeatable; default: html and pdf)')
    parser.add_argument('--no-handbook', action='store_true', help='skip the handbook')
    parser.add_argument('--site', type=Path, default=ROOT / 'build' / 'site',
                        help='where to publish (default: build/site)')
    args = parser.parse_args(argv)
    try:
        build(tuple(args.language or LANGUAGES), tuple(args.version or VERSIONS),
              tuple(args.format or FORMATS), args.site.resolve(), not args.no_handbook)
    except BuildError as exc:
        raise SystemExit(f'error: {exc}\nNothing was published; {args.site} is unchanged.') from None
