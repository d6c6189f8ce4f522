"""Content loading: YAML with line numbers checked against the schema (``schema.py``), and
``load_content``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import Location, Problem, ProblemsError
from generator.messages import NATION_NAMES, check_english_texts, check_references, nation_page, reserved_page_id
from generator.schema import (
    Change,
    DirectoryEntry,
    GlossaryTerm,
    Home,
    Interface,
    Leaflet,
    Page,
    Source,
)
from generator.yaml_lines import Reader


def leaflet_filename(leaflet: Leaflet, code: str) -> str:
    """The PDF's file name: leaflet id and language code.

    >>> leaflet_filename(Leaflet.model_construct(id="rights-a5"), "ar")
    'rights-a5-ar.pdf'
    """
    return f"{leaflet.id}-{code}.pdf"


def leaflets_for(content: ContentSet, code: str) -> list[Leaflet]:
    """The leaflets printed in a language (guides for professionals are English only; the welcome
    poster holds every language and is printed once, with the English leaflets)."""
    return [leaflet for leaflet in content.leaflets
            if code == "en" or (leaflet.languages == "all" and leaflet.kind != "welcome")]


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
    changes: tuple[Change, ...] = ()
    """The change log (``content/changes.yml``), newest first."""

    @property
    def version(self) -> dt.date | None:
        """The content's version: the date of its latest change (None without a change log)."""
        return self.changes[0].date if self.changes else None

    def page(self, page_id: str) -> Page:
        return next(page for page in self.pages if page.id == page_id)

    def where(self, item: str, path: str = "") -> Location:
        """The location of a field, or of the nearest enclosing field we know."""
        while (item, path) not in self.lines and path:
            path = path.rpartition(".")[0]
        return self.lines[(item, path)]


# --- loading -------------------------------------------------------------------------------------


def nation_problems(content: ContentSet) -> list[Problem]:
    """Each nation is described once on a page: in its jurisdictions or in one nation section."""
    problems = []
    for page in content.pages:
        if page.nations and "uk" in page.jurisdictions:
            problems.append(Problem(content.where(f"page:{page.id}", "nations"),
                                    "a page for the whole UK (jurisdictions: [uk]) has no nation sections; "
                                    "list the nations its body describes in jurisdictions instead"))
            continue
        seen = {nation: "the page's jurisdictions" for nation in page.jurisdictions}
        for number, section in enumerate(page.nations):
            for index, nation in enumerate(section.jurisdictions):
                if nation in seen:
                    problems.append(Problem(content.where(f"page:{page.id}", f"nations.{number}.jurisdictions.{index}"),
                                            f"{nation} is already described in {seen[nation]}; "
                                            "give each nation one place on the page"))
                seen.setdefault(nation, f"nation section {number + 1}")
    return problems + _nation_page_clashes(content)


def _nation_page_clashes(content: ContentSet) -> list[Problem]:
    """A content page may not take the address of another page's nation section (``see-a-doctor-wales``)."""
    ids = {page.id for page in content.pages}
    return [Problem(content.where(f"page:{built}", "id"),
                    f"the name {built!r} is kept for the page the build writes for readers in "
                    f"{' and '.join(NATION_NAMES[nation] for nation in section.jurisdictions)} "
                    f"from {page.id!r}; rename the file and its id")
            for page in content.pages for section in page.nations
            if (built := nation_page(page.id, section.anchor).removesuffix(".html")) in ids]


def newest_first(changes: Iterable[Change]) -> tuple[Change, ...]:
    """The change log by date, newest first; entries of one day keep the file's order."""
    return tuple(sorted(changes, key=lambda change: change.date, reverse=True))


def load_content(root: Path) -> ContentSet:
    """Load and validate every content file under ``root/content``; raise all problems at once."""
    reader = Reader(root)
    content_dir = root / "content"
    sources = reader.unique(reader.entries(sorted(content_dir.glob("sources/*.yml")), Source, "source"), "source")
    directory = reader.unique(reader.entries([content_dir / "directory.yml"], DirectoryEntry, "dir"), "dir")
    glossary = tuple(reader.entries([content_dir / "glossary.yml"], GlossaryTerm, "glossary"))
    home = reader.one(Home, *reader.read(content_dir / "site.yml", "home"))
    interface_raw, interface_rel = reader.read(content_dir / "interface.yml", "interface")
    interface = reader.one(Interface, {"labels": interface_raw}, interface_rel)
    pages = []
    for path in sorted((content_dir / "pages").glob("*.yml")):
        raw, relative = reader.read(path, f"page:{path.stem}")
        page = reader.one(Page, raw, relative)
        if page and page.id != path.stem:
            reader.problems.append(Problem(reader.lines[(f"page:{path.stem}", "id")],
                                           f"id {page.id!r} must match the file name {path.stem!r}"))
        elif page and reserved_page_id(page.id):
            reader.problems.append(Problem(reader.lines[(f"page:{path.stem}", "id")],
                                           f"the name {page.id!r} is kept for a page the build writes itself; "
                                           "rename the file and its id"))
        elif page:
            pages.append(page)
    leaflets = []
    for path in sorted((content_dir / "leaflets").glob("*.yml")):
        raw, relative = reader.read(path, f"leaflet:{path.stem}")
        leaflet = reader.one(Leaflet, raw, relative)
        if leaflet:
            leaflets.append(leaflet)
    changes_file = content_dir / "changes.yml"
    changes = reader.unique(reader.entries([changes_file], Change, "change"), "change") \
        if changes_file.exists() else {}
    if reader.problems:
        raise ProblemsError(reader.problems)
    content = ContentSet(tuple(pages), directory, sources, glossary, home, interface, tuple(leaflets),
                         reader.lines, newest_first(changes.values()))
    problems = check_references(content) + check_english_texts(content) + nation_problems(content)
    if problems:
        raise ProblemsError(problems)
    return content
