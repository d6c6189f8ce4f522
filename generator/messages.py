"""Translatable messages and the rules for English text: what the catalogs hold, where each
message comes from, and the checks that every placeholder and link points somewhere real."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.errors import Location, Problem

if TYPE_CHECKING:
    from generator.content import ContentSet
    from generator.schema import Block, Home, Leaflet, Page

PLACEHOLDER = re.compile(r"\{(phone|org|web|email|page|lang|date):([a-z0-9-]+)\}")
"""``{kind:id}`` in text: a directory entry's phone, name, web address or e-mail, a page link,
``{lang:name}``, the reader's language named in itself and in English (on leaflets), or
``{date:copy}``, the date of this copy of the site (only in the interface label ``copy_date``)."""


COPY_DATE_LABEL = "copy_date"
"""The interface label at the foot of every page that dates this copy of the site with ``{date:copy}``."""

GENERATED_PAGES = frozenset({"glossary", "sources", "printables", "translation-status", "changes"})
"""Pages the build writes from data rather than from content/pages/."""
SOURCE_LIST_SUFFIX = "-sources"
"""Each guide page's numbered source list is a page of its own: ``see-a-doctor-sources.html``."""


def source_list_page(page_id: str) -> str:
    """The address of a guide page's source list.

    >>> source_list_page("see-a-doctor")
    'see-a-doctor-sources.html'
    """
    return f"{page_id}{SOURCE_LIST_SUFFIX}.html"


def nation_page(page_id: str, anchor: str) -> str:
    """The address of a guide page's section for readers in other nations, a page of its own.

    >>> nation_page("see-a-doctor", "wales")
    'see-a-doctor-wales.html'
    """
    return f"{page_id}-{anchor}.html"


def reserved_page_id(page_id: str) -> bool:
    """Whether a content page would take the address of a page the build writes."""
    return page_id in GENERATED_PAGES | {"index", "search", "404"} or page_id.endswith(SOURCE_LIST_SUFFIX)


@dataclass(frozen=True, slots=True)
class Text:
    """One translatable message: its gettext context, English text and origin."""

    context: str
    text: str
    location: Location
    comment: str


AUDIENCE_NAMES = {"migrants": "people who need help (plain words, reading age 9 to 11)",
                  "gp-surgeries": "GP surgery staff", "schools": "school staff", "police": "police officers"}

_RAW_CONTACT = re.compile(
    r"https?://|www\.|\S+@\S+\.\S+|\b0\d{2,4}[ \d]{5,}\d\b|(?<!NHS )\b(999|111|101|112)\b")
_MARKUP = re.compile(r"<[a-zA-Z!/]|\]\(|!\[|\{\{|\{%|`")


def page_texts(page: Page) -> Iterator[tuple[str, str, str]]:
    """(context, dotted field path, text) for every translatable text of a page."""
    yield f"{page.id}.title", "title", page.title
    yield f"{page.id}.summary", "summary", page.summary
    if page.jurisdiction_note:
        yield f"{page.id}.jurisdiction_note", "jurisdiction_note", page.jurisdiction_note
    for block_path, block in page.blocks():  # the body, then each nation section
        for path, text in _block_texts(block, block_path):
            yield f"{page.id}.body", path, text
    for index, step in enumerate(page.next_steps):
        yield f"{page.id}.next_steps", f"next_steps.{index}", step


def _block_texts(block: Block, path: str) -> Iterator[tuple[str, str]]:
    if block.heading:
        yield f"{path}.heading", block.heading
    if block.paragraph:
        yield f"{path}.paragraph", block.paragraph
    for name, items in (("list", block.items), ("steps", block.steps)):
        for index, item in enumerate(items or ()):
            yield f"{path}.{name}.{index}", item.text
    for name, callout in (("warning", block.warning), ("note", block.note)):
        if callout:
            yield f"{path}.{name}.title", callout.title
            yield f"{path}.{name}.text", callout.text


def texts(content: ContentSet) -> Iterator[Text]:
    """Every translatable message of the project, with context, origin and translator comment."""
    for page in content.pages:
        readers = ", ".join(AUDIENCE_NAMES[a] for a in page.audiences)
        for context, path, text in page_texts(page):
            where = f"Page \"{page.title}\" ({page.id}), {_describe(path, page)}. Read by {readers}."
            yield Text(context, text, content.where(f"page:{page.id}", path), _comment(where, text))
    for entry in content.directory.values():
        for name in ("what", "hours", "languages"):
            text = getattr(entry, name)
            if text:
                where = f"Directory entry {entry.name}: {name}. Shown on pages and leaflets."
                yield Text(f"directory.{entry.id}.{name}", text,
                           content.where(f"dir:{entry.id}", name), _comment(where, text))
    for term in content.glossary:
        for name in ("term", "definition"):
            note = f" Note: {term.translator_note}" if term.translator_note else ""
            where = f"Glossary {name} for \"{term.term}\".{note}"
            yield Text(f"glossary.{name}", getattr(term, name),
                       content.where(f"glossary:{term.term}", name), _comment(where, getattr(term, name)))
    for path, text in _home_texts(content.home):
        yield Text(f"home.{path.split('.')[0]}", text, content.where("home", path),
                   _comment(f"Home page, {_describe(path)}. Read by everyone.", text))
    for leaflet in content.leaflets:
        if leaflet.languages == "english" or leaflet.kind == "welcome":  # the welcome poster reuses text_from's
            continue  # the guides for professionals are printed in English only
        for context, path, text in leaflet_texts(leaflet):
            limit = max(40, round(len(text) * 1.4))
            where = (f"Leaflet \"{leaflet.title}\" ({leaflet.format.upper()} {leaflet.kind}), {_describe(path)}. "
                     f"Printed; keep it under {limit} characters so it fits.")
            yield Text(context, text, content.where(f"leaflet:{leaflet.id}", path), _comment(where, text))
    for change in content.changes:
        for name in ("title", "text"):
            where = (f"What changed, the entry of {change.date.isoformat()} ({change.id}): its {name}. Read by people "
                     "who printed leaflets (practice managers, teachers) and by readers; also in the changes feed.")
            yield Text(f"changes.{change.id}", getattr(change, name), content.where(f"change:{change.id}", name),
                       _comment(where, getattr(change, name)))
    for key, label in content.interface.labels.items():
        yield Text(f"interface.{key}", label.text, content.where("interface", f"{key}.text"),
                   _comment(f"Interface label {key!r}: {label.where}", label.text))


def leaflet_texts(leaflet: Leaflet) -> Iterator[tuple[str, str, str]]:
    """(context, dotted field path, text) for every translatable text of a leaflet."""
    context = f"leaflet.{leaflet.id}"
    yield context, "title", leaflet.title
    if leaflet.subtitle:
        yield context, "subtitle", leaflet.subtitle
    for index, section in enumerate(leaflet.sections):
        yield context, f"sections.{index}.heading", section.heading
        for number, item in enumerate(section.items):
            yield context, f"sections.{index}.items.{number}", item.text
    if leaflet.warning:
        yield context, "warning.title", leaflet.warning.title
        for number, item in enumerate(leaflet.warning.items):
            yield context, f"warning.items.{number}", item.text


def _home_texts(home: Home) -> Iterator[tuple[str, str]]:
    for name in ("title", "intro", "who_heading", "what_heading", "urgent_heading"):
        yield name, getattr(home, name)
    for group in ("who", "what"):
        for index, link in enumerate(getattr(home, group)):
            yield f"{group}.{index}.label", link.label
    for index, section in enumerate(home.nav):
        yield f"nav.{index}.title", section.title


NATION_NAMES = {"wales": "Wales", "scotland": "Scotland", "northern-ireland": "Northern Ireland"}


def _describe(path: str, page: Page | None = None) -> str:
    """A field path in words for translators; a nation section's text names its nations."""
    if page is not None and path.startswith("nations."):
        _, number, rest = path.split(".", 2)
        nations = " and ".join(NATION_NAMES[n] for n in page.nations[int(number)].jurisdictions)
        return f"the section for readers in {nations}, {_describe(rest.removeprefix('body.'))}"
    parts = [part for part in path.split(".") if not part.isdigit()]
    return " ".join(parts).replace("_", " ")


def _comment(where: str, text: str) -> str:
    placeholders = sorted(set(PLACEHOLDER.findall(text)))
    if not placeholders:
        return where
    kinds = {"phone": "a phone number", "org": "an organisation's name", "web": "a web address",
             "email": "an e-mail address", "page": "a link to another page",
             "lang": "the name of the reader's language",
             "date": "the date, e.g. 6 December 2026, written in your language"}
    keep = "; ".join(f"{{{kind}:{item}}} = {kinds[kind]}" for kind, item in placeholders)
    return f"{where} Keep these placeholders exactly as written: {keep}."


def check_references(content: ContentSet) -> list[Problem]:
    """Every id a page, placeholder or directory entry uses must exist."""
    problems = []
    page_ids = {page.id for page in content.pages} | GENERATED_PAGES

    def need(ids, known, item, path, what):
        for index, item_id in enumerate(ids):
            if item_id not in known:
                problems.append(Problem(content.where(item, f"{path}.{index}"),
                                        f"unknown {what} {item_id!r}; known: {', '.join(sorted(known))}"))

    for page in content.pages:
        item = f"page:{page.id}"
        need(page.sources, content.sources, item, "sources", "source")
        need(page.helplines, content.directory, item, "helplines", "directory entry")
        for path, block in page.blocks():
            need(block.contacts or (), content.directory, item, f"{path}.contacts", "directory entry")
    for entry in content.directory.values():
        need(entry.sources, content.sources, f"dir:{entry.id}", "sources", "source")
    for leaflet in content.leaflets:
        item = f"leaflet:{leaflet.id}"
        need(leaflet.sources, content.sources, item, "sources", "source")
        need(leaflet.helplines, content.directory, item, "helplines", "directory entry")
        if leaflet.page != "index" and leaflet.page not in page_ids:
            problems.append(Problem(content.where(item, "page"), f"unknown page {leaflet.page!r} for the QR code"))
    leaflet_ids = {leaflet.id for leaflet in content.leaflets}
    for change in content.changes:
        need(change.pages, page_ids, f"change:{change.id}", "pages", "page")
        need(change.leaflets, leaflet_ids, f"change:{change.id}", "leaflets", "leaflet")
    need(content.home.urgent, content.directory, "home", "urgent", "directory entry")
    for index, section in enumerate(content.home.nav):
        need(section.pages, page_ids, "home", f"nav.{index}.pages", "page")
    for group in ("who", "what"):
        for index, link in enumerate(getattr(content.home, group)):
            if not link.target.startswith("#") and link.target not in page_ids:
                problems.append(Problem(content.where("home", f"{group}.{index}.target"),
                                        f"unknown page {link.target!r}; use a page id or #what-do-you-need"))
    for text in texts(content):
        for kind, item_id in PLACEHOLDER.findall(text.text):
            problems.extend(_placeholder_problem(content, text, kind, item_id, page_ids))
    return problems


def _placeholder_problem(content: ContentSet, text: Text, kind: str, item_id: str,
                         page_ids: set[str]) -> list[Problem]:
    if kind == "lang":
        return [] if item_id == "name" else [Problem(text.location, "the only language placeholder is {lang:name}")]
    if kind == "date":
        if item_id == "copy" and text.context == f"interface.{COPY_DATE_LABEL}":
            return []
        return [Problem(text.location, f"{{date:{item_id}}}: the only date placeholder is {{date:copy}}, "
                                       f"in the interface label {COPY_DATE_LABEL}")]
    if kind == "page":
        if item_id not in page_ids:
            return [Problem(text.location, f"{{page:{item_id}}} links to a page that does not exist")]
        return []
    entry = content.directory.get(item_id)
    if entry is None:
        return [Problem(text.location,
                        f"{{{kind}:{item_id}}}: no directory entry {item_id!r} in content/directory.yml")]
    field_name = {"phone": "phone", "web": "url", "email": "email", "org": "name"}[kind]
    if not getattr(entry, field_name):
        return [Problem(text.location, f"{{{kind}:{item_id}}}: directory entry {item_id!r} has no {field_name}")]
    return []


def check_english_texts(content: ContentSet) -> list[Problem]:
    """English text must hold no raw contacts or markup, and only well-formed placeholders."""
    problems = []
    for text in texts(content):
        problems.extend(Problem(text.location, message) for message in text_problems(text.text))
    return problems


def text_problems(text: str) -> list[str]:
    """What is wrong with one English text, in words an author can act on."""
    problems = []
    raw = _RAW_CONTACT.search(PLACEHOLDER.sub("", text))
    if raw:
        problems.append(f"{raw.group(0)!r} looks like a phone number, web or e-mail address: put it in "
                        "content/directory.yml and write a placeholder such as {phone:id}")
    if _MARKUP.search(PLACEHOLDER.sub("", text)):
        problems.append("HTML, Markdown links, images and template syntax are not allowed in text; "
                        "use a placeholder such as {page:id} or {web:id}")
    stray = PLACEHOLDER.sub("", text)
    if "{" in stray or "}" in stray:
        problems.append("a brace that is not a placeholder; placeholders look like {phone:nhs-111}")
    if text.count("**") % 2:
        problems.append("unbalanced ** (bold); write **words** with a pair")
    return problems
