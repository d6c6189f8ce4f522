"""Nation sections: the rules for Wales, Scotland and Northern Ireland, each on a page of its own."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from generator.citations import citation_coverage, citation_problems
from generator.content import load_content
from generator.errors import ProblemsError
from generator.messages import texts
from tests.conftest import replace_in
from tests.test_citations import ADVISER, TODAY
from tests.test_render import _page, _render
from tests.test_site import page_menu_list

PAGE = "content/pages/see-a-doctor.yml"
NATIONS = """nations:
  - jurisdictions: [scotland]
    body:
      - heading: Registering in Scotland
      - paragraph: In Scotland, your immigration status does not matter when you register with a GP.
        cite: [fixture-debt]
      - list:
          - You do not need ID.
          - text: Medicines from a GP are free.
            cite: [fixture-nhs]
        cite: [fixture-nhs]
      - contacts: [nhs-111]
  - jurisdictions:
      - wales
      - northern-ireland
    body:
      - paragraph: Ask the surgery.
"""
# Line numbers of the fields above once inserted before next_steps (line 26 of the fixture page).
SCOTLAND_PARAGRAPH = 30
WALES_ITEM = 39


def _with_nations(make_project, nations: str = NATIONS) -> Path:
    root = make_project()
    replace_in(root / PAGE, "next_steps:\n", nations + "next_steps:\n")
    return root


def test_nation_sections_load_with_their_lines(make_project):
    content = load_content(_with_nations(make_project))
    page = content.page("see-a-doctor")
    assert [section.jurisdictions for section in page.nations] == [("scotland",), ("wales", "northern-ireland")]
    assert page.covers == ("england", "wales", "scotland", "northern-ireland")
    assert str(content.where("page:see-a-doctor", "nations.0.body.1.paragraph")) == f"{PAGE}:{SCOTLAND_PARAGRAPH}"


@pytest.mark.parametrize(("old", "new", "message"), [
    ("      - wales\n", "      - england\n",
     f"{PAGE}:{WALES_ITEM}: error: nations.1.jurisdictions.0: a nation section is for wales, scotland or "
     "northern-ireland, not england: the page's own body and jurisdictions are for england"),
    ("      - wales\n", "      - uk\n", f"{PAGE}:{WALES_ITEM}: error: nations.1.jurisdictions.0: a nation section is "
                                        "for wales, scotland or northern-ireland, not uk"),
    ("      - wales\n", "      - scotland\n",
     f"{PAGE}:{WALES_ITEM}: error: scotland is already described in nation section 1; give each nation one place"),
    ("  - jurisdictions: [scotland]\n    body:\n", "  - jurisdictions: [scotland]\n    bdy:\n",
     f"{PAGE}:28: error: nations.0.bdy: unknown field"),
], ids=["england", "uk", "twice", "misspelt"])
def test_bad_nation_section_names_file_and_line(make_project, old, new, message):
    root = _with_nations(make_project)
    replace_in(root / PAGE, old, new)
    with pytest.raises(ProblemsError) as raised:
        load_content(root)
    assert message in str(raised.value)


def test_a_nation_in_the_pages_own_jurisdictions_cannot_have_a_section(make_project):
    root = _with_nations(make_project)
    replace_in(root / PAGE, "jurisdictions: [england]", "jurisdictions: [england, scotland]")
    with pytest.raises(ProblemsError, match=re.escape(f"{PAGE}:27: error: scotland is already described in the "
                                                      "page's jurisdictions")):
        load_content(root)


def test_where_do_you_live_links_to_the_body_and_to_each_nations_own_page(make_project):
    root = _with_nations(make_project)
    pages = _render(root, load_content(root), "en", {})
    markdown = _page(pages, "see-a-doctor.md")
    assert "This page covers:</span> England, Wales, Scotland, Northern Ireland</p>" in markdown
    links = re.findall(r'<li><a href="([a-z#.-]+)"( aria-current="page")?>([^<]+)</a></li>', markdown)
    assert links == [("#england", ' aria-current="page"', "England"),
                     ("see-a-doctor-wales-northern-ireland.html", "", "Wales"),
                     ("see-a-doctor-scotland.html", "", "Scotland"),
                     ("see-a-doctor-wales-northern-ireland.html", "", "Northern Ireland")]
    order = ['<div class="sta-jurisdiction">', '<nav class="sta-nations" aria-labelledby="where-you-live">',
             '<p class="sta-nations__main" id="england">', "## Registering with a GP", "## What you can do next"]
    positions = [markdown.index(text) for text in order]
    assert positions == sorted(positions)
    assert "Registering in Scotland" not in markdown and "Ask the surgery." not in markdown, "not on the main page"


def test_each_nation_section_is_a_page_that_leads_back_and_to_the_other_nations(make_project):
    root = _with_nations(make_project)
    scotland = _page(_render(root, load_content(root), "en", {}), "see-a-doctor-scotland.md")
    order = ['title: "Seeing a doctor: Scotland"', "description: \"If you live in Scotland\"",
             "# Seeing a doctor: Scotland", '<a href="see-a-doctor.html">Seeing a doctor</a>',
             "This page covers:</span> Scotland</p>", '<a href="see-a-doctor.html#england">England</a>',
             '<a href="see-a-doctor-scotland.html" aria-current="page">Scotland</a>',
             "## Registering in Scotland", "In Scotland, your immigration status", "Medicines from a GP are free.",
             "## Where this information comes from", '<a href="see-a-doctor-sources.html">Sources: Seeing a doctor</a>',
             "This guide is information, not legal advice."]
    positions = [scotland.index(text) for text in order]
    assert positions == sorted(positions)
    # The body showed NHS 111 in full, but a reader who opens Scotland's page has not seen it: a full card.
    assert "Medical help when it is not an emergency." in scotland
    several = _page(_render(root, load_content(root), "en", {}), "see-a-doctor-wales-northern-ireland.md")
    assert "# Seeing a doctor: Wales, Northern Ireland" in several and "<p>Ask the surgery.</p>" in several


def test_a_nation_page_names_the_adviser_who_checked_the_page(make_project):
    root = _with_nations(make_project)
    replace_in(root / PAGE, "sources: [", ADVISER + "sources: [")
    scotland = _page(_render(root, load_content(root), "en", {}), "see-a-doctor-scotland.md")
    assert "sta-unchecked" not in scotland
    assert ('Checked by an adviser:</span> <bdi>Amina Yusuf</bdi>, <span lang="en" dir="ltr">Immigration adviser '
            '(IAA level 3), Leicester Law Centre</span>, <time datetime="2026-11-20">20 November 2026</time>'
            ) in scotland


def test_a_page_cannot_take_the_address_of_a_nation_page(make_project):
    root = _with_nations(make_project)
    clash = root / "content/pages/see-a-doctor-scotland.yml"
    clash.write_text((root / PAGE).read_text(encoding="utf-8").replace("id: see-a-doctor", "id: see-a-doctor-scotland")
                     .split("nations:")[0] + "next_steps:" + (root / PAGE).read_text(encoding="utf-8")
                     .split("next_steps:")[1], encoding="utf-8")
    with pytest.raises(ProblemsError) as raised:
        load_content(root)
    assert ("content/pages/see-a-doctor-scotland.yml:1: error: the name 'see-a-doctor-scotland' is kept for the "
            "page the build writes for readers in Scotland from 'see-a-doctor'; rename the file and its id"
            ) in str(raised.value)


def test_a_page_without_nation_sections_has_no_nation_links(make_project):
    root = make_project()
    markdown = _page(_render(root, load_content(root), "en", {}), "see-a-doctor.md")
    assert "sta-nations" not in markdown and "This page covers:</span> England</p>" in markdown


def test_nation_sections_cite_like_the_body_and_count_in_coverage(make_project):
    root = _with_nations(make_project)
    content = load_content(root)
    scotland = _page(_render(root, content, "en", {}), "see-a-doctor-scotland.md")
    assert ('with a GP. <sup class="sta-cite">[<a href="see-a-doctor-sources.html#source-2" aria-label="Source 2">'
            '2</a>]</sup></p>' in scotland)
    assert 'Medicines from a GP are free. <sup class="sta-cite">[<a href="see-a-doctor-sources.html#source-1"' \
        in scotland
    coverage = {row.page_id: row for row in citation_coverage(content)}["see-a-doctor"]
    assert (coverage.cited, coverage.claims) == (8, 10)  # note and body: 5 of 6; sections: 3 of 4
    assert not [p for p in citation_problems(content, TODAY) if p.severity.name == "ERROR"]


def test_uncited_fact_or_unlisted_source_in_a_nation_section_is_an_error(make_project):
    root = _with_nations(make_project, NATIONS.replace("Ask the surgery.", "Ask the surgery within 14 days.")
                         .replace("cite: [fixture-debt]", "cite: [fixture-gone]"))
    problems = [str(p) for p in citation_problems(load_content(root), TODAY)]
    assert (f"{PAGE}:{SCOTLAND_PARAGRAPH + 1}: error: cites 'fixture-gone', which is not in this file's sources "
            "list") in "\n".join(problems)
    assert (f"{PAGE}:{WALES_ITEM + 3}: error: this text needs a source (it states a number or an amount of "
            "money)") in "\n".join(problems)


def test_nation_texts_are_translatable_with_a_comment_naming_the_nation(make_project):
    content = load_content(_with_nations(make_project))
    found = {text.text: text for text in texts(content)}
    paragraph = found["In Scotland, your immigration status does not matter when you register with a GP."]
    assert paragraph.context == "see-a-doctor.body"
    assert str(paragraph.location) == f"{PAGE}:{SCOTLAND_PARAGRAPH}"
    assert "the section for readers in Scotland, paragraph" in paragraph.comment
    assert "the section for readers in Wales and Northern Ireland, paragraph" in found["Ask the surgery."].comment
    assert "Where do you live?" in found and "If you live in Northern Ireland" in found


def test_translated_nation_text_and_heading_show_in_the_readers_language(make_project):
    root = _with_nations(make_project)
    strings = {("see-a-doctor.title", "Seeing a doctor"): "رؤية الطبيب",
               ("see-a-doctor.body", "In Scotland, your immigration status does not matter when you register "
                                     "with a GP."): "في اسكتلندا، لا يهم وضع الهجرة عند التسجيل لدى طبيب عام.",
               ("interface.nations.heading.scotland", "If you live in Scotland"): "إذا كنت تعيش في اسكتلندا",
               ("interface.nations.where", "Where do you live?"): "أين تعيش؟",
               ("interface.jurisdiction.scotland", "Scotland"): "اسكتلندا"}
    pages = _render(root, load_content(root), "ar", strings)
    markdown = _page(pages, "see-a-doctor.md")
    assert '<p class="sta-nations__title" id="where-you-live">أين تعيش؟</p>' in markdown
    assert '<li><a href="see-a-doctor-scotland.html">اسكتلندا</a></li>' in markdown
    # Labels not translated yet are marked English, so their punctuation stays in place in Arabic.
    assert ('<span class="sta-meta__label"><span lang="en" dir="ltr">The rules below are for:</span></span>'
            in markdown)
    scotland = _page(pages, "see-a-doctor-scotland.md")
    assert f"title: {json.dumps('رؤية الطبيب: اسكتلندا')}" in scotland and "# رؤية الطبيب: اسكتلندا" in scotland
    assert f"description: {json.dumps('إذا كنت تعيش في اسكتلندا')}" in scotland
    assert "<p>في اسكتلندا، لا يهم وضع الهجرة عند التسجيل لدى طبيب عام. <sup" in scotland
    several = _page(pages, "see-a-doctor-wales-northern-ireland.md")
    assert '<p lang="en" dir="ltr">Ask the surgery.</p>' in several, "untranslated nation text is marked English"


@pytest.fixture(scope="module")
def built_nations(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini project with nation sections, built by MkDocs (no leaflets)."""
    from generator.config import load_config
    from generator.pipeline import build
    from tests.conftest import _copy_project

    root = _copy_project(tmp_path_factory.mktemp("nations") / "project")
    replace_in(root / PAGE, "next_steps:\n", NATIONS + "next_steps:\n")
    build(load_config(root), leaflets=False)
    return root


@pytest.mark.slow
def test_built_nation_pages_are_searchable_saved_offline_and_out_of_the_menu(built_nations):
    site = built_nations / "site" / "en"
    html = (site / "see-a-doctor.html").read_text(encoding="utf-8")
    assert 'id="england"' in html and 'href="see-a-doctor-wales-northern-ireland.html"' in html
    assert "Registering in Scotland" not in html
    scotland = (site / "see-a-doctor-scotland.html").read_text(encoding="utf-8")
    assert re.search(r'<h2 id="registering-in-scotland"[^>]*>Registering in Scotland', scotland)
    index = (site / "search-index.js").read_text(encoding="utf-8")
    documents = {doc["url"]: doc for doc in json.loads(index.removeprefix("window.staSearchIndex = ").rstrip(";\n"))}
    assert "In Scotland, your immigration status does not matter" in documents["see-a-doctor-scotland.html"]["text"]
    assert documents["see-a-doctor-scotland.html"]["title"] == "Seeing a doctor: Scotland"
    assert "In Scotland, your immigration status" not in documents["see-a-doctor.html"]["text"]
    # Every nation's name in "Where do you live?", and citation numbers, would only crowd the results.
    assert "Where do you live" not in index and not re.search(r"\[ ?\d", index)
    assert "see-a-doctor-scotland.html" in json.loads((site / "version.json").read_text())["files"], "saved offline"
    assert "see-a-doctor-scotland" not in json.dumps(page_menu_list(site)), "not in the menu"


@pytest.mark.slow
@pytest.mark.browser
def test_a_reader_in_scotland_goes_to_scotlands_page_and_hears_its_headings(built_nations):
    playwright_api = pytest.importorskip("playwright.sync_api")
    from tests.test_browser import CHROMIUM, CHROMIUM_ARGS

    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto((built_nations / "site" / "en" / "see-a-doctor.html").as_uri())
        main_snapshot = page.locator("article").aria_snapshot()
        page.click('.sta-nations a:text-is("Scotland")')
        page.wait_for_url("**/en/see-a-doctor-scotland.html")
        snapshot = page.locator("article").aria_snapshot()
        page.click('.sta-nations a:text-is("England")')
        page.wait_for_url("**/en/see-a-doctor.html#england")
        browser.close()
    assert _headings(main_snapshot) == [("Seeing a doctor", "1"), ('Registering with a GP: "yes", it\'s free', "2"),
                                        ("What you can do next", "2"), ("Who can help", "2"),
                                        ("Where this information comes from", "2")], main_snapshot
    assert _headings(snapshot) == [("Seeing a doctor: Scotland", "1"), ("Registering in Scotland", "2"),
                                   ("Where this information comes from", "2")], snapshot
    assert re.search(r'- navigation "Where do you live\?":\n\s+- paragraph: Where do you live\?\n\s+- list:\n'
                     r'\s+- listitem:\n\s+- link "England"', snapshot), snapshot


def _headings(snapshot: str) -> list[tuple[str, str]]:
    """(text, level) of each heading in a Playwright ARIA snapshot."""
    return [(match[1].replace('\\"', '"'), match[2]) for match in
            (re.fullmatch(r'heading "(.*)" \[level=(\d)\]', node) for node in _nodes(yaml.safe_load(snapshot)))
            if match]


def _nodes(tree) -> list[str]:
    """Every node of a Playwright ARIA snapshot, as its text ("heading \"…\" [level=2]"), in order."""
    if isinstance(tree, list):
        return [node for item in tree for node in _nodes(item)]
    if isinstance(tree, dict):
        return [node for key, value in tree.items() for node in (key, *_nodes(value))]
    return [tree] if isinstance(tree, str) else []
