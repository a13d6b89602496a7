"""Shared helpers: saves made by playing bundled packs with personas (cached per session)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from sysplay.scenarios.loader import load_pack
from sysplay.scenarios.models import Pack
from tests.debrief.helpers import PackLoader, play


@pytest.fixture(scope="session")
def packs() -> PackLoader:
    """Load a bundled pack once per session."""
    cache: dict[str, Pack] = {}

    def get(pack_id: str) -> Pack:
        if pack_id not in cache:
            cache[pack_id] = load_pack(pack_id)
        return cache[pack_id]

    return get


@pytest.fixture(scope="session")
def played(tmp_path_factory: pytest.TempPathFactory, packs: PackLoader) -> Callable[[str, int], Path]:
    """The save of a full playthrough of riverside_winter by ``persona`` on ``seed`` (made once, then reused)."""
    folder = tmp_path_factory.mktemp("saves")
    cache: dict[tuple[str, int], Path] = {}

    def get(persona: str, seed: int) -> Path:
        key = (persona, seed)
        if key not in cache:
            pt = play(packs("riverside_winter"), seed, folder, persona)
            assert pt.path is not None
            cache[key] = pt.path
        return cache[key]

    return get
