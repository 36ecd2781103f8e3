"""Plain helpers the test modules share: where things are, a small repository to build, editing and
comparing files, and building a site or recording a round the way the tools do.

Fixtures live in conftest.py; everything a test module imports comes from here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import polib
from docutils import nodes

from concept_build.common import rounds
from concept_build.common.languages import ALL_LANGUAGES
from concept_build.pipeline.build import build, merge
from concept_build.pipeline.options import FORMATS, BuildOptions
from concept_build.pipeline.release import release
from concept_build.sphinxext.store import tokens

#: The repository under test, and its test projects (one folder per case).
REPO = Path(__file__).parent.parent
ROOTS = Path(__file__).parent / 'roots'
#: The small Concept the hermetic repositories are made of.
ROUNDS_ROOT = ROOTS / 'test-rounds'
#: The languages of the versioned test site (the small Concept has these translations).
VERSIONED_LANGUAGES = ('en', 'ru', 'kk', 'uz')
#: Where the versioned test site says it will be published.
BASE_URL = 'https://example.org/concept/'
#: The first round of every hermetic repository, as the working group recorded it.
ROUND_1 = {
    'date': dt.date(2025, 4, 2),
    'place': 'MPA CIS headquarters, Saint Petersburg',
    'event': 'International Labour Forum',
    'discussed': 'The draft new edition of the Concept.',
    'amendments_due': dt.date(2025, 6, 1),
}


# Building and recording, as the command line and `nox -s release` do.


def options(
    languages=ALL_LANGUAGES,
    versions=None,
    formats=FORMATS,
    site: Path | None = None,
    *,
    root: Path,
    with_handbook: bool = True,
    base_url: str = '',
    **more,
) -> BuildOptions:
    """The options a maintainer's command line would give."""
    return BuildOptions(
        languages=tuple(languages),
        versions=tuple(versions) if versions else None,
        formats=tuple(formats),
        site=site,
        root=root,
        handbook=with_handbook,
        base_url=base_url.rstrip('/') + '/' if base_url else '',
        **more,
    )


def build_site(languages=ALL_LANGUAGES, versions=None, formats=FORMATS, site: Path | None = None, **more) -> list[dict]:
    """Build and publish into *site*, as ``python -m concept_build`` does with these options."""
    return build(options(languages, versions, formats, site, **more))


def merge_shards(shards: list[Path], site: Path, *, root: Path) -> list[dict]:
    return merge(options(site=site, root=root), shards)


def record_round(
    round_id: str,
    date: dt.date,
    place: str,
    event: str,
    discussed: str,
    amendments_due: dt.date,
    *,
    root: Path,
    languages=ALL_LANGUAGES,
) -> str:
    """Record HEAD as a round, as ``nox -s release`` does; return the commit it tagged."""
    requested = rounds.Round(
        id=round_id,
        number=0,
        date=date,
        place=place,
        event=event,
        discussed=discussed,
        amendments_due=amendments_due,
        commit='',
        tag=round_id,
    )
    return release(requested, root=root, languages=tuple(languages))


# Hermetic repositories.


def git(repo: Path, *args: str) -> str:
    return subprocess.run(['git', '-C', str(repo), *args], capture_output=True, text=True, check=True).stdout.strip()


def make_repo(target: Path) -> Path:
    """A repository with a small Concept in English, Russian and Kazakh and today's build settings."""
    for folder in ['concept', 'bib', 'locale']:
        shutil.copytree(ROUNDS_ROOT / folder, target / folder)
    shutil.copy(REPO / 'concept' / 'conf.py', target / 'concept' / 'conf.py')
    for language in VERSIONED_LANGUAGES[1:]:
        for catalogue in ['concept.po', 'sphinx.po']:
            shutil.copy(
                REPO / 'locale' / language / 'LC_MESSAGES' / catalogue,
                target / 'locale' / language / 'LC_MESSAGES' / catalogue,
            )
    (target / '.gitignore').write_text('*.mo\n')
    git(target, 'init', '-q', '-b', 'main')
    git(target, 'config', 'user.email', 'test@example.org')
    git(target, 'config', 'user.name', 'Test')
    git(target, 'add', '-A')
    git(target, 'commit', '-q', '-m', 'The text of round 1')
    return target


def move_provision(repo: Path, key: str, source: str, target: str) -> None:
    """Move a provision with its translations, as an author and sphinx-intl would."""
    src, dst = repo / 'concept' / f'{source}.md', repo / 'concept' / f'{target}.md'
    text = src.read_text()
    start = text.index(f':::{{provision}} {key}')
    block = text[start : text.index(':::\n', start + 4) + 4]
    src.write_text(text.replace(block, ''))
    dst.write_text(dst.read_text() + '\n' + block)
    message = block.split('\n')[1]
    for language in VERSIONED_LANGUAGES[1:]:
        folder = repo / 'locale' / language / 'LC_MESSAGES'
        old, new = polib.pofile(str(folder / f'{source}.po')), polib.pofile(str(folder / f'{target}.po'))
        entry = old.find(message)
        old.remove(entry)
        new.append(entry)
        old.save()
        new.save()


# Editing and comparing files.


def replace(path: Path, old: str, new: str) -> None:
    """Replace the first *old* in the file, which must hold it."""
    text = path.read_text(encoding='utf-8')
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding='utf-8')


def tree(folder: Path) -> dict[str, str]:
    """Every file of a published site and the SHA-256 of its bytes."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob('*'))
        if path.is_file()
    }


def pdf_text(path: Path, *options: str) -> str:
    """The text of a PDF as pdftotext gives it (``'-layout'``, ``'-l', '1'``... as *options*)."""
    return subprocess.run(['pdftotext', *options, str(path), '-'], capture_output=True, text=True, check=True).stdout


# What a build said.


def plain(text: str) -> str:
    """The warning stream as a terminal without colours shows it."""
    return re.sub(r'\x1b\[[0-9;]*m', '', text)


#: A build's line for an edition as it finishes: "[ 3/12] ru/latest   HTML built, PDF kept   4.2 s".
PROGRESS = re.compile(r'^\[\s*\d+/\d+\] (\S+)\s+(.+?)\s+[\d.]+ s$', re.M)


def fates(printed: str) -> dict[str, str]:
    """What the progress lines say became of each edition: {'ru/latest': 'HTML built', ...}."""
    return dict(PROGRESS.findall(printed))


def stopped_with(built, pattern: str) -> None:
    """The build stopped with exactly one error line matching *pattern*, and no traceback."""
    assert built.stopped, built.warnings
    lines = built.warnings.strip().splitlines()
    assert len(lines) == 1 and re.fullmatch(pattern, lines[0]), built.warnings


# Provision stores, as an edition publishes them (provisions.json), made by hand.


def stored_provision(
    key: str,
    text: str,
    number: str = '1.1',
    chapter: str = '1',
    language: str = 'en',
    translated: bool = True,
    formerly=(),
    amendments=(),
    page: str | None = None,
) -> dict:
    """One provision of a store; its tokens are made as the store's own are."""
    return {
        'key': key,
        'number': number,
        'chapter': chapter,
        'chapter_title': f'Chapter {chapter}',
        'page': page or f'page{chapter}',
        'position': int(number.rpartition('.')[2]),
        'line': 3,
        'formerly': list(formerly),
        'text': text,
        'tokens': tokens([nodes.paragraph(text, text)], language),
        'html': '',
        'cites': {'acts': [], 'works': [], 'provisions': []},
        'translated': translated,
        'amendments': list(amendments),
    }


def edition_store(version: str, *provisions: dict, language: str = 'en') -> dict:
    """The store of one edition: its language, its version and its provisions in reading order."""
    return {'format': 2, 'language': language, 'version': version, 'provisions': list(provisions)}


# Links between the pages made from the stores.


class Links(HTMLParser):
    """The links and the ids of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs) -> None:
        attrs = dict(attrs)
        if attrs.get('id'):
            self.ids.add(attrs['id'])
        if tag == 'a' and attrs.get('href'):
            self.hrefs.append(attrs['href'])


def parsed(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding='utf-8'))
    return links


def assert_links_exist(pages) -> None:
    """Every link of these pages leads to a file that exists, and to an anchor it has."""
    for page in pages:
        for href in parsed(page).hrefs:
            target, _, anchor = href.partition('#')
            path = (page.parent / target).resolve() if target else page
            assert path.exists(), (page, href)
            if anchor:
                assert anchor in parsed(path).ids, (page, href)
