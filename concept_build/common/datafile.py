"""The project's data files (YAML entries, BibTeX): read them, and name the file and line of any error."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from pybtex.database import BibliographyDataError
from pybtex.database.input.bibtex import Parser as BibTeXParser
from pybtex.exceptions import PybtexError


class DataFileError(Exception):
    """A data file is malformed: *where* is ``file:line``, *problem* what is wrong there."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        # "file:line: problem", where the file may itself hold colons only on Windows.
        where, _sep, problem = message.partition(': ')
        self.where, self.problem = (where, problem) if problem else ('', message)


def not_utf8(path: Path, data: bytes, error: UnicodeDecodeError) -> str:
    """``file:line: not UTF-8 (byte 0xff at column 7)``: where a reader meets a byte that is not UTF-8."""
    before = data[: error.start]
    line = before.count(b'\n') + 1
    column = error.start - (before.rfind(b'\n') + 1) + 1
    return f'{path}:{line}: not UTF-8 (byte 0x{data[error.start]:02x} at column {column})'


def read_text(path: Path) -> str:
    """The file as text; a file that is not UTF-8 is a DataFileError naming its line and column."""
    data = path.read_bytes()
    try:
        return data.decode('utf-8')
    except UnicodeDecodeError as exc:
        raise DataFileError(not_utf8(path, data, exc)) from None


class LineLoader(yaml.SafeLoader):
    """Keeps the line of every mapping and of each of its fields, so that errors can name them;
    refuses what no data file of ours needs and an untrusted file could abuse: anchors and
    aliases (a "billion laughs" expands from them), and tags (``!!python/object``)."""

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        event = self.peek_event()
        where = f'{self.name}:{event.start_mark.line + 1}'
        if isinstance(event, yaml.AliasEvent) or getattr(event, 'anchor', None):
            raise DataFileError(f'{where}: YAML anchors and aliases (&, *) are not taken here: write each value out')
        tag = getattr(event, 'tag', None)
        if tag is not None and tag != '!':
            raise DataFileError(f'{where}: YAML tags ({tag}) are not taken here: write plain values')
        return super().compose_node(parent, index)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[str, Any]:
        lines: dict[str, int] = {}
        for key_node, _value in node.value:
            field = str(key_node.value)
            if field in lines:
                # PyYAML would silently keep the last of the two.
                raise DataFileError(
                    f'{self.name}:{key_node.start_mark.line + 1}: field {field!r} '
                    f'given twice, first at line {lines[field]}'
                )
            lines[field] = key_node.start_mark.line + 1
        mapping = super().construct_mapping(node, deep=deep)
        mapping['__line__'] = node.start_mark.line + 1
        mapping['__lines__'] = lines
        return mapping


# Dates are kept as text: YAML would otherwise turn 1948-12-10 into a date and 2012 into an int.
for _tag in ('tag:yaml.org,2002:timestamp', 'tag:yaml.org,2002:int'):
    LineLoader.add_constructor(_tag, yaml.SafeLoader.construct_yaml_str)


class Entry(dict):
    """One entry's fields, with the line of the entry and of each field for error messages."""

    def __init__(self, path: Path, fields: dict[str, Any]) -> None:
        self.line: int = fields.pop('__line__')
        self.lines: dict[str, int] = fields.pop('__lines__')
        self.path = path
        super().__init__(fields)

    def where(self, field: str | None = None) -> str:
        """``file:line`` of the field, or of the entry when the field is absent or not given."""
        return f'{self.path}:{self.lines.get(field, self.line) if field else self.line}'


def yaml_entries(
    path: Path,
    noun: str,
    key_field: str,
    required: tuple[str, ...],
    optional: tuple[str, ...],
    may_be_empty: bool = False,
) -> Iterator[Entry]:
    """Each entry of a YAML list of mappings, its fields checked; any problem is raised as
    DataFileError naming the file and line."""
    try:
        text = read_text(path)
    except OSError as exc:
        raise DataFileError(f'{path}: cannot read it: {exc.strerror}') from None
    try:
        loader = LineLoader(text)
        loader.name = str(path)
        try:
            entries = loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        # The problem mark is where the parser gave up (a badly indented line), unless it ran to
        # the end of the file: then the context mark, where the broken construct began (an
        # unclosed bracket), is where to look.
        mark = getattr(exc, 'problem_mark', None)
        if mark is None or mark.index >= len(text.rstrip()):
            mark = getattr(exc, 'context_mark', None) or mark
        where = f'{path}:{mark.line + 1}' if mark else str(path)
        problem = '; '.join(filter(None, [getattr(exc, 'context', None), getattr(exc, 'problem', None)])) or str(exc)
        raise DataFileError(f'{where}: malformed YAML: {problem}') from None
    if entries is None and may_be_empty:
        return
    if not isinstance(entries, list):
        raise DataFileError(f'{path}:1: expected a list of {noun}s, one "- {key_field}: ..." entry each')
    for raw in entries:
        if not isinstance(raw, dict):
            raise DataFileError(f'{path}: every {noun} must be a mapping of fields, got {raw!r}')
        entry = Entry(path, raw)
        missing = [field for field in required if entry.get(field) in (None, '')]
        if missing:
            raise DataFileError(f'{entry.where()}: {noun} {entry.get(key_field, "?")!r} lacks {", ".join(missing)}')
        unknown = sorted(set(entry) - set(required) - set(optional))
        if unknown:
            raise DataFileError(
                f'{entry.where(unknown[0])}: unknown field(s) {", ".join(unknown)} '
                f'of {noun} {entry.get(key_field, "?")!r}; the fields are '
                f'{", ".join(required + optional)}'
            )
        yield entry


DATE_PATTERN = re.compile(r'\d{4}-\d{2}-\d{2}')


def parse_date(entry: Entry, field: str, *, year_alone: bool = False) -> str:
    """The field's date as YYYY-MM-DD (or YYYY where *year_alone*), checked to exist."""
    value = str(entry[field])
    if year_alone and re.fullmatch(r'\d{4}', value):
        return value
    form = 'YYYY-MM-DD or YYYY' if year_alone else 'YYYY-MM-DD'
    if not DATE_PATTERN.fullmatch(value):
        raise DataFileError(f'{entry.where(field)}: {field} {value!r} is not written {form}')
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise DataFileError(f'{entry.where(field)}: {field} {value!r} is not a valid date') from None
    return value


def check_bibtex(path: Path) -> None:
    """Parse a BibTeX file as sphinxcontrib-bibtex will, naming the line of any error."""
    try:
        text = read_text(path)
    except OSError as exc:
        raise DataFileError(f'{path}: cannot read it: {exc.strerror}') from None
    try:
        data = BibTeXParser(encoding='utf-8').parse_string(text)
    except BibliographyDataError as exc:
        # A repeated key: pybtex names it but not where; the second entry is the one to fix.
        match = re.search(r'repeated bibliography entry: (\S+)', str(exc))
        where = str(path)
        if match:
            starts = [
                text[: m.start()].count('\n') + 1
                for m in re.finditer(r'@\w+\s*[{(]\s*' + re.escape(match.group(1)) + r'\s*,', text, re.I)
            ]
            if len(starts) > 1:
                raise DataFileError(
                    f'{path}:{starts[1]}: duplicate entry key {match.group(1)!r}, first at line {starts[0]}'
                ) from None
        raise DataFileError(f'{where}: {exc}') from None
    except PybtexError as exc:
        line = getattr(exc, 'lineno', None)
        message = re.sub(r'^syntax error in line \d+: ', 'syntax error: ', str(exc))
        raise DataFileError(f'{path}:{line}: {message}' if line else f'{path}: {message}') from None
    for key, entry in data.entries.items():
        # Every style of the bibliography needs these; pybtex would only warn at the page.
        lacking = [field for field in ('title', 'year') if not entry.fields.get(field)]
        if not (
            entry.persons.get('author')
            or entry.persons.get('editor')
            or entry.fields.get('organization')
            or entry.fields.get('publisher')
        ):
            lacking.append('author, editor, organization or publisher')
        if lacking:
            start = re.search(r'@\w+\s*[{(]\s*' + re.escape(key) + r'\s*,', text, re.I)
            line = text[: start.start()].count('\n') + 1 if start else None
            where = f'{path}:{line}' if line else str(path)
            raise DataFileError(f'{where}: entry {key!r} lacks {", ".join(lacking)}')
