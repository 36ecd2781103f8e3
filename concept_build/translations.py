"""The translators' workflow: refresh the catalogues, check them, and count what is translated."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import polib
from babel.messages.extract import extract_from_dir
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / 'locale'
TEMPLATES = ROOT / 'build' / 'gettext'
SOURCE_LANGUAGE = 'en'
#: The translations, Russian first: the others are often translated from it.
LANGUAGES = ('ru', 'kk', 'uz', 'ky', 'tg', 'hy', 'az', 'be')
RELAY_LANGUAGE = 'ru'
RELAY_PREFIX = 'ru: '
#: Strings of our own extension and templates live in this catalogue, beside Sphinx's own.
INTERFACE_CATALOG = 'concept'


def extract_templates(templates: Path = TEMPLATES) -> None:
    """Write the .pot files: the Concept's text by Sphinx's gettext builder, ours by Babel."""
    subprocess.run([sys.executable, '-m', 'sphinx', '-b', 'gettext', '-q', '-n', '-W', '--keep-going',
                    str(ROOT / 'concept'), str(templates)], check=True)
    catalog = Catalog(project='concept-build', domain=INTERFACE_CATALOG)
    for filename, lineno, message, comments, context in extract_from_dir(
            str(ROOT / 'concept_build'), method_map=[('**.py', 'python')],
            keywords={'_': None}):
        catalog.add(message, locations=[(f'concept_build/{filename}', lineno)],
                    auto_comments=comments, context=context)
    with (templates / f'{INTERFACE_CATALOG}.pot').open('wb') as pot:
        write_po(pot, catalog, omit_header=False)
    add_theme_messages(templates / 'sphinx.pot')


def add_theme_messages(pot_path: Path) -> None:
    """Add the theme's interface strings, which Sphinx's gettext builder does not see."""
    import furo

    catalog = polib.pofile(str(pot_path), wrapwidth=76)
    known = {entry.msgid for entry in catalog}
    theme = Path(furo.__file__).parent / 'theme' / 'furo'
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(theme), method_map=[('**.html', 'jinja2.ext:babel_extract')], keywords={'_': None}):
        if isinstance(message, str) and message not in known:
            known.add(message)
            catalog.append(polib.POEntry(msgid=message, occurrences=[(f'furo/{filename}', str(lineno))]))
    catalog.save()


def relay_comments(locale: Path = LOCALE) -> None:
    """Give every non-Russian message the Russian translation as an extracted comment."""
    relay_dir = locale / RELAY_LANGUAGE / 'LC_MESSAGES'
    for relay_po in sorted(relay_dir.glob('*.po')):
        russian = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(relay_po))
                   if e.msgstr and not e.obsolete}
        for language in LANGUAGES:
            if language == RELAY_LANGUAGE:
                continue
            path = locale / language / 'LC_MESSAGES' / relay_po.name
            if not path.exists():
                continue
            catalog = polib.pofile(str(path), wrapwidth=76)
            for entry in catalog:
                kept = [line for line in entry.comment.splitlines() if not line.startswith(RELAY_PREFIX)]
                text = russian.get((entry.msgctxt, entry.msgid))
                if text:
                    kept.append(RELAY_PREFIX + ' '.join(text.split()))
                entry.comment = '\n'.join(kept)
            catalog.save()


def update(languages: tuple[str, ...] = LANGUAGES) -> None:
    """Regenerate the templates and bring every catalogue up to date with them."""
    extract_templates()
    command = [sys.executable, '-m', 'sphinx_intl', 'update', '-p', str(TEMPLATES), '-d', str(LOCALE)]
    for language in languages:
        command += ['-l', language]
    subprocess.run(command, check=True)
    for language in languages:
        for po_path in (LOCALE / language / 'LC_MESSAGES').glob('*.po'):
            catalog = polib.pofile(str(po_path), wrapwidth=76)
            # Drop obsolete entries: the old text is in git, and they only confuse a translator.
            for entry in catalog.obsolete_entries():
                catalog.remove(entry)
            catalog.save()
    relay_comments()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog='python -m concept_build.translations', description=__doc__)
    sub = parser.add_subparsers(dest='command', required=True)
    up = sub.add_parser('update', help=update.__doc__)
    up.add_argument('--language', '-l', action='append', choices=LANGUAGES)
    args = parser.parse_args(argv)
    if args.command == 'update':
        update(tuple(args.language or LANGUAGES))


if __name__ == '__main__':
    main()
