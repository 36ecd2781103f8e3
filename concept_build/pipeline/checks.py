"""Checks that need more than one edition, made before anything is published."""

from __future__ import annotations

from pathlib import Path

from concept_build.common import rounds
from concept_build.common.datafile import DataFileError
from concept_build.common.languages import SOURCE_LANGUAGE
from concept_build.common.project import LATEST
from concept_build.common.register import FOLDER, check_against_rounds
from concept_build.common.stores import STORE, read_store
from concept_build.pipeline.options import BuildError


def check_formerly(staging: Path, site: Path, registry: list[rounds.Round], root: Path) -> None:
    """Each :formerly: key of the working draft is a provision of an earlier version of the text
    (the English stores this build made, else those published)."""
    stores = {}
    for version in (LATEST, *(r.id for r in registry)):
        for folder in (staging, site):
            path = folder / SOURCE_LANGUAGE / version / STORE
            if path.exists():
                stores[version] = read_store(path)
                break
    round_ids = [r.id for r in registry]
    # Only the texts of all the rounds can tell that a key never was (a build of the working
    # draft alone, such as a release's check, does not have them).
    if LATEST not in stores or not round_ids or any(version not in stores for version in round_ids):
        return
    known = {p['key'] for version in round_ids for p in stores[version]['provisions']}
    for p in stores[LATEST]['provisions']:
        for old in p['formerly']:
            if old not in known:
                raise BuildError(
                    f'{root / "concept" / p["page"]}.md:{p["line"]}: provision {p["key"]!r} is '
                    f'formerly {old!r}, which no earlier version of the text has\n'
                    f'Nothing was published; {site} is unchanged.'
                )


def check_amendments(root: Path, registry: list[rounds.Round], trees: Path) -> None:
    """Check the register against the texts of the rounds, which only the full build has."""
    folder = root / FOLDER
    if not folder.is_dir():
        return
    concepts = {}
    for round_ in registry:
        tree = trees / round_.id
        try:
            if not (tree / 'concept').is_dir():
                rounds.export_tree(round_, root, tree)
        except rounds.RegistryError as exc:
            # A shallow clone can still build the working draft; building the round itself
            # stops with this same message.
            print(
                f'==> the amendments were not checked against the text of {round_.id}: {str(exc).splitlines()[0]}',
                flush=True,
            )
            return
        concepts[round_.id] = tree / 'concept'
    try:
        check_against_rounds(folder, [r.id for r in registry], concepts, root / 'concept')
    except DataFileError as exc:
        raise BuildError(str(exc)) from None
