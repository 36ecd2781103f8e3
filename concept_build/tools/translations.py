"""The translators' workflow: refresh the catalogues, check them, and count what is translated."""

from __future__ import annotations

import argparse
import difflib
import re
import subprocess
import sys
from pathlib import Path

import polib
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import write_po

from concept_build.common import rounds
from concept_build.common.catalogs import check_catalog, compile_language, read_catalog, statistics
from concept_build.common.datafile import DataFileError
from concept_build.common.languages import LANGUAGES, RELAY_LANGUAGE
from concept_build.common.project import LOCALE, ROOT
from concept_build.common.redline import spans, split
from concept_build.common.terms import term_problems

TEMPLATES = ROOT / 'build' / 'gettext'
RELAY_PREFIX = 'ru: '
#: Strings of our own extension and templates live in this catalogue, beside Sphinx's own.
INTERFACE_CATALOG = 'concept'


def extract_templates(templates: Path = TEMPLATES) -> None:
    """Write the .pot files: the Concept's text by Sphinx's gettext builder, ours by Babel."""
    subprocess.run(
        [
            sys.executable,
            '-m',
            'sphinx',
            '-b',
            'gettext',
            '-q',
            '-n',
            '-W',
            '--keep-going',
            str(ROOT / 'concept'),
            str(templates),
        ],
        check=True,
    )
    with (templates / f'{INTERFACE_CATALOG}.pot').open('wb') as pot:
        write_po(pot, interface_messages(), omit_header=False)
    add_theme_messages(templates / 'sphinx.pot')


def interface_messages() -> Catalog:
    """The messages of our own code, found by Babel, and those of the round registry."""
    catalog = Catalog(project='concept-build', domain=INTERFACE_CATALOG)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT / 'concept_build'), method_map=[('**.py', 'python')], keywords={'_': None, 'gettext': None}
    ):  # navigation.version_label takes its gettext
        catalog.add(message, locations=[(f'concept_build/{filename}', lineno)], auto_comments=comments, context=context)
    # A round's place appears in its banner, and its event and what it discussed on the entry
    # page, in every language.
    for round_ in rounds.load(ROOT / rounds.REGISTRY):
        for message in (round_.place, round_.event, round_.discussed):
            catalog.add(message, locations=[(rounds.REGISTRY, round_.line)])
    return catalog


def add_theme_messages(pot_path: Path) -> None:
    """Add the interface strings that Sphinx's gettext builder does not see: the theme's, and
    those of Sphinx itself that our pages show, which it translates into few of our languages."""
    import furo
    import sphinx

    # Sphinx's own strings on our pages: the headings' links, the admonition the Concept uses,
    # and the messages of its search page and of its highlighting of the words searched for.
    sphinx_messages = {
        'Link to this heading',
        'Important',
        'Searching',
        'Preparing search...',
        'Search Results',
        'Search finished, found one page matching the search query.',
        'Your search did not match any documents. Please make sure that all words are spelled '
        "correctly and that you've selected enough categories.",
        ', in ',
        'Hide Search Matches',
    }
    catalog = polib.pofile(str(pot_path), wrapwidth=76)
    known = {entry.msgid for entry in catalog}
    theme = Path(furo.__file__).parent / 'theme' / 'furo'
    # {% trans %} blocks reach the extractor as calls of gettext, not of _.
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(theme), method_map=[('**.html', 'jinja2.ext:babel_extract')], keywords={'_': None, 'gettext': None}
    ):
        if isinstance(message, str) and message not in known:
            known.add(message)
            catalog.append(polib.POEntry(msgid=message, occurrences=[(f'furo/{filename}', str(lineno))]))
    for entry in polib.pofile(str(Path(sphinx.__file__).parent / 'locale' / 'sphinx.pot')):
        if entry.msgid in sphinx_messages and entry.msgid not in known:
            known.add(entry.msgid)
            catalog.append(
                polib.POEntry(
                    msgid=entry.msgid,
                    msgid_plural=entry.msgid_plural,
                    msgstr_plural=entry.msgstr_plural,
                    occurrences=[(f'sphinx/{path}', line) for path, line in entry.occurrences],
                )
            )
    catalog.save()


def relay_comments(locale: Path = LOCALE, languages: tuple[str, ...] = LANGUAGES) -> None:
    """Give every non-Russian message of *languages* the Russian translation as a comment."""
    relay_dir = locale / RELAY_LANGUAGE / 'LC_MESSAGES'
    for relay_po in sorted(relay_dir.glob('*.po')):
        russian = {
            (e.msgctxt, e.msgid): e.msgstr
            for e in polib.pofile(str(relay_po))
            if e.msgstr and not e.obsolete and 'fuzzy' not in e.flags
        }
        for language in languages:
            if language == RELAY_LANGUAGE:
                continue
            path = locale / language / 'LC_MESSAGES' / relay_po.name
            if not path.exists():
                continue
            catalog = polib.pofile(str(path), wrapwidth=76)
            for entry in catalog:
                # The relay comment comes last and may have been wrapped over several lines.
                lines = entry.comment.splitlines()
                relay_at = next((i for i, line in enumerate(lines) if line.startswith(RELAY_PREFIX)), len(lines))
                kept = lines[:relay_at]
                text = russian.get((entry.msgctxt, entry.msgid))
                if text:
                    kept.append(RELAY_PREFIX + ' '.join(text.split()))
                entry.comment = '\n'.join(kept)
            catalog.save()


def update(languages: tuple[str, ...] = LANGUAGES) -> None:
    """Regenerate the templates and bring every catalogue up to date with them."""
    extract_templates()
    merge(TEMPLATES, LOCALE, languages)


def merge(templates: Path, locale: Path, languages: tuple[str, ...]) -> None:
    """Bring the catalogues of *languages* in *locale* up to date with the templates."""
    # Only the languages asked for are touched: a translator may be at work on the others.
    before = {
        path: path.read_text(encoding='utf-8')
        for language in languages
        for path in (locale / language / 'LC_MESSAGES').glob('*.po')
    }
    command = [sys.executable, '-m', 'sphinx_intl', 'update', '-p', str(templates), '-d', str(locale)]
    for language in languages:
        command += ['-l', language]
    subprocess.run(command, check=True)
    for language in languages:
        for po_path in (locale / language / 'LC_MESSAGES').glob('*.po'):
            tidy(po_path, before.get(po_path))
    relay_comments(locale, languages)
    # A catalogue whose messages did not change keeps its old header dates, so that an update
    # touches only the files a translator has work in.
    for path, text in before.items():
        if path.exists() and without_dates(path.read_text(encoding='utf-8')) == without_dates(text):
            path.write_text(text, encoding='utf-8')


def tidy(po_path: Path, old_text: str | None) -> None:
    """A catalogue as sphinx-intl left it, made as a translator should get it."""
    catalog = polib.pofile(str(po_path), wrapwidth=76)
    # Drop obsolete entries: the old text is in git, and they only confuse a translator.
    for entry in catalog.obsolete_entries():
        catalog.remove(entry)
    # Babel flags "{prov}`x`" as a Python format string; it is MyST markup.
    for entry in catalog:
        entry.flags = [flag for flag in entry.flags if not flag.endswith('-format')]
    if old_text is not None:
        keep_previous(catalog, polib.pofile(old_text))
    catalog.save()


def keep_previous(catalog: polib.POFile, old: polib.POFile) -> None:
    """Give each fuzzy message the English it had before (``#| msgid``, as msgmerge --previous
    writes it), so that Poedit and Weblate show the translator what changed.

    sphinx-intl merges with Babel, which neither writes nor reads these lines: a message fuzzy
    before keeps the previous English it had, and one made fuzzy now gets the English of the
    old message whose translation it took.
    """
    before = {(e.msgctxt, e.msgid): e for e in old if not e.obsolete}
    gone = [e for key, e in before.items() if catalog.find(key[1], msgctxt=key[0]) is None and e.msgstr]
    for entry in catalog.fuzzy_entries():
        kept = before.get((entry.msgctxt, entry.msgid))
        if kept is not None:
            entry.previous_msgid = entry.previous_msgid or kept.previous_msgid
            continue
        taken = [e for e in gone if e.msgstr == entry.msgstr and e.msgctxt == entry.msgctxt]
        if taken:
            nearest = max(taken, key=lambda e: difflib.SequenceMatcher(None, e.msgid, entry.msgid).ratio())
            entry.previous_msgid = nearest.msgid


def without_dates(po_text: str) -> str:
    return re.sub(r'^"(POT-Creation|PO-Revision)-Date: .*"$', '', po_text, flags=re.MULTILINE)


def check(languages: tuple[str, ...] = LANGUAGES, locale: Path = LOCALE) -> list[str]:
    """Every catalogue's problems (syntax, headers, markup, placeholders, script), then its terms'."""
    problems = []
    for language in languages:
        for path in sorted((locale / language / 'LC_MESSAGES').glob('*.po')):
            problems += check_catalog(path, language)
        problems += term_problems(locale, language)
    return problems


def unfinished(languages: tuple[str, ...] = LANGUAGES, locale: Path = LOCALE) -> list[str]:
    """Each untranslated or fuzzy message as "file:line: fuzzy|untranslated: the English"."""
    found = []
    for language in languages:
        for path in sorted((locale / language / 'LC_MESSAGES').glob('*.po')):
            for entry in read_catalog(path):
                if entry.obsolete or (entry.translated() and 'fuzzy' not in entry.flags):
                    continue
                state = 'fuzzy' if 'fuzzy' in entry.flags else 'untranslated'
                found.append(f'{path}:{entry.linenum}: {state}: {" ".join(entry.msgid.split())[:100]}')
                if state == 'fuzzy' and entry.previous_msgid:
                    found.append(f'    the English changed: {english_diff(entry.previous_msgid, entry.msgid)}')
    return found


def english_diff(old: str, new: str) -> str:
    """The word diff of two Englishes, as git's --word-diff writes it: [-removed-]{+added+}."""
    shown = []
    for span in spans(split(' '.join(old.split()), 'en'), split(' '.join(new.split()), 'en')):
        if not span.changed:
            shown.append(span.new)
            continue
        # The spaces around a change stay outside its marks: "simplify {+the+} procedures".
        both = span.new or span.old
        lead, trail = both[: len(both) - len(both.lstrip())], both[len(both.rstrip()) :]
        removed, added = span.old.strip(), span.new.strip()
        shown.append(lead + (f'[-{removed}-]' if removed else '') + (f'{{+{added}+}}' if added else '') + trail)
    return ''.join(shown)


def missing_messages(languages: tuple[str, ...] = LANGUAGES, locale: Path = LOCALE) -> dict[str, int]:
    """Per language, how many messages of our code and of the round registry its interface
    catalogue lacks: the catalogues are then older than the sources. (The Concept's own text
    would need a Sphinx run to list; these are the messages a new round or a new page adds.)"""
    wanted = {(m.context, m.id) for m in interface_messages() if m.id}
    found = {}
    for language in languages:
        path = locale / language / 'LC_MESSAGES' / f'{INTERFACE_CATALOG}.po'
        have = {(e.msgctxt, e.msgid) for e in read_catalog(path) if not e.obsolete} if path.exists() else set()
        if missing := len(wanted - have):
            found[language] = missing
    return found


def parser() -> argparse.ArgumentParser:
    made = argparse.ArgumentParser(prog='python -m concept_build.tools.translations', description=__doc__)
    sub = made.add_subparsers(dest='command', required=True)
    for name, said in (
        ('update', update.__doc__),
        ('check', 'check every catalogue: syntax, headers, markup, placeholders, script and terms'),
        ('compile', compile_language.__doc__.splitlines()[0]),
        ('stats', statistics.__doc__),
    ):
        command = sub.add_parser(name, help=said)
        command.add_argument('--language', '-l', action='append', choices=LANGUAGES)
        if name == 'stats':
            command.add_argument('--list', action='store_true', help='also list each untranslated or fuzzy message')
    return made


def run_check(languages: tuple[str, ...]) -> int:
    failed = False
    for language in languages:
        problems = check((language,))
        for problem in problems:
            print(problem)
        if not problems:
            print(f'{language}: OK')
        failed = failed or bool(problems)
    return 1 if failed else 0


def run_compile(languages: tuple[str, ...]) -> int:
    problems = [p for language in languages for p in compile_language(LOCALE, language)]
    for problem in problems:
        print(problem)
    return 1 if problems else 0


def run_stats(languages: tuple[str, ...], listing: bool, locale: Path = LOCALE) -> int:
    print(f'{"language":<10}{"translated":>11}{"fuzzy":>7}{"untranslated":>14}{"%":>8}')
    for row in statistics(languages, locale):
        print(
            f'{row["language"]:<10}{row["translated"]:>11}{row["fuzzy"]:>7}{row["untranslated"]:>14}{row["percent"]:>8}'
        )
    if missing := missing_messages(languages, locale):
        counts = ', '.join(f'{language} {count}' for language, count in missing.items())
        print(
            f'The catalogues are older than the sources: messages of the code or the round registry '
            f'are in none of them ({counts}); "nox -s translations" brings them up to date.'
        )
    if listing:
        lines = unfinished(languages, locale)
        for line in lines:
            print(line)
        if not lines:
            print(f'No message of {", ".join(languages)} is untranslated or fuzzy.')
    return 0


def main(argv: list[str] | None = None) -> None:
    args = parser().parse_args(argv)
    languages = tuple(args.language or LANGUAGES)
    try:
        if args.command == 'update':
            update(languages)
            status = 0
        elif args.command == 'check':
            status = run_check(languages)
        elif args.command == 'compile':
            status = run_compile(languages)
        else:
            status = run_stats(languages, args.list)
    except (DataFileError, ValueError) as exc:  # a catalogue that is not UTF-8, or not a catalogue
        raise SystemExit(f'error: {exc}') from None
    raise SystemExit(status)


if __name__ == '__main__':
    main()
