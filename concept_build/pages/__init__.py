"""What is made from the published provision stores after Sphinx: entry and 404 pages,
comparisons, histories, side by side, their PDFs, Akoma Ntoso and the CSP; imports only ``common``."""
