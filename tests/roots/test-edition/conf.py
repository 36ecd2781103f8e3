# The extensions of the Concept's conf.py, on the small test project: one edition as the site and
# its EPUB show it (the notice, the banner, the history links, the book's title page).
from pathlib import Path

project = 'Test concept'
author = 'Working Group on the New Edition of the Concept'
copyright = '2025, ' + author  # noqa: A001 - Sphinx's name for it
extensions = [
    'myst_parser',
    'concept_build.sphinxext.mystspeed',
    'sphinxcontrib.bibtex',
    'concept_build.sphinxext.normative_base',
    'concept_build.sphinxext.store',
    'concept_build.sphinxext.history',
    'concept_build.sphinxext.edition',
    'concept_build.sphinxext.ebook',
    'concept_build.sphinxext.search',
    'concept_build.sphinxext.interface',
    'concept_build.sphinxext.proposals',
]
myst_enable_extensions = ['colon_fence']
nitpicky = True
concept_normative_base = 'acts.yaml'
# Absolute: a relative concept_registry is read from the current directory, not from here.
concept_registry = str(Path(__file__).parent / 'rounds.yaml')
bibtex_bibfiles = ['works.bib']
bibtex_reference_style = 'author_year'
html_theme = 'furo'
html_sidebars = {'**': ['sidebar/brand.html', 'sidebar-edition.html', 'sidebar/navigation.html']}
