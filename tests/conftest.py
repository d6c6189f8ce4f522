"""Shared fixtures: small, complete projects built from tests/fixtures/ plus the real theme."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _copy_project(target: Path, fixture: str = "mini") -> Path:
    shutil.copytree(FIXTURES / fixture, target)
    shutil.copytree(REPO / "theme", target / "theme")
    shutil.copy2(REPO / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copy2(REPO / "content" / "interface.yml", target / "content" / "interface.yml")
    return target


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[..., Path]:
    """Copy the mini fixture project into tmp_path, then write or replace ``files``."""

    def make(files: dict[str, str] | None = None, fixture: str = "mini") -> Path:
        root = _copy_project(tmp_path / "project", fixture)
        for relative, text in (files or {}).items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return root

    return make


@pytest.fixture(scope="session")
def built_mini(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini project with an Arabic catalog, built once for the whole session."""
    from generator.config import load_config
    from generator.pipeline import build

    root = _copy_project(tmp_path_factory.mktemp("built") / "project")
    build(load_config(root))
    return root


def replace_in(path: Path, old: str, new: str) -> None:
    """Edit a fixture file in place; fail loudly if the text is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
