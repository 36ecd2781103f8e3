extensions = ['myst_parser', 'sphinxcontrib.bibtex', 'concept_build.sphinxext.normative_base',
              'concept_build.sphinxext.status']
myst_enable_extensions = ['colon_fence']
nitpicky = True
concept_normative_base = 'acts.yaml'
bibtex_bibfiles = ['works.bib']
bibtex_reference_style = 'author_year'
concept_status_locale_dir = 'locale'
