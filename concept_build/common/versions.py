"""The one place that names a version: "Working draft", or "Round 1, 2 April 2025", in a language."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from concept_build.common.dates import format_act_date
from concept_build.common.project import LATEST

if TYPE_CHECKING:
    from concept_build.common.rounds import Round


def version_label(version: str, registry: Sequence[Round], language: str, gettext: Callable[[str], str]) -> str:
    """The version's name in the language of *gettext*'s catalogue (Sphinx's inside Sphinx, the
    interface catalogue's for the pages made outside it)."""
    if version == LATEST:
        return str(gettext('Working draft'))
    round_ = next(r for r in registry if r.id == version)
    return str(gettext('Round {number}, {date}')).format(
        number=round_.number, date=format_act_date(round_.date.isoformat(), language)
    )


def version_order(version: str, registry: Sequence[Round]) -> int:
    """Latest first, then the rounds from the newest."""
    ids = [r.id for r in registry]
    return -1 if version == LATEST else len(ids) - ids.index(version) if version in ids else 99
