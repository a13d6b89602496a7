"""Fixtures for the full-screen game's tests: isolated saves and settings, a clean environment, helpers."""

from __future__ import annotations

import os

for _name in ("NO_COLOR", "TEXTUAL_THEME", "TEXTUAL_ANIMATIONS", "TEXTUAL_COLOR_SYSTEM"):
    os.environ.pop(_name, None)

import contextlib  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from textual.message import Message  # noqa: E402
from textual.notifications import Notification, Notify  # noqa: E402

from sysplay.errors import RefusedMove  # noqa: E402
from sysplay.playthroughs.save import Playthrough  # noqa: E402
from sysplay.scenarios.loader import load_pack  # noqa: E402
from sysplay.scenarios.models import Pack  # noqa: E402
from sysplay.tui.app import Launch, SysplayApp  # noqa: E402

PACK = "riverside_winter"


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test runs in its own folder: saves in ./saves there, settings in ./config; never the real ones."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SYSPLAY_SAVE_DIR", raising=False)
    monkeypatch.setenv("SYSPLAY_CONFIG_DIR", str(tmp_path / "config"))
    return tmp_path


@pytest.fixture(scope="session")
def pack() -> Pack:
    """The bundled pack, loaded once."""
    return load_pack(PACK)


def advance(pt: Playthrough, turns: int, move: tuple[str, tuple[str, ...]] = ("listen_one_to_one", ("acute",))) -> None:
    """Play ``turns`` turns through the core: one move each, dilemmas answered with their first choice."""
    for _ in range(turns):
        g = pt.game
        if g.finished:
            return
        if g.pending_dilemma is not None and g.answer_given is None:
            g.answer(g.pack.event(g.pending_dilemma).choices[0].id)
        with contextlib.suppress(RefusedMove):  # a cooldown or a requirement: play the turn without it
            g.plan(*move)
        pt.end_turn()


def started(pack: Pack, tmp_path: Path, seed: int = 1, turns: int = 0) -> Playthrough:
    """A playthrough saved in ``tmp_path/saves``, ``turns`` turns in."""
    source = str(pack.source_path.parent) if pack.source_path is not None else PACK
    pt = Playthrough.start(pack, seed, tmp_path / "saves", source=source)
    advance(pt, turns)
    return pt


def app_for(tmp_path: Path, **launch: Any) -> SysplayApp:
    """The app with an isolated settings file."""
    return SysplayApp(Launch(**launch), config=tmp_path / "config" / "tui.json")


class Recorder:
    """Collects posted messages (each once, though a bubbling message passes several pumps)."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self._seen: set[int] = set()

    def __call__(self, message: Message) -> None:
        if id(message) not in self._seen:
            self._seen.add(id(message))
            self.messages.append(message)

    def of(self, kind: type[Message]) -> list[Any]:
        """Messages of one type, in order."""
        return [m for m in self.messages if isinstance(m, kind)]

    @property
    def notifications(self) -> list[Notification]:
        """Every notification the app was asked to show (``App.notify`` posts each as a ``Notify``), in order.

        Read here rather than from the app's private list of toasts on screen, which toasts leave when they
        time out on the wall clock."""
        return [m.notification for m in self.of(Notify)]

    def mark(self) -> int:
        """A point to read notifications from (see :meth:`since`)."""
        return len(self.notifications)

    def since(self, mark: int) -> list[Notification]:
        """The notifications shown after ``mark``."""
        return self.notifications[mark:]


@pytest.fixture
def recorder() -> Callable[[], Recorder]:
    """Make a message recorder to pass as ``message_hook``."""
    return Recorder
