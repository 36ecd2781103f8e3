"""LaTeX runs: an edition's PDF with latexmk, from the state its last run left, and the PDFs in
columns (comparison tables, side by side) with xelatex; any error or missing glyph fails them."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from concept_build.pipeline import children
from concept_build.pipeline.options import BuildError
from concept_build.pipeline.overfull import EDITION_ANCHOR, LOG_WIDTH, TABLE_NUMBER, described, overruns

#: What latexmk learns from a run: the cross-references, contents and bookmarks, the index, and
#: its record of the files. Kept after a good run and given to the next, which then typesets
#: once instead of twice when they come out the same: what two runs from nothing would make.
LATEX_STATE = ('.aux', '.toc', '.out', '.idx', '.ind', '.ilg', '.fdb_latexmk', '.fls')


def latex_to_pdf(
    latex_dir: Path,
    pdf_name: str,
    what: str,
    environ: dict[str, str] | None = None,
    state: Path | None = None,
    start: Path | None = None,
) -> Path:
    """Run latexmk with xelatex, from the state an earlier run of the edition left in *state*
    (or, when it has none, from *start*: another edition's, such as the working draft's for a
    new round of the same text); fail on any LaTeX error, missing glyph or line that overruns."""
    stem = pdf_name.removesuffix('.pdf')
    if state is not None and not state.is_dir() and start is not None and start.is_dir():
        borrow(start, state, stem)
    if state is not None and state.is_dir():
        for kept in state.iterdir():
            shutil.copy2(kept, latex_dir / kept.name)
        try:
            made = _latexmk(latex_dir, stem, what, environ)
        except BuildError:
            # A state left by another text must never be what fails a build: from nothing, the
            # run decides alone.
            for suffix in (*LATEX_STATE, '.xdv', '.pdf', '.log'):
                (latex_dir / f'{stem}{suffix}').unlink(missing_ok=True)
            made = _latexmk(latex_dir, stem, what, environ)
    else:
        made = _latexmk(latex_dir, stem, what, environ)
    if state is not None:
        shutil.rmtree(state, ignore_errors=True)
        state.mkdir(parents=True)
        for suffix in LATEX_STATE:
            if (latex_dir / f'{stem}{suffix}').exists():
                shutil.copy2(latex_dir / f'{stem}{suffix}', state / f'{stem}{suffix}')
    tex = latex_dir / f'{stem}.tex'
    found = overruns(log_of(latex_dir / f'{stem}.log'), tex.read_text(encoding='utf-8'), EDITION_ANCHOR)
    if found:
        raise BuildError(described(what, made, found, tex))
    return made


#: latexmk's own record of a run (which files it read, with their checksums), which names the
#: edition's files: without it latexmk takes a borrowed .toc or .out for new and runs twice.
RECORDS = ('.fdb_latexmk', '.fls')
#: What LaTeX and its packages say when the positions they wrote have changed (the log's
#: "Package: rerunfilecheck ... Rerun checks" line, written on every run, is not such a request).
RERUN = re.compile(r'Rerun to get|Please rerun')


def borrow(start: Path, state: Path, stem: str) -> None:
    """Another edition's whole LaTeX state (references, contents, bookmarks, index and latexmk's
    record of them) as this one's first state, under this edition's file names. When the texts
    are the same, latexmk finds after one run that nothing it read has changed."""
    state.mkdir(parents=True)
    for kept in start.iterdir():
        if kept.suffix not in LATEX_STATE:
            continue
        target = state / f'{stem}{kept.suffix}'
        if kept.suffix in RECORDS:
            text = kept.read_text(encoding='utf-8', errors='surrogateescape')
            target.write_text(text.replace(kept.stem, stem), encoding='utf-8', errors='surrogateescape')
        else:
            shutil.copy2(kept, target)


def log_of(path: Path) -> str:
    return path.read_text(encoding='utf-8', errors='replace') if path.exists() else ''


def wide_log(environ: dict[str, str] | None) -> dict[str, str]:
    """The environment of a LaTeX run, its log unwrapped so that each message is one line."""
    return {**(environ or os.environ), **LOG_WIDTH}


def _latexmk(latex_dir: Path, stem: str, what: str, environ: dict[str, str] | None) -> Path:
    tex, log = f'{stem}.tex', latex_dir / f'{stem}.log'
    result = children.run(
        ['latexmk', '-xelatex', '-interaction=nonstopmode', '-halt-on-error', '-file-line-error', '-silent', tex],
        cwd=latex_dir,
        env=wide_log(environ),
    )
    log_text = log.read_text(encoding='utf-8', errors='replace') if log.exists() else ''
    if result.returncode != 0:
        errors = [line for line in log_text.splitlines() if re.match(r'^(\S+:\d+: |! )', line)]
        detail = '\n'.join(errors[:15]) or (result.stdout + result.stderr)[-2000:]
        # The LaTeX folder starts empty at every build (sphinx_build) and only a good run's state
        # is carried over, so latexmk never finds a failed run's state and reports it again
        # after its cause is fixed; the log is kept aside.
        kept_log = latex_dir.parent / f'{stem}-failed.log'
        if log.exists():
            shutil.copy2(log, kept_log)
        raise BuildError(f'{what}: LaTeX failed, see {kept_log}:\n{detail}')
    missing_glyphs = sorted(set(re.findall(r'Missing character: There is no (.+?) in font', log_text)))
    if missing_glyphs:
        raise BuildError(
            f'{what}: the PDF lacks glyphs for {", ".join(missing_glyphs)} (see "Missing character" in the LaTeX log)'
        )
    return latex_dir / f'{stem}.pdf'


class PDFError(Exception):
    """xelatex failed; the message names the log."""


def typeset(
    tex_source: str, out: Path, work: Path, environ: dict[str, str] | None = None, format_: Path | None = None
) -> Path:
    """Run xelatex (from *format_*, a format of the source's packages, when given), and again
    while LaTeX or paracol asks to be rerun (as latexmk would)."""
    work.mkdir(parents=True, exist_ok=True)
    source = work / out.with_suffix('.tex').name
    source.write_text(tex_source, encoding='utf-8')
    # No record of an earlier build's positions: the PDF depends on its source alone.
    source.with_suffix('.aux').unlink(missing_ok=True)
    for _run in range(3):
        command = ['xelatex', *([f'-fmt={format_}'] if format_ else []), '-interaction=nonstopmode']
        result = children.run([*command, '-halt-on-error', source.name], cwd=work, env=wide_log(environ))
        if result.returncode != 0:
            log = source.with_suffix('.log')
            errors = [line for line in log.read_text(errors='replace').splitlines() if line.startswith('!')]
            raise PDFError(f'{out.name}: xelatex failed, see {log}: {"; ".join(errors[:3])}')
        if not RERUN.search(source.with_suffix('.log').read_text(errors='replace')):
            break
    log_text = source.with_suffix('.log').read_text(errors='replace')
    missing = sorted(set(re.findall(r'Missing character: There is no (.+?) in font', log_text)))
    if missing:
        raise PDFError(f'{out.name}: the PDF lacks glyphs for {", ".join(missing)}')
    found = overruns(log_text, tex_source, TABLE_NUMBER)
    if found:
        raise PDFError(described(f'{out.parent.parent.name}/{out.parent.name}', out, found, source))
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source.with_suffix('.pdf'), out)
    return out
