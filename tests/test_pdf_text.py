"""The PDF's text is the catalog's text: pdftotext gets back the words of every script."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import pytest

from generator import pdf_text
from generator.config import load_config
from generator.content import load_content
from generator.i18n import load_translations
from generator.leaflets import _visible_text, _words, render_leaflets, write_pdf
from generator.leaflets import pdf_text as extract_text
from generator.pipeline import today
from tests.conftest import REPO

pytestmark = pytest.mark.slow


def _tokens(text: str, lang: str) -> list[str]:
    """Words (characters for Chinese), bidi and joining controls removed."""
    text = unicodedata.normalize("NFC", re.sub("[\u200c-\u200f\u202a-\u202e\u2066-\u2069\u00ad]", "", text))
    if lang.startswith("zh"):
        return [char for char in text if not char.isspace() and unicodedata.category(char)[0] not in "PZSC"]
    return _words(text)


LANGUAGES = [language.code for language in load_config(REPO).languages]


def _share_extracted(leaflet, pdf, lang: str) -> tuple[float, list[str]]:
    """The share of the leaflet's words that pdftotext gets back, and some that it does not."""
    body = re.sub(r"<head>.*?</head>", " ", leaflet.html, flags=re.S)
    expected = Counter(_tokens(_visible_text(body), lang))
    found = expected & Counter(_tokens(extract_text(pdf), lang))
    return sum(found.values()) / sum(expected.values()), list((expected - found).elements())[:10]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_words_of_every_leaflet_come_back_out_of_the_pdf(lang, tmp_path):
    """At least 95 % of each leaflet's words, in every language and script (pdftotext, as a reader
    copying or searching the text gets them)."""
    config = load_config(REPO)
    english = load_translations(config, config.source_lang)
    language = config.language(lang)
    translations = english if language == config.source_lang else load_translations(config, language)
    leaflets = render_leaflets(load_content(REPO), translations, english, site_url="https://example.org/",
                               today=today(), project=REPO)
    assert len(leaflets) >= 4
    short = []
    for leaflet in leaflets:
        pdf = write_pdf(leaflet, tmp_path / leaflet.filename)  # also checks the title is in the text
        share, missing = _share_extracted(leaflet, pdf, lang)
        if share < 0.95:
            short.append(f"{leaflet.filename}: {share:.1%} of words extracted; missing {missing}")
    assert not short, "\n".join(short)


def test_rebuilt_leaflet_is_byte_identical(tmp_path):
    config = load_config(REPO)
    english = load_translations(config, config.source_lang)
    arabic = load_translations(config, config.language("ar"))
    leaflet, = render_leaflets(load_content(REPO), arabic, english, site_url="https://example.org/",
                               today=today(), only=("rights-a5",), project=REPO)
    pdf = write_pdf(leaflet, tmp_path / leaflet.filename)
    again = write_pdf(leaflet, tmp_path / "again.pdf")
    assert again.read_bytes() == pdf.read_bytes(), "rebuilds are byte-identical"


def test_spans_carry_the_logical_text_in_utf16():
    assert pdf_text.utf16_string("নাম") == b"<FEFF09A809BE09AE>"


def test_another_weasyprint_version_is_refused(monkeypatch):
    import weasyprint

    monkeypatch.setattr(pdf_text, "_installed", False)
    monkeypatch.setattr(weasyprint, "__version__", "99.0")
    with pytest.raises(pdf_text.WeasyPrintVersionError, match=r"written for WeasyPrint 70\.0, but 99\.0"):
        pdf_text.install()


def test_bengali_vowel_signs_read_in_order(tmp_path):
    from weasyprint import HTML

    pdf_text.install()
    html = '<html lang="bn"><p style="font-family: \'Noto Sans Bengali\'">পুলিশের কাছে নাম</p></html>'
    HTML(string=html).write_pdf(tmp_path / "bn.pdf")
    assert "পুলিশের কাছে নাম" in extract_text(tmp_path / "bn.pdf")
