"""Rendering: content and one language's catalog into Markdown pages for MkDocs.

Every text from a catalog is HTML-escaped before anything else happens to it, so
a translation can never add markup: links, phone numbers and bold come only from
the English source's placeholders and ``**`` marks.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date

from babel.dates import format_date
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from generator.citations import citation_marks, footnote_marks, source_numbers
from generator.config import Language
from generator.content import (
    AdviserReview,
    Block,
    Callout,
    ContentSet,
    DirectoryEntry,
    Page,
    Source,
    leaflet_filename,
    leaflets_for,
)
from generator.i18n import LanguageStatus, Review, Translations
from generator.messages import PLACEHOLDER, page_texts

TEMPLATES = PackageLoader("generator", "templates")
REVIEW_MAX_DAYS = 365
ABOUT_PAGE = "about"
"""The guide page that lists the advisers who checked the guide."""


@dataclass(frozen=True, slots=True)
class RenderedPage:
    """One Markdown file of one language's docs folder."""

    path: str  # relative to the language's docs folder, e.g. "see-a-doctor.md"
    markdown: str
    untranslated: int  # texts shown in English because the catalog has none


@dataclass
class _Localiser:
    """Looks texts up in one catalog and turns them into safe HTML for one page."""

    content: ContentSet
    translations: Translations
    page_titles: dict[str, str]
    english_page: str
    untranslated: int = 0
    cards_shown: set[str] = field(default_factory=set)
    """Directory entries already shown as a full card on this page."""
    reader: Language | None = None
    """The reader's language, when this text is the English half of a bilingual leaflet."""
    source_numbers: dict[str, int] = field(default_factory=dict)
    """The page's sources by id, numbered as its source list shows them."""
    footnotes: bool = False
    """Cite as printed footnote numbers (the English guides) rather than links."""

    @property
    def lang(self) -> Language:
        return self.translations.lang

    def plain(self, context: str, text: str) -> tuple[str, bool]:
        """(text to show, whether it is the English fallback) without counting it."""
        translated = self.translations.get(context, text)
        return (translated, False) if translated is not None else (text, self.lang.code != "en")

    def plain_text(self, context: str, text: str) -> str:
        """The text as plain words (placeholders shown as they read, no bold), e.g. for a description."""
        shown = str(self.inline(self.plain(context, text)[0]))
        return html.unescape(re.sub(r"<[^>]+>", "", shown))

    def label(self, key: str) -> str:
        """An interface label, translated or English."""
        return _label(self.content, self.translations, key)

    def html(self, context: str, text: str, tag: str, cite: tuple[str, ...] = (), **attributes: str) -> Markup:
        """``<tag>`` holding the translated text, marked lang="en" when it falls back, then the
        numbered links to the sources it cites."""
        shown, fallback = self.plain(context, text)
        inner = self.inline(shown)
        if fallback:
            self.untranslated += 1
            if tag in ("li", "dt", "dd"):  # list items keep the list's direction, so markers stay aligned
                inner = Markup(f"<span{_attrs(self.english_attributes())}>{inner}</span>")
            else:
                attributes = {**attributes, **self.english_attributes()}
        if self.footnotes:
            marks = footnote_marks(cite, self.source_numbers)
        else:
            marks = citation_marks(cite, self.source_numbers, self.label("source_ref"))
        return Markup(f"<{tag}{_attrs(attributes)}>{inner}{marks}</{tag}>")

    def english_attributes(self) -> dict[str, str]:
        return {"lang": "en", "dir": "ltr"} if self.lang.direction == "rtl" else {"lang": "en"}

    def inline(self, text: str) -> Markup:
        """Escape text, then turn placeholders and **bold** into markup."""
        escaped = str(escape(text))
        escaped = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", escaped)
        return Markup(PLACEHOLDER.sub(lambda match: self._placeholder(*match.groups()), escaped))

    def _placeholder(self, kind: str, item_id: str) -> str:
        if kind == "lang":
            reader = self.reader or self.lang
            if reader.code == "en":
                return "____________________"  # the English card: the reader writes their language in
            if reader != self.lang:
                return f"<bdi>{escape(reader.english_name)}</bdi>"
            return f"<bdi>{escape(reader.own_name)}</bdi> (<bdi>{escape(reader.english_name)}</bdi>)"
        if kind == "page":
            title = self.page_titles[item_id]
            return f'<a href="{item_id}.html">{escape(title)}</a>'
        entry = self.content.directory[item_id]
        return str(contact_link(entry, kind))


def _attrs(attributes: dict[str, str]) -> str:
    return "".join(f' {name.rstrip("_")}="{escape(value)}"' for name, value in attributes.items())


def contact_link(entry: DirectoryEntry, kind: str) -> Markup:
    """A directory entry's name, phone, web or e-mail as inline HTML, isolated for bidi text."""
    if kind == "org":
        return Markup(f"<bdi>{escape(entry.name)}</bdi>")
    if kind == "phone":
        return Markup(f'<a class="sta-tel" href="tel:{entry.phone.replace(" ", "")}" dir="ltr">'
                      f"{escape(entry.phone)}</a>")
    if kind == "web":
        shown = re.sub(r"^https://(www\.)?|/$", "", entry.url)
        return Markup(f'<a href="{escape(entry.url)}" rel="noopener noreferrer" dir="ltr">{escape(shown)}</a>')
    return Markup(f'<a href="mailto:{escape(entry.email)}" dir="ltr">{escape(entry.email)}</a>')


def markdown_heading(text: str, level: int, attributes: str = "") -> Markup:
    """A Markdown heading whose text can be read neither as HTML nor as Markdown syntax.

    >>> str(markdown_heading("<b>[x](y)</b>", 2, "#next"))
    '## &lt;b&gt;\\\\[x\\\\]\\\\(y\\\\)&lt;/b&gt; { #next }'
    >>> str(markdown_heading('Qu\\'est-ce "GP" ?', 2))
    '## Qu\\'est\\\\-ce "GP" ?'
    """
    escaped = re.sub(r"([\\`*_{}\[\]()#+\-.!|])", r"\\\1", html.escape(text, quote=False))
    suffix = f" {{ {attributes} }}" if attributes else ""
    return Markup(f"{'#' * level} {escaped}{suffix}")


def make_env() -> Environment:
    """The Jinja environment for page templates: strict, autoescaping HTML fragments."""
    env = Environment(loader=TEMPLATES, undefined=StrictUndefined, autoescape=True,
                      keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["heading"] = markdown_heading
    return env


# --- pages ---------------------------------------------------------------------------------------


def page_titles(content: ContentSet, translations: Translations) -> dict[str, str]:
    """Every page id's title in this language (English where untranslated)."""
    titles = {page.id: translations.get(f"{page.id}.title", page.title) or page.title
              for page in content.pages}
    titles["glossary"] = _label(content, translations, "glossary_title")
    titles["printables"] = _label(content, translations, "printables_title")
    titles["translation-status"] = _label(content, translations, "status_title")
    titles["sources"] = _label(content, translations, "sources_title")
    return titles


def _label(content: ContentSet, translations: Translations, key: str) -> str:
    """An interface label (``content/interface.yml``), translated or English."""
    english = content.interface.labels[key].text
    return translations.get(f"interface.{key}", english) or english


def render_pages(content: ContentSet, translations: Translations, today: date,
                 status: list[tuple[LanguageStatus, Language]] = (), *, source_lang: Language) -> list[RenderedPage]:
    """Every Markdown page of one language: home, guide pages, glossary, sources, printables, search
    and translation status (``status``: each translated language's figures).

    A guide page with none of its own texts translated is shown whole in English (``source_lang``),
    under one notice in the reader's language, rather than as English text among translated labels.
    """
    env = make_env()
    titles = page_titles(content, translations)
    english = Translations(source_lang, translations.path, {}, Review())
    english_titles = page_titles(content, english)
    rendered = [_render_home(env, content, translations, titles)]
    for page in content.pages:
        if translations.lang == source_lang or _any_translated(translations, page):
            rendered.append(_render_page(env, _Localiser(content, translations, titles, f"{page.id}.html",
                                                         source_numbers=source_numbers(page.sources)),
                                         page, today))
        else:
            rendered.append(_render_page(
                env, _Localiser(content, english, english_titles, f"{page.id}.html",
                                source_numbers=source_numbers(page.sources)), page, today,
                untranslated_notice=_label(content, translations, "page_untranslated_notice")))
    rendered.append(_render_glossary(env, content, translations, titles))
    rendered.append(_render_printables(env, content, translations, titles))
    loc = _Localiser(content, translations, titles, "translation-status.html")
    rendered.append(_finish(env, "translation-status.md.j2", loc, "translation-status.md",
                            title_plain=titles["translation-status"], rows=list(status),
                            **_intro(loc, "status_intro")))
    rendered.append(_finish(env, "search.md.j2", _Localiser(content, translations, titles, "search.html"),
                            "search.md", title_plain=_label(content, translations, "material.search")))
    rendered.append(_render_sources(env, content, translations, titles))
    return rendered


def _common(loc: _Localiser) -> dict:
    return {"label": loc.label, "lang": loc.lang, "review": loc.translations.review,
            "english_page": loc.english_page, "loc": loc}


def _finish(env: Environment, template: str, loc: _Localiser, path: str, **values) -> RenderedPage:
    values["title_plain"] = inert(values["title_plain"])
    # Material prints the description unescaped inside an attribute: escape quotes too.
    values["description"] = html.escape(values.get("description", ""), quote=True)
    markdown = env.get_template(template).render(**_common(loc), **values)
    return RenderedPage(path, markdown, loc.untranslated)


def _intro(loc: _Localiser, key: str) -> dict[str, str]:
    """A generated page's first paragraph (an interface label) and its description for search engines."""
    english = loc.content.interface.labels[key].text
    return {"intro": loc.html(f"interface.{key}", english, "p"),
            "description": loc.plain_text(f"interface.{key}", english)}


def _any_translated(translations: Translations, page: Page) -> bool:
    return any(translations.get(context, text) is not None for context, _, text in page_texts(page))


def _render_page(env: Environment, loc: _Localiser, page: Page, today: date,
                 untranslated_notice: str = "") -> RenderedPage:
    """A guide page; with ``untranslated_notice``, the English page inside another language."""
    content = loc.content
    ctx = f"{page.id}"
    body = [_render_block(loc, f"{ctx}.body", block) for block in page.body]
    return _finish(
        env, "page.md.j2", loc, f"{page.id}.md",
        page=page,
        title_plain=loc.plain(f"{ctx}.title", page.title)[0],
        title_md=markdown_heading(loc.plain(f"{ctx}.title", page.title)[0], 1,
                                  _attr_list(loc, f"{ctx}.title", page.title)),
        summary=loc.html(f"{ctx}.summary", page.summary, "p", class_="sta-summary"),
        description=loc.plain_text(f"{ctx}.summary", page.summary),
        jurisdiction_note=(loc.html(f"{ctx}.jurisdiction_note", page.jurisdiction_note, "p",
                                    cite=page.jurisdiction_note_cite)
                           if page.jurisdiction_note else ""),
        jurisdictions=[loc.label(f"jurisdiction.{j}") for j in page.jurisdictions],
        reviewed=format_date(page.last_reviewed, "long", locale=loc.lang.locale),
        review_date=lambda day: format_date(day, "long", locale=loc.lang.locale),
        reviewers=_reviewers(loc) if page.id == ABOUT_PAGE else None,
        overdue=(today - page.last_reviewed).days > REVIEW_MAX_DAYS,
        body=body,
        next_steps=[loc.html(f"{ctx}.next_steps", step, "li") for step in page.next_steps],
        helplines=[contact_card(loc, content.directory[item]) for item in page.helplines],
        sources=[content.sources[item] for item in page.sources],
        printables=[item for item in printable_items(content, loc.translations, loc.lang.code,
                                                     f"../{loc.lang.code}/" if untranslated_notice else "")
                    if item["page"] == page.id],
        untranslated_notice=untranslated_notice,
    )


def _reviewers(loc: _Localiser) -> list[tuple[AdviserReview, list[tuple[str, str, str, str]]]]:
    """Each adviser who signed off pages, with (page id, title, ISO date, shown date) of each."""
    by_adviser: dict[tuple[str, str, str | None], tuple[AdviserReview, list]] = {}
    for page in loc.content.pages:
        review = page.adviser_review
        if review:
            key = (review.name, review.role, review.organisation)
            checked = format_date(review.date, "long", locale=loc.lang.locale)
            by_adviser.setdefault(key, (review, []))[1].append(
                (page.id, loc.page_titles[page.id], review.date.isoformat(), checked))
    return list(by_adviser.values())


def _attr_list(loc: _Localiser, context: str, text: str) -> str:
    if loc.plain(context, text)[1]:
        return " ".join(f'{name}="{value}"' for name, value in loc.english_attributes().items())
    return ""


def _render_block(loc: _Localiser, context: str, block: Block) -> str:
    kind = block.kind
    if kind == "heading":
        shown, fallback = loc.plain(context, block.heading)
        loc.untranslated += fallback
        return markdown_heading(shown, 2, _attr_list(loc, context, block.heading))
    if kind == "paragraph":
        return str(loc.html(context, block.paragraph, "p", cite=block.cite))
    if kind in ("list", "steps"):
        tag = "ul" if kind == "list" else "ol"
        items = "".join(str(loc.html(context, item.text, "li", cite=tuple(dict.fromkeys((*block.cite, *item.cite)))))
                        for item in block.list_items)
        return f'<{tag} class="sta-{kind}">{items}</{tag}>'
    if kind in ("warning", "note"):
        return _callout(loc, context, kind, block.warning or block.note, block.cite)
    cards = "".join(str(contact_card(loc, loc.content.directory[item])) for item in block.contacts)
    return f'<div class="sta-contacts">{cards}</div>'


def _callout(loc: _Localiser, context: str, kind: str, callout: Callout, cite: tuple[str, ...] = ()) -> str:
    title = loc.html(context, callout.title, "p", class_="admonition-title")
    text = loc.html(context, callout.text, "p", cite=cite)
    return f'<div class="admonition {kind}">{title}{text}</div>'


def contact_card(loc: _Localiser, entry: DirectoryEntry) -> Markup:
    """A directory entry as a card: name, what it does, phone, web, hours, languages.

    When the page already showed the entry's card, this one keeps only its name, one way to get
    in touch (its phone number, or else its website or e-mail address) and its hours.
    """
    rows = [f'<p class="sta-contact__name"><bdi>{escape(entry.name)}</bdi></p>']
    ways = [kind for kind, key in (("phone", "phone"), ("web", "url"), ("email", "email")) if getattr(entry, key)]
    repeat = entry.id in loc.cards_shown
    loc.cards_shown.add(entry.id)
    if not repeat:
        rows.append(str(loc.html(f"directory.{entry.id}.what", entry.what, "p")))
    for kind in ways[:1] if repeat else ways:
        rows.append(f"<p>{escape(loc.label(f'contact.{kind}'))} {contact_link(entry, kind)}</p>")
    for name in ("hours",) if repeat else ("hours", "languages"):
        if getattr(entry, name):
            value = loc.html(f"directory.{entry.id}.{name}", getattr(entry, name), "span")
            rows.append(f"<p>{escape(loc.label(f'contact.{name}'))} {value}</p>")
    return Markup(f'<div class="sta-contact">{"".join(rows)}</div>')


# --- generated pages -----------------------------------------------------------------------------


def _render_home(env: Environment, content: ContentSet, translations: Translations,
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

    return _finish(
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


def _render_glossary(env: Environment, content: ContentSet, translations: Translations,
                     titles: dict[str, str]) -> RenderedPage:
    loc = _Localiser(content, translations, titles, "glossary.html")
    terms = [(loc.html("glossary.term", term.term, "dt"), loc.html("glossary.definition", term.definition, "dd"))
             for term in content.glossary]
    return _finish(env, "glossary.md.j2", loc, "glossary.md", title_plain=titles["glossary"],
                   **_intro(loc, "glossary_intro"),
                   terms=terms)


def _render_sources(env: Environment, content: ContentSet, translations: Translations,
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
    return _finish(env, "sources.md.j2", loc, "sources.md", title_plain=titles["sources"],
                   **_intro(loc, "sources_intro"),
                   sources=sources, used_by=used_by, titles=titles,
                   format_date=lambda d: format_date(d, "long", locale=loc.lang.locale))


def printable_items(content: ContentSet, translations: Translations, code: str, prefix: str = "") -> list[dict]:
    """Title, PDF link and preview of every leaflet printed in language ``code``."""
    items = []
    for leaflet in leaflets_for(content, code):
        filename = leaflet_filename(leaflet, code)
        title = translations.get(f"leaflet.{leaflet.id}", leaflet.title) or leaflet.title
        items.append({"id": leaflet.id, "page": leaflet.page, "title": title, "format": leaflet.format.upper(),
                      "href": f"{prefix}leaflets/{filename}",
                      "preview": f"{prefix}leaflets/{filename.removesuffix('.pdf')}.png"})
    return items


def _render_printables(env: Environment, content: ContentSet, translations: Translations,
                       titles: dict[str, str]) -> RenderedPage:
    loc = _Localiser(content, translations, titles, "printables.html")
    code = translations.lang.code
    english_items = [] if code == "en" else [
        item for item in printable_items(content, translations, "en", "../en/")
        if item["id"] not in {leaflet.id for leaflet in leaflets_for(content, code)}]
    return _finish(env, "printables.md.j2", loc, "printables.md", title_plain=titles["printables"],
                   **_intro(loc, "printables_intro"),
                   items=printable_items(content, translations, code), english_items=english_items)


def render_language_chooser(languages: tuple[Language, ...], content: ContentSet, quick_exit_url: str) -> str:
    """``site/index.html``: every language named in its own script, plain links, no JavaScript,
    the urgent numbers and a quick-exit link."""
    urgent = [content.directory[item] for item in content.home.urgent]
    return make_env().get_template("chooser.html.j2").render(
        languages=languages, urgent=urgent, quick_exit_url=quick_exit_url,
        quick_exit=content.interface.labels["quick_exit"].text)


def inert(text: str) -> str:
    """Text that MkDocs themes may print unescaped (titles, labels): no tag can start in it.

    The catalog check already rejects ``<``; this keeps a bypassed check harmless.

    >>> inert("A&E <script>")
    'A&E &lt;script&gt;'
    """
    return text.replace("<", "&lt;").replace(">", "&gt;")


def nav_for(content: ContentSet, translations: Translations) -> list:
    """The MkDocs ``nav`` for one language, with translated section and page titles."""
    titles = page_titles(content, translations)
    nav: list = [{inert(_label(content, translations, "site_name")): "index.md"}]
    for section in content.home.nav:
        title = translations.get("home.nav", section.title) or section.title
        nav.append({inert(title): [{inert(titles[page_id]): f"{page_id}.md"} for page_id in section.pages]})
    return nav


def interface_strings(content: ContentSet, translations: Translations) -> dict[str, str]:
    """Every interface label in this language, English where untranslated."""
    return {key: _label(content, translations, key) for key in content.interface.strings}

