"""Stylesheets reduced to the rules a folder of built pages can use.

A theme's stylesheet holds rules for every feature the theme offers; our pages use a fraction of
them. A style rule keeps the selectors that can match (``css_match``: any page, any state a reader
or our scripts can put it in; in doubt, kept). ``@media`` and ``@supports`` keep what they hold that
is kept; ``@keyframes`` and ``@font-face`` stay when a kept declaration names them; a custom property
stays when a kept declaration, another stylesheet or a page reads it, directly or through another
custom property. The output is what is kept, as written and in the original order, so the same
pages and stylesheet always give the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path

import tinycss2
from tinycss2 import ast

from generator.css_match import matchable, split_selectors, used_selectors
from generator.parallel import in_parallel

_VAR = re.compile(r"var\(\s*(--[\w-]+)")


@dataclass(frozen=True, slots=True)
class _Declaration:
    """One declaration as written, with the custom properties it reads and the names it mentions."""

    name: str
    text: str
    reads: frozenset[str]
    words: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Node:
    """A parsed rule: a style rule (``selectors`` as written and as matched, ``declarations``), a
    group such as ``@media`` (``header``, ``children``) or another at-rule (``header``, ``needs``:
    the name a kept declaration must mention for @keyframes and @font-face to stay)."""

    header: str = ""
    selectors: tuple[tuple[str, str], ...] = ()
    declarations: tuple[_Declaration, ...] = ()
    children: tuple[_Node, ...] | None = None
    needs: str | None = None


@dataclass(slots=True)
class _Kept:
    """A rule as it will be written: what of a :class:`_Node` is kept."""

    header: str
    declarations: list[_Declaration]
    children: list[_Kept] | None = None
    needs: str | None = None

    def serialize(self) -> str:
        if self.children is not None:
            return self.header + "{" + "".join(child.serialize() for child in self.children) + "}"
        if self.header.startswith("@"):
            return self.header
        return self.header + "{" + ";".join(item.text for item in self.declarations) + "}"


@lru_cache(maxsize=16)
def _stylesheet(css: str) -> tuple[_Node, ...]:
    """A stylesheet's rules, parsed once however many folders share it (each language has a copy)."""
    return _nodes(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))


def _nodes(rules: list) -> tuple[_Node, ...]:
    nodes = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = split_selectors(rule.prelude)
            nodes.append(_Node(selectors=tuple((tinycss2.serialize(tokens), matchable(tokens)) for tokens in selectors),
                               declarations=_declarations(rule.content)))
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports") and rule.content:
            children = _nodes(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True))
            nodes.append(_Node(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}", children=children))
        elif rule.type == "at-rule":
            nodes.append(_Node(rule.serialize(), needs=_named(rule)))
    return tuple(nodes)


def _declarations(content: list | None) -> tuple[_Declaration, ...]:
    items = tinycss2.parse_blocks_contents(content or [], skip_comments=True, skip_whitespace=True)
    return tuple(_Declaration(
        item.name if item.type == "declaration" else "", item.serialize().replace(" !important", "!important"),
        frozenset(_VAR.findall(item.serialize())),
        frozenset(token.value for token in _tokens(getattr(item, "value", [])) if token.type in ("ident", "string")))
        for item in items if item.type != "error")


def _tokens(values: list) -> Iterable:
    for token in values:
        yield token
        if token.type in ("function", "() block", "[] block", "{} block"):
            yield from _tokens(token.arguments if token.type == "function" else token.content)


def _named(rule: ast.AtRule) -> str | None:
    """The name a @keyframes rule defines, or the family a @font-face rule provides."""
    if rule.lower_at_keyword == "keyframes":
        return "".join(token.value for token in rule.prelude if token.type in ("ident", "string"))
    if rule.lower_at_keyword == "font-face":
        family = [item for item in _declarations(rule.content) if item.name == "font-family"]
        return min(family[0].words) if family and family[0].words else ""
    return None


def _selectors_of(nodes: tuple[_Node, ...]) -> Iterable[str]:
    for node in nodes:
        yield from (matched for _, matched in node.selectors)
        yield from _selectors_of(node.children or ())


def _keep(nodes: tuple[_Node, ...], used: set[str]) -> list[_Kept]:
    """Style rules with only their used selectors; groups with what they keep; other at-rules."""
    kept = []
    for node in nodes:
        if node.selectors:
            selectors = [written for written, matched in node.selectors if matched in used]
            if selectors:
                kept.append(_Kept(",".join(selectors), list(node.declarations)))
        elif node.children is not None:
            children = _keep(node.children, used)
            if children:
                kept.append(_Kept(node.header, [], children))
        else:
            kept.append(_Kept(node.header, [], needs=node.needs))
    return kept


def _walk(rules: list[_Kept]) -> Iterable[_Kept]:
    for rule in rules:
        yield rule
        yield from _walk(rule.children or [])


def _drop_unread(sheets: list[list[_Kept]], elsewhere: str) -> list[list[_Kept]]:
    """Remove custom properties no kept declaration reads (``elsewhere``: other stylesheets and the
    pages, which may read them too), then @keyframes and @font-face no kept declaration names, then
    what is left empty."""
    declarations = [item for rules in sheets for rule in _walk(rules) for item in rule.declarations]
    read = set(_VAR.findall(elsewhere)).union(*(item.reads for item in declarations if not item.name.startswith("--")))
    while True:  # a custom property that a read custom property reads is read too
        more = set().union(*(item.reads for item in declarations if item.name in read)) - read
        if not more:
            break
        read |= more
    for rules in sheets:
        for rule in _walk(rules):
            rule.declarations = [item for item in rule.declarations
                                 if not item.name.startswith("--") or item.name in read]
    words = set().union(*(item.words for rules in sheets for rule in _walk(rules) for item in rule.declarations))
    return [_without_empty(rules, words) for rules in sheets]


def _without_empty(rules: list[_Kept], words: set[str]) -> list[_Kept]:
    kept = []
    for rule in rules:
        if rule.children is not None:
            rule.children = _without_empty(rule.children, words)
            if rule.children:
                kept.append(rule)
        elif rule.needs is not None:
            if rule.needs in words:
                kept.append(rule)
        elif rule.declarations or rule.header.startswith("@"):
            kept.append(rule)
    return kept


def prune_stylesheets(folders: list[Path], pattern: str) -> None:
    """Reduce the stylesheets matching ``pattern`` in each folder (one language) to what that folder's
    pages can use, one process per core (matching is pure Python).

    Run it before the assets get names from their content (``deploy.fingerprint_assets``): a browser
    that kept the full stylesheet under its old name must not be served the reduced one under it.
    """
    in_parallel(partial(prune_folder, pattern=pattern), folders)


def prune_folder(folder: Path, pattern: str) -> list[Path]:
    """Reduce the stylesheets matching ``pattern`` in ``folder`` to what its pages can use; return them."""
    pages = [path.read_text(encoding="utf-8") for path in sorted(folder.rglob("*.html"))]
    sheets = {path: _stylesheet(path.read_text(encoding="utf-8")) for path in sorted(folder.glob(pattern))}
    used = used_selectors([selector for nodes in sheets.values() for selector in _selectors_of(nodes)], pages)
    others = [path.read_text(encoding="utf-8") for path in sorted(folder.rglob("*.css")) if path not in sheets]
    kept = _drop_unread([_keep(nodes, used) for nodes in sheets.values()], "\n".join([*others, *pages]))
    for path, rules in zip(sheets, kept, strict=True):
        path.write_text("".join(rule.serialize() for rule in rules) + "\n", encoding="utf-8")
    return list(sheets)
