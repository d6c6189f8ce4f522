"""Leaflets: every leaflet in every language, real glyphs, right-to-left order, personalisation, clear errors."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from generator.config import load_config
from generator.content import load_content, load_organisation
from generator.errors import ContentError, LeafletError, ProblemsError
from generator.i18n import extract, update_catalogs
from generator.pipeline import check, write_site_leaflets
from tests.conftest import replace_in
from tests.test_i18n import translate

pytestmark = pytest.mark.slow

ARABIC_TITLE = "حقوقك مع الأطباء"
TIGRINYA_TITLE = "መሰልካ ምስ ሓካይም"


def pdf_text(path: Path) -> str:
    """The PDF's text as poppler extracts it, bidi controls removed and lines joined."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return re.sub(r"\s+", " ", re.sub("[\u202a-\u202e\u2066-\u2069]", "", text))


@pytest.fixture
def project(make_project):
    root = make_project()
    replace_in(root / "mkdocs.yml", 'site_url: ""', "site_url: https://safe-to-ask.example/")
    config = load_config(root)
    extract(config, load_content(root))
    update_catalogs(config)
    translate(root, "ar", {"Your rights with doctors": ARABIC_TITLE,
                           "I need an interpreter in: {lang:name}": "أحتاج إلى مترجم باللغة: {lang:name}"})
    translate(root, "ti", {"Your rights with doctors": TIGRINYA_TITLE})
    return root


def write_all(root: Path, **options) -> list[Path]:
    config = load_config(root)
    content, _ = check(config)
    return write_site_leaflets(config, content, list(config.languages), root / "out", **options)


def test_every_leaflet_in_every_language_with_its_title(project):
    paths = write_all(project, previews=False)
    names = sorted(path.relative_to(project / "out").as_posix() for path in paths)
    assert names == sorted(["en/leaflets/rights-a5-en.pdf", "en/leaflets/reception-card-a6-en.pdf",
                            "en/leaflets/gp-guide-a4-en.pdf", "ar/leaflets/rights-a5-ar.pdf",
                            "ar/leaflets/reception-card-a6-ar.pdf", "ti/leaflets/rights-a5-ti.pdf",
                            "ti/leaflets/reception-card-a6-ti.pdf"])
    assert "Your rights with doctors" in pdf_text(project / "out/en/leaflets/rights-a5-en.pdf")
    assert TIGRINYA_TITLE in pdf_text(project / "out/ti/leaflets/rights-a5-ti.pdf")


def test_arabic_leaflet_reads_right_to_left_in_logical_order(project):
    write_all(project, previews=False)
    text = pdf_text(project / "out/ar/leaflets/rights-a5-ar.pdf")
    assert ARABIC_TITLE in text, "the words of the title come out in reading order"
    assert " ".join(reversed(ARABIC_TITLE.split())) not in text
    card = pdf_text(project / "out/ar/leaflets/reception-card-a6-ar.pdf")
    assert "أحتاج إلى مترجم باللغة" in card, "Arabic words in reading order"
    assert "باللغة مترجم إلى أحتاج" not in card, "not reversed into left-to-right order"
    assert "العربية" in card
    assert "I need an interpreter in: Arabic" in card and "Please show this at reception" in card


def test_pdf_metadata_and_tags(project):
    write_all(project, previews=False)
    from pypdf import PdfReader
    reader = PdfReader(project / "out/ar/leaflets/rights-a5-ar.pdf")
    assert reader.metadata.title == ARABIC_TITLE and "Safe to Ask" in reader.metadata.author
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "ar" and "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]


def test_personalised_leaflets_show_the_organisation(project, tmp_path):
    (tmp_path / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    (tmp_path / "org.yml").write_text("name: Riverside Surgery\naddress: 1 High Street, Leeds\n"
                                      'phone: "0113 496 0000"\nlogo: logo.svg\n')
    organisation, logo = load_organisation(tmp_path / "org.yml")
    write_all(project, organisation=organisation, logo=logo, previews=False)
    for path in ("en/leaflets/rights-a5-en.pdf", "ar/leaflets/reception-card-a6-ar.pdf"):
        text = pdf_text(project / "out" / path)
        assert "Riverside Surgery" in text and "0113 496 0000" in text


def test_bad_organisation_file_names_its_line(tmp_path):
    (tmp_path / "org.yml").write_text('name: Riverside Surgery\nphone: "call us"\nemail: a@b.example\n')
    with pytest.raises(ProblemsError) as raised:
        load_organisation(tmp_path / "org.yml")
    assert "org.yml:2: error: phone: String should match pattern" in str(raised.value)
    assert "org.yml:3: error: email: unknown field" in str(raised.value)
    (tmp_path / "org.yml").write_text("name: Riverside Surgery\nlogo: missing.png\n")
    with pytest.raises(ContentError, match=r"org.yml:2: logo 'missing.png': give a PNG, JPEG or SVG file"):
        load_organisation(tmp_path / "org.yml")


def test_missing_glyphs_stop_with_a_clear_error(project):
    replace_in(project / "translations/languages.yml", "font: Noto Sans Ethiopic", "font: Noto Sans")
    with pytest.raises(LeafletError, match=r"content/leaflets/rights-a5.yml: rights-a5-ti.pdf: \d+ character\(s\) "
                                           r"have no glyph in Noto Sans: ል \(U\+120D\)"):
        write_all(project, previews=False)


def test_text_that_does_not_fit_is_an_error(project):
    replace_in(project / "content/leaflets/rights-a5.yml", "      - You can register with a GP. You do not need ID.",
               "\n".join(f"      - Item {n} says you can register with a GP without ID." for n in range(80)))
    with pytest.raises(LeafletError, match=r"rights-a5-en.pdf: the text fills \d+ pages; this format has room for 2"):
        write_all(project, previews=False)


def test_qr_code_points_at_the_page_and_is_left_out_without_site_url(project):
    from generator.i18n import load_translations
    from generator.leaflets import render_leaflets
    config = load_config(project)
    content = load_content(project)
    english = load_translations(config, config.source_lang)
    card = next(leaflet for leaflet in render_leaflets(content, english, english, site_url=config.site_url,
                                                       today=__import__("datetime").date(2026, 11, 28))
                if leaflet.leaflet_id == "reception-card-a6")
    assert "<svg" in card.html and "https://safe-to-ask.example/en/see-a-doctor.html" in card.html
    replace_in(project / "mkdocs.yml", "site_url: https://safe-to-ask.example/", 'site_url: ""')
    _, problems = check(load_config(project))
    assert any(re.search(r"mkdocs.yml: warning: site_url is empty", str(p)) for p in problems)
