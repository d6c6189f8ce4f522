"""Rendering one language: translations are inert text, fallbacks are marked, links come from the source."""

from __future__ import annotations

import html as html_module
import re
from datetime import date
from pathlib import Path

import markdown
import pytest

from generator.config import load_config
from generator.content import load_content
from generator.i18n import Entry, Review, Translations
from generator.render import markdown_heading, render_pages
from tests.conftest import replace_in

TODAY = date(2026, 11, 28)


def _translations(root: Path, code: str, strings: dict[tuple[str, str], str],
                  review: Review | None = None) -> Translations:
    lang = load_config(root).language(code)
    entries = {key: Entry(text, False, 10 + number) for number, (key, text) in enumerate(strings.items())}
    return Translations(lang, Path(f"translations/{code}/LC_MESSAGES/content.po"), entries, review or Review())


def _render(root: Path, content, code: str, strings: dict, review: Review | None = None, today: date = TODAY):
    """Every page of one language, rendered from ``strings`` as its catalog."""
    return render_pages(content, _translations(root, code, strings, review), today,
                        source_lang=load_config(root).source_lang)


def _page(pages, path):
    return next(page for page in pages if page.path == path).markdown


@pytest.fixture
def mini(make_project):
    root = make_project()
    return root, load_content(root)


def test_english_page_has_sources_jurisdiction_and_review_date(mini):
    root, content = mini
    pages = _render(root, content, "en", {})
    markdown = _page(pages, "see-a-doctor.md")
    assert "# Seeing a doctor" in markdown
    assert "England" in markdown and 'datetime="2026-11-01"' in markdown and "1 November 2026" in markdown
    assert '<a href="see-a-doctor-sources.html">Sources: Seeing a doctor</a>' in markdown
    assert ('<a href="https://www.nhs.uk/nhs-services/gps/how-to-register-with-a-gp-surgery/"'
            in _page(pages, "see-a-doctor-sources.md"))
    assert '<a class="sta-tel" href="tel:111" dir="ltr">111</a>' in markdown
    assert '<a href="for-gp-surgeries.html">For GP surgeries</a>' in markdown
    assert "sta-draft" not in markdown and "sta-untranslated" not in markdown


HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<iframe src='https://evil.example'></iframe>",
    "<!-- hidden -->",
    "[click](javascript:alert(1))",
    "![x](data:image/png;base64,AAAA)",
    "{{ config }} {% raw %}",
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_translation_is_inert_text(mini, hostile):
    root, content = mini
    key = ("see-a-doctor.body", "You can register with a GP surgery near where you live.")
    page = _page(_render(root, content, "ar", {key: hostile}), "see-a-doctor.md")
    html = markdown.markdown(page.split("---", 2)[2], extensions=["attr_list", "md_in_html", "admonition"])
    for tag in ("<script", "<img", "<iframe", "<!--", 'href="javascript', 'src="data'):
        assert tag not in html
    assert hostile in html_module.unescape(html), "the translation should show as plain text"


def test_untranslated_paragraph_falls_back_to_english_marked(mini):
    root, content = mini
    strings = {("see-a-doctor.title", "Seeing a doctor"): "رؤية الطبيب",
               ("see-a-doctor.body", "You do not need ID."): "لا تحتاج إلى هوية."}
    markdown = _page(_render(root, content, "ar", strings), "see-a-doctor.md")
    assert "# رؤية الطبيب" in markdown
    cite = ' <sup class="sta-cite">[<a href="see-a-doctor-sources.html#source-1" aria-label="Source 1">1</a>]</sup>'
    assert f"<li>لا تحتاج إلى هوية.{cite}</li>" in markdown
    assert f'<li><span lang="en" dir="ltr">You do not need proof of address.{cite}</span></li>' in markdown, \
        "the citation stays after its English text in a right-to-left list"
    assert "sta-untranslated" in markdown


ENGLISH_DIV = '<div class="sta-english" lang="en" dir="ltr" markdown>'
TITLE_AR = {("see-a-doctor.title", "Seeing a doctor"): "رؤية الطبيب"}


def test_draft_banner_in_both_languages_links_to_english(mini):
    root, content = mini
    markdown = _page(_render(root, content, "ar", TITLE_AR), "see-a-doctor.md")
    assert 'href="../en/see-a-doctor.html"' in markdown
    assert '<p lang="en" dir="ltr">This translation is a draft.' in markdown


def test_reviewed_catalog_names_its_reviewer(mini):
    root, content = mini
    review = Review("reviewed", "Amina Yusuf", "2026-11-20")
    markdown = _page(_render(root, content, "ar", TITLE_AR, review), "see-a-doctor.md")
    assert "sta-draft" not in markdown and "Amina Yusuf (2026-11-20)" in markdown


def test_page_with_nothing_translated_is_shown_whole_in_english_under_one_notice(mini):
    root, content = mini
    notice = {("interface.page_untranslated_notice", content.interface.labels["page_untranslated_notice"].text):
              "هذه الصفحة غير مترجمة بعد. تظهر بالإنجليزية."}
    pages = _render(root, content, "ar", {**notice, **TITLE_AR})
    markdown = _page(pages, "for-gp-surgeries.md")
    notice_at = markdown.index('<p class="sta-untranslated" role="note">هذه الصفحة غير مترجمة بعد.')
    assert markdown.index(ENGLISH_DIV) > notice_at
    assert "sta-draft" not in markdown, "nothing on the page is a draft translation"
    inside = markdown.split(ENGLISH_DIV, 1)[1]
    assert '<p lang="en"' not in inside and '<span lang="en"' not in inside, "marked once, not per line"
    assert "<span class=\"sta-meta__label\">This page covers:</span> England" in markdown
    assert 'href="../en/leaflets/gp-guide-a4-en.pdf"' in markdown, "its English leaflet, from the English folder"
    translated = _page(pages, "see-a-doctor.md")
    assert "sta-draft" in translated and ENGLISH_DIV not in translated


def test_overdue_review_is_shown_on_the_page(mini):
    root, content = mini
    markdown = _page(_render(root, content, "en", {}, today=date(2028, 1, 1)), "see-a-doctor.md")
    assert "has not been checked for more than 12 months" in markdown


def test_heading_text_cannot_become_markdown():
    assert str(markdown_heading("[x](y) <b>", 2)) == r"## \[x\]\(y\) &lt;b&gt;"


def test_a_helpline_shown_twice_on_a_page_is_described_once(mini):
    root, content = mini
    markdown = _page(_render(root, content, "en", {}), "see-a-doctor.md")
    cards = re.findall(r'<div class="sta-contact">.*?</div>', markdown)
    nhs_111 = [card for card in cards if "NHS 111" in card]
    assert len(nhs_111) == 2, "in the text and again under Who can help"
    assert all('href="tel:111"' in card for card in nhs_111)
    assert content.directory["nhs-111"].what in nhs_111[0] and content.directory["nhs-111"].what not in nhs_111[1]


def test_sources_page_lists_each_web_address_once(make_project):
    root = make_project({"content/sources/copy.yml": (
        "- id: fixture-nhs-again\n  publisher: NHS\n  title: How to register with a GP surgery (copy)\n"
        "  url: https://www.nhs.uk/nhs-services/gps/how-to-register-with-a-gp-surgery/\n")})
    replace_in(root / "content/pages/for-gp-surgeries.yml", "sources: [", "sources: [fixture-nhs-again, ")
    markdown = _page(_render(root, load_content(root), "en", {}), "sources.md")
    assert markdown.count("how-to-register-with-a-gp-surgery/") == 1
    assert 'href="see-a-doctor.html"' in markdown and 'href="for-gp-surgeries.html"' in markdown
