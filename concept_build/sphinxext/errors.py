"""How an extension stops a build on a malformed data file: one error line, no crash report."""

from __future__ import annotations

from typing import NoReturn

from sphinx.util import logging

from concept_build.common.datafile import DataFileError

logger = logging.getLogger(__name__)


def stop(error: DataFileError) -> NoReturn:
    """Report a malformed data file as one error line and end the build.

    An exception would show Sphinx's crash report, with a traceback and a temporary log file,
    for what is a mistake in a data file; SystemExit ends sphinx-build without either.
    """
    logger.error('%s', error.problem, location=error.where or None)
    raise SystemExit(2)
