"""Sphinx extensions and build code for the Concept of the Common Migration Space of the CIS."""

__version__ = '0.1.0'
