"""Command line: ``python -m concept_build`` builds and publishes the site."""

from concept_build.pipeline.cli import main

main()
