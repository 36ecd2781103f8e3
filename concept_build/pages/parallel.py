"""Two languages side by side: one version's provisions aligned by key, read from the stores."""

from __future__ import annotations

import json
from pathlib import Path

from concept_build.common.catalogs import catalog
from concept_build.common.languages import language_name
from concept_build.common.layout import PARALLEL, SIDE_BY_SIDE
from concept_build.common.project import LATEST
from concept_build.common.stores import SCRIPT
from concept_build.common.versions import version_label
from concept_build.pages.compare import COMPARE_STYLE
from concept_build.pages.entry import e, standalone_page

STYLE = COMPARE_STYLE + '''
.pair{display:grid;grid-template-columns:1fr 1fr;gap:1.5rem;border-top:1px solid #ddd;padding:.6rem 0}
.pair h2{grid-column:1/-1;font-size:1.05rem;margin:.4rem 0 0}.pair .number{font-weight:700;margin-right:.3rem}
.untranslated{color:#666}.untranslated .label{font-size:.8rem;border:1px solid #999;border-radius:3px;padding:0 .3rem}
main{max-width:72rem}@media (max-width:40rem){.pair{grid-template-columns:1fr}}'''

#: Builds the two columns from the stores the page has loaded; every text is set as text.
SCRIPT_CODE = '''
(function (page) {
  'use strict';
  var params = new URLSearchParams(location.search);
  var other = params.get('with') || page.others[0];
  var version = params.get('version') || page.latest;
  if (page.others.indexOf(other) < 0 || page.versions.indexOf(version) < 0) return;
  var pending = 2;
  function load(language) {
    var script = document.createElement('script');
    script.src = '../' + language + '/' + version + '/' + page.script;
    script.onload = function () { if (--pending === 0) show(); };
    document.head.appendChild(script);
  }
  function cell(entry, language, edition) {
    var td = document.createElement('div');
    td.lang = language;
    if (!entry) return td;
    var number = document.createElement('a');
    number.className = 'number';
    number.href = '../' + edition + '/' + entry.page + '.html#' + entry.key;
    number.textContent = entry.number;
    td.appendChild(number);
    td.appendChild(document.createTextNode(entry.text));
    if (!entry.translated) {
      td.classList.add('untranslated');
      var label = document.createElement('span');
      label.className = 'label';
      label.textContent = page.untranslated;
      td.appendChild(document.createTextNode(' '));
      td.appendChild(label);
    }
    return td;
  }
  function show() {
    var left = window.conceptStores[page.language + '/' + version];
    var right = window.conceptStores[other + '/' + version];
    var byKey = {};
    right.provisions.forEach(function (entry) { byKey[entry.key] = entry; });
    var out = document.getElementById('pairs');
    var chapter = null;
    left.provisions.forEach(function (entry) {
      var row = document.createElement('div');
      row.className = 'pair';
      row.id = entry.key;
      if (entry.chapter !== chapter) {
        chapter = entry.chapter;
        var heading = document.createElement('h2');
        heading.textContent = entry.chapter + '. ' + entry.chapter_title;
        row.appendChild(heading);
      }
      row.appendChild(cell(entry, page.language, page.language + '/' + version));
      row.appendChild(cell(byKey[entry.key], other, other + '/' + version));
      out.appendChild(row);
    });
    document.getElementById('other').textContent = page.names[other];
    document.getElementById('version').textContent = page.labels[version];
    if (location.hash) {
      var target = document.getElementById(location.hash.slice(1));
      if (target) target.scrollIntoView();
    }
  }
  load(page.language);
  load(other);
})(PAGE_DATA);
'''


def page(language: str, others: list[str], versions: list[str], pairs: list[tuple[str, str]],
         registry: list, locale_dir: Path, papers: list[tuple[str, str, str]] = ()) -> str:
    """The page of *language*; *pairs* are the (version, other language) it can show."""
    _ = catalog(locale_dir, language)
    title = _('Side by side')
    choose = _('Read beside this language:')
    labels = {v: version_label(v, registry, language, _) for v in versions}
    data = {'language': language, 'others': others, 'versions': versions, 'latest': LATEST,
            'script': SCRIPT, 'untranslated': _('Not yet translated'),
            'names': {code: language_name(code) for code in others}, 'labels': labels}
    choices = ' · '.join(f'<a href="?with={code}&amp;version={v}" lang="{code}">{e(language_name(code))}</a>'
                         f' ({e(labels[v])})' for v, code in pairs)
    # On paper: this language beside Russian and beside English (tablepdf.write_pdfs).
    paper = ' · '.join(f'<a href="{e(href)}" download lang="{code}">PDF: {e(language_name(code))} '
                       f'({e(labels.get(v, v))})</a>' for href, code, v in papers)
    code = SCRIPT_CODE.replace('PAGE_DATA', json.dumps(data, ensure_ascii=False).replace('</', '<\\/'))
    heading = f'{e(title)}: {e(language_name(language))} · <span id="other"></span>'
    body = (f'<p><span id="version"></span></p>\n<details><summary>{e(choose)}</summary><p>{choices}</p></details>\n'
            + (f'<p>{paper}</p>\n' if paper else '') + '<div id="pairs"></div>')
    return standalone_page(language, title, heading, STYLE, body, _, f'<script>{code}</script>')


def write_parallel_pages(site: Path, stores: dict[tuple[str, str], dict], registry: list,
                         locale_dir: Path) -> list[str]:
    """One side-by-side page per language, for every version the language shares with another."""
    have: dict[str, set[str]] = {}
    for language, version in stores:
        # The page loads each edition's store as a script, published beside its JSON.
        if (site / language / version / SCRIPT).exists():
            have.setdefault(language, set()).add(version)
    order = [LATEST, *(r.id for r in reversed(registry))]
    written = []
    for language, versions in have.items():
        others = [code for code in have if code != language]
        shared = [v for v in order if v in versions and any(v in have[o] for o in others)]
        if not others or not shared:
            continue
        pairs = [(v, o) for v in shared for o in others if v in have[o]]
        papers = [(f'{SIDE_BY_SIDE}/{pdf.name}', pdf.stem.split('--')[1], pdf.stem.split('--')[0])
                  for pdf in sorted((site / language / SIDE_BY_SIDE).glob('*.pdf'))]
        (site / language / PARALLEL).write_text(page(language, others, shared, pairs, registry, locale_dir, papers),
                                            encoding='utf-8')
        written.append(language)
    return written
