from pathlib import Path

extensions = ['myst_parser', 'sphinxcontrib.bibtex', 'concept_build.sphinxext.normative_base']
myst_enable_extensions = ['colon_fence']
nitpicky = True
concept_normative_base = 'acts.yaml'
bibtex_bibfiles = ['works.bib']
bibtex_default_style = 'concept'
bibtex_reference_style = 'concept'
locale_dirs = ['locale']


def load_catalogue(app, config):
    app.add_message_catalog('concept', str(Path(app.confdir) / 'locale'))


def setup(app):
    # In the Concept concept_build.sphinxext.edition loads our catalogue; it also needs the whole site.
    app.connect('config-inited', load_catalogue)
