"""Time and memory of the builds a maintainer runs, printed as figures (nox -s bench)."""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from concept_build import compare, site

#: What is measured: a name, then the languages, the versions (None: every version) and formats.
CASES = {
    'English HTML': (('en',), (site.LATEST,), ('html',)),
    'English PDF': (('en',), (site.LATEST,), ('pdf',)),
    'Russian HTML': (('ru',), (site.LATEST,), ('html',)),
    'Kazakh PDF': (('kk',), (site.LATEST,), ('pdf',)),
    'every language, HTML and PDF': (site.LANGUAGES, (site.LATEST,), site.FORMATS),
    'every edition of every version': (site.LANGUAGES, None, site.FORMATS),
}
#: Measured on the site of this case: a rebuild with nothing changed, and the comparisons.
FULL = 'every edition of every version'


def comparisons(out: Path) -> tuple[int, float]:
    """How many comparisons the site has, and the seconds to compute them all from its stores."""
    import json

    manifest = json.loads((out / 'editions.json').read_text(encoding='utf-8'))
    rounds = [r['id'] for r in manifest['rounds']]
    stores = compare.published_stores(out, manifest['editions'])
    started = time.perf_counter()
    count = 0
    for (language, version), new in stores.items():
        for old, newer in compare.pairs(rounds):
            if newer == version and (language, old) in stores:
                compare.compare(stores[(language, old)], new, stores.get(('en', old)), stores.get(('en', newer)))
                count += 1
    return count, time.perf_counter() - started


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
            languages, versions, formats = CASES[name]
            out = Path(scratch) / name.replace(' ', '-').replace(',', '') / 'site'
            started = time.perf_counter()
            entries = site.build(languages, versions, formats, out, with_handbook=False)
            cold = time.perf_counter() - started
            print(f'{name:<32}{cold:>9.1f}{len(entries):>10}{children_peak_mib():>10.0f}', flush=True)
            if name != FULL:
                continue
            started = time.perf_counter()
            site.build(languages, versions, formats, out, with_handbook=False)
            warm = time.perf_counter() - started
            print(f'{"  again, nothing changed":<32}{warm:>9.1f}{len(entries):>10}{children_peak_mib():>10.0f}'
                  f'   ({warm / cold:.2f} of the first build)', flush=True)
            count, seconds = comparisons(out)
            print(f'{f"  {count} comparisons from stores":<32}{seconds:>9.2f}', flush=True)


if __name__ == '__main__':
    main()
