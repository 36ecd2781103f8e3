"""Lines that run into their neighbours: the overfull boxes of a LaTeX log, each named by its PDF,
page and provision, so that a strict build fails on type that collides."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

#: A line may stick out by this much: less is invisible on paper.
TOLERANCE_PT = 1.0
#: TeX wraps its log at 79 characters; a longer line keeps each message on one line of the log.
LOG_WIDTH = {'max_print_line': '10000', 'error_line': '254', 'half_error_line': '238'}

OVERFULL = re.compile(r'^Overfull \\hbox \((?P<points>[\d.]+)pt too wide\) .*?at lines? (?P<line>\d+)', re.M)
#: A page shipped out: "[12" (then its fonts and images, then "]"); the pages come in order.
SHIPPED = re.compile(r'\[(\d+)(?=[\s\]{<])')
#: Where a provision, an act or a heading starts in an edition's LaTeX (by its key), and where a
#: provision's row starts in a table's (by its number).
EDITION_ANCHOR = re.compile(r'\\label\{\\detokenize\{[^:}]+:(?P<key>[a-z0-9-]+)\}\}')
TABLE_NUMBER = re.compile(r'\\textbf\{(?P<key>\d+(?:\.\d+)+)\}')


@dataclass(frozen=True)
class Overrun:
    points: float
    page: int
    tex_line: int
    provision: str | None


def overruns(log_text: str, tex_text: str, anchor: re.Pattern[str] = EDITION_ANCHOR) -> list[Overrun]:
    """The lines of the log's overfull boxes wider than the tolerance, with the page they are on
    (the one being set when TeX found them) and the provision whose text they are in."""
    tex_lines = tex_text.splitlines()
    found = []
    for match in OVERFULL.finditer(log_text):
        points = float(match['points'])
        if points <= TOLERANCE_PT:
            continue
        page = 1
        for shipped in SHIPPED.finditer(log_text, 0, match.start()):
            if int(shipped[1]) == page:
                page += 1
        line = int(match['line'])
        found.append(Overrun(points, page, line, provision_at(tex_lines, line, anchor)))
    return found


def provision_at(tex_lines: list[str], line: int, anchor: re.Pattern[str]) -> str | None:
    """The provision whose text the LaTeX source's *line* is in: the last one begun before it."""
    for text in reversed(tex_lines[:line]):
        found = list(anchor.finditer(text))
        if found:
            return found[-1]['key']
    return None


def described(what: str, pdf: Path, found: list[Overrun], tex: Path) -> str:
    """One line for each overrun, naming the PDF, the page and the provision."""
    return '\n'.join(
        f'{what}: {pdf.name}, page {o.page}'
        + (f', at {o.provision}' if o.provision else '')
        + f': a line runs {o.points:.1f} pt into the margin or the next column ({tex}:{o.tex_line})'
        for o in found
    )
