"""Matching selectors against built pages in every state our scripts can put them in."""

from __future__ import annotations

import re

import pytest
import tinycss2

from generator import css_match
from generator.css_match import matchable, page_states, requirements, used_selectors
from tests.conftest import REPO


@pytest.mark.parametrize(("selector", "matched"), [
    (".a:hover", ".a"),
    (":hover", "*"),
    (".a :focus-within>.b", ".a *>.b"),
    ("a:not(.b)", "a:not(.b)"),
    ("a:not(:checked)+b", "a+b"),
    (".a:before", ".a"),
    ("::-webkit-scrollbar", "*"),
    (".a :is(.b:hover,.c)", ".a :is(.b,.c)"),
    ("[dir=rtl] .a:first-child", "[dir=rtl] .a:first-child"),
])
def test_dynamic_pseudo_classes_and_pseudo_elements_are_set_aside(selector, matched):
    assert matchable(tinycss2.parse_component_value_list(selector)) == matched


def test_a_selector_needs_what_it_names_outside_not():
    assert requirements(".md-nav>li.x[type=checkbox] a:not(.y)") == {
        ".md-nav", "li", ".x", "[type", "[type=checkbox", "a"}


HOME = ('<!doctype html><html lang="ar" dir="rtl"><body>'
        '<div class="md-header__option sta-languages" data-page="index.html"><a href="../index.html">x</a></div>'
        '<article><h1>T</h1><p class="sta-meta">m</p></article>'
        '<div class="sta-offline" id="sta-offline" hidden><button id="sta-offline-save">s</button>'
        '<p id="sta-offline-ask" hidden>a</p></div><div id="sta-results" data-none="n"></div></body></html>')


def test_the_states_our_scripts_make_are_matched():
    selectors = [".sta-languages details[open] .sta-languages__list a[aria-current]", ".sta-languages>a",
                 ".sta-offline p:not([hidden])", "#sta-results .sta-search-results li[lang]",
                 "h1+.sta-listen button[hidden]", ".md-search", ".sta-languages>a[open]"]
    assert used_selectors(selectors, [HOME]) == set(selectors[:5])
    assert len(page_states(HOME)) == 3


def test_a_page_our_scripts_leave_alone_is_matched_as_built():
    assert len(page_states("<!doctype html><html><body><p>x</p></body></html>")) == 1


def test_a_selector_cssselect2_cannot_evaluate_is_kept():
    assert used_selectors([":dir(rtl)", ".absent"], ["<html><body></body></html>"]) == {":dir(rtl)"}


def _scripts() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in sorted((REPO / "theme" / "assets").glob("*.js")))


def test_every_class_element_and_attribute_our_scripts_set_is_in_the_states():
    """A script that adds a class, element or attribute the states lack would let a rule for it go."""
    simulated = (REPO / "generator" / "css_match.py").read_text(encoding="utf-8")
    scripts = _scripts()
    assigned = re.findall(r"className = ([^;]*);", scripts)  # the comparisons in it choose, they are no class
    words = {word for literal in [*re.findall(r'"([^"]*)"', re.sub(r'[!=]== "[^"]*"', "", " ".join(assigned))),
                                  *re.findall(r'classList\.(?:add|toggle)\("([^"]*)"', scripts)]
             for word in literal.split()}
    missing = [f"class {word}" for word in words
               if not re.search(re.escape(word) + ("" if word.endswith(("-", "_")) else r"\b"), simulated)]
    missing += [f"element {tag}" for tag in re.findall(r'createElement\("(\w+)"\)', scripts)
                if f"<{tag}" not in simulated and tag != "script"]  # search.js loads its index: nothing to see
    attributes = {*re.findall(r'setAttribute\("([\w-]+)"', scripts),
                  *re.findall(r"\.(hidden|lang|dir|type|title|href|open)\s*=[^=]", scripts)}
    missing += [f"attribute {name}" for name in attributes if not re.search(rf"\b{name}\b", simulated)]
    assert words and attributes and missing == []


def test_the_scripts_the_states_follow_exist():
    for name in ("languages.js", "search.js", "offline.js", "listen.js"):
        assert (REPO / "theme" / "assets" / name).is_file(), name
    assert "sta-languages__list" in css_match.LANGUAGE_MENU
