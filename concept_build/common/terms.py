"""The term base (locale/terms.tbx), and the check that each translation keeps its language's terms."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polib
import snowballstemmer
from lxml import etree
from translate.storage.tbx import tbxfile

from concept_build.common.catalogs import LINK, LITERAL, ROLE, read_catalog
from concept_build.common.datafile import DataFileError
from concept_build.common.words import rules, word_pattern

#: The term base, beside the languages' folders in locale/.
TERM_BASE = 'terms.tbx'
#: A translator comment that opts one message out of the term check, with the reason.
OPT_OUT = re.compile(r'^terms: ok\b[\s,:;–—-]*(?P<reason>.*)$', re.MULTILINE)
#: The languages Snowball stems. The others' words are matched by the prefix rule alone.
SNOWBALL = {'ru': 'russian', 'hy': 'armenian'}
#: The prefix rule: a word of the term matches any word that begins with it less its last letter,
#: or its last two or three in a longer word (a third of it, less two), never shorter than
#: MINIMUM_STEM; a shorter word matches only itself. It takes in endings and suffixes, and the
#: alternations at a stem's end: Kazakh тармақ → тармағы, Belarusian пункт → пункце, палажэнне →
#: палажэнні, and a Turkic genitive in the term for a possessive in the text (басшыларының кеңесі →
#: басшылары кеңесінің).
MINIMUM_STEM, LONGEST_CUT = 3, 3
#: A role that the English shows as a bare number, and a translation may name with a noun: that
#: noun must then be the term's, not one it replaces (Armenian կետ for a provision).
ROLE_TERMS = {'prov': 'provision'}
#: Roles whose title is an act's official title, translated as the act's own text has it.
TITLE_ROLES = {'act'}
#: Kazakh, Kyrgyz and Azerbaijani voice a stem's last consonant before a vowel (нарық → нарығы,
#: рынок → рыногу, ayaq → ayağı): both sides are matched with the voiceless letter.
VOICED = {
    'kk': str.maketrans('ғгб', 'қкп'),
    'ky': str.maketrans('гб', 'кп'),
    'az': str.maketrans('ğ', 'q'),
}
#: Russian and Belarusian drop the vowel of a last syllable before an ending (рынок → рынка,
#: гандаль → гандлю), and Armenian the ու or ի of its last syllable (խումբ → խմբի).
FLEETING = {
    'ru': re.compile(r'[оеёа](?=[бвгджзйклмнпрстфхцчшщ]ь?$)'),
    'be': re.compile(r'[оеёаэ](?=[бвгджзйклмнпрстфхцчшщў]ь?$)'),
    'hy': re.compile(r'(ու|ի)(?=[^աեէըիոօու]+$)'),
}


@dataclass(frozen=True)
class Term:
    """One entry of the term base: its English, and per language the term and those it replaces."""

    key: str
    english: str
    terms: dict[str, str]
    rejected: dict[str, tuple[str, ...]]
    #: English it stands for whose own words are not checked: an act's full official title.
    covers: tuple[str, ...] = ()


def load(path: Path) -> TermBase:
    """The term base; one that does not parse is a DataFileError naming its line."""
    return TermBase(_load(str(path), path.stat().st_mtime_ns))


@cache
def _load(path: str, mtime: int) -> tuple[Term, ...]:
    """Read once; again only when the file changed (the handbook counts on every build)."""
    try:
        store = tbxfile.parsefile(path)
    except etree.XMLSyntaxError as exc:
        raise DataFileError(f'{path}:{exc.lineno}: not a TBX file: {exc.msg}') from None
    entries = []
    for unit in store.units:
        english = [t.text for t in unit.get_source_terms() if t.text and not full_form(t)]
        covers = tuple(t.text for t in unit.get_source_terms() if t.text and full_form(t))
        if not english:
            raise DataFileError(f'{path}:{unit.xmlelement.sourceline}: a term entry without its English term')
        terms, rejected = {}, {}
        for language in languages_of(unit):
            found = unit.get_target_terms(language)
            preferred = [t.text for t in found if t.text and not t.deprecated]
            if preferred:
                terms[language] = preferred[0]
            rejected[language] = tuple(t.text for t in found if t.text and t.deprecated)
        entries.append(Term(unit.getid(), english[0], terms, rejected, covers))
    return tuple(entries)


def full_form(term) -> bool:
    """A term marked ``<termNote type="termType">fullForm</termNote>``: an act's full title."""
    return any(note.category == 'termType' and note.text == 'fullForm' for note in term.notes)


def languages_of(unit) -> list[str]:
    """The languages of an entry other than its source, English."""
    xml_lang = '{http://www.w3.org/XML/1998/namespace}lang'
    return [node.get(xml_lang) for node in unit.getlanguageNodes() if node.get(xml_lang) not in (None, 'en')]


def lower(text: str, language: str) -> str:
    """Lowercased as the language writes it: Azerbaijani I is ı, and İ is i."""
    if rules(language).turkic:
        text = text.replace('I', '\u0131').replace('\u0130', 'i')
    return text.lower()


def plain(text: str) -> str:
    """The words a reader sees: a role's explicit title kept, its key, code and links left out."""

    def title(match: re.Match[str]) -> str:
        explicit = re.match(r'(.*)<[^<>]+>\s*$', match['body'], re.DOTALL)
        return f' {explicit[1]} ' if explicit else ' '

    return LINK.sub(' ', LITERAL.sub(' ', ROLE.sub(title, text)))


class Words:
    """One language's words, and whether a term's words are among a translation's, in any form."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.pattern = word_pattern(language)
        name = SNOWBALL.get(language)
        self.stemmer = snowballstemmer.stemmer(name) if name else None
        self._terms: dict[str, list[tuple[str, list[str]]]] = {}

    def split(self, text: str) -> list[str]:
        found = [lower(word, self.language) for word in self.pattern.findall(plain(text))]
        if self.language in VOICED:
            found = [word.translate(VOICED[self.language]) for word in found]
        # Belarusian writes ў for в after a vowel: папраўка, паправак.
        return [word.replace('ў', 'в') for word in found] if self.language == 'be' else found

    def stems(self, word: str) -> list[str]:
        """What a word of the term may begin with in the text, in any of its forms."""
        cut = min(max((len(word) - 2) // 3, 1), LONGEST_CUT)
        found = [word[: max(len(word) - cut, MINIMUM_STEM)]]
        if self.stemmer:
            found.append(self.stemmer.stemWord(word))
        if self.language in FLEETING:
            found.append(FLEETING[self.language].sub('', word, count=1).rstrip('ь'))
        return found

    def text(self, text: str) -> tuple[list[str], set[str]]:
        """A translation's words, and their Snowball stems where the language has them."""
        words = self.split(text)
        return words, set(self.stemmer.stemWords(words)) if self.stemmer else set()

    def has(self, term: str, text: tuple[list[str], set[str]]) -> bool:
        """Every word of the term is in the translation, in some inflected form."""
        if term not in self._terms:
            self._terms[term] = [(word, self.stems(word)) for word in self.split(term)]
        words, stemmed = text
        for word, stems in self._terms[term]:
            if len(word) < MINIMUM_STEM:
                # A word of one or two letters (a conjunction, a preposition) matches only itself.
                found = word in words
            else:
                found = any(s in stemmed for s in stems) or any(w.startswith(tuple(stems)) for w in words)
            if not found:
                return False
        return True


def english_words(text: str) -> list[str]:
    # An act cited with a title of its own is named by its official title, which is not checked.
    text = ROLE.sub(lambda match: ' ' if match['role'] in TITLE_ROLES else match[0], text)
    return [word.lower() for word in re.findall(r'\w+', plain(text))]


def singulars(word: str) -> tuple[str, ...]:
    """The word, and what it is the plural of: provisions, States, bodies."""
    return (word, word[:-1], word[:-2], f'{word[:-3]}y') if word.endswith('s') else (word,)


class TermBase:
    """The terms, found in an English text by their first word."""

    def __init__(self, terms: tuple[Term, ...]) -> None:
        self.terms = terms
        self.by_key = {term.key: term for term in terms}
        self.first: dict[str, list[tuple[list[str], Term | None]]] = {}
        for term in terms:
            for english in (term.english, *term.covers):
                wanted = english_words(english)
                # A full title covers the terms inside it, and is not itself checked.
                self.first.setdefault(wanted[0], []).append((wanted, term if english == term.english else None))

    def used_in(self, english: str) -> list[Term]:
        """The terms the English uses; a term inside a longer one that is also there is that one's."""
        words = english_words(english)
        spans = []
        for at, word in enumerate(words):
            for first in singulars(word):
                spans += [
                    (at, at + len(wanted), term)
                    for wanted, term in self.first.get(first, ())
                    if at + len(wanted) <= len(words)
                    and all(t in singulars(w) for t, w in zip(wanted, words[at:], strict=False))
                ]
        kept = [
            term
            for start, end, term in spans
            if term and not any(s <= start and end <= e and (e - s) > (end - start) for s, e, _ in spans)
        ]
        return list({term.key: term for term in kept}.values())


def check_entry(entry: polib.POEntry, words: Words, base: TermBase) -> list[str]:
    """What the message lacks: for each term, "term "x": expected «y»[, found «z»]"."""
    text = words.text(entry.msgstr)
    problems = []
    for term in base.used_in(entry.msgid):
        wanted = term.terms.get(words.language)
        if wanted is None or words.has(wanted, text):
            continue
        other = next((r for r in term.rejected.get(words.language, ()) if words.has(r, text)), None)
        problems.append(f'term "{term.english}": expected «{wanted}»' + (f', found «{other}»' if other else ''))
    return problems + named_roles(entry, words, base, text)


def named_roles(entry: polib.POEntry, words: Words, base: TermBase, text) -> list[str]:
    """A role of the English named in the translation by a word the term base replaces."""
    problems = []
    for role in {match['role'] for match in ROLE.finditer(entry.msgid)} & ROLE_TERMS.keys():
        term = base.by_key.get(ROLE_TERMS[role])
        wanted = term and term.terms.get(words.language)
        other = wanted and next((r for r in term.rejected.get(words.language, ()) if words.has(r, text)), None)
        if other and not words.has(wanted, text):
            problems.append(f'term "{term.english}": expected «{wanted}», found «{other}»')
    return problems


def check_terms(path: Path, language: str, base: TermBase) -> list[str]:
    """Each translated message of the catalogue that lacks one of its terms, as ``file:line: ...``."""
    words = Words(language)
    problems = []
    for entry in read_catalog(path):
        if not entry.msgstr or entry.obsolete or entry.fuzzy:
            continue
        match = OPT_OUT.search(entry.tcomment or '')
        if match and not match['reason'].strip():
            problems.append(f'{path}:{entry.linenum}: "terms: ok" needs a reason after it')
        elif not match:
            problems += [f'{path}:{entry.linenum}: {problem}' for problem in check_entry(entry, words, base)]
    return problems


def term_problems(locale: Path, language: str) -> list[str]:
    """The term check of every catalogue of *language*; nothing when there is no term base."""
    base = locale / TERM_BASE
    if not base.exists():
        return []
    terms = load(base)
    paths = sorted((locale / language / 'LC_MESSAGES').glob('*.po'))
    return [problem for path in paths for problem in check_terms(path, language, terms)]
