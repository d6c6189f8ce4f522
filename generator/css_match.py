"""Which CSS selectors can match a folder of built pages, in any state a reader or our scripts
can put a page in (``css_states``).

A selector counts as matching when, with its pseudo-elements and the pseudo-classes a reader or
the browser switches on (``:hover``, ``:focus``, ``:checked``, ``:target``, …) set aside, it matches
an element of some page as built or as our own scripts (``theme/assets/*.js``) change it: the
language menu built, open or closed, search results listed, the offline buttons shown. A selector
cssselect2 cannot evaluate counts as matching, so nothing is lost by doubt.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache

import cssselect2
import tinycss2
from lxml import etree

from generator.css_states import states

# Pseudo-classes whose truth depends on the reader, the browser or a form's value, not on the
# markup: a selector using one may match at some moment, so for matching it is treated as true.
DYNAMIC_PSEUDO_CLASSES = frozenset({
    "active", "autofill", "-webkit-autofill", "checked", "focus", "focus-visible", "focus-within", "hover",
    "indeterminate", "invalid", "modal", "open", "placeholder-shown", "popover-open", "target", "target-within",
    "user-invalid", "user-valid", "valid", "visited", "fullscreen", "closed",
})
# Written with one colon for old browsers, but pseudo-elements all the same.
LEGACY_PSEUDO_ELEMENTS = frozenset({"before", "after", "first-line", "first-letter"})

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


_BY_SIBLINGS = re.compile(r"[+~]|:(?:first|last|only|nth|empty|has|enabled|disabled|local-link)")
"""What makes a selector look beyond an element and its ancestors: sibling combinators, and
pseudo-classes that count siblings or children (``:enabled`` and ``:disabled`` look at legends)."""


def used_selectors(selectors: Iterable[str], pages: Iterable[str]) -> set[str]:
    """The selectors (as written by :func:`matchable`) that match some state of some page; those
    cssselect2 cannot evaluate count as used.

    Most selectors look only at an element and its ancestors: elements whose lineage reads the same
    to them (:class:`_Lineages`) match the same ones, and pages repeat the same lineages (two hundred
    menu links, on every page), so each is matched once per process. The others are tried on an
    element only while not found yet, and only where its lineage has what they need of it."""
    compiled = {selector: _compiled(selector) for selector in set(selectors)}
    used = {selector for selector, parts in compiled.items() if parts is None}
    by_siblings = sorted(selector for selector in set(compiled) - used if _BY_SIBLINGS.search(selector))
    lineages = _lineages(tuple(sorted(set(compiled) - used - set(by_siblings))), tuple(by_siblings))
    seen: set[int] = set()
    whole = any(":has(" in selector for selector in by_siblings)  # a change may match an ancestor
    for html in pages:
        present: frozenset[str] = frozenset()
        for root, changed in states(html):
            if changed is None or whole:
                found, pending = lineages.walk(root)
                present = lineages.present(found)
            else:  # a copy of the page as built: only what changed, and the siblings around it
                found, pending = set(), []
                for element in changed:
                    more, waiting = lineages.walk(element, lineages.number(element.getparent()))
                    found |= more
                    pending += waiting
                present = present | lineages.present(found)
            new = found - seen
            seen |= new
            used.update(*(lineages.matches[number] for number in new))
            wrappers: dict[etree._Element, cssselect2.ElementWrapper] = {}
            for element, candidates in lineages.waiting(pending, present, used):
                wrapper = _wrapper(element, wrappers)
                used.update(selector for selector in candidates if selector not in used and any(
                    not part.never_matches and part.test(wrapper) for part in compiled[selector]))
    return used


class _Lineages:
    """Selectors, and what they match by lineage: an element as they can see it (its name and
    attributes, see :meth:`_attributes`) and its parent's lineage. ``by_siblings``,
    selectors that look further, are listed for each lineage that holds what they need of an element
    and its ancestors."""

    def __init__(self, selectors: tuple[str, ...], by_siblings: tuple[str, ...]) -> None:
        self.matcher = cssselect2.Matcher()
        classes, ids, languages, conditions = set(), set(), set(), {}
        for selector in selectors:
            for part in _compiled(selector):
                self.matcher.add_selector(part, selector)
        for selector in (*selectors, *by_siblings):
            _mentions(tinycss2.parse_component_value_list(selector), classes, ids, languages, conditions)
        self.classes, self.ids, self.languages = frozenset(classes), frozenset(ids), frozenset(languages)
        self.conditions = {name: [_compiled(f"*{test}") or [] for test in sorted(tests)]
                           for name, tests in conditions.items()}
        self.verdicts: dict[tuple[str, str], tuple] = {}
        self.seen: dict[tuple, tuple] = {}  # attributes as written: as seen
        self.needs = {selector: ancestor_requirements(selector) for selector in by_siblings}
        self.page_needs = {selector: requirements(selector) for selector in by_siblings}
        self.numbers: dict[tuple, int] = {}
        self.matches: list[frozenset[str]] = []
        self.own: list[frozenset[str]] = []
        self.features: list[frozenset[str]] = []
        self.candidates: list[tuple[str, ...]] = []

    def walk(self, top: etree._Element, parent: int = -1) -> tuple[set[int], list[tuple[etree._Element, int]]]:
        """The lineages of ``top`` and the elements under it, numbered (new ones are matched), and
        the elements whose lineage lists selectors looking further, with its number."""
        found: set[int] = set()
        pending: list[tuple[etree._Element, int]] = []
        todo = [(top, parent)]
        while todo:
            element, parent = todo.pop()
            number = self._number(element, parent)
            found.add(number)
            if self.candidates[number]:
                pending.append((element, number))
            todo.extend((child, number) for child in element.iterchildren(etree.Element))
        return found, pending

    def number(self, element: etree._Element | None) -> int:
        """The lineage of an element (-1 for none)."""
        number = -1
        if element is not None:
            for each in [*reversed(list(element.iterancestors())), element]:
                number = self._number(each, number)
        return number

    def _number(self, element: etree._Element, parent: int) -> int:
        key = (parent, element.tag, self._attributes(element))
        number = self.numbers.get(key)
        return self._add(key, element) if number is None else number

    def present(self, found: set[int]) -> frozenset[str]:
        """What the elements of these lineages have, as :func:`requirements` names it."""
        return frozenset().union(*(self.own[number] for number in found))

    def waiting(self, pending: list[tuple[etree._Element, int]], present: frozenset[str],
                used: set[str]) -> list[tuple[etree._Element, list[str]]]:
        """The pending elements with the selectors looking further that may match them: not in
        ``used``, and naming only what is ``present`` in the page."""
        alive: dict[int, list[str]] = {}
        waiting = []
        for element, number in pending:
            if number not in alive:
                alive[number] = [selector for selector in self.candidates[number]
                                 if selector not in used and self.page_needs[selector] <= present]
            if alive[number]:
                waiting.append((element, alive[number]))
        return waiting

    def _add(self, key: tuple, element: etree._Element) -> int:
        """Number a new lineage, match it, and note what its elements have (as :func:`requirements`
        names it: what this element has of it, every element of the lineage has) and which selectors
        looking further it may hold."""
        number = self.numbers[key] = len(self.matches)
        self.matches.append(frozenset(match[-1] for match in self.matcher.match(_lineage_wrapper(element))))
        own = {element.tag}
        for name, value in element.attrib.items():
            own |= {f"[{name}", f"[{name}={value}"}
            if name == "class":
                own |= {f".{word}" for word in value.split()}
            elif name == "id":
                own.add(f"#{value}")
        self.own.append(frozenset(own))
        features = self.features[key[0]] | own if key[0] >= 0 else frozenset(own)
        self.features.append(features)
        self.candidates.append(tuple(selector for selector, needs in self.needs.items() if needs <= features))
        return number

    def _attributes(self, element: etree._Element) -> tuple:
        """An element's attributes as the selectors can see them: each name, with the classes and id
        they name, the ``:lang()`` languages it is in, and which of their attribute tests it passes."""
        written = tuple(element.items())
        seen = self.seen.get(written)
        if seen is None:
            seen = self.seen[written] = self._as_seen(written)
        return seen

    def _as_seen(self, written: tuple[tuple[str, str], ...]) -> tuple:
        seen = []
        for name, value in written:
            if name == "class":
                kept = " ".join(sorted(self.classes.intersection(value.split())))
            elif name == "id":
                kept = value if value in self.ids else ""
            elif name == "lang":  # so that pages in every language share lineages
                code = value.lower()
                kept = " ".join(sorted(language for language in self.languages
                                       if language in (code, "*") or code.startswith(f"{language}-")))
            else:
                kept = ""
            seen.append((name, kept, self._verdicts(name, value) if name in self.conditions else ()))
        return tuple(sorted(seen))

    def _verdicts(self, name: str, value: str) -> tuple:
        """Which of the selectors' tests of the attribute ``name`` (``[dir=rtl]``, ``[src$=x]``…) the
        value passes, as cssselect2 decides it."""
        verdict = self.verdicts.get((name, value))
        if verdict is None:
            try:
                wrapper = cssselect2.ElementWrapper.from_html_root(etree.Element("x", {name: value}))
            except ValueError:  # a name lxml refuses on its own: keep the value itself
                verdict = (value,)
            else:
                verdict = tuple(any(not part.never_matches and part.test(wrapper) for part in parts)
                                for parts in self.conditions[name])
            self.verdicts[(name, value)] = verdict
        return verdict


def _lineage_wrapper(element: etree._Element) -> cssselect2.ElementWrapper:
    """cssselect2's view of an element and its ancestors, without their siblings (cheaper to make
    than :func:`_wrapper`: enough for selectors that look only at ancestors)."""
    wrapper = None
    for each in [*reversed(list(element.iterancestors())), element]:
        wrapper = cssselect2.ElementWrapper(each, parent=wrapper, index=0, previous=None, in_html_document=True)
    return wrapper


def _wrapper(element: etree._Element, made: dict) -> cssselect2.ElementWrapper:
    """cssselect2's view of an element, with its ancestors and their siblings (``made``: those of its
    tree made so far, each element's children made at once)."""
    if element not in made:
        parent = element.getparent()
        if parent is None:
            made[element] = cssselect2.ElementWrapper.from_html_root(element)
        else:
            made.update((child.etree_element, child) for child in _wrapper(parent, made).iter_children())
    return made[element]


@lru_cache(maxsize=4)
def _lineages(selectors: tuple[str, ...], by_siblings: tuple[str, ...]) -> _Lineages:
    """One :class:`_Lineages` per set of selectors in a process: each language's pages add to it."""
    return _Lineages(selectors, by_siblings)


def _mentions(tokens: list, classes: set[str], ids: set[str], languages: set[str],
              conditions: dict[str, set[str]]) -> None:
    """Add the classes, ids, ``:lang()`` languages and attribute tests (by attribute name) that a
    selector's tokens name, inside functions too."""
    for token, following in zip(tokens, [*tokens[1:], None], strict=True):
        if token.type == "literal" and token.value == "." and following is not None and following.type == "ident":
            classes.add(following.value)
        elif token.type == "hash":
            ids.add(token.value)
        elif token.type == "[] block":
            names = [part for part in token.content if part.type == "ident"]
            if names:
                conditions.setdefault(names[0].lower_value, set()).add(token.serialize())
        elif token.type == "function" and token.lower_name == "lang":
            languages.update(part.value.lower() for part in token.arguments if part.type in ("ident", "string"))
        elif token.type == "function":
            _mentions(token.arguments, classes, ids, languages, conditions)


@cache
def _compiled(selector: str) -> list | None:
    """The selector compiled; None if cssselect2 cannot evaluate it."""
    try:
        return cssselect2.compile_selector_list(selector)
    except cssselect2.SelectorError:
        return None


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


def ancestor_requirements(selector: str) -> frozenset[str]:
    """What an element and its ancestors must have for ``selector`` to match the element: the
    :func:`requirements` of every compound but those before ``+`` or ``~`` (they name a sibling).

    >>> sorted(ancestor_requirements("nav .a+.b>li ~ p"))
    ['.b', 'nav', 'p']
    """
    compounds, current, combinator = [], [], None
    for token in tinycss2.parse_component_value_list(selector):
        if token.type == "whitespace" or (token.type == "literal" and token.value in (">", "+", "~")):
            combinator = token.value if token.type == "literal" else combinator or " "
            continue
        if combinator is not None and current:
            compounds.append((current, combinator))
            current = []
        combinator = None
        current.append(token)
    compounds.append((current, None))
    return frozenset().union(*(requirements(tinycss2.serialize(tokens))
                               for tokens, after in compounds if after not in ("+", "~")))
