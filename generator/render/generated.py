"""Pages written from data rather than from content/pages/: home, glossary, sources, printables,
the language chooser, and each language's navigation and interface labels."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from babel.dates import format_date
from jinja2 import Environment
from markupsafe import Markup, escape

from generator.config import Language
from generator.content import ContentSet, leaflet_filename, leaflets_for
from generator.i18n import Translations
from generator.messages import COPY_DATE_LABEL
from generator.render.blocks import contact_card
from generator.render.localise import (
    RenderedPage,
    _attrs,
    _Localiser,
    finish,
    inert,
    interface_label,
    intro,
    make_env,
    page_titles,
)
from generator.schema import Source


def render_home(env: Environment, content: ContentSet, translations: Translations,
                 titles: dict[str, str]) -> RenderedPage:
    loc = _Localiser(content, translations, titles, "index.html")
    home = content.home

    def links(group: str) -> list[Markup]:
        out = []
        for link in getattr(home, group):
            href = link.target if link.target.startswith("#") else f"{link.target}.html"
            text = loc.html(f"home.{group}", link.label, "span")
            out.append(Markup(f'<li><a class="sta-choice" href="{escape(href)}">{text}</a></li>'))
        return out

    return finish(
        env, "home.md.j2", loc, "index.md",
        title_plain=loc.plain("home.title", home.title)[0],
        intro=loc.html("home.intro", home.intro, "p", class_="sta-summary"),
        description=loc.plain_text("home.intro", home.intro),
        who_heading=loc.html("home.who_heading", home.who_heading, "h2", id="who-are-you"),
        who=links("who"),
        what_heading=loc.html("home.what_heading", home.what_heading, "h2", id="what-do-you-need"),
        what=links("what"),
        urgent_heading=loc.html("home.urgent_heading", home.urgent_heading, "h2", id="urgent-help"),
        urgent=[contact_card(loc, content.directory[item]) for item in home.urgent],
    )


def render_glossary(env: Environment, content: ContentSet, translations: Translations,
                     titles: dict[str, str]) -> RenderedPage:
    loc = _Localiser(content, translations, titles, "glossary.html")
    terms = [(loc.html("glossary.term", term.term, "dt"), loc.html("glossary.definition", term.definition, "dd"))
             for term in content.glossary]
    return finish(env, "glossary.md.j2", loc, "glossary.md", title_plain=titles["glossary"],
                   **intro(loc, "glossary_intro"),
                   terms=terms)


def render_sources(env: Environment, content: ContentSet, translations: Translations,
                    titles: dict[str, str]) -> RenderedPage:
    """Every source once per web address, with the pages that use it."""
    loc = _Localiser(content, translations, titles, "sources.html")
    by_address: dict[str, Source] = {}  # the first source given for each web address stands for all
    for source in content.sources.values():
        by_address.setdefault(source.url, source)
    used_by: dict[str, list[str]] = {}
    for page in content.pages:
        for item in page.sources:
            pages = used_by.setdefault(by_address[content.sources[item].url].id, [])
            if page.id not in pages:
                pages.append(page.id)
    sources = sorted(by_address.values(), key=lambda s: (s.publisher.lower(), s.title.lower()))
    return finish(env, "sources.md.j2", loc, "sources.md", title_plain=titles["sources"],
                   **intro(loc, "sources_intro"),
                   sources=sources, used_by=used_by, titles=titles,
                   format_date=lambda d: format_date(d, "long", locale=loc.lang.locale))


def printable_items(content: ContentSet, translations: Translations, code: str, prefix: str = "") -> list[dict]:
    """Title, PDF link and preview of every leaflet printed in language ``code``, then the welcome
    poster (every language on one sheet, printed with the English leaflets), titled with the promise
    it shows in the reader's language."""
    items = []
    welcome = [leaflet for leaflet in content.leaflets if leaflet.kind == "welcome"] if code != "en" else []
    for leaflet in leaflets_for(content, code) + welcome:
        where, folder = ("en", "../en/") if leaflet in welcome else (code, prefix)
        filename = leaflet_filename(leaflet, where)
        shown = leaflet.text_from if leaflet in welcome else leaflet.id
        title = translations.get(f"leaflet.{shown}", leaflet.title) or leaflet.title
        items.append({"id": leaflet.id, "page": leaflet.page, "title": title, "format": leaflet.format.upper(),
                      "href": f"{folder}leaflets/{filename}",
                      "preview": f"{folder}leaflets/{filename.removesuffix('.pdf')}.png"})
    return items


def render_printables(env: Environment, content: ContentSet, translations: Translations,
                       titles: dict[str, str]) -> RenderedPage:
    loc = _Localiser(content, translations, titles, "printables.html")
    code = translations.lang.code
    english_items = [] if code == "en" else [
        item for item in printable_items(content, translations, "en", "../en/")
        if item["id"] not in {leaflet.id for leaflet in content.leaflets if leaflet.languages == "all"}]
    return finish(env, "printables.md.j2", loc, "printables.md", title_plain=titles["printables"],
                   **intro(loc, "printables_intro"),
                   items=printable_items(content, translations, code), english_items=english_items)


def render_language_chooser(languages: tuple[Language, ...], content: ContentSet, quick_exit_url: str) -> str:
    """``site/index.html``: every language named in its own script, plain links, no JavaScript,
    the urgent numbers and a quick-exit link."""
    urgent = [content.directory[item] for item in content.home.urgent]
    return make_env().get_template("chooser.html.j2").render(
        languages=languages, urgent=urgent, quick_exit_url=quick_exit_url,
        quick_exit=content.interface.labels["quick_exit"].text)


def page_menu(content: ContentSet, translations: Translations, english: Collection[str] = ()) -> list:
    """The drawer's page menu, as plain text for ``theme/assets/nav.js``: [address, title, language] of a
    page (language "en" for the pages in ``english``, shown in English here), [title, [pages]] of a section."""
    titles = page_titles(content, translations)
    menu: list = [["index.html", interface_label(content, translations, "site_name"), ""]]
    for section in content.home.nav:
        menu.append([translations.get("home.nav", section.title) or section.title,
                     [[f"{page_id}.html", titles[page_id], "en" if page_id in english else ""]
                      for page_id in section.pages]])
    return menu


def nav_for(content: ContentSet, translations: Translations) -> list:
    """The MkDocs ``nav`` for one language, with translated section and page titles: the entries of
    :func:`page_menu`."""
    def md(entry: list) -> dict:
        return {inert(entry[1]): entry[0].removesuffix(".html") + ".md"}
    return [md(entry) if isinstance(entry[1], str) else {inert(entry[0]): [md(page) for page in entry[1]]}
            for entry in page_menu(content, translations)]


def interface_strings(content: ContentSet, translations: Translations) -> dict[str, str]:
    """Every interface label in this language, English where untranslated."""
    return {key: interface_label(content, translations, key) for key in content.interface.labels}


def copy_date_line(content: ContentSet, translations: Translations, day: date, *, source_lang: Language) -> str:
    """The line under every page that dates this copy of the site ("This copy is from December 6, 2026"),
    as escaped HTML; in English with an English date, marked ``lang="en"``, until it is translated."""
    english = content.interface.labels[COPY_DATE_LABEL].text
    translated = translations.get(f"interface.{COPY_DATE_LABEL}", english)
    lang = translations.lang if translated is not None else source_lang
    when = Markup('<time datetime="{}">{}</time>').format(day.isoformat(), format_date(day, "long", locale=lang.locale))
    text = str(escape(translated if translated is not None else english)).replace("{date:copy}", when)
    english_marks = {"lang": "en", "dir": "ltr"} if translations.lang.direction == "rtl" else {"lang": "en"}
    attributes = {"class": "sta-copy-date", **(english_marks if lang != translations.lang else {})}
    return f"<p{_attrs(attributes)}>{text}</p>"
