"""Citations: which source supports which text, the checks on them, and the marks pages show.

A page's ``sources`` list is numbered from 1 in its order; a block's ``cite`` names ids from that
list, and the page shows them as links to the numbered list ("source 3" for screen readers). The
numbers are not translatable text, so they are identical in every language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

from generator.content import ContentSet
from generator.errors import Problem, Severity
from generator.messages import PLACEHOLDER
from generator.schema import Block, Leaflet, Page

_NUMBER = re.compile(r"\d|£|%")
_TIME_LIMIT = re.compile(r"\b(days?|weeks?|months?|years?|hours?|birthday|age)\b", re.I)
_BODY = re.compile(
    r"\b(law|laws|Act|rules?|regulations?|guidance|police|Home Office|NHS|hospitals?|GPs?|surgery|surger"
    r"ies|councils?|schools?|courts?|government|ICO|Information Commission|judge|officers?|employers?|"
    r"landlords?|doctors?|the state|tribunal)\b")
_MODAL = re.compile(r"\b(may|must|can|cannot|can't|has to|have to|should|will|won't|allowed|needs? to|"
                    r"does not|do not|is not|are not|never|always|only)\b", re.I)


def must_cite(text: str) -> str | None:
    """Why a text states a checkable fact (so it must cite a source), or None.

    >>> must_cite("You can register with a GP.")
    'it says what a law or body may or must do'
    >>> must_cite("Debts over £500 are reported.")
    'it states a number or an amount of money'
    >>> must_cite("Ask at the desk.") is None
    True
    """
    plain = PLACEHOLDER.sub("", text)
    if _NUMBER.search(plain):
        return "it states a number or an amount of money"
    if _TIME_LIMIT.search(plain):
        return "it states a time limit or an age"
    if _BODY.search(plain) and _MODAL.search(plain):
        return "it says what a law or body may or must do"
    return None


@dataclass(frozen=True, slots=True)
class Claim:
    """One citable text of a page: a paragraph, list item, step, warning or note."""

    path: str  # dotted field path, e.g. body.3.list.1
    text: str
    cite: tuple[str, ...]
    is_warning: bool = False


def page_claims(page: Page) -> list[Claim]:
    """Every citable text of a page (jurisdiction note, body, nation sections), with the sources that cover it."""
    claims = []
    if page.jurisdiction_note:
        claims.append(Claim("jurisdiction_note", page.jurisdiction_note, page.jurisdiction_note_cite))
    for path, block in page.blocks():
        claims.extend(_block_claims(block, path))
    return claims


def _block_claims(block: Block, path: str) -> list[Claim]:
    kind = block.kind
    if kind == "paragraph":
        return [Claim(f"{path}.paragraph", block.paragraph, block.cite)]
    if kind in ("list", "steps"):
        return [Claim(f"{path}.{kind}.{index}", item.text, (*block.cite, *item.cite))
                for index, item in enumerate(block.list_items)]
    if kind in ("warning", "note"):
        callout = block.warning or block.note
        return [Claim(f"{path}.{kind}", f"{callout.title} {callout.text}", block.cite, kind == "warning")]
    return []  # headings and contact cards (the directory carries their sources)


@dataclass(frozen=True, slots=True)
class Coverage:
    page_id: str
    cited: int
    claims: int

    @property
    def percent(self) -> int:
        return round(100 * self.cited / self.claims) if self.claims else 100


def citation_coverage(content: ContentSet) -> list[Coverage]:
    """Per page, how many citable texts cite a source."""
    rows = []
    for page in content.pages:
        claims = page_claims(page)
        rows.append(Coverage(page.id, sum(1 for claim in claims if claim.cite), len(claims)))
    return rows


def citation_problems(content: ContentSet, today: date) -> list[Problem]:
    """Cited ids not in the item's sources, uncited facts and warnings (errors); sources nothing
    cites (warnings); review dates in the future (errors)."""
    problems = []
    for page in content.pages:
        item = f"page:{page.id}"
        claims = page_claims(page)
        problems += _unlisted(content, item, page.sources, page_cites(page))
        for claim in claims:
            reason = "every warning must cite a source" if claim.is_warning else must_cite(claim.text)
            if reason and not claim.cite:
                problems.append(Problem(content.where(item, claim.path),
                                        f"this text needs a source ({reason}): add cite: [source-id] with an id "
                                        "from the page's sources"))
        problems += _unused(content, item, page.sources, {source for claim in claims for source in claim.cite})
        problems += _future(content, item, "last_reviewed", page.last_reviewed, today)
        if page.adviser_review:
            problems += _future(content, item, "adviser_review.date", page.adviser_review.date, today)
    for leaflet in content.leaflets:
        item = f"leaflet:{leaflet.id}"
        cited = leaflet_cites(leaflet)
        problems += _unlisted(content, item, leaflet.sources, cited)
        if leaflet.languages == "english":  # the guides print their sources as footnotes
            problems += _unused(content, item, leaflet.sources, {s for _, ids in cited for s in ids})
        problems += _future(content, item, "last_reviewed", leaflet.last_reviewed, today)
    for entry in content.directory.values():
        problems += _future(content, f"dir:{entry.id}", "last_reviewed", entry.last_reviewed, today)
    return problems


def unreviewed_problems(content: ContentSet) -> list[Problem]:
    """A warning for every guide page no adviser has signed off (``--strict`` reports them)."""
    return [Problem(content.where(f"page:{page.id}", "id"),
                    "no adviser has checked this page yet: when one has, add adviser_review (name, role, date); "
                    "see the README, \"How an adviser signs off a page\"", Severity.WARNING)
            for page in content.pages if page.adviser_review is None]


def page_cites(page: Page) -> list[tuple[str, tuple[str, ...]]]:
    """(field path, cited ids) for every block and list item of a page."""
    cited = [("jurisdiction_note_cite", page.jurisdiction_note_cite)]
    for path, block in page.blocks():
        cited.append((path, block.cite))
        cited.extend((f"{path}.{block.kind}.{number}", item.cite)
                      for number, item in enumerate(block.list_items))
    return cited


def leaflet_cites(leaflet: Leaflet) -> list[tuple[str, tuple[str, ...]]]:
    """(field path, cited ids) for every section, warning and item of a leaflet."""
    cited = []
    parts = [(f"sections.{index}", section) for index, section in enumerate(leaflet.sections)]
    if leaflet.warning:
        parts.append(("warning", leaflet.warning))
    for path, part in parts:
        cited.append((path, part.cite))
        cited.extend((f"{path}.items.{index}", item.cite) for index, item in enumerate(part.items))
    return cited


def _unlisted(content: ContentSet, item: str, sources: tuple[str, ...],
              cited: list[tuple[str, tuple[str, ...]]]) -> list[Problem]:
    return [Problem(content.where(item, f"{path}.cite"),
                    f"cites {source!r}, which is not in this file's sources list; add it there "
                    "(ids come from content/sources/*.yml)")
            for path, ids in cited for source in ids if source not in sources]


def _unused(content: ContentSet, item: str, sources: tuple[str, ...], cited: set[str]) -> list[Problem]:
    return [Problem(content.where(item, f"sources.{index}"),
                    f"source {source!r} is listed but no text cites it: cite it where it supports a text, "
                    "or remove it", Severity.WARNING)
            for index, source in enumerate(sources) if source not in cited]


def _future(content: ContentSet, item: str, path: str, when: date, today: date) -> list[Problem]:
    if when <= today:
        return []
    return [Problem(content.where(item, path),
                    f"{path.split('.')[-1]} is {when.isoformat()}, a date in the future; write the day the "
                    "check was done")]


def source_numbers(sources: tuple[str, ...]) -> dict[str, int]:
    """Each source id's number in a page's or leaflet's source list.

    >>> source_numbers(("a", "b"))
    {'a': 1, 'b': 2}
    """
    return {source: number for number, source in enumerate(sources, start=1)}


def citation_marks(ids: tuple[str, ...], numbers: dict[str, int], word: str, list_page: str) -> Markup:
    """Numbered links to the page's source list, a page of its own (``list_page``), read as "source 3"
    by screen readers.

    >>> str(citation_marks(("b",), {"a": 1, "b": 2}, "source", "gp-sources.html"))
    ' <sup class="sta-cite">[<a href="gp-sources.html#source-2" aria-label="source 2">2</a>]</sup>'
    """
    if not ids:
        return Markup("")
    links = ",".join(f'<a href="{escape(list_page)}#source-{numbers[source]}" '
                     f'aria-label="{escape(word)} {numbers[source]}">'
                     f"{numbers[source]}</a>" for source in ids)
    return Markup(f' <sup class="sta-cite">[{links}]</sup>')


def footnote_marks(ids: tuple[str, ...], numbers: dict[str, int]) -> Markup:
    """Footnote numbers for a printed guide.

    >>> str(footnote_marks(("a", "b"), {"a": 1, "b": 2}))
    '<sup class="cite">1,2</sup>'
    """
    if not ids:
        return Markup("")
    return Markup(f'<sup class="cite">{",".join(str(numbers[source]) for source in ids)}</sup>')
