"""The comparison tables and side-by-side PDFs: typeset side by side, each kept under its source's key."""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from concept_build.pages.tablepdf import END_OF_DUMP, PACKAGES
from concept_build.pipeline import cache
from concept_build.pipeline.latex import PDFError, typeset
from concept_build.pipeline.texformat import table_format


def typeset_papers(
    jobs: Iterable[tuple[str, Path]],
    site: Path,
    work: Path,
    parallel: int,
    environ: dict[str, str],
    outputs: cache.Store,
) -> list[str]:
    """Typeset each (LaTeX source, PDF path under *site*), starting each as soon as *jobs* gives
    it; a source typeset before is copied from *outputs*. Returns the errors."""
    formats: list[Path] = []  # the tables' format, made when the first table needs it

    def run(key: str, source: str, out: Path) -> str | None:
        try:
            typeset(source, out, work / out.relative_to(site).with_suffix(''), environ, formats[0])
        except PDFError as exc:
            return str(exc)
        outputs.put(key, out)
        return None

    pool = ThreadPoolExecutor(max_workers=parallel)
    try:
        started = []
        for source, out in jobs:
            key = cache.key(kind='paracol-pdf', source=source, epoch=environ.get('SOURCE_DATE_EPOCH'))
            if outputs.get(key, out):
                continue
            if not formats:
                try:
                    formats.append(table_format(work, PACKAGES, END_OF_DUMP, environ))
                except OSError as exc:
                    return [str(exc)]
            started.append(pool.submit(run, key, source, out))
        return [error for error in (done.result() for done in started) if error]
    finally:
        pool.shutdown(wait=False, cancel_futures=True)  # on Ctrl-C, start no other PDF
