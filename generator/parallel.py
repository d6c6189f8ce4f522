"""Work spread over the machine's cores: a function of every item, in worker processes."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def in_parallel(function: Callable[[T], R], items: list[T], *, at_least: int = 2) -> list[R]:
    """``function`` of every item, in order: in one worker process per core when there are at least
    ``at_least`` items and more than one core, else here. The passes this serves are Python work,
    which threads would run one at a time; a pool costs time to start."""
    workers = min(len(items), os.cpu_count() or 1)
    if workers <= 1 or len(items) < at_least:
        return [function(item) for item in items]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(function, items))
