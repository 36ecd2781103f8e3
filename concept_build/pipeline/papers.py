"""The comparison tables and side-by-side PDFs: typeset side by side, each kept under its source's key."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from concept_build.pipeline import cache
from concept_build.pipeline.latex import PDFError, typeset


def typeset_papers(
    jobs: list[tuple[str, Path]], site: Path, work: Path, parallel: int, environ: dict[str, str], outputs: cache.Store
) -> list[str]:
    """Typeset each (LaTeX source, PDF path under *site*); a source typeset before is copied from
    *outputs*. Returns the errors."""

    def run(job: tuple[str, Path]) -> str | None:
        source, out = job
        key = cache.key(kind='paracol-pdf', source=source, epoch=environ.get('SOURCE_DATE_EPOCH'))
        if outputs.get(key, out):
            return None
        try:
            typeset(source, out, work / out.relative_to(site).with_suffix(''), environ)
        except PDFError as exc:
            return str(exc)
        outputs.put(key, out)
        return None

    pool = ThreadPoolExecutor(max_workers=parallel)
    try:
        return [error for error in pool.map(run, jobs) if error]
    finally:
        pool.shutdown(wait=False, cancel_futures=True)  # on Ctrl-C, start no other PDF
