"""The pages around the editions: the entry page, the 404 page, sitemap.xml and the switchers' data."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from types import SimpleNamespace
from pathlib import Path

from babel.numbers import format_decimal

from concept_build.common import rounds
from concept_build.common.catalogs import catalog
from concept_build.common.dates import long_date
from concept_build.common.languages import language_name
from concept_build.common.project import LATEST, NOTICE, TITLE
#: Pages of an edition that are not part of the text, left out of the sitemap.
NOT_TEXT = {'search', 'genindex'}


def edition_pages(folder: Path) -> list[str]:
    """The page names of one HTML edition, as Sphinx names them ("index", "tasks")."""
    return sorted(str(p.relative_to(folder).with_suffix('')) for p in folder.rglob('*.html')
                  if not p.relative_to(folder).parts[0].startswith('_'))


def edition_provisions(folder: Path) -> dict[str, str]:
    """Each provision key of one HTML edition and the page that holds it."""
    found = {}
    for page in edition_pages(folder):
        text = (folder / f'{page}.html').read_text(encoding='utf-8')
        found.update(dict.fromkeys(re.findall(r'<div class="provision" id="([a-z0-9-]+)"', text), page))
    return found


def e(text: str) -> str:
    return html.escape(text, quote=True)


def write_entry_pages(site: Path, manifest: dict, registry: list[rounds.Round], locale_dir: Path,
                      base_url: str, labels: dict[str, dict[str, str]], since: dict[str, dict[str, str]]) -> None:
    """*labels* names each version in each language, for the version switchers; *since* is the
    working draft's link to what changed since the last round, per language."""
    editions = manifest['editions']
    pages = {f'{ed["language"]}/{ed["version"]}': edition_pages(site / ed['html'])
             for ed in editions if ed['html'] and (site / ed['html']).is_dir()}
    languages = list(dict.fromkeys(ed['language'] for ed in editions))
    versions = [LATEST, *[r.id for r in reversed(registry)]]
    provisions = {folder: edition_provisions(site / folder) for folder in pages}
    # The switchers on every page read this; a script, not JSON, so that it loads from file:// too.
    data = {'pages': pages, 'provisions': provisions, 'languages': languages, 'versions': versions,
            'labels': labels, 'since': since}
    (site / 'editions.js').write_text(f'window.conceptSite = {json.dumps(data, ensure_ascii=False)};\n',
                                      encoding='utf-8')
    (site / 'index.html').write_text(entry_page('en', editions, registry, languages, versions, locale_dir,
                                                labels, site, at_root=True), encoding='utf-8')
    for language in languages:
        (site / language / 'index.html').write_text(
            entry_page(language, editions, registry, languages, versions, locale_dir, labels, site,
                       at_root=False), encoding='utf-8')
    (site / '404.html').write_text(not_found_page(languages, locale_dir, base_url), encoding='utf-8')
    if base_url:
        (site / 'sitemap.xml').write_text(sitemap(pages, base_url), encoding='utf-8')
    else:
        (site / 'sitemap.xml').unlink(missing_ok=True)


STYLE = '''body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
.notice{border-left:4px solid #c60;padding:.5rem 1rem;background:#fff6ec}
.languages{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr));gap:.75rem}
.languages a{font-weight:600;font-size:1.1rem}.languages small{display:block;color:#555}
table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}
.timeline li{margin-bottom:.75rem}
.not-found .yours{font-size:1.2rem;font-weight:600}'''


def entry_page(language: str, editions: list[dict], registry: list[rounds.Round], languages: list[str],
               versions: list[str], locale_dir: Path, labels: dict[str, dict[str, str]], site: Path,
               at_root: bool) -> str:
    """The entry page in *language*: the languages, the rounds' timeline and every download.

    At the site's root (*at_root*) it is the English page, which sends a reader on to the
    edition in the language they chose before or their browser's; elsewhere ``<language>/index.html``.
    """
    _ = catalog(locale_dir, language)
    # Outside the f-strings, where the message extractor finds them.
    said = SimpleNamespace(**{'read': _('Read:'), 'changed': _('What changed since, in the working draft:'),
            'draft': _('Working draft'), 'current': _('The current text, not yet discussed by the working group.'),
            'choose': _('Choose a language'), 'versions': _("Versions: the working group's rounds"),
            'downloads': _('Downloads'), 'language': _('Language'), 'version': _('Version'),
            'format': _('Format'), 'size': _('Size'), 'title': _(TITLE), 'notice': _(NOTICE),
            'handbook': _('Handbook for authors, translators and maintainers (in English)')})
    up = '' if at_root else '../'
    label = labels.get(language) or labels.get('en') or {}
    by_key = {(ed['language'], ed['version']): ed for ed in editions}
    choices, alternates, elsewhere = [], [], []
    for code in languages:
        ed = by_key.get((code, LATEST)) or next(ed for ed in editions if ed['language'] == code)
        if not ed['html']:
            continue
        href = f'{up}{ed["html"]}index.html'
        alternates.append(f'<link rel="alternate" hreflang="{code}" href="{e(up)}{code}/index.html">')
        choices.append(f'<li lang="{code}"><a href="{e(href)}" hreflang="{code}" '
                       f'data-language="{code}">{e(language_name(code))}</a>'
                       f'<small>{e(catalog(locale_dir, code)(TITLE))}</small></li>')
        if code != language or at_root:
            elsewhere.append(f'<a href="{e(up)}{code}/index.html" hreflang="{code}" lang="{code}" '
                             f'data-language="{code}">{e(language_name(code))}</a>')

    def read(version: str) -> str:
        links = [f'<a href="{e(up + by_key[(code, version)]["html"])}index.html" hreflang="{code}" '
                 f'lang="{code}">{e(language_name(code))}</a>'
                 for code in languages if by_key.get((code, version), {}).get('html')]
        return f'{e(said.read)} {" · ".join(links)}' if links else ''

    def changed(version: str) -> str:
        links = [f'<a href="{e(up)}{code}/compare/{version}--{LATEST}.html" hreflang="{code}" lang="{code}">'
                 f'{e(language_name(code))}</a>'
                 for code in languages if by_key.get((code, version), {}).get('store')
                 and by_key.get((code, LATEST), {}).get('store')]
        return f'<br>{e(said.changed)} {" · ".join(links)}' if links else ''

    timeline = [f'<li><strong>{e(said.draft)}</strong>: '
                f'{e(said.current)} {read(LATEST)}</li>']
    for round_ in reversed(registry):
        due = _('Amendments were due by {date}.').format(date=long_date(round_.amendments_due, language))
        # The registry's words, translated as translations.py extracts them.
        where = _('{place}, {event}.').format(place=_(round_.place), event=_(round_.event))
        discussed = _(round_.discussed)
        timeline.append(
            f'<li><strong>{e(label.get(round_.id, round_.id))}</strong>: {e(where)} '
            f'{e(discussed)} {e(due)} {read(round_.id)}{changed(round_.id)}</li>')
    rows = []
    for version in versions:
        for code in languages:
            ed = by_key.get((code, version)) or {}
            # Each edition on paper, as a book for e-readers, and as data: Akoma Ntoso XML.
            for field, name, media_type in (('pdf', 'PDF', 'application/pdf'),
                                            ('epub', 'EPUB', 'application/epub+zip'),
                                            ('akn', 'Akoma Ntoso XML', 'application/akn+xml')):
                if not ed.get(field) or not (site / ed[field]).exists():
                    continue
                size = megabytes((site / ed[field]).stat().st_size, language, _)
                rows.append(f'<tr><td lang="{code}">{e(language_name(code))}</td>'
                            f'<td>{e(label.get(version, version))}</td>'
                            f'<td><a href="{e(up + ed[field])}" type="{media_type}" download>{name}</a></td>'
                            f'<td>{e(size)}</td></tr>')
    handbook = (f'<a href="{up}handbook/index.html" hreflang="en">{e(said.handbook)}</a> · '
                if (site / 'handbook' / 'index.html').exists() else '')
    # A reader sent to the root goes on to the edition of the language they chose or their
    # browser's; one who chooses a language here or in an edition's switcher is remembered.
    script = f'''<script>
(function () {{
  var languages = {json.dumps(languages)};
  if (location.search.indexOf('stay') >= 0) return;
  var chosen = null;
  try {{ chosen = localStorage.getItem('concept-language'); }} catch (error) {{}}
  var wanted = chosen ? [chosen] : navigator.languages && navigator.languages.length ?
    navigator.languages : [navigator.language];
  for (var i = 0; i < wanted.length; i++) {{
    var code = String(wanted[i]).toLowerCase().split('-')[0];
    if (languages.indexOf(code) >= 0) {{
      try {{ localStorage.setItem('concept-language', code); }} catch (error) {{}}
      location.replace(code + '/{LATEST}/index.html');
      return;
    }}
  }}
}})();
</script>''' if at_root else ''
    return f'''<!DOCTYPE html>
<html lang="{language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(said.title)}</title>
{chr(10).join(alternates)}
<style>{STYLE}</style>
{script}
<script>
document.addEventListener('click', function (event) {{
  var link = event.target.closest && event.target.closest('a[data-language]');
  if (link) {{ try {{ localStorage.setItem('concept-language', link.dataset.language); }} catch (error) {{}} }}
}});
</script>
</head>
<body>
<header>
<h1>{e(said.title)}</h1>
<p class="notice">{e(said.notice)}</p>
<p class="elsewhere">{" · ".join(elsewhere)}</p>
</header>
<main>
<section id="languages" aria-labelledby="languages-title">
<h2 id="languages-title">{e(said.choose)}</h2>
<ul class="languages">
{chr(10).join(choices)}
</ul>
</section>
<section id="timeline" aria-labelledby="timeline-title">
<h2 id="timeline-title">{e(said.versions)}</h2>
<ul class="timeline">
{chr(10).join(timeline)}
</ul>
</section>
<section id="downloads" aria-labelledby="downloads-title">
<h2 id="downloads-title">{e(said.downloads)}</h2>
<table>
<thead><tr><th scope="col">{e(said.language)}</th><th scope="col">{e(said.version)}</th>
<th scope="col">{e(said.format)}</th><th scope="col">{e(said.size)}</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
</section>
</main>
<footer><p>{handbook}<a href="{up}editions.json">editions.json</a></p></footer>
</body>
</html>
'''


def megabytes(size: int, language: str, _: Callable[[str], str]) -> str:
    """A file's size in megabytes, written as the language writes numbers."""
    try:
        number = format_decimal(round(size / 1_000_000, 1), format='0.0', locale=language)
    except (ValueError, LookupError):
        number = f'{size / 1_000_000:.1f}'
    unit = _('MB')
    return f'{number}\u00a0{unit}'


def standalone_page(language: str, title: str, heading: str, style: str, body: str,
                    _: Callable[[str], str], script: str = '') -> str:
    """A page beside the editions (comparison, history, side by side): the notice, then *body*."""
    project = _(TITLE)
    notice = _(NOTICE)
    return f'''<!DOCTYPE html>
<html lang="{language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)} — {e(project)}</title>
<style>{style}</style>
</head>
<body>
<main>
<p class="notice">{e(notice)}</p>
<h1>{heading}</h1>
{body}
</main>
{script}
</body>
</html>
'''


def not_found_page(languages: list[str], locale_dir: Path, base_url: str) -> str:
    """Served for any missing address, at any depth, so no relative link would hold: the links
    start at the base URL, or at the server's root without one, and a script finds where the
    site really is (the part before /<language>/<version>/, else the nearest folder above the
    address that has editions.json) and corrects them."""
    lines = []
    start = base_url or '/'
    for language in languages:
        _ = catalog(locale_dir, language)
        # Outside the f-string, where the message extractor finds them.
        missing, choose = _('This page does not exist.'), _('Choose a language and a version')
        lines.append(f'<li lang="{language}">{e(missing)} '
                     f'<a href="{e(start)}{language}/index.html" data-site-path="{language}/index.html">{e(choose)}</a>'
                     f' · <a href="{e(start)}{language}/{LATEST}/index.html" '
                     f'data-site-path="{language}/{LATEST}/index.html">{e(language_name(language))}</a></li>')
    # Raw, so that the page script's regular expression keeps its backslashes as written.
    return rf'''<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{e(TITLE)}</title>
<style>{STYLE}</style>
</head>
<body>
<h1>{e(TITLE)}</h1>
<p class="notice">{e(NOTICE)}</p>
<ul class="not-found">
{chr(10).join(lines)}
</ul>
<script>
(function () {{
  function point(root) {{
    document.querySelectorAll('a[data-site-path]').forEach(function (link) {{
      link.href = root + link.getAttribute('data-site-path');
    }});
  }}
  // The reader's language first: the one they came from, else chose before, else their browser's.
  var languages = {json.dumps(languages)}, list = document.querySelector('.not-found');
  var found = location.pathname.match(/^(.*\/)({'|'.join(languages)})\/[^\/]+\//);
  var chosen = null;
  try {{ chosen = localStorage.getItem('concept-language'); }} catch (error) {{}}
  var wanted = [found && found[2], chosen].concat(navigator.languages || [navigator.language]);
  for (var i = 0; i < wanted.length; i++) {{
    var code = wanted[i] && String(wanted[i]).toLowerCase().split('-')[0];
    var line = code && languages.indexOf(code) >= 0 && list.querySelector('li[lang="' + code + '"]');
    if (line) {{
      list.insertBefore(line, list.firstChild);
      line.classList.add('yours');
      document.documentElement.lang = code;
      break;
    }}
  }}
  if (found) return point(found[1]);
  if (location.protocol === 'file:' || !window.fetch) return;
  // Elsewhere, ask each folder above the address, nearest first, for the site's manifest.
  var folders = location.pathname.replace(/[^\/]*$/, '').split('/').slice(0, -1);
  (function next(depth) {{
    if (depth < 1) return;
    var root = folders.slice(0, depth).join('/') + '/';
    fetch(root + 'editions.json', {{method: 'HEAD'}}).then(function (response) {{
      if (response.ok) point(root); else next(depth - 1);
    }}, function () {{ next(depth - 1); }});
  }})(folders.length);
}})();
</script>
</body>
</html>
'''


def sitemap(pages: dict[str, list[str]], base_url: str) -> str:
    """Every page of every HTML edition, with its other languages as hreflang alternates."""
    urls = []
    for folder, names in sorted(pages.items()):
        version = folder.split('/', 1)[1]
        for name in names:
            if name in NOT_TEXT:
                continue
            alternates = [f'    <xhtml:link rel="alternate" hreflang="{other.split("/")[0]}" '
                          f'href="{e(base_url + other)}/{e(name)}.html"/>'
                          for other in sorted(pages) if other.split('/', 1)[1] == version
                          and name in pages[other]]
            alternates.append(f'    <xhtml:link rel="alternate" hreflang="x-default" '
                              f'href="{e(base_url)}index.html"/>')
            urls.append(f'  <url>\n    <loc>{e(base_url + folder)}/{e(name)}.html</loc>\n'
                        + '\n'.join(alternates) + '\n  </url>')
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n' + '\n'.join(urls) + '\n</urlset>\n')
