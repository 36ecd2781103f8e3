"""Each language's files in one archive (PDFs, books, Akoma Ntoso, stores): the same bytes for the same files."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

from concept_build.common.layout import AMENDMENTS, COMPARE, SIDE_BY_SIDE

#: The edition files an archive holds, as the manifest names them.
EDITION_FILES = ('pdf', 'epub', 'akn', 'store')
#: Every entry dated alike (a ZIP file holds no date before 1980): the bytes depend on the files alone.
DATE = (1980, 1, 1, 0, 0, 0)


def archive_path(language: str) -> str:
    """Where a language's archive is, from the site's root: ru/concept-ru.zip."""
    return f'{language}/concept-{language}.zip'


def files_of(site: Path, editions: list[dict], language: str) -> list[Path]:
    """The language's edition files of every version, and its comparison, side-by-side and
    consolidated-table PDFs."""
    found = [
        site / ed[name]
        for ed in editions
        if ed['language'] == language
        for name in EDITION_FILES
        if ed.get(name) and (site / ed[name]).is_file()
    ]
    for folder in (COMPARE, SIDE_BY_SIDE, AMENDMENTS):
        found += (site / language / folder).glob('*.pdf')
    return sorted(set(found))


def write_archives(site: Path, editions: list[dict]) -> list[Path]:
    """One archive per language of the site, written whole (a reader never gets half of one)."""
    written = []
    for language in dict.fromkeys(ed['language'] for ed in editions):
        out = site / archive_path(language)
        partial = out.with_name(out.name + '.partial')
        with zipfile.ZipFile(partial, 'w') as archive:
            for path in files_of(site, editions, language):
                entry = zipfile.ZipInfo(path.relative_to(site).as_posix(), DATE)
                entry.compress_type, entry.create_system = zipfile.ZIP_DEFLATED, 3
                entry.external_attr = (stat.S_IFREG | 0o644) << 16
                archive.writestr(entry, path.read_bytes())
        partial.replace(out)
        written.append(out)
    return written
