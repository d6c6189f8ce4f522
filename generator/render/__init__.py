"""Rendering: content and one language's catalog into Markdown pages for MkDocs.

Every text from a catalog is HTML-escaped before anything else happens to it, so a translation can
never add markup: links, phone numbers and bold come only from the English source's placeholders
and ``**`` marks. Modules import one way: ``localise`` <- ``blocks`` <- ``generated`` <- ``pages``
<- this package, which assembles a language's pages.
"""

from __future__ import annotations

from datetime import date

from generator.catalog_check import LanguageStatus
from generator.citations import source_numbers
from generator.config import Language
from generator.content import ContentSet
from generator.i18n import Review, Translations
from generator.messages import nation_page, source_list_page
from generator.render.blocks import contact_card
from generator.render.changes import render_changes, render_changes_feed
from generator.render.generated import (
    copy_date_line,
    interface_strings,
    nav_for,
    page_menu,
    printable_items,
    render_glossary,
    render_home,
    render_language_chooser,
    render_printables,
    render_sources,
)
from generator.render.localise import (
    RenderedPage,
    _Localiser,
    contact_link,
    finish,
    inert,
    interface_label,
    intro,
    make_env,
    markdown_heading,
    page_titles,
)
from generator.render.pages import (
    ABOUT_PAGE,
    REVIEW_MAX_DAYS,
    any_translated,
    render_guide_page,
    render_nation_page,
    render_source_list,
)

__all__ = ["ABOUT_PAGE", "REVIEW_MAX_DAYS", "RenderedPage", "_Localiser", "contact_card", "contact_link",
           "copy_date_line", "inert", "interface_strings", "make_env", "markdown_heading", "nav_for", "page_menu",
           "page_titles", "printable_items", "render_changes_feed", "render_language_chooser", "render_pages",
           "shown_in_english"]


def render_pages(content: ContentSet, translations: Translations, today: date,
                 status: list[tuple[LanguageStatus, Language]] = (), *, source_lang: Language) -> list[RenderedPage]:
    """Every Markdown page of one language: home, guide pages with their source lists and nation
    pages, glossary, sources, printables, search, what changed and translation status (``status``:
    each translated language's figures).

    A guide page with none of its own texts translated is shown whole in English (``source_lang``),
    under one notice in the reader's language, rather than as English text among translated labels.
    """
    env = make_env()
    titles = page_titles(content, translations)
    english = Translations(source_lang, translations.path, {}, Review())
    english_titles = page_titles(content, english)
    rendered = [render_home(env, content, translations, titles)]
    in_english = shown_in_english(content, translations, source_lang)
    for page in content.pages:
        notice = interface_label(content, translations, "page_untranslated_notice") if page.id in in_english else ""
        shown, shown_titles = (english, english_titles) if notice else (translations, titles)
        list_page, numbers = source_list_page(page.id), source_numbers(page.sources)
        loc = _Localiser(content, shown, shown_titles, f"{page.id}.html", source_numbers=numbers, source_list=list_page)
        rendered.append(render_guide_page(env, loc, page, today, untranslated_notice=notice))
        rendered.append(render_source_list(env, _Localiser(content, shown, shown_titles, list_page), page,
                                           untranslated_notice=notice))
        for section in page.nations:
            nation_loc = _Localiser(content, shown, shown_titles, nation_page(page.id, section.anchor),
                                    source_numbers=numbers, source_list=list_page)
            rendered.append(render_nation_page(env, nation_loc, page, section, untranslated_notice=notice))
    rendered.append(render_glossary(env, content, translations, titles))
    rendered.append(render_printables(env, content, translations, titles))
    loc = _Localiser(content, translations, titles, "translation-status.html")
    rendered.append(finish(env, "translation-status.md.j2", loc, "translation-status.md",
                           title_plain=titles["translation-status"], rows=list(status),
                           **intro(loc, "status_intro")))
    rendered.append(finish(env, "search.md.j2", _Localiser(content, translations, titles, "search.html"),
                           "search.md", title_plain=interface_label(content, translations, "material.search")))
    rendered.append(render_sources(env, content, translations, titles))
    rendered.append(render_changes(env, content, translations, titles))
    return rendered


def shown_in_english(content: ContentSet, translations: Translations, source_lang: Language) -> set[str]:
    """The ids of the guide pages shown whole in English in this language: none of their own texts
    is translated."""
    if translations.lang == source_lang:
        return set()
    return {page.id for page in content.pages if not any_translated(translations, page)}
