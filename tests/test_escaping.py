"""What comes from a data file or a catalogue is shown as text, never read as markup."""

from __future__ import annotations

import datetime as dt
import html
import re

import polib
import pytest

from concept_build.pipeline.options import FORMATS
from helpers import build_site, make_repo, pdf_text, record_round

# A hermetic repository with a round recorded, built in HTML and PDF.
pytestmark = pytest.mark.slow

#: Characters that mean something in HTML, JavaScript, YAML and LaTeX.
NASTY = '<script>alert("x")</script> & 100% {y} \\ end'
#: The same in Kazakh words: a Kazakh msgstr in Latin letters is refused by the catalogue check.
NASTY_KK = '<script>ескерту("x")</script> & 100% {y} \\ соңы'


def test_a_place_and_a_msgstr_with_markup_are_shown_as_written(tmp_path):
    repo = make_repo(tmp_path / 'repo')
    record_round(
        'round-1',
        date=dt.date(2025, 4, 2),
        place=f'Hall {NASTY}',
        event='Meeting',
        discussed='The draft.',
        amendments_due=dt.date(2025, 6, 1),
        root=repo,
        languages=('en',),
    )
    catalogue_path = repo / 'locale' / 'kk' / 'LC_MESSAGES' / 'concept.po'
    catalogue = polib.pofile(str(catalogue_path))
    catalogue.find('Working draft').msgstr = f'Жоба {NASTY_KK}'
    catalogue.save()
    out = tmp_path / 'site'
    build_site(('en', 'kk'), None, FORMATS, out, with_handbook=False, root=repo)

    def shown(page) -> str:
        """The text of a page as a browser shows it: tags dropped, entities read."""
        text = page.read_text(encoding='utf-8')
        assert '<script>alert' not in text and '<script>ескерту' not in text, page  # never markup
        body = re.sub(r'<(script|style)\b.*?</\1>', ' ', text, flags=re.S)
        return ' '.join(html.unescape(re.sub(r'<[^>]+>', ' ', body)).split())

    # The round's place, in its banner, in English and Kazakh.
    for language in ('en', 'kk'):
        assert f'Hall {NASTY}' in shown(out / language / 'round-1' / 'tasks.html'), language
    # The msgstr, as the version's name in the switcher and on the entry page.
    assert f'Жоба {NASTY_KK}' in shown(out / 'kk' / 'latest' / 'tasks.html')
    assert f'Жоба {NASTY_KK}' in shown(out / 'kk' / 'index.html')
    assert f'Hall {NASTY}' in shown(out / 'en' / 'index.html')

    # And in the PDFs' title pages.
    def pdf_words(path) -> str:
        text = pdf_text(path)
        return ' '.join(text.replace('\u201c', '"').replace('\u201d', '"').split())

    assert f'Hall {NASTY}' in pdf_words(out / 'en' / 'round-1' / 'concept-en-round-1.pdf')
    assert f'Жоба {NASTY_KK}' in pdf_words(out / 'kk' / 'latest' / 'concept-kk-latest.pdf')
