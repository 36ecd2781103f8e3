"""What a build will do, said before it does anything (``python -m concept_build --dry-run``), and
what it says of each edition as it goes: the plan of the Concept's working draft, built nowhere."""

from __future__ import annotations

import json
import os
import re
import runpy
import sys

import pytest

from concept_build.pipeline import cache
from concept_build.pipeline.cli import main, options_from, parser
from concept_build.pipeline.lock import build_lock
from concept_build.pipeline.plan import make_plan
from concept_build.pipeline.progress import Progress
from helpers import REPO, fates

#: The working draft in English and Russian, HTML only: what a translator's loop builds.
NARROW = ['-l', 'en', '-l', 'ru', '-v', 'latest', '-f', 'html']


def planned(printed: str) -> dict[str, str]:
    """The plan's line for each edition: {'en/latest': 'HTML built (not published yet)'}."""
    return dict(re.findall(r'^(\w+/[\w-]+) +(.+)$', printed, re.M))


def dry_run(site, *more: str) -> None:
    main(['--dry-run', *NARROW, '--site', str(site), *more])


def publish_as(site, key: str) -> None:
    """A site whose English working draft was published with *key*."""
    (site / 'en' / 'latest').mkdir(parents=True)
    (site / 'editions.json').write_text(
        json.dumps(
            {'editions': [{'language': 'en', 'version': 'latest', 'html': 'en/latest/', 'keys': {'html': key}}]}
        ),
        encoding='utf-8',
    )


def test_a_dry_run_prints_the_plan_and_builds_nothing(tmp_path, monkeypatch, capsys):
    site = tmp_path / 'build' / 'site'
    monkeypatch.setattr(sys, 'argv', ['python -m concept_build', '--dry-run', *NARROW, '--site', str(site)])
    runpy.run_module('concept_build', run_name='__main__')
    printed = capsys.readouterr().out
    assert planned(printed) == {
        'en/latest': 'HTML built (not published yet)',
        'ru/latest': 'HTML built (not published yet)',
    }, printed
    # A narrowed build is not for the handbook.
    assert 'handbook' not in printed
    assert not site.exists() and not (site.parent / 'work').exists() and not (site.parent / '.staging').exists()


def test_the_plan_says_what_is_kept_copied_or_built_and_why(tmp_path, capsys):
    site = tmp_path / 'site'
    options = options_from(parser().parse_args(['--dry-run', *NARROW, '--site', str(site)]))
    store = cache.Store(options.cache_folder)
    [english, _russian] = make_plan(options, store).editions
    key = english.keys['html']
    # Published with the key of today's text: kept as it is.
    publish_as(site, key)
    dry_run(site)
    assert planned(capsys.readouterr().out) == {'en/latest': 'HTML kept', 'ru/latest': 'HTML built (not published yet)'}
    # Published from another text: built again, and the plan names what changed.
    parts = json.loads((options.cache_folder / 'parts' / key[:2] / f'{key}.json').read_text(encoding='utf-8'))
    older = store.note_parts({**parts, 'text': '0' * 64})
    (site / 'editions.json').unlink()
    (site / 'en' / 'latest').rmdir()
    publish_as(site, older)
    dry_run(site)
    assert planned(capsys.readouterr().out)['en/latest'] == 'HTML built (text changed)'
    # The same address as before: only the HTML's key has it, so that is what the plan says.
    dry_run(site, '--base-url', 'https://example.org/concept/')
    assert planned(capsys.readouterr().out)['en/latest'] == 'HTML built (base_url, text changed)'
    # Made before with today's inputs: copied from the cache.
    made = tmp_path / 'made'
    made.mkdir()
    store.put(key, made)
    dry_run(site)
    assert planned(capsys.readouterr().out)['en/latest'] == 'HTML cached (made before with these inputs)'
    assert not (tmp_path / 'work').exists()


def test_a_second_build_in_the_same_folder_stops_naming_the_first(tmp_path, capsys):
    site = tmp_path / 'site'
    with build_lock(tmp_path), pytest.raises(SystemExit) as stop:
        dry_run(site)
    assert re.fullmatch(
        rf'error: {re.escape(str(tmp_path))} is in use by another build \(process {os.getpid()}, '
        r'started \d\d:\d\d:\d\d: .+\); wait for it to finish, or stop it, then build again',
        str(stop.value),
    ), stop.value
    # Once the first has finished, the next goes ahead.
    dry_run(site)
    assert 'en/latest' in planned(capsys.readouterr().out)


def test_a_manifest_the_build_did_not_write_is_named(tmp_path):
    site = tmp_path / 'site'
    site.mkdir()
    (site / 'editions.json').write_text('["not", "a", "manifest"]', encoding='utf-8')
    with pytest.raises(SystemExit) as stop:
        dry_run(site)
    assert str(stop.value) == (
        f'error: {site / "editions.json"}: not a manifest this build wrote (not an object); move it away'
    )


def test_an_unknown_version_is_named_with_the_versions_there_are(tmp_path):
    with pytest.raises(SystemExit) as stop:
        main(['--dry-run', '-v', 'round-9', '--site', str(tmp_path / 'site')])
    assert re.fullmatch(
        r'error: unknown version\(s\) round-9: the versions are latest(, [\w-]+)* '
        rf'\(rounds come from {re.escape(str(REPO / "rounds.yaml"))}\)',
        str(stop.value),
    ), stop.value


def test_each_edition_says_what_became_of_it_and_the_table_sums_up(tmp_path, capsys):
    options = options_from(parser().parse_args(['--dry-run', *NARROW, '--site', str(tmp_path / 'site')]))
    english, russian = make_plan(options, cache.Store(options.cache_folder)).editions
    progress = Progress([english, russian])
    progress.finished(russian, 2.5, 'ru: the translation catalogues have errors:\n  tasks.po:12: ...')
    progress.finished(english, 1.5)
    printed = capsys.readouterr().out
    # One line each as it finishes, in the form the build's callers read.
    assert fates(printed) == {'ru/latest': 'HTML failed', 'en/latest': 'HTML built'}
    assert printed.splitlines()[0].startswith('[1/2] ru/latest')
    # The table in the plan's order, with the first line of each problem, and the counts.
    assert progress.table(('html',)).splitlines() == [
        'edition         HTML     seconds  problem',
        'en/latest       built        1.5  ',
        'ru/latest       failed       2.5  ru: the translation catalogues have errors:',
        '1 built, 1 failed',
    ]
