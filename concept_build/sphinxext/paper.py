"""The edition on paper as a working-group document: a draft's first page, chapters that follow each
other on the page, a running head saying which text it is, page X of Y, appendices lettered in
the language's alphabet, and 12-point serif type."""

from __future__ import annotations

from dataclasses import dataclass

from sphinx.locale import get_translation

from concept_build.common.tex import tex

_ = get_translation('concept')

#: The letters appendices are numbered with, in each script: А, Б, В as Cyrillic documents
#: letter them (no Ё, З, Й, О, Ч, Ъ, Ы, Ь), Ա, Բ, Գ in Armenian, A, B, C in Latin script.
APPENDIX_LETTERS = {
    'cyrillic': 'АБВГДЕЖИКЛМНПРСТУФХЦШЩЭЮЯ',
    'armenian': 'ԱԲԳԴԵԶԷԸԹԺԻԼԽԾԿՀՁՂՃՄՅՆՇՈՉՊՋՌՍՎՏՐՑՒՓՔՕՖ',
    'latin': 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
}
SCRIPTS = {
    'ru': 'cyrillic',
    'kk': 'cyrillic',
    'ky': 'cyrillic',
    'tg': 'cyrillic',
    'be': 'cyrillic',
    'hy': 'armenian',
    'en': 'latin',
    'uz': 'latin',
    'az': 'latin',
}


@dataclass(frozen=True)
class Front:
    """What the first page and every running head say, in the edition's language."""

    language: str
    title: str
    #: Which text this is: "Working draft, 29 November 2026", or "Round 1, 2 April 2025".
    which: str
    #: Where it was discussed, for a round; nothing for the working draft.
    where: str
    notice: str
    #: The address of the current version, when the build was given the site's.
    current: str


def capitals(language: str, text: str) -> str:
    """*text* in capitals as the language writes them: LaTeX's \\MakeUppercase (and Python's
    upper()) make "i" an "I", where Azerbaijani writes "İ"."""
    if language == 'az':
        text = text.replace('i', 'İ')
    return text.upper()


def letters(language: str) -> str:
    """\\thechapter in the appendices: the n-th letter of the language's alphabet."""
    alphabet = APPENDIX_LETTERS[SCRIPTS.get(language, 'latin')]
    return r'\ifcase\value{chapter}\or ' + r'\or '.join(alphabet) + r'\fi'


def page_of(message: str) -> str:
    """ "Page X of Y" in the language, its numbers from LaTeX (the last page's from lastpage)."""
    return tex(message).replace(r'\{page\}', r'\thepage{}').replace(r'\{pages\}', r'\pageref*{LastPage}')


def preamble(front: Front) -> str:
    """Headings, page styles, appendices and type, after Sphinx's own packages."""
    short_title = str(_('Concept of the Common Migration Space'))
    head = tex(f'{short_title} · {front.which}')
    foot = page_of(str(_('Page {page} of {pages}')))
    return '\n'.join(
        [
            r'\usepackage{lastpage}',
            r'\usepackage{multicol}',
            # Generous leading for reading on paper.
            r'\linespread{1.1}\selectfont',
            # The contents on the first page: the chapters and the appendices.
            r'\setcounter{tocdepth}{0}',
            # Chapters follow each other on the page, centred, numbered as the Concept numbers them:
            # "1. General provisions"; in the appendices "Appendix А. Normative base".
            r'\makeatletter',
            r'\titleclass{\chapter}{straight}',
            r'\titleformat{\chapter}[block]{\normalfont\large\bfseries\filcenter}'
            r'{\ifconcept@appendices\appendixname\ \thechapter.\else\thechapter.\fi}{0.5em}{}',
            r'\titlespacing*{\chapter}{0pt}{4ex plus 1ex minus .5ex}{2ex plus .5ex}',
            r'\assignpagestyle{\chapter}{normal}',
            # Lower headings in the text's own face, ragged-right: an act's long title in a
            # narrow column of the appendix breaks between words, hyphenated or not.
            r'\titleformat*{\section}{\normalfont\large\bfseries\raggedright}',
            r'\titleformat*{\subsection}{\normalfont\normalsize\bfseries\raggedright}',
            r'\titleformat*{\subsubsection}{\normalfont\normalsize\bfseries\raggedright}',
            # A page break only before the appendices, which are lettered in the language's alphabet.
            # (A flag of our own: Sphinx's \appendix need not set \@chapapp as the book class does.)
            r'\newif\ifconcept@appendices',
            r'\let\concept@appendix\appendix',
            r'\renewcommand{\appendix}{\clearpage\concept@appendix\concept@appendicestrue\renewcommand{\thechapter}{'
            + letters(front.language)
            + '}}',
            # Every page says which text it is, and which page of how many.
            r'\fancypagestyle{normal}{\fancyhf{}\fancyhead[C]{\footnotesize\itshape ' + head + '}'
            r'\fancyfoot[C]{\footnotesize ' + foot + r'}\renewcommand{\headrulewidth}{0.4pt}'
            r'\renewcommand{\footrulewidth}{0pt}}',
            r'\fancypagestyle{plain}{\fancyhf{}\fancyfoot[C]{\footnotesize ' + foot + r'}'
            r'\renewcommand{\headrulewidth}{0pt}\renewcommand{\footrulewidth}{0pt}}',
            # Links and references in the text's own colour: a printed draft has no blue.
            r'\hypersetup{colorlinks=true, linkcolor=black, urlcolor=black, citecolor=black}',
            # Addresses break only between their parts: after a slash, a dot, a question mark,
            # and the hyphens and signs that join the words of a path; never inside a word.
            r'\renewcommand{\UrlBreaks}{\do\/\do\.\do\?\do\-\do\_\do\=\do\&}\renewcommand{\UrlBigBreaks}{}',
            r'\Urlmuskip=0mu plus 2mu',
            r'\makeatother',
        ]
    )


def first_page(front: Front) -> str:
    """The draft's face: the "Draft" mark, the title, which text it is, the notice, where the
    current version lives; then the contents on the same page."""
    lines = [
        r'\thispagestyle{plain}',
        r'\begin{flushright}{\bfseries ' + tex(capitals(front.language, str(_('Draft')))) + r'}\end{flushright}',
        r'\begin{center}',
        r'{\LARGE\bfseries ' + tex(front.title) + r'\par}\vspace{2ex}',
        r'{\large ' + tex(front.which) + r'\par}',
    ]
    if front.where:
        lines.append(r'{\large ' + tex(front.where) + r'\par}')
    lines += [
        r'\vspace{2ex}',
        r'\begin{minipage}{0.85\linewidth}\centering\small\itshape ' + tex(front.notice) + r'\end{minipage}\par',
    ]
    if front.current:
        said = tex(str(_('The current version of the text: {address}'))).replace(
            r'\{address\}', r'\url{' + front.current + '}'
        )
        lines.append(r'\vspace{1ex}{\small ' + said + r'\par}')
    lines.append(r'\end{center}\vspace{2ex}')
    return '\n'.join(lines)


def contents() -> str:
    """The contents, under the first page's text; the text starts on the next page, with the
    running head. (Were the text to follow the contents on the first page, the contents would
    move it once LaTeX had read them, and every edition would need a third LaTeX run.)"""
    return '\n'.join([r'{\small\tableofcontents}', r'\clearpage', r'\pagestyle{normal}'])


def latex_elements(front: Front) -> dict[str, str]:
    """The LaTeX settings that make the edition a working-group document."""
    return {
        'fncychap': '',
        'pointsize': '12pt',
        'maketitle': first_page(front),
        'tableofcontents': contents(),
        'preamble': preamble(front),
    }
