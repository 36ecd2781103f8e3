"""The consolidated table of amendments of a round, the working document of the next meeting:
provision by provision, every amendment with its proposer, wording as a redline, rationale,
status and decision, in every language."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from concept_build.common.catalogs import catalog
from concept_build.common.languages import language_name
from concept_build.common.layout import AMENDMENTS
from concept_build.common.project import LATEST
from concept_build.common.redline import Span, spans, split
from concept_build.common.register import OPEN, Amendment, Register, kind_labels, status_labels
from concept_build.common.versions import version_label
from concept_build.pages.compare import COMPARE_STYLE
from concept_build.pages.render import render
from concept_build.pages.shell import alternates, shell


@dataclass(frozen=True)
class Wording:
    """A proposed wording as a redline against the current text, in the language it is written in."""

    language: str
    spans: list[Span]


@dataclass(frozen=True)
class Written:
    """A text of the register and the language it is in: the page's where the register's
    catalogue translates it, else its proposer's own."""

    text: str
    language: str


@dataclass(frozen=True)
class Proposal:
    """One amendment as the table shows it, its words in the page's language where they have them."""

    amendment: Amendment
    name: str
    proposer: str
    kind: str
    status: str
    summary: Written | None
    wording: Wording | None
    #: The wording in the page's language, where the register has it translated.
    translation: str | None
    rationale: Written | None
    decision: Written | None
    #: The provisions of the working draft that reflect it: (number, key, page).
    reflected_in: list[tuple[str, str, str]]


@dataclass(frozen=True)
class Item:
    """One provision of the table: its number and current text, and the amendments to it."""

    key: str
    number: str
    page: str
    text: str
    proposals: list[Proposal]

    @property
    def colliding(self) -> bool:
        """Two amendments still before the working group change this provision."""
        return sum(1 for p in self.proposals if p.amendment.status in OPEN and p.amendment.targets) > 1


@dataclass(frozen=True)
class Table:
    language: str
    round: str
    title: str
    items: list[Item]
    by_proposer: list[tuple[str, int]]
    by_status: list[tuple[str, int]]


@dataclass(frozen=True)
class Sources:
    """What the tables are made from: the published stores, the register, the rounds, the catalogues."""

    stores: dict[tuple[str, str], dict]
    register: Register
    registry: list
    locale_dir: Path


def provisions_of(sources: Sources, language: str, version: str) -> dict[str, dict]:
    store = sources.stores.get((language, version)) or {'provisions': []}
    return {p['key']: p for p in store['provisions']}


def current(sources: Sources, language: str, round_id: str, key: str) -> dict | None:
    """The provision in the working draft in *language*, else as it stood at the round."""
    for version in (LATEST, round_id):
        found = provisions_of(sources, language, version).get(key)
        if found:
            return found
    return None


def wording(sources: Sources, amendment: Amendment, key: str) -> Wording | None:
    """The amendment's wording against the provision's current text in the amendment's language."""
    if amendment.kind == 'comment' or (amendment.kind != 'repeal' and not amendment.text):
        return None
    language = amendment.language
    now = current(sources, language, amendment.round, key) if key in amendment.targets else None
    old = split(now['text'], language) if now else []
    new = [] if amendment.kind == 'repeal' else split(amendment.text or '', language)
    return Wording(language, spans(old, new))


def written(text: str | None, amendment: Amendment, translate: Callable[[str], str], language: str) -> Written | None:
    """*text* in the page's *language* where the register's catalogue has it (only an English
    text is a message of the catalogue), else as its proposer wrote it."""
    if not text:
        return None
    if amendment.language == 'en' and translate(text) != text:
        return Written(translate(text), language)
    return Written(text, amendment.language)


def proposal(sources: Sources, amendment: Amendment, key: str, language: str) -> Proposal:
    _ = catalog(sources.locale_dir, language)
    register_ = catalog(sources.locale_dir, language, 'amendments')
    english = amendment.english if amendment.language != 'en' else amendment.text
    translation = None
    if amendment.language != language and english:
        translated = english if language == 'en' else register_(english)
        translation = translated if language == 'en' or translated != english else None
    status = status_labels(_)[amendment.status]
    if amendment.decided_at:
        status += f' ({version_label(amendment.decided_at, sources.registry, language, _)})'
    latest = provisions_of(sources, language, LATEST)
    reflected = [(latest[k]['number'], k, latest[k]['page']) for k in amendment.carried_by if k in latest]
    return Proposal(
        amendment=amendment,
        name=_('Amendment {label}').format(label=amendment.label),
        proposer=register_(sources.register.participants[amendment.proposer].body),
        kind=kind_labels(_)[amendment.kind],
        status=status,
        summary=written(amendment.summary, amendment, register_, language),
        wording=wording(sources, amendment, key),
        translation=translation,
        rationale=written(amendment.rationale, amendment, register_, language),
        # The decision is the secretariat's record, in English: a message of the register's catalogue.
        decision=written(amendment.decision, dataclasses.replace(amendment, language='en'), register_, language),
        reflected_in=reflected,
    )


def items(sources: Sources, round_id: str, language: str) -> list[Item]:
    """The provisions the round's amendments concern, in the working draft's reading order (those
    it no longer has after them, in the round's), each with its amendments."""
    members = [a for a in sources.register.amendments if a.round == round_id]
    concerned = dict.fromkeys(key for a in members for key in a.concerns)
    order = [*provisions_of(sources, language, LATEST), *provisions_of(sources, language, round_id)]
    keys = sorted(concerned, key=lambda k: order.index(k) if k in order else len(order))
    found = []
    for key in keys:
        here = current(sources, language, round_id, key) or {'number': '', 'page': '', 'text': ''}
        found.append(
            Item(
                key,
                here['number'],
                here['page'],
                here['text'],
                [proposal(sources, a, key, language) for a in members if key in a.concerns],
            )
        )
    return found


def table(sources: Sources, round_id: str, language: str) -> Table:
    _ = catalog(sources.locale_dir, language)
    found = items(sources, round_id, language)
    once = {p.amendment.id: p for item in found for p in item.proposals}.values()
    return Table(
        language,
        round_id,
        _('Consolidated table of amendments: {version}').format(
            version=version_label(round_id, sources.registry, language, _)
        ),
        found,
        sorted(Counter(p.proposer for p in once).items()),
        sorted(Counter(p.status for p in once).items()),
    )


def rounds_with_amendments(register: Register, registry: list) -> list[str]:
    return [r.id for r in registry if any(a.round == r.id for a in register.amendments)]


def page_path(language: str, round_id: str, suffix: str = 'html') -> str:
    """The table beside the language's editions: ru/amendments/round-1.html (and .pdf)."""
    return f'{language}/{AMENDMENTS}/{round_id}.{suffix}'


def tables(sources: Sources) -> list[Table]:
    """Every round's table in every language that has a working draft."""
    languages = [language for language, version in sources.stores if version == LATEST]
    return [
        table(sources, round_id, language)
        for round_id in rounds_with_amendments(sources.register, sources.registry)
        for language in languages
    ]


STYLE = COMPARE_STYLE + Markup("""
.item{border-top:2px solid #999;padding:.6rem 0}.item h2{font-size:1.1rem;margin:.2rem 0}
.current{margin:.3rem 0 .6rem;padding:.3rem .8rem;border-left:3px solid #bbb;color:#333}
.proposal{border-top:1px solid #ddd;padding:.4rem 0 .4rem 1rem}.proposal h3{font-size:1rem;margin:0 0 .2rem}
.collision{color:#a00;font-weight:600}.meta{color:#444;font-size:.9rem}
.filters label{margin-right:1rem}.filters select{max-width:100%}
@media print{.filters{display:none}}""")


def words(_: Callable[[str], str]) -> dict[str, str]:
    """The table's own words, in the language of *_*."""
    return {
        'register': _('Amendments register'),
        'current': _('Current text'),
        'proposer': _('Proposer'),
        'status': _('Status'),
        'all': _('All'),
        'wording': _('Proposed wording'),
        'translation': _('Translation'),
        'rationale': _('Rationale'),
        'decision': _('Decision'),
        'reflected': _('Reflected in the working draft as'),
        'collision': _('Colliding amendments'),
        'by_proposer': _('Amendments by proposer'),
        'by_status': _('Amendments by status'),
        'kind': _('Kind'),
        'summary': _('Summary'),
        'notes': _('Rationale, status and decision'),
    }


def render_table(found: Table, locale_dir: Path, pdf: str = '', languages: tuple[str, ...] = ()) -> str:
    """The table's page (templates/consolidated.html) in its language; *languages* have it too."""
    _ = catalog(locale_dir, found.language)
    return render(
        'consolidated.html',
        shell=shell(
            found.language,
            found.title,
            STYLE,
            _,
            alternates(languages, found.language, lambda code: '../../' + page_path(code, found.round)),
        ),
        table=found,
        said=words(_),
        pdf=pdf,
        language_name=language_name(found.language),
    )


def write_tables(site: Path, sources: Sources) -> list[Table]:
    """Every table's page, beside its PDF where one was made; stale pages of earlier builds go."""
    made = tables(sources)
    for language in {language for language, _version in sources.stores}:
        for stale in (site / language / AMENDMENTS).glob('*.html'):
            stale.unlink()
    for found in made:
        path = site / page_path(found.language, found.round)
        path.parent.mkdir(parents=True, exist_ok=True)
        pdf = path.with_suffix('.pdf')
        having = tuple(dict.fromkeys(other.language for other in made if other.round == found.round))
        page = render_table(found, sources.locale_dir, pdf.name if pdf.exists() else '', having)
        path.write_text(page, encoding='utf-8')
    return made
