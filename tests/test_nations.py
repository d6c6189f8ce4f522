"""Nation sections: the rules for Wales, Scotland and Northern Ireland, each under its own heading."""

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
from tests.test_citations import TODAY
from tests.test_render import _page, _render

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


def test_where_do_you_live_links_to_each_nation_and_sections_follow_the_body(make_project):
    root = _with_nations(make_project)
    markdown = _page(_render(root, load_content(root), "en", {}), "see-a-doctor.md")
    assert "This page covers:</span> England, Wales, Scotland, Northern Ireland</p>" in markdown
    links = re.findall(r'<li><a href="(#[a-z-]+)">([^<]+)</a></li>', markdown)
    assert links == [("#england", "England"), ("#wales-northern-ireland", "Wales"), ("#scotland", "Scotland"),
                     ("#wales-northern-ireland", "Northern Ireland")]
    order = ['<div class="sta-jurisdiction">', '<nav class="sta-nations" aria-labelledby="where-you-live">',
             '<p class="sta-nations__main" id="england">', "## Registering with a GP",
             "## If you live in Scotland { #scotland }", "### Registering in Scotland",
             "In Scotland, your immigration status", "## If you live in: Wales, Northern Ireland "
             "{ #wales-northern-ireland }", "Ask the surgery.", "## What you can do next"]
    positions = [markdown.index(text) for text in order]
    assert positions == sorted(positions)
    # The NHS 111 card was shown in full in the body, so the Scottish section repeats it briefly.
    scotland = markdown[markdown.index("{ #scotland }"):markdown.index("{ #wales-northern-ireland }")]
    assert "<p>Phone: " in scotland and "Medical help when it is not an emergency." not in scotland


def test_a_page_without_nation_sections_has_no_nation_links(make_project):
    root = make_project()
    markdown = _page(_render(root, load_content(root), "en", {}), "see-a-doctor.md")
    assert "sta-nations" not in markdown and "This page covers:</span> England</p>" in markdown


def test_nation_sections_cite_like_the_body_and_count_in_coverage(make_project):
    root = _with_nations(make_project)
    content = load_content(root)
    markdown = _page(_render(root, content, "en", {}), "see-a-doctor.md")
    scotland = markdown[markdown.index("{ #scotland }"):]
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
    markdown = _page(_render(root, load_content(root), "ar", strings), "see-a-doctor.md")
    assert "## إذا كنت تعيش في اسكتلندا { #scotland }" in markdown
    assert '<p class="sta-nations__title" id="where-you-live">أين تعيش؟</p>' in markdown
    assert '<li><a href="#scotland">اسكتلندا</a></li>' in markdown
    assert "<p>في اسكتلندا، لا يهم وضع الهجرة عند التسجيل لدى طبيب عام. <sup" in markdown
    assert '<p lang="en" dir="ltr">Ask the surgery.</p>' in markdown, "untranslated nation text is marked English"
    # Labels not translated yet are marked English, so their punctuation stays in place in Arabic.
    assert '## If you live in: Wales, Northern Ireland { #wales-northern-ireland lang="en" dir="ltr" }' in markdown
    assert ('<span class="sta-meta__label"><span lang="en" dir="ltr">The rules below are for:</span></span>'
            in markdown)


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
def test_built_page_has_one_heading_per_nation_with_its_id_and_nation_text_is_searchable(built_nations):
    html = (built_nations / "site" / "en" / "see-a-doctor.html").read_text(encoding="utf-8")
    headings = re.findall(r'<h([23]) id="([^"]+)"[^>]*>(.*?)(?:<a class="headerlink"|</h\1>)', html)
    assert [(level, anchor, text.strip()) for level, anchor, text in headings
            if anchor in ("scotland", "wales-northern-ireland") or level == "3"] == [
        ("2", "scotland", "If you live in Scotland"), ("3", "registering-in-scotland", "Registering in Scotland"),
        ("2", "wales-northern-ireland", "If you live in: Wales, Northern Ireland")]
    assert 'id="england"' in html and 'href="#wales-northern-ireland"' in html
    index = (built_nations / "site" / "en" / "search-index.js").read_text(encoding="utf-8")
    documents = {doc["url"]: doc for doc in json.loads(index.removeprefix("window.staSearchIndex = ").rstrip(";\n"))}
    assert "In Scotland, your immigration status does not matter" in documents["see-a-doctor.html"]["text"]


@pytest.mark.slow
@pytest.mark.browser
def test_screen_reader_lists_the_nations_among_the_headings(built_nations):
    playwright_api = pytest.importorskip("playwright.sync_api")
    from tests.test_browser import CHROMIUM, CHROMIUM_ARGS

    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto((built_nations / "site" / "en" / "see-a-doctor.html").as_uri())
        snapshot = page.locator("article").aria_snapshot()
        page.click('.sta-nations a[href="#scotland"]')
        at_scotland = page.evaluate("location.hash")
        browser.close()
    headings = [(match[1].replace('\\"', '"'), match[2]) for match in
                (re.fullmatch(r'heading "(.*)" \[level=(\d)\]', node) for node in _nodes(yaml.safe_load(snapshot)))
                if match]
    assert headings == [("Seeing a doctor", "1"), ('Registering with a GP: "yes", it\'s free', "2"),
                        ("If you live in Scotland", "2"), ("Registering in Scotland", "3"),
                        ("If you live in: Wales, Northern Ireland", "2"), ("What you can do next", "2"),
                        ("Who can help", "2"), ("Where this information comes from", "2")], snapshot
    assert re.search(r'- navigation "Where do you live\?":\n\s+- paragraph: Where do you live\?\n\s+- list:\n'
                     r'\s+- listitem:\n\s+- link "England"', snapshot), snapshot
    assert at_scotland == "#scotland"


def _nodes(tree) -> list[str]:
    """Every node of a Playwright ARIA snapshot, as its text ("heading \"…\" [level=2]"), in order."""
    if isinstance(tree, list):
        return [node for item in tree for node in _nodes(item)]
    if isinstance(tree, dict):
        return [node for key, value in tree.items() for node in (key, *_nodes(value))]
    return [tree] if isinstance(tree, str) else []
