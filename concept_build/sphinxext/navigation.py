"""Every page's language and version switchers, its hreflang alternates, and the round banner."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.locale import get_translation

import concept_build
from concept_build.common import rounds
from concept_build.common.dates import format_act_date
from concept_build.common.languages import ALL_LANGUAGES, SOURCE_LANGUAGE, language_name
from concept_build.common.layout import comparison_page
from concept_build.common.project import LATEST
from concept_build.common.versions import version_label

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

_ = get_translation('concept')

STATIC = Path(__file__).parent / 'static'


@cache
def _registry(path: str, mtime: float) -> tuple[rounds.Round, ...]:
    return tuple(rounds.load(Path(path)))


def registry_of(app: Sphinx) -> tuple[rounds.Round, ...]:
    return registry_for(app.config, Path(app.confdir))


def registry_path(config: Config, confdir: Path) -> Path:
    """The round registry of the project whose conf.py is in *confdir*."""
    # A relative setting is the project's, read from conf.py's folder, wherever Sphinx runs.
    return (confdir / (config.concept_registry or confdir.parent / rounds.REGISTRY)).resolve()


def registry_for(config: Config, confdir: Path) -> tuple[rounds.Round, ...]:
    """The rounds, re-read only when the registry has changed."""
    path = registry_path(config, confdir)
    return _registry(str(path), path.stat().st_mtime if path.exists() else -1.0)


@dataclass(frozen=True)
class BannerLinks:
    """Where a page's banner links, relative to the page: the same page of the working draft,
    the folder of the language's comparisons, and the consolidated table of amendments of the
    round (the last round with amendments, for the working draft), where there is one."""

    latest: str
    compare: str = ''
    table: str = ''


def banner(version: str, registry: tuple[rounds.Round, ...], language: str, links: BannerLinks) -> str:
    """What a reader must know about this version's text, in the edition's language."""
    table = ''
    if links.table:
        named = str(_('Consolidated table of amendments'))
        table = f' <a class="concept-table" href="{escape(links.table)}">{escape(named)}</a>'
    if version == LATEST:
        said = escape(str(_('Working draft: this text has not yet been discussed by the working group.')))
        if links.compare:
            # Which round was the last is editions.js's to say (concept-switch.js fills the link).
            said += f' <a class="concept-compare" hidden data-concept-since-last="{escape(links.compare)}"></a>'
        return said + table
    round_ = next((r for r in registry if r.id == version), None)
    if round_ is None:
        return ''
    said = str(_('This is the text as discussed at round {number} ({date}, {place}).')).format(
        number=round_.number, date=format_act_date(round_.date.isoformat(), language), place=str(_(round_.place))
    )
    link = str(_('Read the current working draft.'))
    changed = round_comparisons(round_, registry, language, links.compare) if links.compare else ''
    return (
        f'{escape(said)} <a class="concept-latest" href="{escape(links.latest)}" '
        f'data-concept-edition="{language}/{LATEST}">{escape(link)}</a>{changed}{table}'
    )


def round_comparisons(round_: rounds.Round, registry: tuple[rounds.Round, ...], language: str, compare: str) -> str:
    """A round's banner links to the comparisons it is in: with the working draft, with the
    round before it, and (filled by concept-switch.js from editions.js, so that recording the
    next round changes no page of this one) with the round after it."""
    since = str(_('What changed since this round'))
    address = compare + comparison_page(round_.id, LATEST)
    found = f' <a class="concept-compare" href="{escape(address)}">{escape(since)}</a>'
    ids = [r.id for r in registry]
    if (at := ids.index(round_.id)) > 0:
        previous = registry[at - 1]
        named = str(_('What changed since {version}')).format(version=version_label(previous.id, registry, language, _))
        address = compare + comparison_page(previous.id, round_.id)
        found += f' <a class="concept-compare-previous" href="{escape(address)}">{escape(named)}</a>'
    following = str(_('What changed in {version}'))
    return found + (
        f' <a class="concept-compare-next" hidden data-concept-next="{escape(compare)}{round_.id}--" '
        f'data-concept-label="{escape(following)}"></a>'
    )


def add_switchers(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if app.builder.name != 'html':
        return
    config = app.config
    language, version = config.language, config.concept_version
    registry = registry_of(app)
    # Every edition sits at <site>/<language>/<version>/, so the site's root is two folders up.
    root = '../' * (pagename.count('/') + 2)
    page = f'{pagename}.html'
    # The languages this version of the text has: a language added after a round has no
    # edition of it to link (the build's key for the edition names them too).
    locale = Path(app.confdir) / (config.locale_dirs[0] if config.locale_dirs else 'locale')
    languages = [
        code for code in config.concept_languages if code and (code == SOURCE_LANGUAGE or (locale / code).is_dir())
    ]
    # Only the working draft and this version are written into the page: the other versions
    # come from editions.js (concept-switch.js), so that a new round changes no old page.
    versions = list(dict.fromkeys((LATEST, version)))
    context['concept_switch'] = {
        'page': pagename,
        'root': root,
        'languages': [
            {
                'code': code,
                'name': language_name(code),
                'current': code == language,
                'edition': f'{code}/{version}',
                'href': f'{root}{code}/{version}/{page}',
            }
            for code in languages
        ],
        'versions': [
            {
                'id': v,
                'label': version_label(v, registry, language, _),
                'current': v == version,
                'edition': f'{language}/{v}',
                'href': f'{root}{language}/{v}/{page}',
            }
            for v in versions
        ],
    }
    # The alternates are for search engines, which need the address the site lives at.
    if base := config.concept_base_url:
        alternates = ''.join(
            f'<link rel="alternate" hreflang="{code}" href="{escape(base)}{code}/{version}/{page}">'
            for code in languages
        )
        context['metatags'] = context.get('metatags', '') + alternates


def add_static_path(app: Sphinx) -> None:
    if app.builder.name == 'html':  # the EPUB has no switchers
        app.config.html_static_path = [*app.config.html_static_path, str(STATIC)]
        app.add_js_file('concept-switch.js', loading_method='defer')
        app.add_css_file('concept.css')


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value('concept_registry', '', 'html', types=[str])
    app.add_config_value('concept_languages', list(ALL_LANGUAGES), 'html', types=[list])
    app.add_config_value('concept_base_url', '', 'html', types=[str])
    app.connect('builder-inited', add_static_path)
    app.connect('html-page-context', add_switchers)
    return {
        'version': concept_build.__version__,
        'env_version': 1,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
