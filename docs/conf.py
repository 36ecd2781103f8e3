"""Sphinx configuration of the project's handbook."""

project = 'Handbook of the Concept project'
author = 'Working Group on the New Edition of the Concept'
copyright = '2025, ' + author  # noqa: A001 - Sphinx's name for it
language = 'en'
extensions = ['myst_parser', 'concept_build.sphinxext.status']
myst_enable_extensions = ['colon_fence']
myst_heading_anchors = 3
exclude_patterns = ['_build']
nitpicky = True
html_theme = 'furo'
html_title = project
# The catalogues counted on the translation status page, relative to this folder.
concept_status_locale_dir = '../locale'
