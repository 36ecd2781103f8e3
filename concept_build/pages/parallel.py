"""Two languages side by side: one version's provisions aligned by key, read from the stores."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from concept_build.common.catalogs import catalog
from concept_build.common.languages import ALL_LANGUAGES, language_name
from concept_build.common.layout import PARALLEL, SIDE_BY_SIDE
from concept_build.common.project import LATEST
from concept_build.common.stores import SCRIPT
from concept_build.common.versions import version_label
from concept_build.pages.compare import COMPARE_STYLE
from concept_build.pages.render import render
from concept_build.pages.shell import alternates, shell

STYLE = COMPARE_STYLE + Markup("""
.pair{display:grid;grid-template-columns:1fr 1fr;gap:1.5rem;border-top:1px solid #ddd;padding:.6rem 0}
.pair h2{grid-column:1/-1;font-size:1.05rem;margin:.4rem 0 0}.pair .number{font-weight:700;margin-right:.3rem}
.untranslated{color:#666}.untranslated .label{font-size:.8rem;border:1px solid #999;border-radius:3px;padding:0 .3rem}
main{max-width:72rem}@media (max-width:40rem){.pair{grid-template-columns:1fr}}""")


@dataclass(frozen=True)
class SideBySide:
    """The side-by-side page of one language (templates/parallel.html)."""

    language: str
    #: The languages it can show beside its own.
    others: list[str]
    #: The versions it can show, the working draft first.
    versions: list[str]
    #: Each (version, other language) it can show.
    pairs: list[tuple[str, str]]
    #: The PDFs made of it: each one's address, other language, version and left column's language.
    papers: list[tuple[str, str, str, str]]


@dataclass(frozen=True)
class Choice:
    """A link to the page showing a version beside another language, or to that PDF."""

    href: str
    code: str
    #: The other language's own name.
    name: str
    #: The version's name in the page's language.
    label: str


@dataclass(frozen=True)
class Paper:
    """A side-by-side PDF: its address, its columns' languages (code and own name, left first)
    and the version's name in the page's language."""

    href: str
    columns: tuple[tuple[str, str], tuple[str, str]]
    label: str


def columns(left: str, language: str, other: str) -> tuple[tuple[str, str], tuple[str, str]]:
    """The languages of a side-by-side PDF's columns, left first, each with its own name."""
    pair = (language, other) if left == language else (other, language)
    return (pair[0], language_name(pair[0])), (pair[1], language_name(pair[1]))


def page(side: SideBySide, registry: list, locale_dir: Path) -> str:
    """The page of *side.language*; its script shows what the address asks for."""
    _ = catalog(locale_dir, side.language)
    labels = {v: version_label(v, registry, side.language, _) for v in side.versions}
    data = {
        'language': side.language,
        'others': side.others,
        'versions': side.versions,
        'latest': LATEST,
        'script': SCRIPT,
        'untranslated': _('Not yet translated'),
        'names': {code: language_name(code) for code in side.others},
        'labels': labels,
    }
    choices = [Choice(f'?with={code}&version={v}', code, language_name(code), labels[v]) for v, code in side.pairs]
    # On paper: every PDF of this language beside another (tablepdf.write_pdfs).
    papers = [Paper(href, columns(left, side.language, code), labels.get(v, v)) for href, code, v, left in side.papers]
    return render(
        'parallel.html',
        shell=shell(
            side.language,
            _('Side by side'),
            STYLE,
            _,
            alternates(
                [code for code in ALL_LANGUAGES if code == side.language or code in side.others],
                side.language,
                lambda code: f'../{code}/{PARALLEL}',
            ),
        ),
        language_name=language_name(side.language),
        said={'choose': _('Read beside this language:')},
        choices=choices,
        papers=papers,
        data=data,
    )


def papers_of(site: Path, language: str, others: list[str]) -> list[tuple[str, str, str, str]]:
    """Every side-by-side PDF with *language* in it: those made in its folder (its text on the
    left), then those made in another language's folder (its text on the right). Each as its
    address, the other language, the version and the left column's language."""
    own = [
        (f'{SIDE_BY_SIDE}/{pdf.name}', pdf.stem.split('--')[1], pdf.stem.split('--')[0], language)
        for pdf in sorted((site / language / SIDE_BY_SIDE).glob('*.pdf'))
    ]
    theirs = [
        (f'../{other}/{SIDE_BY_SIDE}/{pdf.name}', other, pdf.stem.split('--')[0], other)
        for other in others
        for pdf in sorted((site / other / SIDE_BY_SIDE).glob(f'*--{language}.pdf'))
    ]
    return own + theirs


def write_parallel_pages(
    site: Path, stores: dict[tuple[str, str], dict], registry: list, locale_dir: Path
) -> list[str]:
    """One side-by-side page per language, for every version the language shares with another."""
    have: dict[str, set[str]] = {}
    for language, version in stores:
        # The page loads each edition's store as a script, published beside its JSON.
        if (site / language / version / SCRIPT).exists():
            have.setdefault(language, set()).add(version)
    order = [LATEST, *(r.id for r in reversed(registry))]
    written = []
    for language, versions in have.items():
        others = [code for code in have if code != language]
        shared = [v for v in order if v in versions and any(v in have[o] for o in others)]
        if not others or not shared:
            continue
        pairs = [(v, o) for v in shared for o in others if v in have[o]]
        side = SideBySide(language, others, shared, pairs, papers_of(site, language, others))
        (site / language / PARALLEL).write_text(page(side, registry, locale_dir), encoding='utf-8')
        written.append(language)
    return written
