"""Leaflets, posters and cards: HTML from content and catalogs (``render``), the print design
(``design``), fonts (``fonts``), fit and text checks (``fit``) and PDFs (``pdf``)."""

from __future__ import annotations

from generator.leaflets.fit import _words, check_pdf_text, free_height, overflowing_box, pdf_text
from generator.leaflets.fonts import BASE_FONT, font_coverage, font_file, missing_glyphs, visible_text
from generator.leaflets.pdf import _weasyprint_errors, write_pdf, write_pdfs, write_preview
from generator.leaflets.render import (
    TEMPLATES_DIR,
    RenderedLeaflet,
    isolate,
    qr_svg,
    render_leaflets,
    short_address,
    text_direction,
    welcome_lines,
)

_visible_text = visible_text  # the name tests and the review kit knew

__all__ = ["BASE_FONT", "TEMPLATES_DIR", "RenderedLeaflet", "_visible_text", "_weasyprint_errors", "_words",
           "check_pdf_text", "font_coverage", "font_file", "free_height", "isolate", "missing_glyphs",
           "overflowing_box", "pdf_text", "qr_svg", "render_leaflets", "short_address", "text_direction",
           "visible_text", "welcome_lines", "write_pdf", "write_pdfs", "write_preview"]
