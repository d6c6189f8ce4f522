"""The search index of one language: the title, address and article text of every page."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from generator.hardening import ENGLISH_PAGE_MARK
from generator.messages import SOURCE_LIST_SUFFIX


class _TextExtractor(HTMLParser):
    """The visible text of a page's article, and its first heading; not its links to other pages
    ("Where do you live?": every nation's name on every page that has nation pages) nor its citation
    numbers, which would only crowd the results."""

    SKIPPED = ("nav", "sup")

    def __init__(self) -> None:
        super().__init__()
        self.depth, self.in_h1, self.title, self.parts = 0, False, "", []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        classes = dict(attrs).get("class") or ""
        if tag == "article" and "md-content__inner" in classes:
            self.depth = 1
        elif self.depth and tag == "article":
            self.depth += 1
        elif self.depth and tag in self.SKIPPED:
            self.skipping += 1
        self.in_h1 = self.in_h1 or (bool(self.depth) and tag == "h1")

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "article":
            self.depth -= 1
        elif self.depth and tag in self.SKIPPED and self.skipping:
            self.skipping -= 1
        if tag == "h1":
            self.in_h1 = False

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skipping:
            self.parts.append(data)
            if self.in_h1:
                self.title += data


def _article(html: str) -> str:
    """The part of a page from its article's start to the last ``</article>``: the parser then skips
    the header and navigation, which grow with every page of the guide.

    >>> _article('<nav>menu</nav><article class="md-content__inner md-typeset"><h1>Hi</h1></article><footer>')
    '<article class="md-content__inner md-typeset"><h1>Hi</h1></article>'
    """
    start = html.find('<article class="md-content__inner')
    end = html.rfind("</article>")
    return html[start:end + len("</article>")] if 0 <= start < end else html


def write_search_index(language_dir: Path) -> Path:
    """``search-index.js``: the title, address and text of every page, for the search page, and
    the language of pages shown in English inside another language. Pages' source lists are left
    out: their English titles would only crowd the results (the sources page lists them all)."""
    documents = []
    for path in sorted(language_dir.glob("*.html")):
        if path.name in ("404.html", "search.html") or path.stem.endswith(SOURCE_LIST_SUFFIX):
            continue
        html = path.read_text(encoding="utf-8")
        extractor = _TextExtractor()
        extractor.feed(_article(html))
        text = re.sub(r"\s+", " ", " ".join(extractor.parts)).strip()
        document = {"url": path.name, "title": extractor.title.strip() or path.stem, "text": text}
        if ENGLISH_PAGE_MARK in html:
            document["lang"] = "en"  # a page shown in English inside another language
        documents.append(document)
    target = language_dir / "search-index.js"
    target.write_text("window.staSearchIndex = " + json.dumps(documents, ensure_ascii=False) + ";\n",
                      encoding="utf-8")
    return target
