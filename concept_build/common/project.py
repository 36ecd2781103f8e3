"""The project's fixed names: the Concept's title and notice in English, the working draft's id, the repository."""

from __future__ import annotations

from pathlib import Path

#: The repository this package is installed from (editable), whose folders the tools read.
ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / 'locale'

TITLE = 'Concept of the Common Migration Space of the CIS States'
AUTHOR = 'Working Group on the New Edition of the Concept'
#: The working draft's version id, beside the rounds' ids.
LATEST = 'latest'
NOTICE = (
    'Working text prepared for the discussion of the working group. '
    'It is not an official document of the Commonwealth of Independent States.'
)
