"""Time and memory of the builds a maintainer runs, against the naive build (nox -s bench).

Every case runs in a temporary clone of this repository, as `python -m concept_build` would
there, and is measured in this one run: seconds, the ratio to the naive build (a fresh
sphinx-build HTML, LaTeX and latexmk per edition, one after another, nothing kept), and the
memory of the largest process. A synthetic history of rounds shows how the builds grow with
the number of rounds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from concept_build.common import rounds
from concept_build.common.git import git as run_git
from concept_build.common.project import ROOT

#: Targets from the issue, as the largest ratio to the naive build each case may take.
TARGETS = {'nothing changed': 0.02, 'one English provision': 0.35, 'one Kazakh msgstr': 0.08, 'cold, 2 jobs': 0.55}
#: Run in a child so that its own largest process (the build, sphinx-build or xelatex) is measured.
MEASURE = (
    'import resource, subprocess, sys, time; t = time.perf_counter(); '
    'r = subprocess.run(sys.argv[1:]).returncode; s = time.perf_counter() - t; '
    'print(s, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r, file=sys.stderr)'
)


def measure(command: list[str], cwd: Path, log: Path) -> tuple[float, float]:
    """Seconds and peak MiB of the largest process of *command*; its output goes to *log*."""
    environ = {**os.environ, 'PYTHONPATH': str(cwd)}
    with log.open('a', encoding='utf-8') as out:
        out.write(f'\n$ {" ".join(command)}\n')
        out.flush()
        result = subprocess.run(
            [sys.executable, '-c', MEASURE, *command],
            cwd=cwd,
            env=environ,
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    seconds, peak_kib, returncode = result.stderr.strip().splitlines()[-1].split()
    if returncode != '0':
        raise SystemExit(f'bench: {" ".join(command)} failed in {cwd}; see {log}')
    return float(seconds), int(peak_kib) / 1024


def clone(target: Path) -> Path:
    subprocess.run(['git', 'clone', '-q', str(ROOT), str(target)], check=True)
    for name, value in (('user.email', 'bench@example.org'), ('user.name', 'Bench')):
        subprocess.run(['git', '-C', str(target), 'config', name, value], check=True)
    return target


def git(repo: Path, *args: str) -> None:
    run_git(repo, *args)


def naive_command(repo: Path, out: Path) -> list[str]:
    """The naive build: for each edition in turn, sphinx-build HTML and LaTeX from nothing, then latexmk."""
    script = f"""
import shutil, subprocess, sys
from pathlib import Path
from concept_build.common import rounds
from concept_build.common.languages import ALL_LANGUAGES
from concept_build.common.layout import Edition
from concept_build.common.project import LATEST
from concept_build.pipeline.editions import compile_catalogs
from concept_build.pipeline.latex import latex_to_pdf
from concept_build.pipeline.sources import sources_of
root, out = Path({str(repo)!r}), Path({str(out)!r})
registry = rounds.load(root / rounds.REGISTRY)
for version in (LATEST, *(r.id for r in registry)):
    round_ = next((r for r in registry if r.id == version), None)
    source_root = rounds.export_tree(round_, root, out / 'trees' / version) if round_ else root
    sources = sources_of(root, round_.commit if round_ else None)
    for language in ALL_LANGUAGES:
        if language != 'en' and not (source_root / 'locale' / language).is_dir():
            continue
        edition = Edition(language, version)
        base = out / edition.folder
        if language != 'en':
            compile_catalogs(source_root, language)
        overrides = {{'language': language, 'concept_version': version,
                     'concept_base_url': '',
                     'concept_registry': str(root / rounds.REGISTRY)}}
        for builder in ('html', 'latex'):
            defines = [arg for name, value in overrides.items() for arg in ('-D', f'{{name}}={{value}}')]
            subprocess.run([sys.executable, '-m', 'sphinx', '-b', builder, '-n', '-W', '--keep-going', '-q',
                            '-d', str(base / f'doctrees-{{builder}}'), *defines, str(source_root / 'concept'),
                            str(base / builder)], env=sources.environ(), check=True)
        latex_to_pdf(base / 'latex', edition.pdf_name, edition.folder, sources.environ())
"""
    return [sys.executable, '-c', script]


def edit_provision(repo: Path) -> None:
    """One English provision, one word: the first provision of the general provisions."""
    path = repo / 'concept' / 'general.md'
    lines = path.read_text(encoding='utf-8').splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if line.startswith(':::{provision}')) + 1
    lines[first] = lines[first].replace(' the ', ' the whole ', 1)
    path.write_text(''.join(lines), encoding='utf-8')


def edit_msgstr(repo: Path) -> None:
    """One Kazakh msgstr: a word added to the first translated message of the goals."""
    import polib

    path = repo / 'locale' / 'kk' / 'LC_MESSAGES' / 'goals.po'
    catalogue = polib.pofile(str(path))
    entry = next(e for e in catalogue.translated_entries() if e.msgstr.endswith('.'))
    entry.msgstr = entry.msgstr[:-1] + ' (түзетілген).'
    catalogue.save()


def add_amendment(repo: Path) -> None:
    """One written amendment added to the register: a new wording of the first general provision."""
    register = repo / 'amendments' / 'round-1.yaml'
    register.write_text(
        register.read_text(encoding='utf-8').rstrip('\n')
        + '\n- id: bench-amendment\n  round: round-1\n  proposer: gctu\n  manner: written\n  date: 2025-05-30\n'
        '  kind: substitution\n  targets: purpose\n  text: "A new wording, for the benchmark."\n  status: submitted\n',
        encoding='utf-8',
    )


def add_round(repo: Path, number: int, change_text: bool = True) -> str:
    """Record HEAD as round *number*; first, with *change_text*, commit a small change of the text."""
    registry = rounds.load(repo / rounds.REGISTRY)
    if change_text:
        path = repo / 'concept' / 'general.md'
        path.write_text(path.read_text(encoding='utf-8') + f'\n% round {number}\n', encoding='utf-8')
        git(repo, 'commit', '-qam', f'Text of round {number}')
    commit = subprocess.run(
        ['git', '-C', str(repo), 'rev-parse', 'HEAD'], capture_output=True, text=True, check=True
    ).stdout.strip()
    date = (registry[-1].date if registry else dt.date(2025, 4, 2)) + dt.timedelta(days=30)
    round_id = f'round-{number}'
    registry_path = repo / rounds.REGISTRY
    round_ = rounds.Round(
        id=round_id,
        number=number,
        date=date,
        place='Saint Petersburg',
        event='Synthetic round',
        discussed='The text.',
        amendments_due=date + dt.timedelta(days=20),
        commit=commit,
        tag=round_id,
    )
    registry_path.write_text(
        registry_path.read_text(encoding='utf-8').rstrip('\n') + '\n\n' + rounds.entry_text(round_), encoding='utf-8'
    )
    git(repo, 'commit', '-qam', f'Record {round_id}')
    git(repo, 'tag', round_id, commit)
    return round_id


def build_command(*options: str) -> list[str]:
    return [sys.executable, '-m', 'concept_build', '--no-handbook', *options]


class Bench:
    """The cases measured in one run, printed as they finish and kept for the JSON file."""

    def __init__(self, scratch: Path) -> None:
        self.scratch, self.log = scratch, scratch / 'bench.log'
        self.naive: float | None = None
        self.results: dict = {'cases': [], 'history': []}

    def case(self, name: str, command: list[str], cwd: Path) -> dict:
        seconds, peak = measure(command, cwd, self.log)
        # The naive build builds every edition and says nothing of it.
        built = (
            None
            if name == 'naive'
            else sum(
                1
                for line in self.log.read_text(encoding='utf-8').split('\n$ ')[-1].splitlines()
                if line.startswith('[') and ' built' in line
            )
        )
        ratio = seconds / self.naive if self.naive else None
        target = TARGETS.get(name)
        verdict = (
            ''
            if ratio is None or target is None
            else (f'  (target ≤ {target}: {"met" if ratio <= target else "MISSED"})')
        )
        print(
            f'{name:<26}{seconds:>9.1f}{(f"{ratio:.3f}" if ratio is not None else "-"):>9}'
            f'{peak:>10.0f}  {"all" if built is None else built:<16}{verdict}',
            flush=True,
        )
        row = {
            'case': name,
            'seconds': round(seconds, 3),
            'ratio_to_naive': ratio and round(ratio, 4),
            'peak_mib': round(peak),
            'editions_built': built,
            'target_ratio': target,
        }
        self.results['cases'].append(row)
        return row

    def cases(self, repo: Path, with_naive: bool) -> None:
        """The builds a maintainer runs, one after another on one site, against the naive build."""
        print(f'{"case":<26}{"seconds":>9}{"× naive":>9}{"peak MiB":>10}  {"editions built":<16}')
        if with_naive:
            self.naive = self.case('naive', naive_command(repo, self.scratch / 'naive'), repo)['seconds']
        build = build_command('--site', str(self.scratch / 'site'), '--jobs', '2')
        self.case('cold, 2 jobs', build, repo)
        self.case('nothing changed', build, repo)
        edit_provision(repo)
        self.case('one English provision', build, repo)
        edit_msgstr(repo)
        self.case('one Kazakh msgstr', build, repo)
        add_amendment(repo)
        self.case('one new amendment', build, repo)
        git(repo, 'commit', '-qam', 'Edits')
        measure(build, repo, self.log)  # the commit's date
        add_round(repo, 2, change_text=False)
        self.case('a new round', build, repo)

    def history(self, rounds_count: int) -> None:
        """A synthetic history of rounds, English HTML, so that many rounds stay quick to measure."""
        history = clone(self.scratch / 'history')
        print(
            f'\nSynthetic history, English HTML: {"rounds":>6}{"cold s":>9}{"new round s":>13}{"nothing changed s":>19}'
        )
        narrow = ('--language', 'en', '--format', 'html', '--jobs', '2')
        warm_build = build_command('--site', str(self.scratch / 'history-site'), *narrow)
        measure(warm_build, history, self.log)
        for number in range(2, rounds_count + 1):
            add_round(history, number)
            new_round, _ = measure(warm_build, history, self.log)
            warm, _ = measure(warm_build, history, self.log)
            cold_site = self.scratch / f'history-cold-{number}' / 'site'
            cold, _ = measure(build_command('--site', str(cold_site), *narrow), history, self.log)
            print(f'{"":<32}{number:>6}{cold:>9.1f}{new_round:>13.1f}{warm:>19.2f}', flush=True)
            self.results['history'].append(
                {
                    'rounds': number,
                    'cold_seconds': round(cold, 3),
                    'new_round_seconds': round(new_round, 3),
                    'nothing_changed_seconds': round(warm, 3),
                }
            )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog='nox -s bench --', description=__doc__.splitlines()[0])
    parser.add_argument(
        '--json',
        type=Path,
        default=ROOT / 'build' / 'bench.json',
        help='where to write the figures (default: build/bench.json)',
    )
    parser.add_argument(
        '--rounds', type=int, default=10, help='rounds of the synthetic history (default: 10; 0 skips it)'
    )
    parser.add_argument('--no-naive', action='store_true', help='skip the naive build (the ratios are then left out)')
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix='concept-bench-') as scratch_name:
        bench = Bench(Path(scratch_name))
        repo = clone(bench.scratch / 'repo')
        print(f'Measured on {repo} (a clone of HEAD), {os.cpu_count()} CPUs; build output in {bench.log}.')
        bench.cases(repo, with_naive=not args.no_naive)
        if args.rounds:
            bench.history(args.rounds)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(bench.results, indent=2, ensure_ascii=False) + '\n', encoding='utf-8')
    print(f'\nWritten to {args.json}')


if __name__ == '__main__':
    main()
