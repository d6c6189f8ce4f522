"""The real text of every glyph run in our PDFs: /ActualText spans over WeasyPrint's glyphs.

WeasyPrint gives each glyph of a font one Unicode meaning for the whole PDF (the font's
ToUnicode map), the first one it meets. That is wrong for much of the world's text: a
Bengali vowel sign drawn before its consonant comes out first, a cluster of several glyphs
puts its whole text on one glyph, a glyph shared by two spellings keeps the first, and an
Arabic vowel mark drawn without width falls off its word. Print is right; copy-paste,
search and screen readers get nonsense.

The PDF answer is a marked-content span with /ActualText (ISO 32000-1, 14.9.4): the glyphs
inside it stand for that text, in logical order. After WeasyPrint has drawn a line, this
module walks the same Pango glyph runs it drew from, finds each glyph cluster whose ToUnicode
text differs from the cluster's own text, and wraps the cluster's glyphs in the drawn
``TJ`` operators in ``/Span <</ActualText (…)>> BDC … EMC``. Nothing is moved: only
operators are split and marked, so the page looks exactly as before, and the output stays
byte-for-byte reproducible. The spans sit inside the ``/Span <</MCID n>>`` sequences of
the tagged PDF, so PDF/UA tagging is untouched.

It is a monkeypatch of ``weasyprint.draw.text.draw_first_line``, written for one WeasyPrint
version: ``install()`` refuses any other, with a message saying what to check.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import wraps

WEASYPRINT_VERSION = "70.0"  # the version whose draw_first_line and stream format this reads

_TOKEN = re.compile(rb"<([0-9a-fA-F]*)>|(-?[0-9.]+(?:[eE]-?[0-9]+)?)")
_installed = False


class WeasyPrintVersionError(RuntimeError):
    """The installed WeasyPrint is not the version this module was written for."""


def install() -> None:
    """Hook WeasyPrint's line drawing so every mis-mapped glyph cluster carries /ActualText.

    Call it in the process that writes PDFs (each leaflet worker); it is idempotent."""
    global _installed
    if _installed:
        return
    import weasyprint
    import weasyprint.draw.text as draw_text

    if weasyprint.__version__ != WEASYPRINT_VERSION:
        raise WeasyPrintVersionError(
            f"generator/pdf_text.py was written for WeasyPrint {WEASYPRINT_VERSION}, but {weasyprint.__version__} "
            "is installed. Read that version's weasyprint/draw/text.py (draw_first_line) and check the TJ "
            "strings it writes, then update WEASYPRINT_VERSION, or install the pinned version from "
            "requirements.lock.")
    original = draw_text.draw_first_line

    @wraps(original)
    def draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix):
        start = len(stream.stream)
        emojis = original(stream, textbox, text_overflow, block_ellipsis, matrix)
        if len(stream.stream) > start:
            stream.stream[start:] = mark_actual_text(stream, textbox, stream.stream[start:])
        return emojis

    draw_text.draw_first_line = draw_first_line
    _tag_languages()
    _installed = True


def _tag_languages() -> None:
    """Give each structure element of an HTML element with a ``lang`` its /Lang (ISO 32000-1,
    14.9.2), so a screen reader switches voice for a language inside a page: the welcome poster's
    lines, the English half of a bilingual leaflet. WeasyPrint 70.0 tags only the document's language."""
    import pydyf
    import weasyprint.pdf.tags as pdf_tags

    original = pdf_tags._build_box_tree

    def build_box_tree(box, parent, pdf, *args):
        element = box.element if getattr(box, "element", None) is not None and hasattr(box.element, "get") else None
        lang = element.get("lang") if element is not None and box.element_tag not in ("html", "body") else None
        for struct in original(box, parent, pdf, *args):
            if lang and "Lang" not in struct:
                struct["Lang"] = pydyf.String(lang)
            yield struct

    pdf_tags._build_box_tree = build_box_tree


def utf16_string(text: str) -> bytes:
    """A PDF text string in UTF-16BE with its byte order mark, as a hex string.

    >>> utf16_string("পু")
    b'<FEFF09AA09C1>'
    """
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


RLM = "\u200f"  # RIGHT-TO-LEFT MARK


@dataclass(frozen=True, slots=True)
class _Cluster:
    """Glyphs Pango drew for one stretch of text: how many, the text, what ToUnicode gives."""

    glyphs: int
    text: str
    mapped: str
    zero_width: bool  # a mark drawn with no advance: poppler splits it off its word
    digits: int  # hex digits per glyph in the TJ string: 2 for bitmap fonts, else 4


def _clusters(stream, glyph_item, text: bytes) -> list[_Cluster]:
    """The glyph clusters of one Pango run, in drawing (visual) order."""
    from weasyprint.text.ffi import pango

    item, glyphs = glyph_item.item, glyph_item.glyphs
    font, _ = stream.add_font(item.analysis.font)  # the font WeasyPrint drew this run with
    rtl = item.analysis.level % 2
    logs = [glyphs.log_clusters[i] for i in range(glyphs.num_glyphs)]
    clusters = []
    index = 0
    while index < len(logs):
        end = index
        while end + 1 < len(logs) and logs[end + 1] == logs[index]:
            end += 1
        if rtl:
            stop = item.length if index == 0 else logs[index - 1]
        else:
            stop = item.length if end == len(logs) - 1 else logs[end + 1]
        infos = [glyphs.glyphs[i] for i in range(index, end + 1)]
        drawn = [info for info in infos if info.glyph != pango.PANGO_GLYPH_EMPTY]
        if drawn:
            clusters.append(_Cluster(
                len(drawn), text[item.offset + logs[index]:item.offset + stop].decode(),
                "".join(font.to_unicode.get(_drawn_id(font, info.glyph), "") for info in drawn),
                all(info.geometry.width == 0 for info in drawn), 2 if font.bitmap else 4))
        index = end + 1
    return clusters


def _drawn_id(font, glyph_id: int) -> int:
    """The glyph id WeasyPrint wrote: a missing glyph is drawn with a spare id."""
    from weasyprint.text.ffi import pango

    if glyph_id & pango.PANGO_GLYPH_UNKNOWN_FLAG:
        return font.missing.get(glyph_id - pango.PANGO_GLYPH_UNKNOWN_FLAG, glyph_id)
    return glyph_id


def _right_to_left_block(textbox) -> bool:
    """Whether the box's paragraph (its nearest block ancestor) runs right to left."""
    style = textbox.style
    while "inline" in str(style["display"]) and getattr(style, "parent_style", None) is not None:
        style = style.parent_style
    return style["direction"] == "rtl"


def _units(stream, textbox) -> list[tuple[list[int], str | None]]:
    """The drawn line as (hex digits of each glyph, ActualText or None) units, in drawing order.

    A left-to-right run is marked whole when any of its clusters is mis-mapped or has a
    mark drawn without width (Indic vowel signs are drawn before their consonant; the span
    puts them back). Right-to-left text is marked one cluster at a time, and only clusters
    of one character: PDF readers such as poppler rebuild its order from the glyphs'
    positions, and reverse the letters of a longer span. A left-to-right run in a
    right-to-left paragraph (a phone number, "GP") is marked whole, between right-to-left
    marks, so readers keep the spaces on either side of it."""
    from weasyprint.text.ffi import ffi

    text = textbox.pango_layout.text.encode()
    line, _ = textbox.pango_layout.get_first_line()
    rtl_page = None
    units: list[tuple[list[int], str | None]] = []
    run = line.runs[0]
    while run != ffi.NULL:
        glyph_item, run = run.data, run.next
        # WeasyPrint declares PangoAnalysis.level a guint; Pango packs level, gravity, flags and
        # script as four guint8, so only the low byte is the bidi level
        rtl = (glyph_item.item.analysis.level & 0xFF) % 2
        clusters = _clusters(stream, glyph_item, text)
        if rtl:
            for cluster in clusters:
                wrong = len(cluster.text) == 1 and cluster.text != cluster.mapped
                units.append(([cluster.digits] * cluster.glyphs, cluster.text if wrong else None))
            continue
        digits = [cluster.digits for cluster in clusters for _ in range(cluster.glyphs)]
        own = "".join(cluster.text for cluster in clusters)
        if rtl_page is None:
            rtl_page = _right_to_left_block(textbox)
        if rtl_page and own.strip():
            units.append((digits, RLM + own.strip() + RLM))
        elif any(_normal(cluster.text) != _normal(cluster.mapped) or cluster.zero_width for cluster in clusters):
            units.append((digits, own))
        else:
            units.append((digits, None))
    return units


def _normal(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def mark_actual_text(stream, textbox, ops: list) -> list:
    """The operators of one drawn line, with /ActualText spans around mis-mapped clusters."""
    begins: dict[int, str] = {}
    ends: set[int] = set()
    widths: list[int] = []
    number = 0
    for digits, actual in _units(stream, textbox):
        if actual is not None:
            begins[number] = actual
            ends.add(number + len(digits) - 1)
        number += len(digits)
        widths.extend(digits)
    if not begins:
        return ops
    out: list = []
    glyph = 0
    for op in ops:
        data = op if isinstance(op, bytes) else str(op).encode()
        if not data.endswith(b"] TJ"):
            out.append(op)
            continue
        elements: list[bytes] = []

        def flush(elements: list[bytes] = elements) -> None:
            if elements:
                out.append(b"[" + b"".join(elements) + b"] TJ")
                elements.clear()

        for match in _TOKEN.finditer(data[1:-4]):
            hexa, number_text = match.groups()
            if number_text is not None:
                elements.append(number_text)
                continue
            position = 0
            if not hexa:
                elements.append(b"<>")
            while position < len(hexa):
                if glyph >= len(widths):
                    raise RuntimeError(_MISMATCH)
                size = widths[glyph]
                if glyph in begins:
                    flush()
                    out.append(b"/Span <</ActualText " + utf16_string(begins[glyph]) + b">> BDC")
                elements.append(b"<" + hexa[position:position + size] + b">")
                if glyph in ends:
                    flush()
                    out.append(b"EMC")
                position += size
                glyph += 1
        flush()
    if glyph != len(widths):
        raise RuntimeError(_MISMATCH)
    return out


_MISMATCH = ("generator/pdf_text.py: the glyphs WeasyPrint drew do not match its Pango glyph runs; "
             "draw_first_line has changed, so the /ActualText spans cannot be placed")
