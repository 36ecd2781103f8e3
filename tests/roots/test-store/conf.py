extensions = ['myst_parser', 'sphinxcontrib.bibtex', 'concept_build.sphinxext.store']
myst_enable_extensions = ['colon_fence']
nitpicky = True
concept_normative_base = 'acts.yaml'
bibtex_bibfiles = ['works.bib']
bibtex_reference_style = 'author_year'
locale_dirs = ['locale']
gettext_compact = False
