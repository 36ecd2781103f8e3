extensions = ['myst_parser', 'sphinxcontrib.bibtex', 'concept_build.sphinxext.normative_base']
myst_enable_extensions = ['colon_fence']
nitpicky = True
concept_normative_base = 'acts.yaml'
bibtex_bibfiles = ['works.bib']
bibtex_reference_style = 'author_year'
