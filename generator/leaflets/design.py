"""The print design of each format: type sizes at each fit step, the brand colour and the pictograms.

Sizes follow the print brief (``PRINT.md``): the smallest step of every format keeps its
floor (poster body 16 pt, A5 body 12 pt, card body 9 pt, guide body 11 pt, every line of the
welcome poster 14 pt, its second lines 11 pt, 10 pt only where an organisation's long details
need the room); larger steps grow the type to fill the page, and ``pdf.py`` prints the
largest step that fits. The one brand colour carries white type at 10.8:1 and turns dark grey
in greyscale, so nothing depends on the colour being seen.
"""

from __future__ import annotations

import base64
from functools import cache
from pathlib import Path

from markupsafe import Markup, escape

BRAND = "#163d70"
"""Dark navy, the site's dark primary colour: the title band, headings and pictograms."""
PAPER = "#ffffff"
WARNING_TINT = "#fff4ce"
"""Pale yellow behind black text in the "what can still be shared" box (18:1)."""

TYPE: dict[str, dict[str, float]] = {
    # pt at step 1.0
    "poster": {"title": 40, "promise": 24, "heading": 20, "body": 16, "small": 10},
    "leaflet": {"title": 18, "promise": 12.5, "heading": 16, "body": 12, "small": 8.5},
    "card": {"title": 14, "promise": 11, "heading": 12, "body": 9, "small": 7.5},
    "guide": {"title": 18, "promise": 12, "heading": 16, "body": 11, "small": 7.5},
    "welcome": {"title": 14, "promise": 11, "heading": 18, "body": 14, "small": 9},
}
"""``title``: the leaflet's title; ``promise``: its subtitle, the key promise (on the welcome
poster, each language's second line); ``heading``: section headings; ``body``: list items,
helplines and the organisation's details; ``small``: the date, "not legal advice" and sources."""

FLOOR: dict[str, dict[str, float]] = {
    "poster": {"title": 40, "body": 16},
    "leaflet": {"heading": 16, "body": 11},
    "card": {"title": 14, "body": 9},
    "guide": {"heading": 16, "body": 11},
    "welcome": {"title": 14, "promise": 10, "body": 14},
}
"""What no step goes below: the print brief's key type and body sizes (the A5 body is 12 pt at
step 1.0; only the longest languages need the 11 pt step)."""

GROWTH = {"title": 0.5}
"""How fast a role grows with the step: a title already large grows at half the rate."""

STEPS: dict[str, tuple[float, ...]] = {
    "poster": (1.6, 1.45, 1.3, 1.15, 1.0, 0.88, 0.78),
    "leaflet": (1.25, 1.17, 1.08, 1.0, 0.92),
    "card": (2.0, 1.78, 1.56, 1.44, 1.33, 1.25, 1.17, 1.08, 1.0),
    "guide": (1.09, 1.0),
    "welcome": (1.2, 1.14, 1.07, 1.0, 0.91),
}
"""Scale factors for the type, largest first; ``pdf.py`` prints the largest that fits."""

PICTOGRAMS = ("doctor", "school", "police", "phone", "interpreter")
PICTOGRAM_DIR = Path(__file__).resolve().parent.parent / "templates" / "pictograms"


def type_sizes(kind: str, factor: float) -> dict[str, float]:
    """Point sizes of one step, never below the format's floor; small print does not grow.

    >>> type_sizes("card", 1.33)["body"], type_sizes("card", 1.33)["small"]
    (12.0, 7.5)
    >>> type_sizes("leaflet", 0.92)["body"], type_sizes("leaflet", 0.92)["heading"]
    (11.0, 16.0)
    """
    sizes = {}
    for role, size in TYPE[kind].items():
        grown = size if role == "small" else size * (1 + (factor - 1) * GROWTH.get(role, 1))
        sizes[role] = float(max(FLOOR[kind].get(role, 0), round(grown * 2) / 2))
    return sizes


@cache
def _pictogram_svg(name: str) -> str:
    return (PICTOGRAM_DIR / f"{name}.svg").read_text(encoding="utf-8")


def pictogram(name: str, alt: str, colour: str = BRAND, class_: str = "picto") -> Markup:
    """A line pictogram drawn in ``colour`` as an image whose text alternative is ``alt``
    (tagged as a Figure with /Alt in the PDF). The SVG is inlined as a data URL: nothing is read
    from outside the project, and one file serves every colour."""
    svg = _pictogram_svg(name).replace("currentColor", colour)
    data = base64.b64encode(svg.encode()).decode()
    return Markup(f'<img class="{class_}" src="data:image/svg+xml;base64,{data}" alt="{escape(alt)}">')


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours.

    >>> round(contrast(PAPER, BRAND), 1), round(contrast("#111111", WARNING_TINT), 1)
    (10.8, 17.2)
    """
    def luminance(colour: str) -> float:
        channels = [int(colour[index:index + 2], 16) / 255 for index in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def grey(colour: str) -> str:
    """The colour as a greyscale printer prints it (its luma), to check contrast without colour.

    >>> grey(BRAND)
    '#373737'
    """
    r, g, b = (int(colour[index:index + 2], 16) for index in (1, 3, 5))
    level = round(0.299 * r + 0.587 * g + 0.114 * b)
    return f"#{level:02x}{level:02x}{level:02x}"
