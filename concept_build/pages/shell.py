"""What the pages beside the editions share: the stylesheet, and the shell of comparison, history and side by side."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from markupsafe import Markup

from concept_build.common.languages import language_name
from concept_build.common.project import NOTICE, TITLE

#: The stylesheet of the pages made outside Sphinx. Markup, because it is our own constant and a
#: <style> element's text is CSS, not HTML: escaping could only break it (a child selector's ">").
STYLE = Markup("""body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
.notice{border-left:4px solid #c60;padding:.5rem 1rem;background:#fff6ec}
.languages{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr));gap:.75rem}
.languages a{font-weight:600;font-size:1.1rem}.languages small{display:block;color:#555}
table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}
.timeline li{margin-bottom:.75rem}
.not-found .yours{font-size:1.2rem;font-weight:600}
.alternates ul{list-style:none;padding:0;margin:.5rem 0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
.alternates [aria-current]{font-weight:600;color:inherit;text-decoration:none}
@media (max-width:40em){body{margin:1rem auto}h1{font-size:1.45rem}
table{width:100%}th,td{padding:.25rem .35rem;overflow-wrap:anywhere;hyphens:auto}}""")


@dataclass(frozen=True)
class Alternate:
    """The same page in a language of the site: its code, the language's own name, the page's
    address from here, and whether it is this page."""

    code: str
    name: str
    href: str
    current: bool


def alternates(languages: Iterable[str], current: str, address: Callable[[str], str]) -> tuple[Alternate, ...]:
    """The page in each of *languages*, *address* giving its address in a language from here."""
    return tuple(Alternate(code, language_name(code), address(code), code == current) for code in languages)


@dataclass(frozen=True)
class Shell:
    """What a page beside the editions shows around its own body (templates/shell.html)."""

    language: str
    #: The page's title, written before the project's in the window's title.
    title: str
    style: Markup
    #: The project's title and its notice, in the page's language.
    project: str
    notice: str
    #: The same page in the other languages that have it (the language switcher), and its name.
    alternates: tuple[Alternate, ...] = ()
    languages: str = ''


def shell(
    language: str, title: str, style: Markup, _: Callable[[str], str], others: tuple[Alternate, ...] = ()
) -> Shell:
    """The shell of a page in *language*, with *_* its interface catalogue and *others* the
    same page in the languages that have it."""
    return Shell(language, title, style, _(TITLE), _(NOTICE), others, _('Language'))
