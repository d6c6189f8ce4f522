"""The states our scripts put pages in, as the CSS pruning sees them."""

from __future__ import annotations

import re

from generator import css_states
from generator.css_states import page_states
from tests.conftest import REPO


def test_a_page_our_scripts_leave_alone_is_matched_as_built():
    assert len(page_states("<!doctype html><html><body><p>x</p></body></html>")) == 1


def _scripts() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in sorted((REPO / "theme" / "assets").glob("*.js")))


def test_every_class_element_and_attribute_our_scripts_set_is_in_the_states():
    """A script that adds a class, element or attribute the states lack would let a rule for it go."""
    simulated = (REPO / "generator" / "css_states.py").read_text(encoding="utf-8")
    scripts = _scripts()
    assigned = re.findall(r"className = ([^;]*);", scripts)  # the comparisons in it choose, they are no class
    words = {word for literal in [*re.findall(r'"([^"]*)"', re.sub(r'[!=]== "[^"]*"', "", " ".join(assigned))),
                                  *re.findall(r'classList\.(?:add|toggle)\("([^"]*)"', scripts),
                                  *re.findall(r'\bel\("\w+", "([^"]*)"', scripts)]  # nav.js: el(tag, class)
             for word in literal.split()}
    missing = [f"class {word}" for word in words
               if not re.search(re.escape(word) + ("" if word.endswith(("-", "_")) else r"\b"), simulated)]
    missing += [f"element {tag}" for tag in re.findall(r'(?:createElement|\bel)\("(\w+)"', scripts)
                if f"<{tag}" not in simulated and tag != "script"]  # search.js loads its index: nothing to see
    attributes = {*re.findall(r'setAttribute\("([\w-]+)"', scripts),
                  *re.findall(r"\.(hidden|lang|dir|type|title|href|open)\s*=[^=]", scripts)}
    missing += [f"attribute {name}" for name in attributes if not re.search(rf"\b{name}\b", simulated)]
    assert words and attributes and missing == []


def test_the_scripts_the_states_follow_exist():
    for name in ("languages.js", "nav.js", "search.js", "offline.js", "listen.js"):
        assert (REPO / "theme" / "assets" / name).is_file(), name
    assert "sta-languages__list" in css_states.LANGUAGE_MENU
