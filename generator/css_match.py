"""Which CSS selectors can match a folder of built pages, in any state a reader or our scripts
can put a page in.

A selector counts as matching when, with its pseudo-elements and the pseudo-classes a reader or
the browser switches on (``:hover``, ``:focus``, ``:checked``, ``:target``, …) set aside, it matches
an element of some page as built or as our own scripts (``theme/assets/*.js``) change it: the
language menu built, open or closed, search results listed, the offline buttons shown. A selector
cssselect2 cannot evaluate counts as matching, so nothing is lost by doubt.
"""

from __future__ import annotations

import copy
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from functools import cache
from html.parser import HTMLParser

import cssselect2
import tinycss2

# Pseudo-classes whose truth depends on the reader, the browser or a form's value, not on the
# markup: a selector using one may match at some moment, so for matching it is treated as true.
DYNAMIC_PSEUDO_CLASSES = frozenset({
    "active", "autofill", "-webkit-autofill", "checked", "focus", "focus-visible", "focus-within", "hover",
    "indeterminate", "invalid", "modal", "open", "placeholder-shown", "popover-open", "target", "target-within",
    "user-invalid", "user-valid", "valid", "visited", "fullscreen", "closed",
})
# Written with one colon for old browsers, but pseudo-elements all the same.
LEGACY_PSEUDO_ELEMENTS = frozenset({"before", "after", "first-line", "first-letter"})

# What our scripts add to a page, as markup: theme/assets/languages.js builds the language menu,
# search.js lists results, listen.js puts its controls under a guide page's title ({active}: while
# reading). tests/test_css_match.py checks that every class, element and attribute the scripts set
# that a theme stylesheet mentions appears here.
LANGUAGE_MENU = (
    '<details{open}><summary class="md-header__button md-icon" aria-label="" title="">'
    '<span class="sta-icon sta-icon--languages" aria-hidden="true"></span></summary>'
    '<ul class="sta-languages__list"><li><a href="" lang="en" dir="ltr" aria-current="true">x</a></li>'
    '<li><a href="" lang="ar" dir="rtl">x</a></li></ul></details>')
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


class _TreeBuilder(HTMLParser):
    """An ElementTree of built, valid HTML (the HTML checker passes every page): the standard
    library's parser, many times faster than a full HTML5 parser on pages this size."""

    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                      "track", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack = [ET.Element("document")]

    def handle_starttag(self, tag: str, attrs: list) -> None:
        element = ET.SubElement(self.stack[-1], tag, {name: value or "" for name, value in reversed(attrs)})
        if tag not in self.VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        ET.SubElement(self.stack[-1], tag, {name: value or "" for name, value in reversed(attrs)})

    def handle_endtag(self, tag: str) -> None:
        if any(element.tag == tag for element in self.stack[1:]):
            while self.stack.pop().tag != tag:
                pass

    def handle_data(self, data: str) -> None:
        if not self.stack[-1].text:  # only whether there is text matters (:empty)
            self.stack[-1].text = data


def parse_html(html: str) -> ET.Element:
    """The root element of a page."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.stack[0][-1] if len(builder.stack[0]) else ET.Element("html")


def page_states(html: str) -> list[ET.Element]:
    """A page as built and, if our scripts change more than its header, as they can leave it
    (language menu closed or open, search results listed, offline buttons shown, Listen idle or
    reading): the trees a stylesheet's selectors are matched against."""
    states = [parse_html(html)]
    if not any(mark in html for mark in _SCRIPTED):
        return states  # the header, and so the language menu, is the same on every page
    for scripted in (False, True):
        root = copy.deepcopy(states[0])  # fifty times faster than parsing the page again
        for holder in _with_class(root, "sta-languages"):
            for link in holder.findall("a"):
                holder.remove(link)
            holder.append(parse_html(LANGUAGE_MENU.format(open=" open" if scripted else "")))
        for results in (el for el in root.iter() if el.get("id") == "sta-results"):
            results.extend(parse_html(SEARCH_RESULTS))
        for box in (el for el in root.iter() if el.get("id") == "sta-offline"):  # each control shown
            for el in box.iter():
                el.attrib.pop("hidden", None)
        for article in root.iter("article"):
            title = article.find("h1")
            if title is not None and _with_class(article, "sta-meta"):
                listen = LISTEN.format(active=" sta-listen--active" if scripted else "",
                                       hidden="" if scripted else " hidden")
                article.insert(list(article).index(title) + 1, parse_html(listen))
                if scripted:  # the part being read
                    title.set("class", f"{title.get('class', '')} sta-listen-now".strip())
        states.append(root)
    return states


def _with_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [el for el in root.iter() if name in (el.get("class") or "").split()]


def split_selectors(prelude: list) -> list[list]:
    """A rule's selector list as one token list per selector, without surrounding whitespace."""
    selectors, current = [], []
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append(current)
            current = []
        else:
            current.append(token)
    selectors.append(current)
    return [_strip(tokens) for tokens in selectors]


def _strip(tokens: list) -> list:
    while tokens and tokens[0].type in ("whitespace", "comment"):
        tokens = tokens[1:]
    while tokens and tokens[-1].type in ("whitespace", "comment"):
        tokens = tokens[:-1]
    return tokens


def matchable(tokens: list) -> str:
    """A selector as it can match some page state: pseudo-elements and dynamic pseudo-classes go,
    and a ``:not()`` of anything dynamic goes whole (the element may or may not be hovered).

    >>> matchable(tinycss2.parse_component_value_list(".a:hover>.b::before,:focus .c:not(:checked)"))
    '.a>.b,* .c'
    """
    out: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if token.type == "literal" and token.value == ":" and following is not None:
            if following.type == "literal" and following.value == ":":  # ::pseudo-element
                if not out or out[-1] in (" ", ">", "+", "~", ","):
                    out.append("*")
                i += 3
                continue
            name = getattr(following, "lower_value", None) or getattr(following, "lower_name", None)
            dynamic = following.type == "ident" and (name in DYNAMIC_PSEUDO_CLASSES or name in LEGACY_PSEUDO_ELEMENTS)
            if following.type == "function" and name == "not":
                dynamic = _has_dynamic(following.arguments)  # :not(:hover) may hold or not: true
            elif following.type == "function" and name in ("is", "where", "has"):
                inner = ",".join(matchable(part) for part in split_selectors(following.arguments))
                out.append(f":{following.name}({inner})")
                i += 2
                continue
            if dynamic:
                if not out or out[-1] in (" ", ">", "+", "~", ","):
                    out.append("*")  # the compound would be empty: it still needs an element
                i += 2
                continue
        if token.type == "literal" and token.value == ",":
            out.append(",")
        elif token.type == "whitespace":
            out.append(" ")
        else:
            out.append(tinycss2.serialize([token]))
        i += 1
    return "".join(out)


def _has_dynamic(tokens: list) -> bool:
    for token, following in zip(tokens, [*tokens[1:], None], strict=True):
        if token.type == "function" and _has_dynamic(token.arguments):
            return True
        if token.type == "literal" and token.value == ":" and following is not None and (
                following.type == "literal" or getattr(following, "lower_value", None) in DYNAMIC_PSEUDO_CLASSES):
            return True
    return False


def used_selectors(selectors: Iterable[str], pages: Iterable[str]) -> set[str]:
    """The selectors (as written by :func:`matchable`) that match some state of some page; those
    cssselect2 cannot evaluate count as used."""
    compiled = {selector: _compiled(selector) for selector in set(selectors)}
    used = {selector for selector, parts in compiled.items() if parts is None}
    for html in pages:
        for root in page_states(html):
            # Only selectors not found yet whose classes, ids, elements and attributes all occur in
            # this page: matching element by element is the slow part.
            present = {feature for element in root.iter() for feature in _features(element)}
            matcher = cssselect2.Matcher()
            for selector, entry in compiled.items():
                if selector not in used and entry[0] <= present:
                    for part in entry[1]:
                        matcher.add_selector(part, selector)
            for element in cssselect2.ElementWrapper.from_html_root(root).iter_subtree():
                used.update(match[-1] for match in matcher.match(element))
    return used


@cache
def _compiled(selector: str) -> tuple[frozenset[str], list] | None:
    """What a page needs for ``selector`` to match there, and the selector compiled; None if
    cssselect2 cannot evaluate it."""
    try:
        return requirements(selector), cssselect2.compile_selector_list(selector)
    except cssselect2.SelectorError:
        return None


def _features(element: ET.Element) -> Iterable[str]:
    yield element.tag
    for name, value in element.attrib.items():
        yield f"[{name}"
        yield f"[{name}={value}"
        if name == "class":
            yield from (f".{word}" for word in value.split())
        elif name == "id":
            yield f"#{value}"


def requirements(selector: str) -> frozenset[str]:
    """What an element of a page must have for ``selector`` to match there: its classes, ids,
    element names and attribute names, outside ``:not()``, ``:is()`` and the like.

    >>> sorted(requirements("ul.a>li[dir=rtl] #b:not(.c) [data-x^=y]"))
    ['#b', '.a', '[data-x', '[dir', '[dir=rtl', 'li', 'ul']
    """
    tokens = tinycss2.parse_component_value_list(selector)
    needed = set()
    for token, following in zip([None, *tokens], [*tokens, None], strict=True):
        if following is None:
            break
        after_combinator = token is None or token.type == "whitespace" or token in (">", "+", "~")
        if following.type == "ident" and after_combinator:
            needed.add(following.lower_value)  # an element name
        elif following.type == "ident" and token is not None and token.type == "literal" and token.value == ".":
            needed.add(f".{following.value}")
        elif following.type == "hash":
            needed.add(f"#{following.value}")
        elif following.type == "[] block":
            parts = [part for part in following.content if part.type not in ("whitespace", "comment")]
            if parts and parts[0].type == "ident":
                needed.add(f"[{parts[0].lower_value}")
                if len(parts) == 3 and parts[1] == "=" and parts[2].type in ("ident", "string"):
                    needed.add(f"[{parts[0].lower_value}={parts[2].value}")  # [dir=rtl], [type="checkbox"]
    return frozenset(needed)
