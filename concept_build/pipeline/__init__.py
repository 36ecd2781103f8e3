"""The build outside Sphinx: the command line, the plan, the Sphinx and LaTeX runs, the cache,
the checks before publishing and the publishing itself; imports ``common`` and ``pages``."""
