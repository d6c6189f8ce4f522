"""The content schema: every model a YAML file in ``content/`` is checked against (pages and
their blocks, directory, sources, home, interface labels, leaflets and the change log)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

Audience = Literal["migrants", "gp-surgeries", "schools", "police"]
Topic = Literal["health", "school", "crime", "data", "help", "about"]
Jurisdiction = Literal["england", "wales", "scotland", "northern-ireland", "uk"]
NATIONS = ("england", "wales", "scotland", "northern-ireland")
"""The UK's nations in the order pages list them."""
Slug = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")

class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Source(StrictModel):
    id: str = Slug
    publisher: str
    """Who published it, e.g. British Medical Association."""
    title: str
    url: str = Field(pattern=r"^https://[^\s]+$")
    date: dt.date | None = None
    """The source's own publication or update date; omitted when undated."""


class DirectoryEntry(StrictModel):
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
    notes: str | None = None
    """For maintainers only (never shown or translated)."""

    @model_validator(mode="after")
    def _reachable(self) -> DirectoryEntry:
        if not (self.phone or self.url or self.email):
            raise ValueError("give at least one of phone, url or email")
        return self


class Callout(StrictModel):
    title: str
    text: str


Cite = tuple[str, ...]
"""Ids of the sources (from the page's or leaflet's own ``sources``) that support a text."""


class Item(StrictModel):
    """A list item, step or leaflet item: plain text, or ``{text: ..., cite: [...]}``."""

    text: str
    cite: Cite = ()

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        return {"text": data} if isinstance(data, str) else data


BLOCK_KINDS = ("heading", "paragraph", "list", "steps", "warning", "note", "contacts")


class Block(StrictModel):
    """One block of a page body: exactly one of the kinds below, and the sources it cites."""

    heading: str | None = None
    paragraph: str | None = None
    items: tuple[Item, ...] | None = Field(default=None, alias="list")
    steps: tuple[Item, ...] | None = None
    warning: Callout | None = None
    note: Callout | None = None
    contacts: tuple[str, ...] | None = None
    cite: Cite = ()
    """Sources for the whole block; a list or steps item may add its own."""

    @model_validator(mode="before")
    @classmethod
    def _one_kind(cls, data: Any) -> Any:
        kinds = [key for key in data if key != "cite"] if isinstance(data, dict) else []
        if len(kinds) != 1 or kinds[0] not in BLOCK_KINDS:
            raise ValueError(f"a body block is a mapping with exactly one of: {', '.join(BLOCK_KINDS)} "
                             "(and optionally cite)")
        return data

    @property
    def list_items(self) -> tuple[Item, ...]:
        """The items of a list or steps block (empty for other kinds)."""
        return self.items or self.steps or ()

    @property
    def kind(self) -> str:
        return next(name for name in BLOCK_KINDS if getattr(self, "items" if name == "list" else name))


def _other_nation(jurisdiction: Jurisdiction) -> Jurisdiction:
    if jurisdiction in ("england", "uk"):
        raise ValueError(f"a nation section is for wales, scotland or northern-ireland, not {jurisdiction}: "
                         f"the page's own body and jurisdictions are for {jurisdiction}")
    return jurisdiction


class NationSection(StrictModel):
    """The rules for readers in Wales, Scotland or Northern Ireland, shown after the page body under
    "If you live in …" (one of a page's ``nations``)."""

    jurisdictions: tuple[Annotated[Jurisdiction, AfterValidator(_other_nation)], ...] = Field(min_length=1)
    """The nations the section is for: wales, scotland, northern-ireland (one or more)."""
    body: tuple[Block, ...] = Field(min_length=1)
    """Blocks like the page body's; they cite the page's own sources."""

    @property
    def anchor(self) -> str:
        """The section's id on the page, e.g. ``scotland`` or ``wales-northern-ireland``."""
        return "-".join(self.jurisdictions)


class AdviserReview(StrictModel):
    """A named adviser's sign-off of a page (see README, "How an adviser signs off a page")."""

    name: str = Field(min_length=2)
    """The adviser's name as they want it shown."""
    role: str = Field(min_length=3)
    """Their qualification, e.g. "Immigration adviser (IAA level 2)", "Solicitor", "GP"."""
    organisation: str | None = None
    date: dt.date
    """The day they finished checking the page."""


class Page(StrictModel):
    id: str = Slug
    audiences: tuple[Audience, ...] = Field(min_length=1)
    topic: Topic
    title: str
    summary: str
    jurisdictions: tuple[Jurisdiction, ...] = Field(min_length=1)
    jurisdiction_note: str | None = None
    """How the other nations differ; required unless the page is UK-wide."""
    jurisdiction_note_cite: Cite = ()
    """Sources for the jurisdiction note."""
    last_reviewed: dt.date
    """The day a person last checked every fact on the page against its sources."""
    sources: tuple[str, ...] = Field(min_length=1)
    body: tuple[Block, ...] = Field(min_length=1)
    next_steps: tuple[str, ...] = Field(min_length=1)
    """Shown as "What you can do next"."""
    helplines: tuple[str, ...] = ()
    adviser_review: AdviserReview | None = None
    """Who, with which qualification, checked the page and when; absent until an adviser signs off."""
    notes: str | None = None
    """For maintainers and advisers only (never shown or translated): what could not be verified."""
    nations: tuple[NationSection, ...] = ()
    """Sections for readers in the other nations, each listed under "Where do you live?"."""

    @model_validator(mode="after")
    def _note_when_not_uk(self) -> Page:
        if self.jurisdictions != ("uk",) and not self.jurisdiction_note:
            raise ValueError("jurisdiction_note is required unless jurisdictions is [uk]: "
                             "say how Wales, Scotland and Northern Ireland differ")
        return self

    def blocks(self) -> list[tuple[str, Block]]:
        """(field path, block) for every block of the page: its body, then each nation section's."""
        blocks = [(f"body.{index}", block) for index, block in enumerate(self.body)]
        for number, section in enumerate(self.nations):
            blocks.extend((f"nations.{number}.body.{index}", block) for index, block in enumerate(section.body))
        return blocks

    @property
    def covers(self) -> tuple[Jurisdiction, ...]:
        """The nations the page describes: its own jurisdictions, then its nation sections'."""
        named = {*self.jurisdictions, *(nation for section in self.nations for nation in section.jurisdictions)}
        return tuple(j for j in (*NATIONS, "uk") if j in named)


class GlossaryTerm(StrictModel):
    term: str
    definition: str
    translator_note: str | None = None


class HomeLink(StrictModel):
    label: str
    target: str
    """A page id, or ``#what-you-need`` for the "What do you need?" section."""


class Home(StrictModel):
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


class NavSection(StrictModel):
    title: str
    pages: tuple[str, ...] = Field(min_length=1)


Home.model_rebuild()


class InterfaceLabel(StrictModel):
    text: str
    """The English label."""
    where: str = Field(min_length=10)
    """Where it appears, for translators (their translator comment)."""


class Interface(StrictModel):
    """Labels the templates use, by key (``content/interface.yml``)."""

    labels: dict[str, InterfaceLabel]

    @field_validator("labels")
    @classmethod
    def _keys(cls, labels: dict[str, InterfaceLabel]) -> dict[str, InterfaceLabel]:
        for key in labels:
            if not re.fullmatch(r"[a-z0-9_.-]+", key):
                raise ValueError(f"interface key {key!r}: use lower-case letters, digits, '.', '_' or '-'")
        return labels



Pictogram = Literal["doctor", "school", "police", "phone", "interpreter"]
"""A line pictogram drawn in ``generator/templates/pictograms/``."""


class LeafletSection(StrictModel):
    heading: str
    items: tuple[Item, ...] = Field(min_length=1)
    cite: Cite = ()
    """Sources for every item of the section (the English A4 guides print them as footnotes)."""
    pictogram: Pictogram | None = None
    """Drawn beside the heading; the heading is its text alternative."""


class LeafletWarning(StrictModel):
    title: str
    items: tuple[Item, ...] = Field(min_length=1)
    cite: Cite = ()


LEAFLET_PAGES = {"a4": 1, "a5": 2, "a6": 2}
"""How many pages each format may fill; more means the text does not fit."""


class Leaflet(StrictModel):
    """A printable leaflet, poster, card or one-page guide (``content/leaflets/<id>.yml``)."""

    id: str = Slug
    kind: Literal["leaflet", "poster", "card", "guide", "welcome"]
    """``welcome``: one sheet with the ``text_from`` leaflet's title and subtitle in every language."""
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
    sections: tuple[LeafletSection, ...] = ()
    warning: LeafletWarning | None = None
    helplines: tuple[str, ...] = ()
    notes: str | None = None
    """For maintainers only (never printed or translated)."""
    pictogram: Pictogram | None = None
    """Drawn in the title band; the title is its text alternative."""
    text_from: str | None = None
    """The welcome poster only: the leaflet whose translated title and subtitle it shows."""

    @model_validator(mode="after")
    def _welcome_or_sections(self) -> Leaflet:
        if self.kind == "welcome" and not self.text_from:
            raise ValueError("a welcome poster needs text_from: the leaflet whose title and subtitle it shows")
        if self.kind != "welcome" and (self.text_from or not self.sections):
            raise ValueError("sections: at least one section; text_from is for a welcome poster only")
        return self


CHANGE_TEXT_MAX = 320
"""About two plain sentences: a change entry says what changed, not the whole new rule."""


class Change(StrictModel):
    """One entry of the change log (``content/changes.yml``): what changed in the guide, for people
    who printed its leaflets or copied its advice, shown on the "What changed" page and in its feed."""

    id: str = Slug
    """Stable for ever: the entry's anchor on the page and its id in the feed."""
    date: dt.date
    """The day the change was published (not in the future)."""
    title: str = Field(min_length=3, max_length=90)
    """A short headline, e.g. "NHS debts and payment plans"."""
    text: str = Field(min_length=10, max_length=CHANGE_TEXT_MAX)
    """One or two plain sentences for a practice manager: what the guide says now."""
    pages: tuple[str, ...] = ()
    """Ids of the guide pages it changed."""
    leaflets: tuple[str, ...] = ()
    """Ids of the leaflets it changed: print these again."""

    @field_validator("date")
    @classmethod
    def _not_future(cls, day: dt.date) -> dt.date:
        if day > dt.date.today():
            raise ValueError(f"{day.isoformat()} is in the future; give the day the change was published")
        return day

    @model_validator(mode="after")
    def _affects_something(self) -> Change:
        if not (self.pages or self.leaflets):
            raise ValueError("name the pages or leaflets the change affects (pages: [...], leaflets: [...])")
        return self
