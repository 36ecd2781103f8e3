"""The maintainers' tools: the translators' workflow, the benchmark and the system check (the
check is stdlib only, since it runs before anything is installed)."""
