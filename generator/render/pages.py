"""Guide pages (content/pages/): title, review status, body, next steps, helplines; each page's
source list and each of its nation sections on a page of their own."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date
from jinja2 import Environment
from markupsafe import Markup, escape

from generator.i18n import Translations
from generator.messages import nation_page, page_texts, source_list_page
from generator.render.blocks import contact_card, render_block
from generator.render.generated import printable_items
from generator.render.localise import RenderedPage, _Localiser, attr_list, finish, markdown_heading
from generator.schema import NATIONS, AdviserReview, NationSection, Page

REVIEW_MAX_DAYS = 365
ABOUT_PAGE = "about"
"""The guide page that lists the advisers who checked the guide."""


def any_translated(translations: Translations, page: Page) -> bool:
    """Whether any of the page's own texts has a translation in this catalog."""
    return any(translations.get(context, text) is not None for context, _, text in page_texts(page))


def render_guide_page(env: Environment, loc: _Localiser, page: Page, today: date,
                      untranslated_notice: str = "") -> RenderedPage:
    """A guide page; with ``untranslated_notice``, the English page inside another language."""
    content = loc.content
    ctx = f"{page.id}"
    body = [render_block(loc, f"{ctx}.body", block) for block in page.body]
    return finish(
        env, "page.md.j2", loc, f"{page.id}.md",
        page=page,
        title_plain=loc.plain(f"{ctx}.title", page.title)[0],
        title_md=markdown_heading(loc.plain(f"{ctx}.title", page.title)[0], 1,
                                  attr_list(loc, f"{ctx}.title", page.title)),
        summary=loc.html(f"{ctx}.summary", page.summary, "p", class_="sta-summary"),
        description=loc.plain_text(f"{ctx}.summary", page.summary),
        jurisdiction_note=(loc.html(f"{ctx}.jurisdiction_note", page.jurisdiction_note, "p",
                                    cite=page.jurisdiction_note_cite)
                           if page.jurisdiction_note else ""),
        jurisdictions=[loc.label(f"jurisdiction.{j}") for j in page.covers],
        main_anchor=main_anchor(page),
        main_names=[loc.label(f"jurisdiction.{j}") for j in page.jurisdictions],
        nation_links=nation_links(loc, page),
        nations_where=_marked_label(loc, "nations.where"),
        nations_main=_marked_label(loc, "nations.main"),
        **_review_dates(loc, page),
        reviewers=_reviewers(loc) if page.id == ABOUT_PAGE else None,
        overdue=(today - page.last_reviewed).days > REVIEW_MAX_DAYS,
        body=body,
        next_steps=[loc.html(f"{ctx}.next_steps", step, "li") for step in page.next_steps],
        helplines=[contact_card(loc, content.directory[item]) for item in page.helplines],
        source_list=source_list_page(page.id),
        source_list_title=source_list_title(loc, page),
        printables=[item for item in printable_items(content, loc.translations, loc.lang.code,
                                                     f"../{loc.lang.code}/" if untranslated_notice else "")
                    if item["page"] == page.id],
        untranslated_notice=untranslated_notice,
    )


def render_source_list(env: Environment, loc: _Localiser, page: Page, untranslated_notice: str = "") -> RenderedPage:
    """A guide page's numbered source list, where its citations link: a page of its own, so a reader
    who does not open it does not download it."""
    return finish(
        env, "page-sources.md.j2", loc, source_list_page(page.id).removesuffix(".html") + ".md",
        page=page,
        title_plain=source_list_title(loc, page),
        page_title=loc.plain(f"{page.id}.title", page.title)[0],
        description=loc.label("sources_heading"),
        sources=[loc.content.sources[item] for item in page.sources],
        untranslated_notice=untranslated_notice,
    )


def source_list_title(loc: _Localiser, page: Page) -> str:
    """"Sources: Seeing a doctor": the title of a page's source list, and of the link to it."""
    return f"{loc.label('sources_title')}: {loc.plain(f'{page.id}.title', page.title)[0]}"


def _review_dates(loc: _Localiser, page: Page) -> dict:
    """The page meta's dates in the reader's language: when the sources were checked, and a way to
    show the day an adviser checked it."""
    return {"reviewed": format_date(page.last_reviewed, "long", locale=loc.lang.locale),
            "review_date": lambda day: format_date(day, "long", locale=loc.lang.locale)}


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


def render_nation_page(env: Environment, loc: _Localiser, page: Page, section: NationSection,
                       untranslated_notice: str = "") -> RenderedPage:
    """A guide page's section for readers in Wales, Scotland or Northern Ireland, on a page of its
    own: a reader elsewhere does not download it. It cites the guide page's numbered sources."""
    ctx = f"{page.id}.body"
    page_title = loc.plain(f"{page.id}.title", page.title)[0]
    names = [loc.label(f"jurisdiction.{nation}") for nation in section.jurisdictions]
    title = f"{page_title}: {', '.join(names)}"
    return finish(
        env, "page-nation.md.j2", loc, nation_page(page.id, section.anchor).removesuffix(".html") + ".md",
        page=page,
        title_plain=title,
        title_md=markdown_heading(title, 1, attr_list(loc, f"{page.id}.title", page.title)),
        page_title=page_title,
        description=_nation_heading(loc, section),
        jurisdictions=names,
        **_review_dates(loc, page),
        nation_links=nation_links(loc, page, current=section),
        nations_where=_marked_label(loc, "nations.where"),
        body=[render_block(loc, ctx, block) for block in section.body],
        source_list=source_list_page(page.id),
        source_list_title=source_list_title(loc, page),
        untranslated_notice=untranslated_notice,
    )


def main_anchor(page: Page) -> str:
    """The id where the page body starts, named after the nations it describes (e.g. ``england``)."""
    return "-".join(page.jurisdictions)


def nation_links(loc: _Localiser, page: Page, current: NationSection | None = None) -> list[tuple[str, str, bool]]:
    """(nation's name, link, whether it is this page) for "Where do you live?": each nation the page
    describes, in the usual order, to the page body or to the nation's own page. Empty when the page
    has no nation sections; ``current`` is the nation page being rendered."""
    if not page.nations:
        return []
    body = f"#{main_anchor(page)}" if current is None else f"{page.id}.html#{main_anchor(page)}"
    targets = dict.fromkeys(page.jurisdictions, (body, current is None))
    for section in page.nations:
        targets.update(dict.fromkeys(section.jurisdictions,
                                     (nation_page(page.id, section.anchor), section is current)))
    return [(loc.label(f"jurisdiction.{nation}"), *targets[nation]) for nation in NATIONS if nation in targets]


def _nation_heading(loc: _Localiser, section: NationSection) -> str:
    """"If you live in Wales" (or "If you live in: Wales, Northern Ireland" for several nations)."""
    several = len(section.jurisdictions) > 1
    title = loc.label("nations.heading.several" if several else f"nations.heading.{section.jurisdictions[0]}")
    if several:
        title += " " + ", ".join(loc.label(f"jurisdiction.{nation}") for nation in section.jurisdictions)
    return title


def _english(loc: _Localiser, key: str) -> dict[str, str]:
    """lang (and dir) attributes when an interface label is shown in English on another language's page."""
    english = loc.content.interface.labels[key].text
    if loc.lang.code == "en" or loc.translations.get(f"interface.{key}", english) is not None:
        return {}
    return loc.english_attributes()


def _marked_label(loc: _Localiser, key: str) -> Markup:
    """An interface label as HTML, inside a span marked English when it is not translated yet."""
    attributes = "".join(f' {name}="{value}"' for name, value in _english(loc, key).items())
    text = escape(loc.label(key))
    return Markup(f"<span{attributes}>{text}</span>") if attributes else Markup(text)
