"""Citations and review status: every fact names its source, and every page says who checked it."""

from __future__ import annotations

import re
from datetime import date

import pytest

from generator.citations import citation_coverage, citation_problems
from generator.config import load_config
from generator.content import load_content
from generator.errors import Severity
from generator.leaflets import render_leaflets
from tests.conftest import replace_in
from tests.test_cli import run
from tests.test_render import _page, _render, _translations

PAGE = "content/pages/see-a-doctor.yml"
TODAY = date(2026, 12, 6)


def test_citations_link_to_the_numbered_source_list_identically_in_every_language(make_project):
    root = make_project()
    content = load_content(root)
    english_pages = _render(root, content, "en", {})
    arabic_pages = _render(root, content, "ar", {
        ("see-a-doctor.title", "Seeing a doctor"): "رؤية الطبيب",
        ("see-a-doctor.body", "You can register with a GP surgery near where you live."):
            "يمكنك التسجيل في عيادة طبيب عام قريبة من مكان سكنك.",
        ("interface.source_ref", "Source"): "المصدر",
        ("interface.sources_title", "Sources"): "المصادر"})
    english, arabic = _page(english_pages, "see-a-doctor.md"), _page(arabic_pages, "see-a-doctor.md")
    # The warning cites the second source; screen readers hear "Source 2" in the reader's language.
    assert '[<a href="see-a-doctor-sources.html#source-2" aria-label="Source 2">2</a>]' in english
    assert '[<a href="see-a-doctor-sources.html#source-2" aria-label="المصدر 2">2</a>]' in arabic
    for markdown in (english, arabic):
        numbers = re.findall(r'href="see-a-doctor-sources.html#source-(\d)"', markdown)
        assert numbers == ["1", "1", "1", "2", "1"], numbers  # paragraph, two list items, warning, paragraph
        assert "<li id=" not in markdown, "the numbered list is on a page of its own"
    assert '<a href="see-a-doctor-sources.html">Sources: Seeing a doctor</a>' in english
    assert '<a href="see-a-doctor-sources.html">المصادر: رؤية الطبيب</a>' in arabic
    assert "يمكنك التسجيل في عيادة طبيب عام قريبة من مكان سكنك. <sup" in arabic
    for pages in (english_pages, arabic_pages):
        sources = _page(pages, "see-a-doctor-sources.md")
        assert '<li id="source-1">' in sources and '<li id="source-2">' in sources
        assert 'href="https://www.gov.uk/guidance/paying-an-nhs-debt"' in sources
        assert '<p class="sta-sources-page"><a href="see-a-doctor.html">' in sources, "a way back to the page"
    assert "# المصادر: رؤية الطبيب" in _page(arabic_pages, "see-a-doctor-sources.md")


def test_uncited_warning_stops_the_build_naming_file_and_line(make_project):
    root = make_project()
    replace_in(root / PAGE, "    cite: [fixture-debt]\n", "")
    result = run(root, "check")
    assert result.returncode == 1
    assert (f"{PAGE}:20: error: this text needs a source (every warning must cite a source): "
            "add cite: [source-id]") in result.stderr


def test_uncited_number_stops_the_build(make_project):
    root = make_project()
    replace_in(root / "content/pages/for-gp-surgeries.yml",
               "  - paragraph: Do not refuse to register a patient who has no ID.\n    cite: [fixture-nhs]\n",
               "  - paragraph: Do not refuse to register a patient who has no ID.\n    cite: [fixture-nhs]\n"
               "  - paragraph: If you refuse, write to them within 14 days.\n")
    problems = [str(p) for p in citation_problems(load_content(root), TODAY)]
    assert problems == ["content/pages/for-gp-surgeries.yml:13: error: this text needs a source (it states a "
                        "number or an amount of money): add cite: [source-id] with an id from the page's sources"]


def test_citing_a_source_the_page_does_not_list_is_an_error(make_project):
    root = make_project()
    replace_in(root / PAGE, "    cite: [fixture-debt]\n", "    cite: [fixture-debts]\n")
    problems = [str(p) for p in citation_problems(load_content(root), TODAY)]
    assert f"{PAGE}:22: error: cites 'fixture-debts', which is not in this file's sources list; add it there " \
           "(ids come from content/sources/*.yml)" in problems, problems


def test_a_source_no_text_cites_is_a_warning(make_project):
    root = make_project()
    replace_in(root / PAGE, "    cite: [fixture-debt]\n", "    cite: [fixture-nhs]\n")
    problems = citation_problems(load_content(root), TODAY)
    assert [(str(p.location), p.severity) for p in problems] == [(f"{PAGE}:9", Severity.WARNING)]
    assert "source 'fixture-debt' is listed but no text cites it" in problems[0].message
    result = run(root, "check")
    assert result.returncode == 0 and "fixture-debt' is listed but no text cites it" in result.stderr
    assert run(root, "check", "--strict").returncode == 1


def test_a_review_date_in_the_future_is_an_error(make_project):
    root = make_project()
    replace_in(root / PAGE, "last_reviewed: 2026-11-01", "last_reviewed: 2099-01-01")
    result = run(root, "check")
    assert result.returncode == 1
    assert (f"{PAGE}:8: error: last_reviewed is 2099-01-01, a date in the future; write the day the check "
            "was done") in result.stderr


def test_check_prints_each_pages_sourced_share(make_project):
    root = make_project()
    replace_in(root / PAGE, "  - paragraph: For medical help that is not an emergency, call {phone:nhs-111}.\n"
               "    cite: [fixture-nhs]\n", "  - paragraph: For medical help that is not an emergency, call "
               "{phone:nhs-111}.\n")
    # The jurisdiction notes ("This page is about England.") count as texts too, and cite nothing here.
    assert [(row.page_id, row.cited, row.claims) for row in citation_coverage(load_content(root))] == [
        ("for-gp-surgeries", 1, 2), ("see-a-doctor", 4, 6)]
    assert re.search(r"see-a-doctor\s+grade\s+\d+\.\d\s+sourced\s+67% \(4/6 texts\)", run(root, "check").stdout)


ADVISER = """adviser_review:
  name: Amina Yusuf
  role: Immigration adviser (IAA level 3)
  organisation: Leicester Law Centre
  date: 2026-11-20
"""

ABOUT = """id: about
audiences: [migrants]
topic: about
title: About this guide
summary: Who writes this guide.
jurisdictions: [uk]
last_reviewed: 2026-11-01
sources: [fixture-nhs]
body:
  - paragraph: Volunteers write this guide.
    cite: [fixture-nhs]
next_steps:
  - Tell us what is wrong.
"""


def test_unchecked_page_says_so_in_the_readers_language_next_to_the_sources_date(make_project):
    root = make_project()
    content = load_content(root)
    arabic = _page(_render(root, content, "ar", {
        ("see-a-doctor.title", "Seeing a doctor"): "رؤية الطبيب",
        ("interface.last_reviewed", "Sources checked:"): "تم التحقق من المصادر:",
        ("interface.adviser_unchecked", "This page has not yet been checked by a legal adviser."):
            "لم يراجع مستشار قانوني هذه الصفحة بعد."}), "see-a-doctor.md")
    meta = re.search(r'<div class="sta-meta">.*?</div>', arabic).group(0)
    assert "تم التحقق من المصادر:" in meta
    assert '<p class="sta-unchecked">لم يراجع مستشار قانوني هذه الصفحة بعد.</p>' in meta


def test_adviser_review_is_shown_on_the_page_and_listed_on_the_about_page(make_project):
    root = make_project({"content/pages/about.yml": ABOUT})
    replace_in(root / PAGE, "sources: [", ADVISER + "sources: [")
    pages = _render(root, load_content(root), "en", {})
    page = _page(pages, "see-a-doctor.md")
    assert "sta-unchecked" not in page
    assert ('Checked by an adviser:</span> <bdi>Amina Yusuf</bdi>, <span lang="en" dir="ltr">Immigration adviser '
            '(IAA level 3), Leicester Law Centre</span>, <time datetime="2026-11-20">20 November 2026</time>') in page
    about = _page(pages, "about.md")
    assert "## Advisers who checked this guide" in about
    assert ('<li><bdi>Amina Yusuf</bdi>, <span lang="en" dir="ltr">Immigration adviser (IAA level 3), Leicester Law '
            'Centre</span>: <a href="see-a-doctor.html">Seeing a doctor</a> (<time datetime="2026-11-20">'
            '20 November 2026</time>)</li>') in about
    assert "sta-unchecked" in about  # the About page itself has no adviser's review yet


def test_about_page_says_when_no_adviser_has_checked_the_guide(make_project):
    root = make_project({"content/pages/about.yml": ABOUT})
    about = _page(_render(root, load_content(root), "en", {}), "about.md")
    assert "No legal adviser has checked this guide yet." in about


def test_strict_reports_pages_no_adviser_has_checked(make_project):
    root = make_project()
    replace_in(root / PAGE, "sources: [", ADVISER + "sources: [")
    result = run(root, "check", "--strict")
    assert result.returncode == 1
    assert "content/pages/for-gp-surgeries.yml:1: warning: no adviser has checked this page yet" in result.stderr
    assert "see-a-doctor.yml:1: warning: no adviser" not in result.stderr
    assert "no adviser has checked" not in run(root, "check").stderr


@pytest.mark.parametrize("future", ["2099-01-01"])
def test_adviser_review_date_in_the_future_is_an_error(make_project, future):
    root = make_project()
    replace_in(root / PAGE, "sources: [", ADVISER.replace("2026-11-20", future) + "sources: [")
    problems = [str(p) for p in citation_problems(load_content(root), TODAY)]
    assert problems == [f"{PAGE}:13: error: date is {future}, a date in the future; write the day the check was done"]


def test_english_guide_prints_footnote_numbers_and_its_sources(make_project):
    root = make_project()
    config = load_config(root)
    english = _translations(root, "en", {})
    guide = next(leaflet for leaflet in render_leaflets(load_content(root), english, english, site_url="",
                                                         today=TODAY) if leaflet.leaflet_id == "gp-guide-a4")
    assert 'Register anyone who lives in your practice area.<sup class="cite">1</sup></li>' in guide.html
    assert re.search(r'<section class="sources" lang="en">\s*<h2>Where this information comes from</h2>\s*'
                     r"<ol><li>NHS, How to register with a GP surgery \(2024-05-01\), <span dir=\"ltr\">"
                     r"nhs\.uk</span></li>", guide.html)
    assert config.source_lang.code == "en"
