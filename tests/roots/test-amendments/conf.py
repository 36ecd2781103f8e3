from pathlib import Path

extensions = ['myst_parser', 'sphinxcontrib.bibtex', 'concept_build.sphinxext.amendments', 'concept_build.sphinxext.store']
myst_enable_extensions = ['colon_fence']
nitpicky = True
concept_normative_base = 'acts.yaml'
# Absolute: a relative concept_registry is read from the current directory, not from here.
concept_registry = str(Path(__file__).parent / 'rounds.yaml')
concept_amendments = 'amendments'
bibtex_bibfiles = ['works.bib']
bibtex_reference_style = 'author_year'
locale_dirs = ['locale']
gettext_compact = False
