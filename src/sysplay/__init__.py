"""sysplay: a practice ground for system leadership in health and care."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from sysplay.engine.game import Game
    from sysplay.scenarios.models import Pack

__all__ = ["Game", "Pack", "__version__", "load_pack", "new_game"]


def load_pack(path: Any) -> Pack:
    """Load and validate a scenario pack (a folder, a ``pack.yaml``, or a bundled pack id).

    Raises:
        sysplay.errors.PackError: with positioned issues when the pack is invalid.
    """
    from sysplay.scenarios.loader import load_pack as _load

    return _load(path)


def new_game(pack: Pack, seed: int = 1) -> Game:
    """Start a new game of ``pack`` with ``seed``."""
    from sysplay.engine.game import Game

    return Game(pack, seed=seed)


def __getattr__(name: str) -> Any:
    if name == "Game":
        from sysplay.engine.game import Game

        return Game
    if name == "Pack":
        from sysplay.scenarios.models import Pack

        return Pack
    raise AttributeError(name)
