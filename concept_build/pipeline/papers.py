"""The comparison tables and side-by-side PDFs: typeset side by side, each kept under its source's key."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from concept_build.pages.tablepdf import END_OF_DUMP, PACKAGES
from concept_build.pipeline import cache
from concept_build.pipeline.latex import PDFError, typeset
from concept_build.pipeline.texformat import table_format


def typeset_papers(
    jobs: list[tuple[str, Path]], site: Path, work: Path, parallel: int, environ: dict[str, str], outputs: cache.Store
) -> list[str]:
    """Typeset each (LaTeX source, PDF path under *site*); a source typeset before is copied from
    *outputs*. Returns the errors."""
    keyed = [
        (cache.key(kind='paracol-pdf', source=source, epoch=environ.get('SOURCE_DATE_EPOCH')), source, out)
        for source, out in jobs
    ]
    to_make = [(key, source, out) for key, source, out in keyed if not outputs.get(key, out)]
    if not to_make:
        return []
    try:
        format_ = table_format(work, PACKAGES, END_OF_DUMP, environ)
    except OSError as exc:
        return [str(exc)]

    def run(job: tuple[str, str, Path]) -> str | None:
        key, source, out = job
        try:
            typeset(source, out, work / out.relative_to(site).with_suffix(''), environ, format_)
        except PDFError as exc:
            return str(exc)
        outputs.put(key, out)
        return None

    pool = ThreadPoolExecutor(max_workers=parallel)
    try:
        return [error for error in pool.map(run, to_make) if error]
    finally:
        pool.shutdown(wait=False, cancel_futures=True)  # on Ctrl-C, start no other PDF
