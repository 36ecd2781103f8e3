"""The gettext catalogues as files: the interface strings for pages made outside Sphinx, checking,
compiling and counting each language's catalogues."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from collections.abc import Callable
from functools import cache
from pathlib import Path

import polib

from concept_build.common.datafile import DataFileError, read_text
from concept_build.common.languages import LANGUAGES
from concept_build.common.project import LOCALE


def read_catalog(path: Path) -> polib.POFile:
    """A catalogue to read (not to save); one that is not UTF-8 is a DataFileError naming its line."""
    return polib.pofile(read_text(path))


def catalog(locale_dir: Path, language: str, domain: str = 'concept') -> Callable[[str], str]:
    """Our interface catalogue for *language* (or another of its catalogues, such as the
    register's ``amendments``), read from its .po; English where it lacks a message."""
    path = locale_dir / language / 'LC_MESSAGES' / f'{domain}.po'
    translated = _messages(str(path), path.stat().st_mtime_ns if path.exists() else None)
    return lambda message: translated.get(message, message)


@cache
def _messages(path: str, mtime: int | None) -> dict[str, str]:
    """Read once per build for all the pages that need it; again only when the file changed."""
    return {e.msgid: e.msgstr for e in read_catalog(Path(path)).translated_entries()} if mtime is not None else {}


#: Markup a translation must keep: roles with their targets, inline code, and links.
ROLE = re.compile(r'\{(?P<role>[\w:-]+)\}`(?P<body>[^`]*)`')
LITERAL = re.compile(r'(?<![`}])``?[^`]+``?(?!`)')
LINK = re.compile(r'https?://[^\s)>\]]+')


#: A field of an interface message filled in by str.format: "{number}", never a role "{prov}`...`".
PLACEHOLDER = re.compile(r'\{(\w+)\}(?!`)')
#: The script each language is written in; a word in another is a typing slip or an untranslated one.
SCRIPTS = {
    'ru': 'CYRILLIC',
    'kk': 'CYRILLIC',
    'ky': 'CYRILLIC',
    'tg': 'CYRILLIC',
    'be': 'CYRILLIC',
    'uz': 'LATIN',
    'az': 'LATIN',
    'hy': 'ARMENIAN',
}
#: What is not the translation's own words: HTML tags, %-format and {}-format fields.
NOT_WORDS = re.compile(r'<[^<>]*>|%\(\w+\)[sd]|%[sd]|\{\w*\}')


def markup_of(text: str) -> list[str]:
    """What must survive translation: each role with its target, code, links (sorted)."""
    found = []
    for match in ROLE.finditer(text):
        body = match['body']
        explicit = re.search(r'<([^<>]+)>\s*$', body)
        # With an explicit title only the target is fixed; the title is translated.
        found.append(f'{{{match["role"]}}}`{explicit[1] if explicit else body}`')
    rest = ROLE.sub('', text)
    found += LITERAL.findall(rest) + LINK.findall(rest)
    return sorted(found)


def check_catalog(path: Path, language: str, mo_path: Path | None = None) -> list[str]:
    """Problems of one catalogue, each naming the file and line; compiled to *mo_path* if given."""
    # msgfmt first: it names the line of a syntax error, which polib would parse past.
    # Not --check-format: "{prov}" in MyST is markup, not a Python format field.
    result = subprocess.run(
        ['msgfmt', '--check-header', '--check-domain', '-o', str(mo_path or '/dev/null'), str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        return [line for line in result.stderr.strip().splitlines() if not line.startswith('msgfmt:')]
    try:
        catalog = read_catalog(path)
    except DataFileError as exc:
        return [str(exc)]
    except (OSError, ValueError) as exc:
        return [f'{path}: {exc}']
    problems = []
    header_language = catalog.metadata.get('Language', '')
    if header_language != language:
        problems.append(f'{path}:1: the Language header is {header_language!r}, expected {language!r}')
    if 'Plural-Forms' not in catalog.metadata:
        problems.append(f'{path}:1: the header has no Plural-Forms')
    for entry in catalog:
        if entry.obsolete or not (entry.msgstr or any(entry.msgstr_plural.values())):
            continue
        where = f'{path}:{entry.linenum}'
        problems += [f'{where}: {problem}' for problem in entry_problems(entry, language)]
    return problems


def entry_problems(entry: polib.POEntry, language: str) -> list[str]:
    """What is wrong with one translated message: its markup, its placeholders, its script."""
    problems = []
    expected, got = markup_of(entry.msgid), markup_of(entry.msgstr)
    if entry.msgstr and expected != got:
        lost = [m for m in expected if m not in got]
        added = [m for m in got if m not in expected]
        detail = '; '.join(
            filter(None, [lost and f'missing {", ".join(lost)}', added and f'unexpected {", ".join(added)}'])
        )
        problems.append(f'markup differs from the English: {detail}')
    translations = [entry.msgstr, *entry.msgstr_plural.values()]
    problems += [
        f"placeholder {{{name}}} is not one of the English's {shown}" for name, shown in bad_placeholders(entry)
    ]
    foreign = [word for text in translations for word in foreign_words(text, entry.msgid, language)]
    if foreign:
        words = ', '.join(dict.fromkeys(foreign))
        problems.append(f'words in another script than the {SCRIPTS[language].title()} of {language}: {words}')
    return problems


def bad_placeholders(entry: polib.POEntry) -> list[tuple[str, str]]:
    """Each field of the translation that the English does not fill in, with the English's fields.

    str.format would stop on it with a bare KeyError. The message's comment may name more fields
    than the English uses ("{number} the bare number"), which the translation may use.
    """
    english = {m[1] for text in (entry.msgid, entry.msgid_plural or '') for m in PLACEHOLDER.finditer(text)}
    if not english:
        return []
    allowed = english | {m[1] for m in PLACEHOLDER.finditer(f'{entry.comment}\n{entry.tcomment}')}
    used = [m[1] for text in (entry.msgstr, *entry.msgstr_plural.values()) for m in PLACEHOLDER.finditer(text)]
    shown = ', '.join(f'{{{name}}}' for name in sorted(english))
    return [(name, shown) for name in dict.fromkeys(used) if name not in allowed]


def script_of(letter: str) -> str | None:
    name = unicodedata.name(letter, '').partition(' ')[0]
    return name if name in ('LATIN', 'CYRILLIC', 'ARMENIAN') else None


def foreign_words(text: str, english: str, language: str) -> list[str]:
    """The translation's words in another script than the language's.

    A word of one letter, one all in capitals (ILO, COVID), one the English writes the same (a
    name kept on purpose: Sphinx, JavaScript, PhD, a work's title) and markup are not words of
    the translation; a role's explicit title is.
    """
    own = SCRIPTS.get(language)
    if own is None:
        return []
    visible = ROLE.sub(lambda m: ' ' + re.sub(r'<[^<>]+>\s*$', '', m['body']) + ' ' if '<' in m['body'] else ' ', text)
    visible = NOT_WORDS.sub(' ', LINK.sub(' ', LITERAL.sub(' ', visible)))
    kept = set(re.findall(r'[^\W\d_]+', english))
    return [
        word
        for word in re.findall(r'[^\W\d_]+', visible)
        if len(word) > 1
        and not word.isupper()
        and word not in kept
        and any(script_of(letter) not in (own, None) for letter in word)
    ]


def statistics(languages: tuple[str, ...] = LANGUAGES, locale: Path = LOCALE) -> list[dict]:
    """Per language: translated, fuzzy and untranslated messages and the percentage."""
    rows = []
    for language in languages:
        counts = {'translated': 0, 'fuzzy': 0, 'untranslated': 0}
        for path in (locale / language / 'LC_MESSAGES').glob('*.po'):
            try:
                catalog = read_catalog(path)
            except DataFileError as exc:
                raise ValueError(str(exc)) from None
            counts['translated'] += len(catalog.translated_entries())
            counts['fuzzy'] += len(catalog.fuzzy_entries())
            counts['untranslated'] += len(catalog.untranslated_entries())
        total = sum(counts.values())
        rows.append(
            {'language': language, **counts, 'percent': round(100 * counts['translated'] / total, 1) if total else 0.0}
        )
    return rows


def compile_language(locale_dir: Path, language: str) -> list[str]:
    """Check and compile each catalogue of *language*; return the problems, each with file and line.

    A compiled file is replaced only when its bytes change: Sphinx re-reads every page whose
    catalogue is newer than the page's last reading.
    """
    problems = []
    for po_path in sorted((locale_dir / language / 'LC_MESSAGES').glob('*.po')):
        mo_path, fresh = po_path.with_suffix('.mo'), po_path.with_suffix('.mo.new')
        problems += check_catalog(po_path, language, mo_path=fresh)
        if fresh.exists():
            if mo_path.exists() and mo_path.read_bytes() == fresh.read_bytes():
                fresh.unlink()
            else:
                fresh.replace(mo_path)
    return problems
