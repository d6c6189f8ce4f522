"""Fonts: which installed file draws a font family, and which characters it has glyphs for."""

from __future__ import annotations

import html as html_module
import re
import subprocess
import unicodedata
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont

from generator.errors import LeafletError

BASE_FONT = "Noto Sans"  # Latin digits, £ and punctuation for every language


@cache
def font_file(family: str) -> Path:
    """The installed file of a font family; a LeafletError says how to install it."""
    found = subprocess.run(["fc-match", "-f", "%{family}\n%{file}", f"{family}:style=Regular"],
                           capture_output=True, text=True, check=False).stdout.splitlines()
    if len(found) < 2 or family.lower() not in found[0].lower():
        raise LeafletError(f"font {family!r} is not installed; `make site` installs Debian's fonts-noto-core "
                           "and fonts-noto-cjk")
    return Path(found[1])


@cache
def font_coverage(family: str) -> frozenset[int]:
    """Every code point the font family's file has a glyph for."""
    path = font_file(family)
    fonts = TTCollection(path).fonts if path.suffix.lower() == ".ttc" else [TTFont(path, lazy=True)]
    return frozenset(code for font in fonts for code in (font.getBestCmap() or {}))


def missing_glyphs(text: str, families: list[str]) -> list[str]:
    """Characters of ``text`` that none of the font families can draw."""
    covered = frozenset().union(*(font_coverage(family) for family in families))
    return sorted({char for char in text if unicodedata.category(char) not in ("Cc", "Cf", "Zs", "Zl", "Zp")
                   and ord(char) not in covered})


def visible_text(html: str) -> str:
    """The text a leaflet's HTML shows (no tags, styles or inline SVG), for the glyph check."""
    body = re.sub(r"<svg.*?</svg>|<style.*?</style>", " ", html, flags=re.S)
    return html_module.unescape(re.sub(r"<[^>]+>", " ", body))
