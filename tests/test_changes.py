"""The change log: schema errors at their line, the "What changed" page in a translated language, and
the Atom feed a surgery can follow (valid, reproducible, relative or absolute links)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest

from generator.content import load_content
from generator.errors import ProblemsError
from generator.render import _Localiser, page_titles, render_changes_feed
from tests.conftest import replace_in
from tests.test_render import _page, _render, _translations
from tests.test_site import page_menu_list

A = "{http://www.w3.org/2005/Atom}"
CHANGES = "content/changes.yml"
TODAY = date(2026, 12, 6)


@pytest.fixture
def mini(make_project):
    root = make_project()
    return root, load_content(root)


def _feed(root, content, code="en", strings=None, site_url=""):
    feed = render_changes_feed(content, _translations(root, code, strings or {}), site_url=site_url, today=TODAY)
    assert feed.path == "changes.xml"
    return feed.markdown, ET.fromstring(feed.markdown.encode("utf-8"))


def test_feed_is_valid_atom_and_lists_the_changes_newest_first(mini):
    root, content = mini
    text, feed = _feed(root, content)
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"')
    assert feed.tag == f"{A}feed" and feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    for required in ("id", "title", "updated"):
        assert feed.findtext(f"{A}{required}"), required
    assert feed.findtext(f"{A}author/{A}name") == "Safe to Ask"
    assert feed.findtext(f"{A}title") == "Safe to Ask: What changed"
    assert feed.findtext(f"{A}updated") == "2026-11-20T00:00:00Z", "the latest change, not the build time"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{A}link")}
    assert links == {"self": "changes.xml", "alternate": "changes.html"}
    entries = feed.findall(f"{A}entry")
    titles = [entry.findtext(f"{A}title") for entry in entries]
    assert titles == ["NHS debts and payment plans", "Registering with a GP"], "newest first"
    for entry in entries:
        assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", entry.findtext(f"{A}id"))
        assert re.fullmatch(r"2026-11-\d\dT00:00:00Z", entry.findtext(f"{A}updated"))
    debts = entries[0]
    assert debts.find(f"{A}link").get("href") == "changes.html#debts-2026-11"
    assert debts.findtext(f"{A}summary") == ("An NHS debt of £500 or more is not reported while you keep to a "
                                             "payment plan. Call 111 for help.")
    html = debts.findtext(f"{A}content")
    assert debts.find(f"{A}content").get("type") == "html"
    assert '<a href="see-a-doctor.html">Seeing a doctor</a>' in html
    assert '<a href="leaflets/rights-a5-en.pdf">' in html and '<a href="leaflets/gp-guide-a4-en.pdf">' in html
    assert len({entry.findtext(f"{A}id") for entry in entries} | {feed.findtext(f"{A}id")}) == 3


def test_feed_links_are_absolute_with_a_site_address_and_ids_do_not_move(mini):
    root, content = mini
    _, relative = _feed(root, content, "ar")
    text, feed = _feed(root, content, "ar", site_url="https://guide.example/safe/")
    assert text == _feed(root, content, "ar", site_url="https://guide.example/safe/")[0], "reproducible"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{A}link")}
    assert links == {"self": "https://guide.example/safe/ar/changes.xml",
                     "alternate": "https://guide.example/safe/ar/changes.html"}
    entry = feed.find(f"{A}entry")
    assert entry.find(f"{A}link").get("href") == "https://guide.example/safe/ar/changes.html#debts-2026-11"
    content_html = entry.findtext(f"{A}content")
    assert 'href="https://guide.example/safe/en/leaflets/gp-guide-a4-en.pdf" lang="en" dir="ltr"' in content_html
    assert 'href="https://guide.example/safe/ar/leaflets/rights-a5-ar.pdf"' in content_html
    ids = lambda f: [element.text for element in f.iter(f"{A}id")]  # noqa: E731
    assert ids(feed) == ids(relative), "ids do not depend on where the site is published"
    assert ids(feed) != ids(_feed(root, content, "en")[1]), "each language's feed has its own ids"


def test_hostile_translation_is_text_in_the_feed(mini):
    root, content = mini
    hostile = '<script>alert(1)</script> ]]> &amp;'
    _, feed = _feed(root, content, "ar", {("changes.debts-2026-11", "NHS debts and payment plans"): hostile})
    entry = feed.find(f"{A}entry")
    assert entry.findtext(f"{A}title") == hostile, "kept as text, never as markup"
    assert entry.find(f"{A}title").get("{http://www.w3.org/XML/1998/namespace}lang") is None
    assert entry.find(f"{A}summary").get("{http://www.w3.org/XML/1998/namespace}lang") == "en", "untranslated"


AR = {
    ("interface.changes_title", "What changed"): "ما الذي تغيّر",
    ("interface.changes_pages", "Pages:"): "الصفحات:",
    ("changes.debts-2026-11", "NHS debts and payment plans"): "ديون NHS وخطط الدفع",
    ("changes.debts-2026-11", "An NHS debt of £500 or more is not reported while you keep to a payment plan. "
                              "Call {phone:nhs-111} for help."):
        "لا يتم الإبلاغ عن دين NHS بقيمة £500 أو أكثر ما دمت تلتزم بخطة الدفع. اتصل بالرقم {phone:nhs-111} للمساعدة.",
    ("see-a-doctor.title", "Seeing a doctor"): "رؤية الطبيب",
}


def test_what_changed_page_lists_the_changes_in_a_translated_language(mini):
    root, content = mini
    markdown = _page(_render(root, content, "ar", AR), "changes.md")
    assert "# ما الذي تغيّر" in markdown
    assert 'feed: "changes.xml"' in markdown, "the page's head announces the feed"
    assert '<a href="changes.xml" type="application/atom+xml">' in markdown
    assert "## ديون NHS وخطط الدفع { #debts-2026-11 }" in markdown
    assert '<a class="sta-tel" href="tel:111" dir="ltr">111</a>' in markdown
    assert "<li>الصفحات: <a href=\"see-a-doctor.html\">رؤية الطبيب</a>" in markdown
    assert '<a href="for-gp-surgeries.html" lang="en" dir="ltr">For GP surgeries</a>' in markdown
    assert '<a href="../en/leaflets/gp-guide-a4-en.pdf" lang="en" dir="ltr">' in markdown
    assert '<time datetime="2026-11-20">20 نوفمبر 2026</time>' in markdown
    assert markdown.index("debts-2026-11") < markdown.index("registration-2026-11"), "newest first"
    assert '## Registering with a GP { #registration-2026-11 lang="en" dir="ltr" }' in markdown
    assert "sta-untranslated" in markdown, "says that parts are still in English"


def test_leaflets_can_print_the_content_version(mini):
    root, content = mini
    assert content.version == date(2026, 11, 20)
    loc = _Localiser(content, _translations(root, "ar", {}), page_titles(content, _translations(root, "ar", {})), "")
    assert loc.content_version() == "20 نوفمبر 2026"


def test_no_change_log_means_an_empty_page_and_feed(make_project):
    root = make_project()
    (root / CHANGES).unlink()
    content = load_content(root)
    assert content.changes == () and content.version is None
    assert "Nothing has changed yet." in _page(_render(root, content, "en", {}), "changes.md")
    _, feed = _feed(root, content)
    assert feed.findall(f"{A}entry") == [] and feed.findtext(f"{A}updated") == "2026-12-06T00:00:00Z"


FUTURE = (date.today() + timedelta(days=3)).isoformat()
BAD_CHANGES = [
    ("pages: [see-a-doctor]\n", "pages: [see-a-dokter]\n",
     r"content/changes.yml:6: error: unknown page 'see-a-dokter'"),
    ("leaflets: [rights-a5, gp-guide-a4]", "leaflets: [rights-a5, gp-poster]",
     r"content/changes.yml:13: error: unknown leaflet 'gp-poster'"),
    ("date: 2026-11-20", f"date: {FUTURE}", rf"content/changes.yml:9: error: date: {FUTURE} is in the future"),
    ("  title: Registering with a GP\n", "", r"content/changes.yml:2: error: title: this required field is missing"),
    ("  pages: [see-a-doctor]\n\n", "\n", r"content/changes.yml:2: error: this item: name the pages or leaflets"),
    ("id: debts-2026-11", "id: registration-2026-11", r"content/changes.yml:\d+: error: id 'registration-2026-11' is "
                                                       "used twice"),
    ("  title: NHS debts", "  titel: NHS debts", r"content/changes.yml:10: error: titel: unknown field"),
    ("text: You do not need ID", "text: See https://nhs.uk, you do not need ID",
     r"content/changes.yml:5: error: 'https://' looks like a phone number, web or e-mail address"),
]


@pytest.mark.parametrize(("old", "new", "message"), BAD_CHANGES,
                         ids=["page", "leaflet", "future", "missing", "affects-nothing", "duplicate", "field", "link"])
def test_bad_change_entries_are_reported_at_their_line(make_project, old, new, message):
    root = make_project()
    replace_in(root / CHANGES, old, new)
    with pytest.raises(ProblemsError) as error:
        load_content(root)
    assert re.search(message, str(error.value)), str(error.value)


def test_built_site_has_the_page_and_feed_in_every_language(built_mini):
    for code in ("en", "ar", "ti"):
        html = (built_mini / "site" / code / "changes.html").read_text(encoding="utf-8")
        assert re.search(r'<link rel="alternate" type="application/atom\+xml" href="changes.xml" title="[^"]+">',
                         html.split("</head>")[0])
        assert 'id="debts-2026-11"' in html
        feed = ET.fromstring((built_mini / "site" / code / "changes.xml").read_bytes())
        assert len(feed.findall(f"{A}entry")) == 2
    menu = [page[0] for section in page_menu_list(built_mini / "site/en")[1:] for page in section[1]]
    assert "changes.html" in menu, "in the menu"
