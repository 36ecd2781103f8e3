"""A warm build publishes exactly what a clean build of the same tree publishes."""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib
import pytest

from concept_build.pipeline.options import FORMATS
from helpers import build_site, git, make_repo, replace, tree

pytestmark = pytest.mark.slow

LANGUAGES = ('en', 'ru')


def build(root: Path, out: Path) -> None:
    build_site(LANGUAGES, None, FORMATS, out, with_handbook=False, root=root)


def edit(repo: Path) -> None:
    """What a round of editing does: renumber, cite anew, retranslate, correct the base."""
    concept = repo / 'concept'
    # A provision inserted before the one that cites the Charter renumbers it and its citations.
    replace(
        concept / 'general.md',
        ':::{provision} basis',
        ':::{provision} scope\n'
        'The Concept applies to labour migration between the states.\n:::\n\n:::{provision} basis',
    )
    # A new citation of an act and of a work, both new to the text.
    (concept / 'tasks.md').write_text(
        (concept / 'tasks.md').read_text()
        + (
            '\n:::{provision} social-protection\nMigrant workers are protected as {act}`the 1994 Agreement '
            '<labour-migration-1994>` provides and as {cite:t}`iom-2020` describes.\n:::\n'
        )
    )
    with (repo / 'bib' / 'normative-base.yaml').open('a', encoding='utf-8') as acts:
        acts.write(
            '- key: labour-migration-1994\n  level: cis\n  kind: agreement\n'
            '  title: Agreement on Cooperation in the Field of Labour Migration and Social '
            'Protection of Migrant Workers\n  short_title: 1994 Agreement on labour migration\n'
            '  date: 1994-04-15\n  place: Moscow\n  adopted_by: Governments of the CIS member states\n'
        )
    with (repo / 'bib' / 'works.bib').open('a', encoding='utf-8') as works:
        works.write(
            '\n@book{iom-2020,\n  editor    = {McAuliffe, Marie and Khadria, Binod},\n'
            '  title     = {World Migration Report 2020},\n  publisher = {International '
            'Organization for Migration},\n  address   = {Geneva},\n  year      = {2019},\n}\n'
        )
    # A changed entry of the normative base: the Charter's short title, shown by a bare key.
    replace(repo / 'bib' / 'normative-base.yaml', 'short_title: CIS Charter', 'short_title: Charter of the CIS')
    replace(
        concept / 'tasks.md',
        "The states recognise each other's diplomas.",
        "The states recognise each other's diplomas under {act}`charter`.",
    )
    # A corrected translation.
    catalogue = polib.pofile(str(repo / 'locale' / 'ru' / 'LC_MESSAGES' / 'general.po'))
    entry = catalogue.find('The Concept sets out the common approach of the states to migration.')
    entry.msgstr = 'Концепция определяет общий подход государств к миграции.'
    catalogue.save()


def test_warm_build_publishes_what_a_clean_build_does(tmp_path):
    repo = make_repo(tmp_path / 'repo')
    warm = tmp_path / 'warm' / 'site'
    build(repo, warm)
    before = tree(warm)
    edit(repo)
    git(repo, 'add', '-A')
    git(repo, 'commit', '-q', '-m', 'A round of editing')
    build(repo, warm)

    clean_repo = tmp_path / 'clean'
    subprocess.run(['git', 'clone', '-q', str(repo), str(clean_repo)], check=True)
    clean = tmp_path / 'clean-site' / 'site'
    build(clean_repo, clean)

    warm_files, clean_files = tree(warm), tree(clean)
    assert sorted(warm_files) == sorted(clean_files)
    differing = [name for name in clean_files if warm_files[name] != clean_files[name]]
    assert differing == []
    # The edits reached the pages: the comparison is not of two stale builds.
    assert warm_files != before
    general = (warm / 'en' / 'latest' / 'general.html').read_text(encoding='utf-8')
    assert 'id="scope"' in general
    bibliography = (warm / 'ru' / 'latest' / 'bibliography.html').read_text(encoding='utf-8')
    assert 'tasks.html#social-protection' in bibliography and 'general.html#sources' in bibliography
    assert 'определяет общий подход' in (warm / 'ru' / 'latest' / 'general.html').read_text(encoding='utf-8')
