"""The bibliography's pybtex style: pybtex's plain style with its words in the edition's language."""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import TYPE_CHECKING

from pybtex.richtext import Symbol, Text
from pybtex.style.formatting import toplevel
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.formatting.unsrt import date, pages
from pybtex.style.template import field, first_of, href, join, names, optional, optional_field, sentence, tag, words
from sphinx.locale import get_translation
from sphinxcontrib.bibtex.style.referencing import PersonStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

if TYPE_CHECKING:
    from pybtex.database import Entry
    from pybtex.style.template import Node

# Every word is looked up when an entry is formatted, not when this module is imported: by
# then Sphinx has loaded the catalogue of the edition's language.
_ = get_translation('concept')

PLACEHOLDER = re.compile(r'\{(\w+)\}')
#: The parts of a phrase that are numbers, kept on one line with the word before or after them.
NUMBERS = {'volume', 'number', 'pages', 'chapter'}

#: BibTeX's classic data spells editions out ("Third"); they are read as numbers, so that each
#: language can write its own ordinal.
ORDINAL_WORDS = {
    'first': 1,
    'second': 2,
    'third': 3,
    'fourth': 4,
    'fifth': 5,
    'sixth': 6,
    'seventh': 7,
    'eighth': 8,
    'ninth': 9,
    'tenth': 10,
}
ORDINAL_NUMBER = re.compile(r'(\d+)(?:st|nd|rd|th)?', re.IGNORECASE)


def phrase(message: str, **parts: Node) -> Node:
    """*message*, a translated text, with each ``{name}`` in it filled by the template *name*.

    A phrase is a whole message rather than a word joined to its value, because translations
    put the value elsewhere: Russian writes "т. 3" for volume 3, Kazakh "3-т.". A space next to
    a number is a no-break space, as the plain style ties "volume~3".
    """
    tokens = PLACEHOLDER.split(message)
    for name in tokens[1::2]:
        if name not in parts:
            raise ValueError(
                f'the bibliography phrase {message!r} has {{{name}}}, expected one of {", ".join(sorted(parts))}'
            )
    pieces: list[Node | Text] = []
    for i, token in enumerate(tokens):
        if i % 2:
            pieces.append(parts[token])
            continue
        if not token:
            continue
        lead = i > 0 and tokens[i - 1] in NUMBERS and token.startswith(' ')
        trail = i + 1 < len(tokens) and tokens[i + 1] in NUMBERS and token.endswith(' ') and not (lead and token == ' ')
        middle = token[int(lead) : len(token) - int(trail)]
        pieces.append(Text(*[Symbol('nbsp')] * lead, middle, *[Symbol('nbsp')] * trail))
    return join[pieces]


def name_separators() -> tuple[str, str]:
    """What the language puts between two names, and before the last of several."""
    return tuple(
        str(message).format(first='', last='', others='')
        for message in (_('{first} and {last}'), _('{others}, and {last}'))
    )


def edition_number(edition: str) -> int | None:
    """The edition as a number if it is one ("3", "3rd", "Third"), else None."""
    text = edition.strip().lower()
    if text in ORDINAL_WORDS:
        return ORDINAL_WORDS[text]
    match = ORDINAL_NUMBER.fullmatch(text)
    return int(match[1]) if match else None


def english_ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, ..., 11th, 12th, 13th, ..., 21st."""
    if number % 100 in (11, 12, 13):
        return f'{number}th'
    return f'{number}' + {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th')


def format_edition_text(edition: Text) -> Text:
    """A numbered edition as the language writes it ("3rd edition", "3-е изд."); any other
    edition ("Revised and expanded edition") as the entry gives it, as biblatex does."""
    number = edition_number(str(edition))
    if number is None:
        return edition
    # English needs the ordinal suffix; the other languages write the digits their own way.
    return Text(str(_('{ordinal} edition')).format(number=number, ordinal=english_ordinal(number)))


def is_page_range(pages_field: str) -> bool:
    return bool(re.search(r'[-–—,]', pages_field))


class Style(PlainStyle):
    """pybtex's plain style, each word it prints taken from the 'concept' catalogue."""

    def format_names(self, role: str, as_sentence: bool = True) -> Node:
        sep2, last_sep = name_separators()
        formatted_names = names(role, sep=', ', sep2=sep2, last_sep=last_sep)
        if as_sentence:
            return sentence[formatted_names]
        return formatted_names

    def format_editor(self, e: Entry, as_sentence: bool = True) -> Node:
        editors = self.format_names('editor', as_sentence=False)
        if 'editor' not in e.persons:
            return editors  # raises FieldIsMissing when formatted, as the plain style's does
        word = str(_('editors')) if len(e.persons['editor']) > 1 else str(_('editor'))
        result = join(sep=', ')[editors, word]
        if as_sentence:
            return sentence[result]
        return result

    def format_volume_and_series(self, e: Entry, as_sentence: bool = True) -> Node:
        volume, number, series = field('volume'), field('number'), field('series')
        result = first_of[
            optional[phrase(str(_('volume {volume} of {series}')), volume=volume, series=series)],
            optional[phrase(str(_('volume {volume}')), volume=volume)],
            optional[phrase(str(_('number {number} in {series}')), number=number, series=series)],
            optional[phrase(str(_('number {number}')), number=number)],
            optional_field('series'),
        ]
        if as_sentence:
            return sentence(capfirst=True)[result]
        return result

    def format_pages(self, e: Entry) -> Node:
        if is_page_range(e.fields.get('pages', '')):
            return phrase(str(_('pages {pages}')), pages=pages)
        return phrase(str(_('page {pages}')), pages=pages)

    def format_chapter_and_pages(self, e: Entry) -> Node:
        return join(sep=', ')[
            optional[phrase(str(_('chapter {chapter}')), chapter=field('chapter'))],
            optional[self.format_pages(e)],
        ]

    def format_edition(self, e: Entry) -> Node:
        return optional[field('edition', apply_func=format_edition_text)]

    def get_article_template(self, e: Entry) -> Node:
        volume_and_pages = first_of[
            # volume and pages, with optional issue number
            optional[join[field('volume'), optional['(', field('number'), ')'], ':', pages]],
            # pages only
            self.format_pages(e),
        ]
        return toplevel[
            self.format_names('author'),
            self.format_title(e, 'title'),
            sentence[tag('em')[field('journal')], optional[volume_and_pages], date],
            sentence[optional_field('note')],
            self.format_web_refs(e),
        ]

    def get_inbook_template(self, e: Entry) -> Node:
        return toplevel[
            self.format_author_or_editor(e),
            sentence[
                self.format_btitle(e, 'title', as_sentence=False),
                self.format_chapter_and_pages(e),
            ],
            self.format_volume_and_series(e),
            sentence[
                field('publisher'),
                optional_field('address'),
                self.format_edition(e),
                date,
                optional_field('note'),
            ],
            self.format_web_refs(e),
        ]

    def get_incollection_template(self, e: Entry) -> Node:
        return toplevel[
            sentence[self.format_names('author')],
            self.format_title(e, 'title'),
            words[
                str(_('In')),
                sentence[
                    optional[self.format_editor(e, as_sentence=False)],
                    self.format_btitle(e, 'booktitle', as_sentence=False),
                    self.format_volume_and_series(e, as_sentence=False),
                    self.format_chapter_and_pages(e),
                ],
            ],
            sentence[
                optional_field('publisher'),
                optional_field('address'),
                self.format_edition(e),
                date,
            ],
            self.format_web_refs(e),
        ]

    def get_inproceedings_template(self, e: Entry) -> Node:
        return toplevel[
            sentence[self.format_names('author')],
            self.format_title(e, 'title'),
            words[
                str(_('In')),
                sentence[
                    optional[self.format_editor(e, as_sentence=False)],
                    self.format_btitle(e, 'booktitle', as_sentence=False),
                    self.format_volume_and_series(e, as_sentence=False),
                    optional[self.format_pages(e)],
                ],
                self.format_address_organization_publisher_date(e),
            ],
            sentence[optional_field('note')],
            self.format_web_refs(e),
        ]

    def thesis_template(self, e: Entry, title: Node, kind: str) -> Node:
        return toplevel[
            sentence[self.format_names('author')],
            title,
            sentence[first_of[optional_field('type'), kind], field('school'), optional_field('address'), date],
            sentence[optional_field('note')],
            self.format_web_refs(e),
        ]

    def get_mastersthesis_template(self, e: Entry) -> Node:
        return self.thesis_template(e, self.format_title(e, 'title'), str(_("Master's thesis")))

    def get_phdthesis_template(self, e: Entry) -> Node:
        return self.thesis_template(e, self.format_btitle(e, 'title'), str(_('PhD thesis')))

    def get_techreport_template(self, e: Entry) -> Node:
        return toplevel[
            sentence[self.format_names('author')],
            self.format_title(e, 'title'),
            sentence[
                words[
                    first_of[optional_field('type'), str(_('Technical Report'))],
                    optional_field('number'),
                ],
                field('institution'),
                optional_field('address'),
                date,
            ],
            sentence[optional_field('note')],
            self.format_web_refs(e),
        ]

    def format_web_refs(self, e: Entry) -> Node:
        return sentence[
            optional[
                self.format_url(e),
                optional[' ', phrase(str(_('(visited on {date})')), date=field('urldate'))],
            ],
            optional[self.format_eprint(e)],
            optional[self.format_pubmed(e)],
            optional[self.format_doi(e)],
        ]

    def format_url(self, e: Entry) -> Node:
        url = field('url', raw=True)
        return words[str(_('URL:')), href(url)[url]]


@dataclass
class ReferenceStyle(AuthorYearReferenceStyle):
    """Author-year citations in the text, "(McAuliffe and Oucho, 2024)", in the edition's language.

    sphinxcontrib-bibtex makes one at builder-inited, after our catalogue is loaded.
    """

    person: PersonStyle = dataclass_field(default_factory=lambda: citation_persons())


def citation_persons() -> PersonStyle:
    sep2, last_sep = name_separators()
    return PersonStyle(sep2=sep2, last_sep=last_sep, other=Text(' ', str(_('et al.'))))
