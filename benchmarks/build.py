"""Time a full build against plain `mkdocs build` on the same generated Markdown.

Prints: the site build (load, check, render, MkDocs for every language in parallel, search
indexes, downloads, swap), plain MkDocs (the same per-language configs, one `mkdocs build`
after another, as a person would run them) and their ratio (target <= 1.3); then the full
build with every leaflet, which `make site` runs.

Usage: .venv/bin/python benchmarks/build.py [project folder, default: this repository]
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generator.config import load_config
from generator.content import load_content
from generator.pipeline import build, prepare_language


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent)
    config = load_config(root)
    start = time.perf_counter()
    build(config, leaflets=False)
    site = time.perf_counter() - start
    start = time.perf_counter()
    build(config)
    full = time.perf_counter() - start

    content = load_content(root)
    with tempfile.TemporaryDirectory(dir=config.build_dir) as folder:
        staging = Path(folder)
        configs = [prepare_language(config, content, lang, staging) for lang in config.languages]
        start = time.perf_counter()
        for config_file in configs:
            subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(config_file)],
                           check=True, capture_output=True)
        plain = time.perf_counter() - start
        shutil.rmtree(staging / "site", ignore_errors=True)

    print(f"languages:              {len(config.languages)}")
    print(f"site build:             {site:6.1f} s")
    print(f"plain mkdocs build:     {plain:6.1f} s  (same Markdown, one language after another)")
    print(f"ratio site / plain:     {site / plain:6.2f}  (target <= 1.3)")
    print(f"full build, leaflets:   {full:6.1f} s  (what make site runs)")


if __name__ == "__main__":
    main()
