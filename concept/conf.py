"""Sphinx configuration of the Concept."""

project = 'Concept of the Common Migration Space of the CIS States'
author = 'Working Group on the New Edition of the Concept'
copyright = '2025, ' + author  # noqa: A001 - Sphinx's name for it
language = 'en'
today_fmt = '%-d %B %Y'

extensions = [
    'myst_parser',
    'concept_build.sphinxext.mystspeed',
    'concept_build.sphinxext.bibliography_plugins',
    'sphinxcontrib.bibtex',
    'concept_build.sphinxext.normative_base',
    'concept_build.sphinxext.amendments',
    'concept_build.sphinxext.citation_names',
    'concept_build.sphinxext.store',
    'concept_build.sphinxext.history',
    'concept_build.sphinxext.edition',
    'concept_build.sphinxext.ebook',
    'concept_build.sphinxext.search',
    'concept_build.sphinxext.interface',
    'concept_build.sphinxext.proposals',
]
myst_enable_extensions = ['colon_fence']
exclude_patterns = ['_build']
nitpicky = True

concept_normative_base = '../bib/normative-base.yaml'
concept_amendments = '../amendments'
bibtex_bibfiles = ['../bib/works.bib']
bibtex_default_style = 'concept'  # concept_build/sphinxext/bibliography_style.py
bibtex_reference_style = 'concept'

locale_dirs = ['../locale']
gettext_compact = False

html_theme = 'furo'
html_title = project
html_sidebars = {
    '**': [
        'sidebar/brand.html',
        'sidebar/search.html',
        'sidebar/scroll-start.html',
        # The edition's switchers first: a reader who arrives in the wrong language sees them.
        'sidebar-edition.html',
        'sidebar/navigation.html',
        'sidebar/scroll-end.html',
    ],
}
html_last_updated_fmt = None
html_copy_source = False

latex_engine = 'xelatex'
latex_use_xindy = False
latex_show_urls = 'no'
latex_elements = {
    # FreeSerif, FreeSans and FreeMono cover Cyrillic (with the Kazakh, Kyrgyz, Tajik and
    # Belarusian letters), Latin with the Uzbek and Azerbaijani letters, and Armenian.
    'fontpkg': r"""
\setmainfont{FreeSerif}
\setsansfont{FreeSans}
\setmonofont{FreeMono}
""",
    'preamble': r"""
% Provisions are numbered "6.1", "6.2"; sections numbered alike would clash with them.
\setcounter{secnumdepth}{0}
% The bibliography page's heading is its chapter: thebibliography must not open another.
\renewenvironment{sphinxthebibliography}[1]
  {\def\chapter*##1{}\begin{thebibliography}{#1}}{\end{thebibliography}}
""",
    'printindex': '',
    'papersize': 'a4paper',
    'extraclassoptions': 'openany,oneside',
    'pointsize': '11pt',
}
latex_domain_indices = False
