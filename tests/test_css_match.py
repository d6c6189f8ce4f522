"""Matching selectors against built pages in every state our scripts can put them in."""

from __future__ import annotations

import pytest
import tinycss2

from generator.css_match import matchable, requirements, used_selectors
from generator.css_states import page_states


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


def test_a_selector_cssselect2_cannot_evaluate_is_kept():
    assert used_selectors([":dir(rtl)", ".absent"], ["<html><body></body></html>"]) == {":dir(rtl)"}


PAGE = ('<!doctype html><html lang="en" dir="ltr"><body><nav class="n"><ul>{items}</ul></nav>'
        '<main><h2 id="one">A</h2><p class="x">a</p><p class="y">b</p><table></table></main></body></html>')


@pytest.mark.parametrize(("selector", "matched"), [
    (".n li a", True), (".n li a[href]", True), (".n a[href='2.html']", True), (".n a[href='9.html']", False),
    ("main .x+.y", True), ("main .y+.x", False), (".x~table", True), ("table~.x", False),
    (".n li:first-child a", True), (".n li:nth-child(3) a", True), (".n li:nth-child(9)", False),
    ("main>table:last-child", True), ("main>p:last-child", False), ("table:empty", True), ("p:empty", False),
    ("h2#one+p", True), ("h2#two", False), ("[dir=rtl] .n a", False), (":lang(en) .x", True),
    ("main:has(table)", True), ("main:has(.z)", False),
])
def test_elements_alike_to_a_selector_match_it_alike(selector, matched):
    """Menu links repeat the same element under the same parents: matched once, each is as matched
    alone, whatever its siblings, position or the attributes the selector does not name."""
    page = PAGE.format(items="".join(f'<li><a href="{n}.html" title="t{n}">{n}</a></li>' for n in range(1, 4)))
    assert used_selectors([selector], [page]) == ({selector} if matched else set())


@pytest.mark.parametrize("selector", [":lang(ar) p", "[lang|=ar] p", "[lang=ar] p", "html[dir=rtl] p"])
def test_pages_in_other_languages_are_told_apart(selector):
    """Pages share what they match across languages, except where a selector looks at the language."""
    english, arabic = ('<!doctype html><html lang="en" dir="ltr"><body><p>x</p></body></html>',
                       '<!doctype html><html lang="ar" dir="rtl"><body><p>x</p></body></html>')
    assert used_selectors([selector], [english]) == set()
    assert used_selectors([selector], [arabic]) == {selector}
    assert used_selectors([selector], [english.replace('"en"', '"ar-x-2"').replace("ltr", "rtl")]) == (
        set() if selector.startswith("[lang=ar]") else {selector})


def test_what_one_set_of_pages_matched_is_not_carried_to_the_next():
    """Each language's stylesheet keeps what its own pages use, though matches are remembered
    between calls in a process."""
    selectors = [".n li a", ".x+.y"]
    page = PAGE.format(items='<li><a href="1.html">1</a></li>')
    assert used_selectors(selectors, [page]) == set(selectors)
    bare = '<!doctype html><html lang="en" dir="ltr"><body><main><p class="y">b</p></main></body></html>'
    assert used_selectors(selectors, [bare]) == set()
    assert used_selectors(selectors, [bare, page]) == set(selectors)
