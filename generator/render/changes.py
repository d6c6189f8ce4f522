"""The change log in one language: the "What changed" page and its Atom feed (``changes.xml``).

Every text from a catalog is HTML-escaped (the page) or written as XML text by ElementTree (the
feed), so a translation can add no markup to either. The feed is reproducible: its dates are the
changes' own dates and its ids are derived from the language and each entry's id, never from the
time of the build or the site's address.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from datetime import date
from urllib.parse import urljoin

from babel.dates import format_date
from jinja2 import Environment
from markupsafe import Markup

from generator.content import ContentSet
from generator.i18n import Translations
from generator.render.generated import printable_items
from generator.render.localise import (
    RenderedPage,
    _attrs,
    _Localiser,
    attr_list,
    finish,
    intro,
    markdown_heading,
    page_titles,
)
from generator.schema import Change

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FEED = "changes.xml"
PAGE = "changes.html"
_IDS = uuid.UUID("6f0b8a52-3c1e-5d55-9a1b-5afe70a5c0de")
"""Namespace of the feed's ``urn:uuid:`` ids, so they stay the same wherever the site is published."""


Link = tuple[str, str, bool]
"""(title, address, whether the title is shown in English) of a page or leaflet a change affects."""


def change_links(loc: _Localiser, change: Change) -> tuple[list[Link], list[Link]]:
    """The pages and leaflets a change affects, titled in the reader's language; a leaflet printed
    only in English links to the English PDF."""
    code = loc.lang.code
    guide = {page.id: page for page in loc.content.pages}
    pages = [(loc.page_titles[page_id], f"{page_id}.html",
              page_id in guide and loc.plain(f"{page_id}.title", guide[page_id].title)[1])
             for page_id in change.pages]
    printed = {item["id"]: (item["title"], item["href"], False)
               for item in printable_items(loc.content, loc.translations, code)}
    if code != "en":
        english = printable_items(loc.content, loc.translations, "en", "../en/")
        printed = {**{item["id"]: (item["title"], item["href"], True) for item in english}, **printed}
    return pages, [printed[leaflet_id] for leaflet_id in change.leaflets]


def _links(loc: _Localiser, items: list[Link], base: str = "") -> Markup:
    english = Markup(_attrs(loc.english_attributes()))
    return Markup(", ").join(Markup('<a href="{}"{}>{}</a>').format(urljoin(base, href), english if in_english else "",
                                                                     title)
                             for title, href, in_english in items)


def render_changes(env: Environment, content: ContentSet, translations: Translations,
                   titles: dict[str, str]) -> RenderedPage:
    """The "What changed" page: every change, newest first, with the pages and leaflets it affects,
    and a link to the feed (also announced in the page's head through ``feed`` in its front matter)."""
    loc = _Localiser(content, translations, titles, PAGE)
    entries = []
    for change in content.changes:
        context = f"changes.{change.id}"
        title, english = loc.plain(context, change.title)
        loc.untranslated += english
        pages, leaflets = change_links(loc, change)
        entries.append({
            "heading": markdown_heading(title, 2, f"#{change.id} {attr_list(loc, context, change.title)}".strip()),
            "date": change.date.isoformat(),
            "shown_date": format_date(change.date, "long", locale=loc.lang.locale),
            "text": loc.html(context, change.text, "p"),
            "pages": _links(loc, pages), "leaflets": _links(loc, leaflets),
        })
    return finish(env, "changes.md.j2", loc, "changes.md", title_plain=titles["changes"],
                  **intro(loc, "changes_intro"), entries=entries, feed=FEED,
                  feed_title=feed_title(loc), version=content.version.isoformat() if content.version else "",
                  shown_version=loc.content_version())


def feed_title(loc: _Localiser) -> str:
    return f"{loc.label('site_name')}: {loc.page_titles['changes']}"


def render_changes_feed(content: ContentSet, translations: Translations, *, site_url: str = "",
                        today: date) -> RenderedPage:
    """``changes.xml``: the change log as an Atom feed (RFC 4287) a surgery can follow.

    Links are absolute under ``site_url`` (``https://host/path/``), else relative to the feed, which
    sits beside the page. ``today`` dates a feed without entries."""
    loc = _Localiser(content, translations, page_titles(content, translations), PAGE)
    code = loc.lang.code
    base = f"{site_url}{code}/" if site_url else ""
    feed = ET.Element("feed", {"xmlns": ATOM, XML_LANG: code})
    _text(feed, "id", f"urn:uuid:{uuid.uuid5(_IDS, f'changes/{code}')}")
    _text(feed, "title", feed_title(loc))
    intro_text = content.interface.labels["changes_intro"].text
    _text(feed, "subtitle", loc.plain_text("interface.changes_intro", intro_text),
          english=loc.plain("interface.changes_intro", intro_text)[1])
    _text(feed, "updated", _timestamp(content.version or today))
    author = ET.SubElement(feed, "author")
    _text(author, "name", loc.label("site_name"))
    ET.SubElement(feed, "link", {"rel": "self", "type": "application/atom+xml", "href": base + FEED})
    ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html", "href": base + PAGE})
    for change in content.changes:
        context = f"changes.{change.id}"
        entry = ET.SubElement(feed, "entry")
        _text(entry, "id", f"urn:uuid:{uuid.uuid5(_IDS, f'changes/{code}/{change.id}')}")
        title, english = loc.plain(context, change.title)
        _text(entry, "title", title, english=english)
        _text(entry, "updated", _timestamp(change.date))
        ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html",
                                                 "href": f"{base}{PAGE}#{change.id}"})
        _text(entry, "summary", loc.plain_text(context, change.text), english=loc.plain(context, change.text)[1])
        pages, leaflets = change_links(loc, change)
        body = [str(loc.html(context, change.text, "p"))]
        for key, items in (("changes_pages", pages), ("changes_leaflets", leaflets)):
            if items:
                body.append(str(Markup("<p>{} {}</p>").format(loc.label(key), _links(loc, items, base))))
        _text(entry, "content", "".join(body), type="html")
    ET.indent(feed)
    xml = ET.tostring(feed, encoding="unicode")
    return RenderedPage(FEED, f'<?xml version="1.0" encoding="utf-8"?>\n{xml}\n', loc.untranslated)


def _text(parent: ET.Element, tag: str, text: str, *, english: bool = False, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {**attributes, **({XML_LANG: "en"} if english else {})})
    element.text = text
    return element


def _timestamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"

