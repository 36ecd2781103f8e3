"""Command line: ``python -m concept_build`` builds and publishes the site."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from concept_build.common.languages import ALL_LANGUAGES
from concept_build.common.project import ROOT
from concept_build.pipeline.build import build, merge
from concept_build.pipeline.options import FORMATS, BuildError, BuildOptions, Interrupted


def parse_shard(text: str) -> tuple[int, int]:
    match = re.fullmatch(r'(\d+)/(\d+)', text)
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise argparse.ArgumentTypeError(f'{text!r} is not a shard i/n with 1 <= i <= n, such as 2/3')
    return int(match[1]), int(match[2])


def normal_base_url(base_url: str | None) -> str:
    """The address with one final slash, or none."""
    return base_url.rstrip('/') + '/' if base_url else ''


def parser() -> argparse.ArgumentParser:
    made = argparse.ArgumentParser(prog='python -m concept_build', description=__doc__)
    add_narrowing(made.add_argument_group('what to build'))
    add_places(made.add_argument_group('where and how'))
    return made


def add_narrowing(made: argparse._ArgumentGroup) -> None:
    """The options that narrow a build to some languages, versions and formats."""
    made.add_argument(
        '--language',
        '-l',
        action='append',
        choices=ALL_LANGUAGES,
        help='build only this language (repeatable; default: all)',
    )
    made.add_argument(
        '--version',
        '-v',
        action='append',
        help='build only this version: latest or a round id (repeatable; default: all)',
    )
    made.add_argument(
        '--format',
        '-f',
        action='append',
        choices=FORMATS,
        help='build only this format (repeatable; default: all three)',
    )
    made.add_argument(
        '--no-handbook',
        action='store_true',
        help='skip the handbook (a build narrowed by language or version, or without HTML, skips it too)',
    )


def add_places(made: argparse._ArgumentGroup) -> None:
    """Where the site goes and what it is built with."""
    made.add_argument(
        '--site', type=Path, default=ROOT / 'build' / 'site', help='where to publish (default: build/site)'
    )
    made.add_argument(
        '--base-url',
        default=os.environ.get('CONCEPT_BASE_URL', ''),
        help='the address the site is published at, for canonical links, hreflang '
        'alternates and sitemap.xml (default: $CONCEPT_BASE_URL; without it they are left out)',
    )
    made.add_argument(
        '--jobs',
        '-j',
        type=int,
        default=None,
        help='editions built at once, with one more in its LaTeX step when above 1 (default: one per CPU)',
    )
    made.add_argument(
        '--clean',
        action='store_true',
        help='start without what earlier builds kept in build/work and build/cache (never needed for a correct result)',
    )
    made.add_argument(
        '--cache', type=Path, default=None, help='where built outputs are kept under their keys (default: build/cache)'
    )
    made.add_argument(
        '--shard',
        type=parse_shard,
        default=None,
        metavar='I/N',
        help='build only the I-th of N shares of the editions into --site; then assemble the site with --merge',
    )
    made.add_argument(
        '--merge',
        type=Path,
        action='append',
        default=None,
        metavar='SHARD',
        help='assemble --site from the folders of --shard builds (repeatable)',
    )
    made.add_argument('--root', type=Path, default=ROOT, help=argparse.SUPPRESS)  # another checkout (tests)
    made.add_argument(
        '--dry-run',
        '-n',
        action='store_true',
        help='print what would be kept, copied from the cache or built, and why; build nothing',
    )


def options_from(args: argparse.Namespace) -> BuildOptions:
    # The handbook is no language's and no version's: a build narrowed to some is not for it.
    handbook = not (args.no_handbook or args.language or args.version) and 'html' in (args.format or FORMATS)
    return BuildOptions(
        languages=tuple(args.language or ALL_LANGUAGES),
        versions=tuple(args.version or ()) or None,
        formats=tuple(args.format or FORMATS),
        site=args.site.resolve(),
        root=args.root.resolve(),
        handbook=handbook,
        base_url=normal_base_url(args.base_url),
        jobs=args.jobs,
        clean=args.clean,
        shard=args.shard,
        cache=args.cache.resolve() if args.cache else None,
        dry_run=args.dry_run,
    )


def main(argv: list[str] | None = None) -> None:
    args = parser().parse_args(argv)
    try:
        options = options_from(args)
        if args.merge:
            merge(options, [folder.resolve() for folder in args.merge])
        else:
            build(options)
    except BuildError as exc:
        raise SystemExit(f'error: {exc}') from None
    except Interrupted as exc:
        print(exc, file=sys.stderr)
        raise SystemExit(130) from None
