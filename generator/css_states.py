"""A built page in the states our own scripts (``theme/assets/*.js``) can put it in: the page menu
filled in, the language menu built, open or closed, search results listed, the offline buttons
shown, Listen idle or reading. Stylesheets are reduced to what some state of some page can use
(``css_match``)."""

from __future__ import annotations

import copy
from collections.abc import Iterable

from lxml import etree

# What our scripts add to a page, as markup: theme/assets/nav.js adds every other page to the
# drawer's menu (a page shown in English, a closed section), languages.js builds the language menu,
# search.js lists results, listen.js puts its controls under a guide page's title ({active}: while
# reading). tests/test_css_states.py checks that every class, element and attribute the scripts set
# that a theme stylesheet mentions appears here.
LANGUAGE_MENU = (
    '<details{open}><summary class="md-header__button md-icon" aria-label="" title="">'
    '<span class="sta-icon sta-icon--languages" aria-hidden="true"></span></summary>'
    '<ul class="sta-languages__list"><li><a href="" lang="en" dir="ltr" aria-current="true">x</a></li>'
    '<li><a href="" lang="ar" dir="rtl">x</a></li></ul></details>')
PAGE_MENU = (
    '<ul><li class="md-nav__item"><a href="" class="md-nav__link" lang="en">x</a></li>'
    '<li class="md-nav__item md-nav__item--section md-nav__item--nested">'
    '<input class="md-nav__toggle md-toggle" type="checkbox" id="__nav_0">'
    '<label class="md-nav__link" for="__nav_0" id="__nav_0_label"><span class="md-ellipsis">x</span>'
    '<span class="md-nav__icon md-icon"></span></label>'
    '<nav class="md-nav" aria-labelledby="__nav_0_label" aria-expanded="false"><label class="md-nav__title" '
    'for="__nav_0"><span class="md-nav__icon md-icon"></span>x</label><ul class="md-nav__list">'
    '<li class="md-nav__item"><a href="" class="md-nav__link">x</a></li></ul></nav></li></ul>')
SEARCH_RESULTS = ('<div><p>x</p><ol class="sta-search-results"><li><a href="">x</a><p>x</p></li>'
                  '<li lang="en"><a href="">x</a><p>x</p></li></ol></div>')
LISTEN = (
    '<div class="sta-listen{active}" lang="en" dir="ltr"><div class="sta-listen__bar">'
    '<button type="button" class="sta-listen__play"><span aria-hidden="true" class="sta-listen__icon '
    'sta-listen__icon--play sta-listen__icon--pause"></span><span>x</span></button>'
    '<button type="button" class="sta-listen__stop"{hidden}><span aria-hidden="true" class="sta-listen__icon '
    'sta-listen__icon--stop"></span><span>x</span></button>'
    '<span role="status" class="sta-listen__status">x</span></div></div>')
_SCRIPTED = ('id="sta-results"', 'id="sta-offline"', 'class="sta-meta"')
"""Marks of the pages our scripts change beyond the header: search, home and guide pages."""


def parse_html(html: str) -> etree._Element:
    """The root element of a page (lxml's HTML parser: the same tree as a browser's for our valid
    pages, and several times faster than the standard library's)."""
    return etree.fromstring(html, _PARSER)


def _fragment(markup: str) -> etree._Element:
    """The element a snippet of markup holds."""
    return parse_html(markup).find("body")[0]


_PARSER = etree.HTMLParser()


def page_states(html: str) -> list[etree._Element]:
    """A page as built and, if our scripts change more than its header, as they can leave it
    (language menu closed or open, search results listed, offline buttons shown, Listen idle or
    reading): the trees a stylesheet's selectors are matched against."""
    return [root for root, _ in states(html)]


def states(html: str) -> list[tuple[etree._Element, list[etree._Element] | None]]:
    """:func:`page_states`, each with the elements holding all that our scripts changed in it
    (None for the page as built: all of it)."""
    built = parse_html(html)
    states: list[tuple[etree._Element, list[etree._Element] | None]] = [(built, None)]
    if not any(mark in html for mark in _SCRIPTED):
        return states  # the header and the drawer's menu are the same on every page
    tree = built.getroottree()
    where = {name: [tree.getpath(element) for element in found] for name, found in (
        ("menus", _LANGUAGE_MENUS(built)), ("pages", _PAGE_MENUS(built)),
        ("results", _RESULTS(built) if _SCRIPTED[0] in html else []),
        ("offline", _OFFLINE(built) if _SCRIPTED[1] in html else []),
        ("articles", [article for article in built.iter("article") if _SCRIPTED[2] in html
                      and article.find("h1") is not None and _META(article)]))}
    for scripted in (False, True):
        root = copy.deepcopy(built)  # fifty times faster than parsing the page again
        found = {name: [root.getroottree().xpath(path)[0] for path in paths] for name, paths in where.items()}
        for holder in found["menus"]:
            for link in holder.findall("a"):
                holder.remove(link)
            holder.append(_fragment(LANGUAGE_MENU.format(open=" open" if scripted else "")))
        for pages in found["pages"]:
            pages.extend(list(_fragment(PAGE_MENU)))
        for results in found["results"]:
            results.extend(list(_fragment(SEARCH_RESULTS)))
        for box in found["offline"]:  # each control shown
            for el in _elements(box):
                el.attrib.pop("hidden", None)
        for article in found["articles"]:
            title = article.find("h1")
            listen = LISTEN.format(active=" sta-listen--active" if scripted else "",
                                   hidden="" if scripted else " hidden")
            article.insert(list(article).index(title) + 1, _fragment(listen))
            if scripted:  # the part being read
                title.set("class", f"{title.get('class', '')} sta-listen-now".strip())
        changed = [*found["menus"], *found["pages"], *found["results"], *found["articles"],
                   *(box.getparent() for box in found["offline"])]
        states.append((root, changed))
    return states


def _elements(root: etree._Element) -> Iterable[etree._Element]:
    """The elements of a tree, without its comments."""
    return root.iter(etree.Element)


def _with_class(name: str) -> etree.XPath:
    """The elements of a tree, or under an element, with the class ``name``."""
    return etree.XPath(f'.//*[contains(concat(" ", normalize-space(@class), " "), " {name} ")]')


_LANGUAGE_MENUS = _with_class("sta-languages")
_PAGE_MENUS = etree.XPath('//nav[contains(concat(" ", @class, " "), " md-nav--primary ")]/ul')
_META = _with_class("sta-meta")
_RESULTS = etree.XPath('//*[@id="sta-results"]')
_OFFLINE = etree.XPath('//*[@id="sta-offline"]')
