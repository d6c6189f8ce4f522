"""Time the build of a synthetic project with many languages and pages, stage by stage.

The project is made from copies of the real ones: the first LANGUAGES languages of
``translations/languages.yml`` (beyond those, copies of real languages under codes such as
``ar-x-2``, with their catalogs, and then without the welcome poster, which has room for the
real languages only), and every real page plus copies (``see-a-doctor-2``, …, listed in
the navigation, with their catalog entries) up to PAGES pages. Each step runs in a fresh process,
as from the command line, and prints its wall time, the time of each build stage (check,
render, MkDocs, hardening, leaflets, CSS pruning, search index + offline + ZIP, compression,
publishing) and its peak memory (the process, and the largest child: MkDocs,
leaflet and compression workers).

Steps: a clean full build (its ``check`` stage reads no cache); ``check`` with the cache; the same
build again with nothing changed; one English paragraph edited, then ``build --lang en``;
``build --lang ar``.

Usage: .venv/bin/python benchmarks/scale.py LANGUAGES PAGES [--no-leaflets] [--keep FOLDER]
       e.g. benchmarks/scale.py 23 14 · benchmarks/scale.py 60 200
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
EDITED = "summary: >-\n  You can register"  # the English paragraph the one-page step edits (see-a-doctor)


def make_project(root: Path, languages: int, pages: int) -> None:
    """A copy of the real project with ``languages`` languages and at least ``pages`` pages."""
    for name in ("content", "theme", "mkdocs.yml"):
        (shutil.copytree if (REPO / name).is_dir() else shutil.copy2)(REPO / name, root / name)
    (root / "translations").mkdir()
    shutil.copy2(REPO / "translations/languages.yml", root / "translations/languages.yml")
    real = yaml.safe_load((REPO / "translations/languages.yml").read_text(encoding="utf-8"))
    chosen = real[:languages]
    for number in range(2, languages):  # copies of the real translated languages, round and round
        for entry in real[1:]:
            if len(chosen) >= languages:
                break
            chosen.append({**entry, "code": f"{entry['code']}-x-{number}",
                           "english_name": f"{entry['english_name']} {number}", "_from": entry["code"]})
    for entry in chosen[1:]:
        source = entry.pop("_from", entry["code"])
        shutil.copytree(REPO / "translations" / source, root / "translations" / entry["code"])
    (root / "translations/languages.yml").write_text(yaml.safe_dump(chosen, allow_unicode=True, sort_keys=False),
                                                     encoding="utf-8")
    if languages > len(real):  # the welcome poster has a line per language, room for the real ones only
        (root / "content/leaflets/welcome-poster-a4.yml").unlink()
    _copy_pages(root, [entry["code"] for entry in chosen[1:]], pages)


def _copy_pages(root: Path, codes: list[str], pages: int) -> None:
    """Add copies of the real pages (and of their catalog entries) until there are ``pages``."""
    originals = sorted((root / "content/pages").glob("*.yml"))
    copies = []
    for number in range(2, 2 + pages // max(1, len(originals))):
        for path in originals:
            if len(originals) + len(copies) >= pages:
                break
            text = path.read_text(encoding="utf-8")
            new = f"{path.stem}-{number}"
            (path.parent / f"{new}.yml").write_text(re.sub(r"^id: .*$", f"id: {new}", text, count=1, flags=re.M),
                                                    encoding="utf-8")
            copies.append((path.stem, new))
    if not copies:
        return
    site = root / "content/site.yml"
    text = site.read_text(encoding="utf-8")
    listed = re.search(r"^(\s+pages: \[)(.*?)\]", text, flags=re.M)
    text = text[:listed.end(2)] + "".join(f", {new}" for _, new in copies) + text[listed.end(2):]
    site.write_text(text, encoding="utf-8")
    for code in codes:
        catalog = root / "translations" / code / "LC_MESSAGES/content.po"
        blocks = catalog.read_text(encoding="utf-8").split("\n\n")
        added = [block.replace(f'msgctxt "{old}.', f'msgctxt "{new}.')
                 for old, new in copies for block in blocks if f'msgctxt "{old}.' in block]
        catalog.write_text("\n\n".join(blocks + added) + "\n", encoding="utf-8")


STAGES = {"check": "check", "language_status": "status", "prepare_language": "render", "build_sites": "MkDocs",
          "harden_language": "harden", "write_site_leaflets": "leaflets", "prune_cached": "CSS prune",
          "finish_language": "search+offline+ZIP", "precompress_cached": "compress", "publish": "publish"}
"""The build's steps (functions of ``generator.pipeline``) timed on their own, and their short names."""


def _time_stages(pipeline, times: dict[str, float]) -> None:
    """Wrap the build's steps so each adds its wall time to ``times``."""
    def timed(function, label: str):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                times[label] = times.get(label, 0.0) + time.perf_counter() - start
        return wrapper

    for name, label in STAGES.items():
        if name not in ("harden_language", "finish_language"):
            setattr(pipeline, name, timed(getattr(pipeline, name), label))
    in_parallel = pipeline.in_parallel

    def by_pass(function, items):  # the passes run in workers: time the whole parallel pass
        name = getattr(function, "func", function).__name__
        return timed(in_parallel, STAGES.get(name, name))(function, items)
    pipeline.in_parallel = by_pass


def run_step(root: Path, step: str) -> dict:
    """One step in this process; its timings and peak memory."""
    from generator import pipeline
    from generator.config import load_config

    times: dict[str, float] = {}
    _time_stages(pipeline, times)
    config = load_config(root)
    start = time.perf_counter()
    if step.startswith("check"):
        pipeline.check(config)
    else:
        kind, _, lang = step.partition(":")
        pipeline.build(config, only=lang or None, clean=kind.startswith("clean"), leaflets="noleaflets" not in kind)
    wall = time.perf_counter() - start
    if len(times) > 1:
        times["other"] = wall - sum(times.values())
    return {"wall": wall, "stages": times if len(times) > 1 else {},
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "child_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def _step(root: Path, step: str) -> dict:
    result = subprocess.run([sys.executable, __file__, "--run", step, str(root)], capture_output=True, text=True,
                            cwd=REPO, check=False)
    if result.returncode:
        sys.exit(f"{step} failed:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout.splitlines()[-1])


def main() -> None:
    if sys.argv[1:2] == ["--run"]:  # one step, in a fresh process: --run STEP ROOT
        print(json.dumps(run_step(Path(sys.argv[3]), sys.argv[2])))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("languages", type=int)
    parser.add_argument("pages", type=int)
    parser.add_argument("--no-leaflets", action="store_true", help="time the site without leaflets")
    parser.add_argument("--keep", type=Path, help="make the project in this (new) folder and keep it")
    options = parser.parse_args()
    folder = options.keep or Path(tempfile.mkdtemp(prefix="sta-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        make_project(folder, options.languages, options.pages)
        kind = "noleaflets" if options.no_leaflets else "full"
        pages = len(list((folder / "content/pages").glob("*.yml")))
        languages = len(yaml.safe_load((folder / "translations/languages.yml").read_text(encoding="utf-8")))
        print(f"{languages} languages x {pages} pages, {'no ' if options.no_leaflets else ''}leaflets, "
              f"in {folder}")
        steps = [("clean build (no cache)", f"clean-{kind}"), ("check, cached", "check"),
                 ("build again, nothing changed", kind)]
        for label, step in steps:
            _report(label, _step(folder, step))
        page = folder / "content/pages/see-a-doctor.yml"
        page.write_text(page.read_text(encoding="utf-8").replace(EDITED, EDITED.replace("You can", "Anyone can")),
                        encoding="utf-8")
        _report("one English paragraph edited, --lang en", _step(folder, f"{kind}:en"))
        _report("--lang ar", _step(folder, f"{kind}:ar"))
    finally:
        if not options.keep:
            shutil.rmtree(folder, ignore_errors=True)


def _report(label: str, result: dict) -> None:
    stages = ", ".join(f"{name} {seconds:.1f}" for name, seconds in result["stages"].items())
    print(f"{label:42s} {result['wall']:7.1f} s   peak {result['peak_mb']:5.0f} MB "
          f"(largest child {result['child_peak_mb']:4.0f} MB)" + (f"\n{'':44s}{stages}" if stages else ""), flush=True)


if __name__ == "__main__":
    main()
