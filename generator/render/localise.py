"""What every rendered page shares: the localiser that turns one catalog's texts into safe HTML,
Markdown headings, interface labels and the Jinja environment.

Every text from a catalog is HTML-escaped before anything else happens to it, so a translation
can never add markup: links, phone numbers and bold come only from the English source's
placeholders and ``**`` marks.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from babel.dates import format_date
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from generator.citations import citation_marks, footnote_marks
from generator.config import Language
from generator.content import ContentSet
from generator.i18n import Translations
from generator.messages import PLACEHOLDER
from generator.schema import DirectoryEntry

TEMPLATES = PackageLoader("generator", "templates")


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
    source_list: str = ""
    """The address of the page's source list (``see-a-doctor-sources.html``), where citations link."""
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
        return interface_label(self.content, self.translations, key)

    def html(self, context: str, text: str, tag: str, cite: tuple[str, ...] = (), **attributes: str) -> Markup:
        """``<tag>`` holding the translated text, marked lang="en" when it falls back, then the
        numbered links to the sources it cites."""
        shown, fallback = self.plain(context, text)
        if self.footnotes:
            marks = footnote_marks(cite, self.source_numbers)
        else:
            marks = citation_marks(cite, self.source_numbers, self.label("source_ref"), self.source_list)
        inner = self.inline(shown)
        if fallback:
            self.untranslated += 1
            if tag in ("li", "dt", "dd"):  # list items keep the list's direction, so markers stay aligned;
                # the citation stays with its English text, after it, even in a right-to-left list
                return Markup(f"<{tag}{_attrs(attributes)}><span{_attrs(self.english_attributes())}>{inner}{marks}"
                              f"</span></{tag}>")
            attributes = {**attributes, **self.english_attributes()}
        return Markup(f"<{tag}{_attrs(attributes)}>{inner}{marks}</{tag}>")

    def content_version(self) -> str:
        """The guide's version, the date of its latest change (``content/changes.yml``), written in
        this language, e.g. "6 December 2026"; "" without a change log. Printed leaflets show it."""
        version = self.content.version
        return format_date(version, "long", locale=self.lang.locale) if version else ""

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


def page_titles(content: ContentSet, translations: Translations) -> dict[str, str]:
    """Every page id's title in this language (English where untranslated)."""
    titles = {page.id: translations.get(f"{page.id}.title", page.title) or page.title
              for page in content.pages}
    titles["glossary"] = interface_label(content, translations, "glossary_title")
    titles["printables"] = interface_label(content, translations, "printables_title")
    titles["translation-status"] = interface_label(content, translations, "status_title")
    titles["sources"] = interface_label(content, translations, "sources_title")
    titles["changes"] = interface_label(content, translations, "changes_title")
    return titles


def interface_label(content: ContentSet, translations: Translations, key: str) -> str:
    """An interface label (``content/interface.yml``), translated or English."""
    english = content.interface.labels[key].text
    return translations.get(f"interface.{key}", english) or english


def _common(loc: _Localiser) -> dict:
    return {"label": loc.label, "lang": loc.lang, "review": loc.translations.review,
            "english_page": loc.english_page, "loc": loc}


def finish(env: Environment, template: str, loc: _Localiser, path: str, **values) -> RenderedPage:
    values["title_plain"] = inert(values["title_plain"])
    # Material prints the description unescaped inside an attribute: escape quotes too.
    values["description"] = html.escape(values.get("description", ""), quote=True)
    markdown = env.get_template(template).render(**_common(loc), **values)
    return RenderedPage(path, markdown, loc.untranslated)


def intro(loc: _Localiser, key: str) -> dict[str, str]:
    """A generated page's first paragraph (an interface label) and its description for search engines."""
    english = loc.content.interface.labels[key].text
    return {"intro": loc.html(f"interface.{key}", english, "p"),
            "description": loc.plain_text(f"interface.{key}", english)}


def attr_list(loc: _Localiser, context: str, text: str) -> str:
    if loc.plain(context, text)[1]:
        return " ".join(f'{name}="{value}"' for name, value in loc.english_attributes().items())
    return ""


def inert(text: str) -> str:
    """Text that MkDocs themes may print unescaped (titles, labels): no tag can start in it.

    The catalog check already rejects ``<``; this keeps a bypassed check harmless.

    >>> inert("A&E <script>")
    'A&E &lt;script&gt;'
    """
    return text.replace("<", "&lt;").replace(">", "&gt;")
