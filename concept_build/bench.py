"""Time and memory of the builds a maintainer runs, printed as figures (nox -s bench)."""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from concept_build import site

#: What is measured: a name, then the arguments of site.build.
CASES = {
    'English HTML': (('en',), ('html',)),
    'English PDF': (('en',), ('pdf',)),
    'Russian HTML': (('ru',), ('html',)),
    'Kazakh PDF': (('kk',), ('pdf',)),
    'every language, HTML and PDF': (site.LANGUAGES, site.FORMATS),
}


def children_peak_mib() -> float:
    # ru_maxrss is in KiB on Linux: the largest child (sphinx-build, xelatex) so far.
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog='nox -s bench --', description=__doc__)
    parser.add_argument('cases', nargs='*', metavar='case',
                        help=f'what to measure (default: all of {", ".join(CASES)})')
    args = parser.parse_args(argv)
    unknown = [case for case in args.cases if case not in CASES]
    if unknown:
        parser.error(f'unknown case(s) {unknown}; the cases are: {", ".join(map(repr, CASES))}')
    print(f'{"build":<32}{"seconds":>9}{"editions":>10}{"peak MiB":>10}')
    with tempfile.TemporaryDirectory(prefix='concept-bench-') as scratch:
        for name in args.cases or CASES:
            languages, formats = CASES[name]
            out = Path(scratch) / name.replace(' ', '-').replace(',', '') / 'site'
            started = time.perf_counter()
            entries = site.build(languages, (site.LATEST,), formats, out, with_handbook=False)
            elapsed = time.perf_counter() - started
            print(f'{name:<32}{elapsed:>9.1f}{len(entries):>10}{children_peak_mib():>10.0f}', flush=True)


if __name__ == '__main__':
    main()
