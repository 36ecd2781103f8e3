"""The acts of the normative base, read and checked from bib/normative-base.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from concept_build.common.datafile import DataFileError, parse_date, yaml_entries
from concept_build.common.keys import KEY_PATTERN

#: The groups of the normative base, in the order of the page.
LEVELS = ('universal', 'cis', 'eaeu', 'bilateral-national')
KINDS = (
    'agreement',
    'charter',
    'compact',
    'concept',
    'convention',
    'covenant',
    'declaration',
    'presidential-resolution',
    'protocol',
    'resolution',
    'strategy',
    'treaty',
)
REQUIRED = ('key', 'level', 'kind', 'title', 'short_title', 'date', 'adopted_by')
OPTIONAL = ('place', 'parties', 'scope', 'url')


class Act(NamedTuple):
    key: str
    level: str
    kind: str
    title: str
    short_title: str
    date: str  # YYYY-MM-DD, or YYYY where only the year is certain
    adopted_by: str
    place: str | None
    parties: str | None
    scope: str | None
    url: str | None
    source: str
    line: int


def load_acts(path: Path) -> dict[str, Act]:
    """Read and check the acts in *path*; any problem is a DataFileError naming the file and line."""
    acts: dict[str, Act] = {}
    for entry in yaml_entries(path, 'act', 'key', REQUIRED, OPTIONAL):
        key = str(entry['key'])
        if not KEY_PATTERN.fullmatch(key):
            raise DataFileError(
                f'{entry.where("key")}: act key {key!r} is not a lowercase slug (letters, digits and single hyphens)'
            )
        if key in acts:
            raise DataFileError(f'{entry.where("key")}: duplicate act key {key!r}, first at line {acts[key].line}')
        for field, allowed in (('level', LEVELS), ('kind', KINDS)):
            if entry[field] not in allowed:
                raise DataFileError(
                    f'{entry.where(field)}: {field} {entry[field]!r} of {key!r} is not one of {", ".join(allowed)}'
                )
        date = parse_date(entry, 'date', year_alone=True)
        fields = {field: (str(entry[field]) if entry.get(field) else None) for field in OPTIONAL}
        acts[key] = Act(
            key=key,
            level=entry['level'],
            kind=entry['kind'],
            title=str(entry['title']),
            short_title=str(entry['short_title']),
            date=date,
            adopted_by=str(entry['adopted_by']),
            source=str(path),
            line=entry.line,
            **fields,
        )
    return acts
