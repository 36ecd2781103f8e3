"""What every room shares: names, languages, dates, version labels, data files, the round registry
and the register, read without Sphinx (nothing here imports Sphinx, docutils or another room)."""
