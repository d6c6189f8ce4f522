"""Content loading: YAML with line numbers, the schema, and ``load_content``."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from generator.errors import ContentError, Location, Problem, ProblemsError

Audience = Literal["migrants", "gp-surgeries", "schools", "police"]
Topic = Literal["health", "school", "crime", "data", "help", "about"]
Jurisdiction = Literal["england", "wales", "scotland", "northern-ireland", "uk"]
Slug = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")

PLACEHOLDER = re.compile(r"\{(phone|org|web|email|page|lang):([a-z0-9-]+)\}")
"""``{kind:id}`` in text: a directory entry's phone, name, web address or e-mail, a page link,
or ``{lang:name}``, the reader's language named in itself and in English (on leaflets)."""


GENERATED_PAGES = frozenset({"glossary", "sources", "printables", "translation-status"})
"""Pages the build writes from data rather than from content/pages/."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Source(_Model):
    id: str = Slug
    publisher: str
    """Who published it, e.g. British Medical Association."""
    title: str
    url: str = Field(pattern=r"^https://[^\s]+$")
    date: dt.date | None = None
    """The source's own publication or update date; omitted when undated."""


class DirectoryEntry(_Model):
    id: str = Slug
    name: str
    """Never translated, so it is the same in every language."""
    what: str
    phone: str | None = Field(default=None, pattern=r"^[0-9][0-9 ]*[0-9]$")
    url: str | None = Field(default=None, pattern=r"^https://[^\s]+$")
    email: str | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+\.[a-z]+$")
    hours: str | None = None
    languages: str | None = None
    jurisdictions: tuple[Jurisdiction, ...] = Field(min_length=1)
    sources: tuple[str, ...] = Field(min_length=1)
    last_reviewed: dt.date

    @model_validator(mode="after")
    def _reachable(self) -> DirectoryEntry:
        if not (self.phone or self.url or self.email):
            raise ValueError("give at least one of phone, url or email")
        return self


class Callout(_Model):
    title: str
    text: str


BLOCK_KINDS = ("heading", "paragraph", "list", "steps", "warning", "note", "contacts")


class Block(_Model):
    """One block of a page body: exactly one of the fields below."""

    heading: str | None = None
    paragraph: str | None = None
    items: tuple[str, ...] | None = Field(default=None, alias="list")
    steps: tuple[str, ...] | None = None
    warning: Callout | None = None
    note: Callout | None = None
    contacts: tuple[str, ...] | None = None

    @model_validator(mode="before")
    @classmethod
    def _one_kind(cls, data: Any) -> Any:
        if not isinstance(data, dict) or len(data) != 1 or next(iter(data)) not in BLOCK_KINDS:
            raise ValueError(f"a body block is a mapping with exactly one of: {', '.join(BLOCK_KINDS)}")
        return data

    @property
    def kind(self) -> str:
        return next(name for name in BLOCK_KINDS if getattr(self, "items" if name == "list" else name))


class Page(_Model):
    id: str = Slug
    audiences: tuple[Audience, ...] = Field(min_length=1)
    topic: Topic
    title: str
    summary: str
    jurisdictions: tuple[Jurisdiction, ...] = Field(min_length=1)
    jurisdiction_note: str | None = None
    """How the other nations differ; required unless the page is UK-wide."""
    last_reviewed: dt.date
    """The day a person last checked every fact on the page against its sources."""
    sources: tuple[str, ...] = Field(min_length=1)
    body: tuple[Block, ...] = Field(min_length=1)
    next_steps: tuple[str, ...] = Field(min_length=1)
    """Shown as "What you can do next"."""
    helplines: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _note_when_not_uk(self) -> Page:
        if self.jurisdictions != ("uk",) and not self.jurisdiction_note:
            raise ValueError("jurisdiction_note is required unless jurisdictions is [uk]: "
                             "say how Wales, Scotland and Northern Ireland differ")
        return self


class GlossaryTerm(_Model):
    term: str
    definition: str
    translator_note: str | None = None


class HomeLink(_Model):
    label: str
    target: str
    """A page id, or ``#what-you-need`` for the "What do you need?" section."""


class Home(_Model):
    """The home page of every language (``content/site.yml``)."""

    title: str
    intro: str
    who_heading: str
    who: tuple[HomeLink, ...] = Field(min_length=1)
    what_heading: str
    what: tuple[HomeLink, ...] = Field(min_length=1)
    urgent_heading: str
    urgent: tuple[str, ...] = Field(min_length=1)
    nav: tuple[NavSection, ...] = Field(min_length=1)


class NavSection(_Model):
    title: str
    pages: tuple[str, ...] = Field(min_length=1)


Home.model_rebuild()


class Interface(_Model):
    """Labels the templates use, by key (``content/interface.yml``)."""

    strings: dict[str, str]

    @field_validator("strings")
    @classmethod
    def _keys(cls, strings: dict[str, str]) -> dict[str, str]:
        for key in strings:
            if not re.fullmatch(r"[a-z0-9_.-]+", key):
                raise ValueError(f"interface key {key!r}: use lower-case letters, digits, '.', '_' or '-'")
        return strings


class LeafletSection(_Model):
    heading: str
    items: tuple[str, ...] = Field(min_length=1)


class LeafletWarning(_Model):
    title: str
    items: tuple[str, ...] = Field(min_length=1)


LEAFLET_PAGES = {"a4": 1, "a5": 2, "a6": 2}
"""How many pages each format may fill; more means the text does not fit."""


class Leaflet(_Model):
    """A printable leaflet, poster, card or one-page guide (``content/leaflets/<id>.yml``)."""

    id: str = Slug
    kind: Literal["leaflet", "poster", "card", "guide"]
    format: Literal["a4", "a5", "a6"]
    languages: Literal["all", "english"]
    """``english`` for the one-page guides for professionals."""
    bilingual: bool = False
    """Print the reader's language beside English (posters and reception cards)."""
    page: str
    """The site page the QR code points to: a page id, or ``index`` for the home page."""
    title: str
    subtitle: str | None = None
    jurisdictions: tuple[Jurisdiction, ...] = Field(min_length=1)
    last_reviewed: dt.date
    sources: tuple[str, ...] = Field(min_length=1)
    sections: tuple[LeafletSection, ...] = Field(min_length=1)
    warning: LeafletWarning | None = None
    helplines: tuple[str, ...] = ()


def leaflet_filename(leaflet: Leaflet, code: str) -> str:
    """The PDF's file name: leaflet id and language code.

    >>> leaflet_filename(Leaflet.model_construct(id="rights-a5"), "ar")
    'rights-a5-ar.pdf'
    """
    return f"{leaflet.id}-{code}.pdf"


def leaflets_for(content: ContentSet, code: str) -> list[Leaflet]:
    """The leaflets printed in a language (guides for professionals are English only)."""
    return [leaflet for leaflet in content.leaflets if leaflet.languages == "all" or code == "en"]


class Organisation(_Model):
    """Who hands the leaflets out: printed on every leaflet (``--org org.yml``)."""

    name: str = Field(min_length=2, max_length=80)
    address: str | None = Field(default=None, max_length=160)
    phone: str | None = Field(default=None, pattern=r"^\+?[0-9][0-9 ]{5,}[0-9]$")
    logo: str | None = None
    """A PNG, JPEG or SVG file, relative to the org.yml file."""


def load_organisation(path: Path) -> tuple[Organisation, Path | None]:
    """Read and validate an organisation file; the logo path is resolved and must exist."""
    reader = _Reader(path.parent)
    raw, relative = reader.read(path, "org")
    organisation = reader.one(Organisation, raw, relative)
    if reader.problems:
        raise ProblemsError(reader.problems)
    logo = None
    if organisation.logo:
        logo = (path.parent / organisation.logo).resolve()
        if not logo.is_file() or logo.suffix.lower() not in (".png", ".jpg", ".jpeg", ".svg"):
            raise ContentError(reader.lines[("org", "logo")],
                               f"logo {organisation.logo!r}: give a PNG, JPEG or SVG file next to {path.name}")
    return organisation, logo


@dataclass(frozen=True, slots=True)
class Text:
    """One translatable message: its gettext context, English text and origin."""

    context: str
    text: str
    location: Location
    comment: str


@dataclass(frozen=True)
class ContentSet:
    """All validated content, with the source line of every field."""

    pages: tuple[Page, ...]
    directory: dict[str, DirectoryEntry]
    sources: dict[str, Source]
    glossary: tuple[GlossaryTerm, ...]
    home: Home
    interface: Interface
    leaflets: tuple[Leaflet, ...]
    lines: dict[tuple[str, str], Location] = field(repr=False)
    """(item key, dotted field path) -> Location, e.g. ("page:see-a-doctor", "body.2.paragraph")."""

    def page(self, page_id: str) -> Page:
        return next(page for page in self.pages if page.id == page_id)

    def where(self, item: str, path: str = "") -> Location:
        """The location of a field, or of the nearest enclosing field we know."""
        while (item, path) not in self.lines and path:
            path = path.rpartition(".")[0]
        return self.lines[(item, path)]


# --- YAML with line numbers --------------------------------------------------------------------


class _LineDict(dict):
    lines: dict[Any, int]


class _LineList(list):
    lines: list[int]


class _LineLoader(yaml.SafeLoader):
    """A safe loader whose mappings and sequences remember the line of each entry."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _LineDict:
    mapping = _LineDict()
    mapping.lines = {"": node.start_mark.line + 1}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.lines[key] = key_node.start_mark.line + 1
    return mapping


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> _LineList:
    sequence = _LineList(loader.construct_object(item, deep=True) for item in node.value)
    sequence.lines = [item.start_mark.line + 1 for item in node.value]
    return sequence


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def read_yaml(path: Path, relative: Path) -> Any:
    """Parse one YAML file; a syntax error becomes a ContentError at its line."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        what = error.problem or str(error)
        raise ContentError(Location(relative, line),
                           f"this is not valid YAML ({what}); check indentation, colons and quotes") from None
    except UnicodeDecodeError:
        raise ContentError(Location(relative), "save this file as UTF-8") from None


def _walk_lines(node: Any, path: str, relative: Path, item: str,
                lines: dict[tuple[str, str], Location]) -> None:
    if isinstance(node, _LineDict):
        lines[(item, path)] = Location(relative, node.lines[""])
        for key, value in node.items():
            child = f"{path}.{key}" if path else str(key)
            lines[(item, child)] = Location(relative, node.lines[key])
            _walk_lines(value, child, relative, item, lines)
    elif isinstance(node, _LineList):
        for index, (value, line) in enumerate(zip(node, node.lines, strict=True)):
            child = f"{path}.{index}" if path else str(index)
            lines[(item, child)] = Location(relative, line)
            _walk_lines(value, child, relative, item, lines)


def _line_for(raw: Any, loc: tuple[Any, ...], fallback: int) -> int:
    """The YAML line of the deepest part of a pydantic error location we can find."""
    line, node = fallback, raw
    for part in loc:
        in_dict = isinstance(node, _LineDict) and part in node
        in_list = isinstance(node, _LineList) and isinstance(part, int) and part < len(node)
        if in_dict or in_list:
            line, node = node.lines[part], node[part]
        else:
            break
    return line


def _validation_problems(error: ValidationError, raw: Any, relative: Path) -> list[Problem]:
    problems = []
    start = raw.lines[""] if isinstance(raw, _LineDict) else 1
    for detail in error.errors():
        loc = tuple(part for part in detail["loc"] if part not in ("function-after", "function-before"))
        loc = tuple(part for part in loc if not (isinstance(part, str) and part.startswith("function")))
        where = ".".join(str(part) for part in loc) or "this item"
        message = detail["msg"].removeprefix("Value error, ")
        if detail["type"] == "extra_forbidden":
            message = "unknown field; check its spelling against content/README.md"
        elif detail["type"] == "missing":
            message = "this required field is missing; see content/README.md"
        problems.append(Problem(Location(relative, _line_for(raw, loc, start)), f"{where}: {message}"))
    return problems


# --- loading -------------------------------------------------------------------------------------


class _Reader:
    """Reads content files, keeping every field's line and collecting problems."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.lines: dict[tuple[str, str], Location] = {}
        self.problems: list[Problem] = []

    def read(self, path: Path, item: str) -> tuple[Any, Path]:
        relative = path.relative_to(self.root)
        if not path.exists():
            raise ContentError(Location(relative), "file not found; see content/README.md")
        raw = read_yaml(path, relative)
        _walk_lines(raw, "", relative, item, self.lines)
        return raw, relative

    def one(self, model: type[BaseModel], raw: Any, relative: Path) -> Any:
        try:
            return model.model_validate(raw)
        except ValidationError as error:
            self.problems.extend(_validation_problems(error, raw, relative))
            return None

    def entries(self, paths: list[Path], model: type[BaseModel], prefix: str) -> list[Any]:
        """Validate a list file of entries; per-entry lines are stored under ``prefix:id``."""
        items = []
        for path in paths:
            raw, relative = self.read(path, f"file:{path.name}")
            if not isinstance(raw, list):
                raise ContentError(Location(relative, 1), "expected a list of entries, each starting with '- '")
            for index, entry in enumerate(raw):
                item = self.one(model, entry, relative)
                if item is not None:
                    key = getattr(item, "id", None) or getattr(item, "term", str(index))
                    _walk_lines(entry, "", relative, f"{prefix}:{key}", self.lines)
                    items.append(item)
        return items

    def unique(self, items: list[Any], prefix: str) -> dict[str, Any]:
        by_id: dict[str, Any] = {}
        for item in items:
            if item.id in by_id:
                self.problems.append(Problem(self.lines[(f"{prefix}:{item.id}", "")],
                                             f"id {item.id!r} is used twice; ids must be unique"))
            by_id[item.id] = item
        return by_id


def load_content(root: Path) -> ContentSet:
    """Load and validate every content file under ``root/content``; raise all problems at once."""
    reader = _Reader(root)
    content_dir = root / "content"
    sources = reader.unique(reader.entries(sorted(content_dir.glob("sources/*.yml")), Source, "source"), "source")
    directory = reader.unique(reader.entries([content_dir / "directory.yml"], DirectoryEntry, "dir"), "dir")
    glossary = tuple(reader.entries([content_dir / "glossary.yml"], GlossaryTerm, "glossary"))
    home = reader.one(Home, *reader.read(content_dir / "site.yml", "home"))
    interface_raw, interface_rel = reader.read(content_dir / "interface.yml", "interface")
    interface = reader.one(Interface, {"strings": interface_raw}, interface_rel)
    pages = []
    for path in sorted((content_dir / "pages").glob("*.yml")):
        raw, relative = reader.read(path, f"page:{path.stem}")
        page = reader.one(Page, raw, relative)
        if page and page.id != path.stem:
            reader.problems.append(Problem(reader.lines[(f"page:{path.stem}", "id")],
                                           f"id {page.id!r} must match the file name {path.stem!r}"))
        elif page:
            pages.append(page)
    leaflets = []
    for path in sorted((content_dir / "leaflets").glob("*.yml")):
        raw, relative = reader.read(path, f"leaflet:{path.stem}")
        leaflet = reader.one(Leaflet, raw, relative)
        if leaflet:
            leaflets.append(leaflet)
    if reader.problems:
        raise ProblemsError(reader.problems)
    content = ContentSet(tuple(pages), directory, sources, glossary, home, interface, tuple(leaflets),
                         reader.lines)
    problems = check_references(content) + check_english_texts(content)
    if problems:
        raise ProblemsError(problems)
    return content


# --- cross-references and English text rules ----------------------------------------------------

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
    for index, block in enumerate(page.body):
        for path, text in _block_texts(block, f"body.{index}"):
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
            yield f"{path}.{name}.{index}", item
    for name, callout in (("warning", block.warning), ("note", block.note)):
        if callout:
            yield f"{path}.{name}.title", callout.title
            yield f"{path}.{name}.text", callout.text


def texts(content: ContentSet) -> Iterator[Text]:
    """Every translatable message of the project, with context, origin and translator comment."""
    for page in content.pages:
        readers = ", ".join(AUDIENCE_NAMES[a] for a in page.audiences)
        for context, path, text in page_texts(page):
            where = f"Page \"{page.title}\" ({page.id}), {_describe(path)}. Read by {readers}."
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
        if leaflet.languages == "english":
            continue  # the guides for professionals are printed in English only
        for context, path, text in leaflet_texts(leaflet):
            limit = max(40, round(len(text) * 1.4))
            where = (f"Leaflet \"{leaflet.title}\" ({leaflet.format.upper()} {leaflet.kind}), {_describe(path)}. "
                     f"Printed; keep it under {limit} characters so it fits.")
            yield Text(context, text, content.where(f"leaflet:{leaflet.id}", path), _comment(where, text))
    for key, text in content.interface.strings.items():
        yield Text(f"interface.{key}", text, content.where("interface", key),
                   _comment(f"Interface label {key!r}: appears on every page (buttons, menus, search).", text))


def leaflet_texts(leaflet: Leaflet) -> Iterator[tuple[str, str, str]]:
    """(context, dotted field path, text) for every translatable text of a leaflet."""
    context = f"leaflet.{leaflet.id}"
    yield context, "title", leaflet.title
    if leaflet.subtitle:
        yield context, "subtitle", leaflet.subtitle
    for index, section in enumerate(leaflet.sections):
        yield context, f"sections.{index}.heading", section.heading
        for number, item in enumerate(section.items):
            yield context, f"sections.{index}.items.{number}", item
    if leaflet.warning:
        yield context, "warning.title", leaflet.warning.title
        for number, item in enumerate(leaflet.warning.items):
            yield context, f"warning.items.{number}", item


def _home_texts(home: Home) -> Iterator[tuple[str, str]]:
    for name in ("title", "intro", "who_heading", "what_heading", "urgent_heading"):
        yield name, getattr(home, name)
    for group in ("who", "what"):
        for index, link in enumerate(getattr(home, group)):
            yield f"{group}.{index}.label", link.label
    for index, section in enumerate(home.nav):
        yield f"nav.{index}.title", section.title


def _describe(path: str) -> str:
    parts = [part for part in path.split(".") if not part.isdigit()]
    return " ".join(parts).replace("_", " ")


def _comment(where: str, text: str) -> str:
    placeholders = sorted(set(PLACEHOLDER.findall(text)))
    if not placeholders:
        return where
    kinds = {"phone": "a phone number", "org": "an organisation's name", "web": "a web address",
             "email": "an e-mail address", "page": "a link to another page",
             "lang": "the name of the reader's language"}
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
        for index, block in enumerate(page.body):
            need(block.contacts or (), content.directory, item, f"body.{index}.contacts", "directory entry")
    for entry in content.directory.values():
        need(entry.sources, content.sources, f"dir:{entry.id}", "sources", "source")
    for leaflet in content.leaflets:
        item = f"leaflet:{leaflet.id}"
        need(leaflet.sources, content.sources, item, "sources", "source")
        need(leaflet.helplines, content.directory, item, "helplines", "directory entry")
        if leaflet.page != "index" and leaflet.page not in page_ids:
            problems.append(Problem(content.where(item, "page"), f"unknown page {leaflet.page!r} for the QR code"))
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
