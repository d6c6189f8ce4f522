"""Seconds per leaflet: render every leaflet of every language, one after another.

Target: <= 0.3 s per leaflet on the project machine (2 cores; the build itself renders
on every core in parallel, so its wall time per leaflet is lower).

Usage: .venv/bin/python benchmarks/leaflets.py [project folder, default: this repository]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from generator.config import load_config
from generator.content import load_content
from generator.i18n import load_translations
from generator.leaflets import render_leaflets, write_pdf
from generator.pipeline import today


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent)
    config = load_config(root)
    content = load_content(root)
    english = load_translations(config, config.source_lang)
    leaflets = [leaflet for lang in config.languages
                for leaflet in render_leaflets(content, load_translations(config, lang), english,
                                               site_url="https://example.org/", today=today())]
    with tempfile.TemporaryDirectory() as folder:
        write_pdf(leaflets[0], Path(folder) / "warm-up.pdf")  # font loading happens once per process
        start = time.perf_counter()
        for leaflet in leaflets:
            write_pdf(leaflet, Path(folder) / leaflet.filename)
        elapsed = time.perf_counter() - start
    print(f"leaflets:             {len(leaflets)}")
    print(f"total, one process:   {elapsed:6.1f} s")
    print(f"seconds per leaflet:  {elapsed / len(leaflets):6.2f}  (target <= 0.3)")


if __name__ == "__main__":
    main()
