"""Fit: every box inside its parent and the page, how much of the last page is free, and the
PDF's text layer holding the words of the title."""

from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path

from generator.errors import LeafletError

FIELD_NAMES = {"name": "the organisation's name", "address": "the organisation's address",
               "phone": "the organisation's phone number", "logo": "the organisation's logo",
               "organisation": "the organisation's details"}
_TOLERANCE = 3.78  # CSS px (1 mm): glyph overhang and rounding, never a visible overflow
_INLINE = ("TextBox", "InlineBox", "InlineReplacedBox")  # glyphs may rise above their line; lines are checked


def _field(box, field: str) -> str:
    element = getattr(box, "element", None)
    named = element.get("data-field") if element is not None and hasattr(element, "get") else None
    return named or field


def _text_of(box) -> str:
    if hasattr(box, "text"):
        return box.text
    return " ".join(_text_of(child) for child in getattr(box, "children", ()))[:60].strip()


def overflowing_box(document) -> str:
    """What sticks out of its box or off the page, in words, or "" when everything fits.

    Walks WeasyPrint's layout boxes: each box's border box must lie inside its parent's
    horizontally (a word too long for its line, an image wider than its box), and inside
    the page's printable area both ways. List markers hang outside their item by design."""
    for number, page in enumerate(document.pages, 1):
        page_box = page._page_box
        area = (page_box.margin_left, page_box.margin_top, page.width - page_box.margin_right,
                page.height - page_box.margin_bottom)
        found = _overflow_in(page_box, None, "", area)
        if found:
            field, box, how = found
            what = FIELD_NAMES.get(field, field or "the text")
            mm = how[1] * 25.4 / 96
            return (f"{what} runs {mm:.1f} mm past {how[0]} on page {number} ({_text_of(box)!r}). Shorten it"
                    + (" in your organisation file." if field in FIELD_NAMES else "."))
    return ""


def _overflow_in(box, parent, field: str, area) -> tuple[str, object, tuple[str, float]] | None:
    field = _field(box, field)
    if (box.element_tag or "").endswith("::marker"):
        return None
    left, width = box.border_box_x(), box.border_width()
    top, height = box.border_box_y(), box.border_height()
    if width > 0 and height > 0:
        excess = []
        if parent is not None and type(box).__name__ != "PageBox":
            parent_left = parent.border_box_x()
            excess += [("the edge of its box", parent_left - left),
                       ("the edge of its box", left + width - parent_left - parent.border_width())]
        if type(box).__name__ not in ("PageBox", "MarginBox"):
            excess += [("the edge of the page", area[0] - left), ("the edge of the page", left + width - area[2])]
        if type(box).__name__ not in ("PageBox", "MarginBox", *_INLINE):
            excess += [("the top of the page", area[1] - top), ("the bottom of the page", top + height - area[3])]
        worst = max(excess, key=lambda item: item[1], default=("", 0))
        if worst[1] > _TOLERANCE:
            return field, box, worst
    for child in getattr(box, "children", ()):
        found = _overflow_in(child, box, field, area)
        if found:
            return found
    return None


# --- text layer ----------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    """Words of any script: split at every space, punctuation mark and symbol (the Arabic
    comma "،" and the Ethiopic full stop "።" as well as ASCII ones).

    >>> _words("في منطقتنا، يمكنك: التسجيل؟ ሰላም። Hello, GP.")
    ['في', 'منطقتنا', 'يمكنك', 'التسجيل', 'ሰላም', 'Hello', 'GP']
    """
    return "".join(" " if unicodedata.category(char)[0] in "PZSC" else char for char in text).split()


def _squash(text: str) -> str:
    """Text reduced to its base letters: extraction from a PDF may reorder or split the vowel
    signs of Indic scripts and the joining forms of Arabic, but not the letters themselves."""
    normalised = unicodedata.normalize("NFKD", text)
    return "".join(char for char in normalised if not char.isspace() and unicodedata.category(char)[0] not in "MC")


def pdf_text(path: Path) -> str:
    """The text poppler's pdftotext extracts from a PDF."""
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def check_pdf_text(title: str, target: Path, where: str) -> None:
    """The PDF's extracted text must contain the translated title: proof its glyphs are real."""
    text = _squash(pdf_text(target))
    lost = [word for word in _words(title) if len(word) > 1 and _squash(word) not in text]
    if lost:
        raise LeafletError(f"{where}: the PDF's text lacks {' '.join(lost)!r} of the title; a font may be "
                           "missing glyphs or shaping")


def push_foot(document, by: float) -> None:
    """Move what follows the empty ``.push`` div on the last page (the organisation box and footer)
    ``by`` CSS px down: the foot sits at the foot of the page without laying the leaflet out again."""
    from weasyprint.document import Page

    page = document.pages[-1]
    found = _push_parent(page._page_box)
    if found is None:
        return
    parent, index = found
    for box in parent.children[index + 1:]:
        box.translate(0, by)
    document.pages[-1] = Page(page._page_box)  # links and anchors where the boxes now are


def _push_parent(box):
    """The box holding the ``.push`` spacer and the spacer's index among its children, or None."""
    for index, child in enumerate(getattr(box, "children", ())):
        element = getattr(child, "element", None)
        if element is not None and "push" in (element.get("class") or "").split() and child.element_tag == "div":
            return box, index
        found = _push_parent(child)
        if found:
            return found
    return None


def free_height(document) -> float:
    """CSS px left empty at the foot of the last page, below the body's last box."""
    page = document.pages[-1]
    page_box = page._page_box
    body = page_box.children[0].children[0] if page_box.children and page_box.children[0].children else None
    if body is None:
        return 0.0
    bottom = body.position_y + body.margin_height()
    return max(0.0, page.height - page_box.margin_bottom - bottom)
