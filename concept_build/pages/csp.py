"""The site's Content-Security-Policy: scripts only from the site and, by hash, the inline ones it ships."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

#: An inline script: a <script> without src whose type, if any, is JavaScript (JSON-LD is data).
INLINE = re.compile(r'<script(?![^>]*\bsrc=)(?![^>]*\btype="application/ld\+json")[^>]*>(.*?)</script>', re.S)
#: Netlify, Cloudflare Pages and others read headers from this file at the site's root.
HEADERS = '_headers'


def inline_hashes(site: Path) -> list[str]:
    """The CSP source expression of every distinct inline script of every page."""
    found = set()
    for page in site.rglob('*.html'):
        for script in INLINE.findall(page.read_text(encoding='utf-8')):
            digest = base64.b64encode(hashlib.sha256(script.encode('utf-8')).digest()).decode()
            found.add(f"'sha256-{digest}'")
    return sorted(found)


def policy(site: Path) -> str:
    """No script but the site's own files and its inline scripts, nothing from another host;
    styles may be inline (the pages around the editions carry theirs)."""
    return '; '.join(
        [
            "default-src 'self'",
            f"script-src 'self' {' '.join(inline_hashes(site))}".rstrip(),
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def write_headers(site: Path) -> str:
    """Write the policy as `_headers` for hosts that read it; return it for the others."""
    value = policy(site)
    (site / HEADERS).write_text(f'/*\n  Content-Security-Policy: {value}\n', encoding='utf-8')
    return value
