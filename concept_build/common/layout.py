"""Where things are in the published site: an edition's folder and files, the pages beside the editions."""

from __future__ import annotations

from dataclasses import dataclass

#: Folders and pages of one language, beside its editions.
COMPARE = 'compare'  # <lang>/compare/round-1--latest.html and .pdf
HISTORY = 'history'  # <lang>/history/<key>.html
PARALLEL = 'parallel.html'  # <lang>/parallel.html?with=en&version=latest
SIDE_BY_SIDE = 'side-by-side'  # <lang>/side-by-side/latest--en.pdf
AMENDMENTS = 'amendments'  # <lang>/amendments/round-1.html and .pdf: the consolidated tables


def file_stem(language: str, version: str) -> str:
    """The name of an edition's files (its PDF and its EPUB) without their suffix."""
    return f'concept-{language}-{version}'


def bill_name(language: str, version: str) -> str:
    """The edition as Akoma Ntoso."""
    return f'{file_stem(language, version)}.akn.xml'


def comparison_page(old: str, new: str) -> str:
    """A comparison's page, named by both versions: round-1--latest.html."""
    return f'{old}--{new}.html'


@dataclass(frozen=True)
class Edition:
    language: str
    version: str

    @property
    def folder(self) -> str:
        return f'{self.language}/{self.version}'

    def file_name(self, format_: str) -> str:
        """The edition's PDF or EPUB file."""
        return f'{file_stem(self.language, self.version)}.{format_}'

    @property
    def pdf_name(self) -> str:
        return self.file_name('pdf')
