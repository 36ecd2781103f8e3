"""Search in the languages Sphinx has none for: words of their own script, and no English rules."""

from __future__ import annotations

import json
import re
import unicodedata
from typing import TYPE_CHECKING

import snowballstemmer
from sphinx.search import SearchLanguage

import concept_build
from concept_build.common.words import WordRules, rules

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

#: SearchWords.search_words for the browser, given the same rules as JSON. Sphinx's searchtools.js
#: calls splitQuery on the query as typed, before it lowercases and stems each word, so this is
#: where Turkic casing can still tell I from İ. The rules' characters go into the classes as
#: \u{...} escapes, so that no apostrophe or sign can break a regular expression.
JS_SPLITTER = """
var splitQuery = (function (rules) {
  const chars = (text) =>
    Array.from(text, (c) => "\\\\u{" + c.codePointAt(0).toString(16) + "}").join("");
  const apostrophes = chars(rules.apostrophes);
  const signs = rules.signs ? new RegExp("[" + chars(rules.signs) + "]", "gu") : null;
  const word = new RegExp("[\\\\p{L}\\\\p{N}_" + apostrophes + "]+", "gu");
  const edges = apostrophes
    ? new RegExp("^[" + apostrophes + "]+|[" + apostrophes + "]+$", "gu") : null;
  const inner = apostrophes ? new RegExp("(.)[" + apostrophes + "]", "gu") : null;
  const lower = rules.turkic
    ? (w) => w.replaceAll("I", "\\u0131").replaceAll("\\u0130", "i").toLowerCase()
    : (w) => w.toLowerCase();
  return (query) => {
    let text = query.normalize("NFC");
    if (signs) text = text.replace(signs, "");
    if (rules.turkic) text = text.replaceAll("i\\u0307", "i");
    let words = (text.match(word) || []).map(lower);
    if (edges) {
      words = words
        .map((w) => w.replace(edges, ""))
        .filter((w) => w)
        .map((w) => w.replace(inner, (_, before) =>
          before + (rules.after[before] || rules.apostrophe)));
    }
    return words;
  };
})(RULES);
"""


#: How many letters of a word its stem keeps, in the languages Snowball has no stemmer for: they
#: add suffixes to a word's beginning (kk мигрант, мигранттар, мигранттардың), so the beginning
#: finds its forms. Six letters keep words of one root apart (миграция, мигрант); a shorter word
#: is its own stem, so short queries stay precise.
STEM_LETTERS = 6

#: The same stem in the browser, over code points as Python slices them.
JS_PREFIX_STEMMER = """
var Stemmer = function () {
  this.stemWord = function (word) { return Array.from(word).slice(0, LETTERS).join(""); };
};
""".replace('LETTERS', str(STEM_LETTERS))


class SearchWords(SearchLanguage):
    """A language searched by its words as written, lowercased and cut to their first letters;
    no stopwords.

    The same rules (``common.words``) split the text into the index (Python) and the reader's
    query (JavaScript), so a word typed as it is written is a word of the index.
    """

    js_stemmer_code = JS_PREFIX_STEMMER

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        own: WordRules = rules(self.lang)
        self.signs, self.apostrophes, self.turkic = own.signs, own.apostrophes, own.turkic
        self.apostrophe_after, self.apostrophe = own.apostrophe_after, own.apostrophe
        quoted = re.escape(self.apostrophes)
        self._signs = dict.fromkeys(map(ord, self.signs))
        self._word = re.compile(rf'[\w{quoted}]+')
        self._inner = re.compile(rf'(.)[{quoted}]') if quoted else None
        js_rules = {
            'signs': self.signs,
            'apostrophes': self.apostrophes,
            'turkic': self.turkic,
            'after': self.apostrophe_after,
            'apostrophe': self.apostrophe,
        }
        self.js_splitter_code = JS_SPLITTER.replace('RULES', json.dumps(js_rules))

    def stem(self, word: str) -> str:
        return word[:STEM_LETTERS]

    def lower(self, word: str) -> str:
        if self.turkic:
            word = word.replace('I', '\u0131').replace('\u0130', 'i')
        return word.lower()

    def search_words(self, text: str) -> list[str]:
        """The words of *text* as the index and the browser's splitQuery both have them."""
        text = unicodedata.normalize('NFC', text).translate(self._signs)
        if self.turkic:
            # A dotted i may come decomposed, e.g. from a query the browser lowercased (İ → i̇).
            text = text.replace('i\u0307', 'i')
        words = [self.lower(word) for word in self._word.findall(text)]
        if self._inner is None:
            return words
        inner = self._inner
        words = [word.strip(self.apostrophes) for word in words]
        return [inner.sub(self._apostrophe, word) for word in words if word]

    def split(self, input: str) -> list[str]:  # noqa: A002 - Sphinx's name for it
        return self.search_words(input)

    def _apostrophe(self, match: re.Match[str]) -> str:
        return match[1] + self.apostrophe_after.get(match[1], self.apostrophe)


class SearchKazakh(SearchWords):
    lang = 'kk'
    language_name = 'Kazakh'


class SearchKyrgyz(SearchWords):
    lang = 'ky'
    language_name = 'Kyrgyz'


class SearchTajik(SearchWords):
    lang = 'tg'
    language_name = 'Tajik'


class SearchBelarusian(SearchWords):
    lang = 'be'
    language_name = 'Belarusian'


class SearchUzbek(SearchWords):
    lang = 'uz'
    language_name = 'Uzbek'


class SearchAzerbaijani(SearchWords):
    lang = 'az'
    language_name = 'Azerbaijani'

    def split(self, input: str) -> list[str]:  # noqa: A002 - Sphinx's name for it
        # A capital I is ı in an Azerbaijani word but i in a foreign one (COVID, International):
        # such a word is indexed both ways, so that it is found as typed in either case.
        text = unicodedata.normalize('NFC', input)
        foreign = [word.replace('\u0130', 'i').lower() for word in self._word.findall(text) if 'I' in word]
        return self.search_words(input) + foreign


class SearchArmenian(SearchWords):
    lang = 'hy'
    language_name = 'Armenian'
    # Sphinx ships the Snowball Armenian stemmer compiled to JavaScript, from the same
    # algorithm and tables as snowballstemmer's, so the browser stems a query as the index was.
    js_stemmer_rawcode = 'armenian-stemmer.js'

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        self.stemmer = snowballstemmer.stemmer('armenian')

    def stem(self, word: str) -> str:
        return self.stemmer.stemWord(word)


SEARCH_LANGUAGES: tuple[type[SearchWords], ...] = (
    SearchKazakh,
    SearchUzbek,
    SearchKyrgyz,
    SearchTajik,
    SearchArmenian,
    SearchAzerbaijani,
    SearchBelarusian,
)


def setup(app: Sphinx) -> ExtensionMetadata:
    for language in SEARCH_LANGUAGES:
        app.add_search_language(language)
    return {
        'version': concept_build.__version__,
        'env_version': 1,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
