"""Loading and validating content: good content loads, bad content names file and line."""

from __future__ import annotations

import re

import pytest

from generator.content import load_content
from generator.errors import ContentError, ProblemsError
from generator.messages import text_problems
from tests.conftest import REPO, replace_in

PAGE = "content/pages/see-a-doctor.yml"


def test_good_content_loads_with_lines(make_project):
    root = make_project()
    content = load_content(root)
    assert [page.id for page in content.pages] == ["for-gp-surgeries", "see-a-doctor"]
    page = content.page("see-a-doctor")
    assert [item.text for item in page.body[2].items] == ["You do not need ID.", "You do not need proof of address."]
    assert [item.cite for item in page.body[2].items] == [("fixture-nhs",), ()]
    assert page.body[2].cite == ("fixture-nhs",)
    assert str(content.where("page:see-a-doctor", "body.1.paragraph")) == f"{PAGE}:12"


def test_unknown_field_names_its_line(make_project):
    root = make_project()
    replace_in(root / PAGE, "summary:", "sumary:")
    with pytest.raises(ProblemsError) as raised:
        load_content(root)
    messages = str(raised.value)
    assert f"{PAGE}:5: error: sumary: unknown field; check its spelling" in messages
    assert f"{PAGE}:1: error: summary: this required field is missing" in messages


@pytest.mark.parametrize(("old", "new", "error", "message"), [
    ("topic: health", "topic: [health", ContentError, r":\d+: this is not valid YAML"),
    ("topic: health", "topic: heal\x07th", ContentError, r":3: this line holds a character YAML does not allow "
     r"\(U\+0007"),
    ("jurisdiction_note: This page is about England.\n", "", ProblemsError, r":1: .*jurisdiction_note is required"),
    ("{page:for-gp-surgeries}", "{page:for-gp-surgery}", ProblemsError,
     r":27: error: \{page:for-gp-surgery\} links to a page"),
], ids=["malformed-yaml", "control-character", "missing-jurisdiction-note", "broken-internal-link"])
def test_bad_page_names_file_and_line(make_project, old, new, error, message):
    root = make_project()
    replace_in(root / PAGE, old, new)
    with pytest.raises(error, match=re.escape(PAGE) + message):
        load_content(root)


@pytest.mark.parametrize("name", ["see-a-doctor-sources", "glossary"])
def test_a_page_cannot_take_the_address_of_a_page_the_build_writes(make_project, name):
    """see-a-doctor-sources.html is the source list of see-a-doctor.html; glossary.html is the glossary."""
    root = make_project()
    (root / PAGE).rename(root / f"content/pages/{name}.yml")
    replace_in(root / f"content/pages/{name}.yml", "id: see-a-doctor", f"id: {name}")
    with pytest.raises(ProblemsError) as raised:
        load_content(root)
    assert (f"content/pages/{name}.yml:1: error: the name '{name}' is kept for a page the build writes itself; "
            "rename the file and its id") in str(raised.value)


def test_unknown_source_and_helpline_are_errors(make_project):
    root = make_project()
    replace_in(root / PAGE, "sources: [fixture-nhs, fixture-debt]", "sources: [nhs-guide, fixture-nhs, fixture-debt]")
    replace_in(root / PAGE, "helplines: [nhs-111, emergency-999]", "helplines: [nhs-111, samaritans]")
    with pytest.raises(ProblemsError) as raised:
        load_content(root)
    assert f"{PAGE}:9: error: unknown source 'nhs-guide'" in str(raised.value)
    assert f"{PAGE}:28: error: unknown directory entry 'samaritans'" in str(raised.value)


def test_duplicate_keys_are_rejected(make_project):
    root = make_project()
    replace_in(root / PAGE, "topic: health", "topic: health\ntopic: school")
    with pytest.raises(ContentError, match="duplicate key 'topic'"):
        load_content(root)


@pytest.mark.parametrize(("text", "fragment"), [
    ("Call 0808 2000 247 today.", "looks like a phone number"),
    ("Call 999 now.", "looks like a phone number"),
    ("See https://example.org for more.", "looks like a phone number, web or e-mail"),
    ("Write to help@example.org.", "e-mail"),
    ("Read [this](https://x.org).", "not allowed"),
    ("<b>Bold</b> words.", "not allowed"),
    ("Use {{ name }}.", "not allowed"),
    ("A {stray} brace.", "brace"),
    ("Some **bold text.", "unbalanced"),
])
def test_english_text_rules(text, fragment):
    assert any(fragment in problem for problem in text_problems(text))


def test_placeholders_and_nhs_111_name_are_fine():
    assert text_problems("Call {phone:nhs-111} or ask **NHS 111** online at {web:nhs-111}.") == []


# --- the guide's own content ---------------------------------------------------------------------

def test_real_content_is_sourced_dated_and_placed():
    from generator.messages import check_english_texts, check_references
    from tests.conftest import REPO
    content = load_content(REPO)
    assert check_references(content) == [] and check_english_texts(content) == []
    audiences = {audience for page in content.pages for audience in page.audiences}
    assert audiences == {"migrants", "gp-surgeries", "schools", "police"}
    for page in content.pages:
        assert page.sources and page.jurisdictions and page.last_reviewed, page.id
        assert len(page.body) >= 3 and page.next_steps, f"{page.id} is too thin to be useful"
    for item in (*content.directory.values(), *content.leaflets):
        assert item.sources and item.jurisdictions and item.last_reviewed, item.id
    used = {source for page in content.pages for source in page.sources}
    assert used <= set(content.sources)


def test_pages_for_people_who_need_help_are_plain_english():
    from generator.checks import readability
    from tests.conftest import REPO
    hard = [(row.page_id, row.grade) for row in readability(load_content(REPO)) if row.too_hard]
    assert hard == []


def test_emergency_numbers_are_on_every_page_and_the_home_page():
    from tests.conftest import REPO
    content = load_content(REPO)
    assert {content.directory[item].phone for item in content.home.urgent} == {"999", "111"}


def test_every_interface_label_tells_translators_where_it_appears():
    from generator.messages import texts
    content = load_content(REPO)
    comments = {text.context: text.comment for text in texts(content) if text.context.startswith("interface.")}
    assert len(comments) == len(content.interface.labels)
    assert len(set(comments.values())) == len(comments), "each label has its own comment"
    assert comments["interface.quick_exit"].startswith("Interface label 'quick_exit': The red button at the top")


def test_interface_label_without_where_is_an_error(make_project):
    root = make_project()
    replace_in(root / "content/interface.yml", "  where: The red button at the top of every page", "  wher: x")
    with pytest.raises(ProblemsError, match=r"content/interface.yml:\d+: error: labels.quick_exit.wher: unknown field"):
        load_content(root)


def test_the_date_placeholder_belongs_to_the_copy_date_label_only(make_project):
    root = make_project()
    replace_in(root / "content/pages/see-a-doctor.yml", "summary: You can", "summary: On {date:copy} you can")
    with pytest.raises(ProblemsError, match=r"content/pages/see-a-doctor\.yml:5: error: \{date:copy\}: the only date "
                       r"placeholder is \{date:copy\}, in the interface label copy_date"):
        load_content(root)
