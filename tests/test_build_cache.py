"""Caches of the passes after MkDocs: the same bytes as the passes themselves, reused only for the same input."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import build_cache
from generator.build_cache import precompress_cached, prune_cached

PAGE = '<!doctype html><html><body><p class="used">Hello</p></body></html>\n'
SHEET = ".used{color:red}.unused{color:blue}\n"


def make_language(folder: Path) -> Path:
    (folder / "assets/stylesheets").mkdir(parents=True)
    (folder / "index.html").write_text(PAGE, encoding="utf-8")
    (folder / "assets/stylesheets/main.css").write_text(SHEET, encoding="utf-8")
    return folder


def files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_reduced_stylesheets_are_reused_only_for_the_same_pages(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    fresh = make_language(tmp_path / "one" / "en")
    prune_cached([fresh], "assets/stylesheets/*.css", cache)
    assert (fresh / "assets/stylesheets/main.css").read_text(encoding="utf-8") == ".used{color:red}\n"
    pruned = []
    real = build_cache.prune_stylesheets
    monkeypatch.setattr(build_cache, "prune_stylesheets", lambda folders, pattern: pruned.extend(folders)
                        or real(folders, pattern))
    again = make_language(tmp_path / "two" / "en")
    prune_cached([again], "assets/stylesheets/*.css", cache)
    assert pruned == [] and files(again) == files(fresh), "from the cache, byte for byte"
    changed = make_language(tmp_path / "three" / "en")
    (changed / "index.html").write_text(PAGE.replace("used", "unused"), encoding="utf-8")
    prune_cached([changed], "assets/stylesheets/*.css", cache)
    assert pruned == [changed] and "unused" in (changed / "assets/stylesheets/main.css").read_text(encoding="utf-8")
    prune_cached([make_language(tmp_path / "four" / "en")], "assets/stylesheets/*.css", cache, refresh=True)
    assert len(pruned) == 2, "a clean build reads nothing from the cache"


def test_compressed_copies_are_reused_only_for_the_same_bytes(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    fresh = make_language(tmp_path / "one")
    assert precompress_cached(fresh, cache) == 2
    assert sorted(files(fresh)) == ["assets/stylesheets/main.css", "assets/stylesheets/main.css.br",
                                    "assets/stylesheets/main.css.gz", "index.html", "index.html.br", "index.html.gz"]

    def refuse(paths):
        if paths:
            raise TypeError(f"compressed again: {paths}")

    monkeypatch.setattr(build_cache, "compress_files", refuse)  # any compressing now fails
    again = make_language(tmp_path / "two")
    precompress_cached(again, cache, forget_unused=True)
    assert files(again) == files(fresh), "from the cache, byte for byte"
    (again / "index.html").write_text(PAGE + "<!-- changed -->\n", encoding="utf-8")
    with pytest.raises(TypeError):  # it has to compress the changed page
        precompress_cached(again, cache)
