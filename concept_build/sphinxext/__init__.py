"""What runs inside Sphinx: the extensions listed in concept/conf.py and the bibliography's pybtex
style; they may import ``common`` and each other, never ``pipeline``, ``pages`` or ``tools``."""
