"""The base of the play screen's panels: each shows one plain view model and never reads the game."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from textual.reactive import reactive
from textual.widget import Widget

V = TypeVar("V")


class Panel(Widget, Generic[V]):
    """A panel drawn from a view model (``tui/present.py``): set :attr:`view` and it redraws.

    Subclasses compose their parts and implement :meth:`show`; it runs once mounted and again on every
    new view. A subclass that must redraw for an equal view redeclares ``view`` with ``always_update``.
    """

    view: reactive[Any] = reactive(None)
    """What to show (None shows nothing new)."""

    def __init__(self, view: V | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(type(self).view, view)

    def on_mount(self) -> None:
        self._redraw()

    def watch_view(self) -> None:
        if self.is_mounted:
            self._redraw()

    def _redraw(self) -> None:
        if self.view is not None:
            self.show(self.view)

    def show(self, view: V) -> None:
        """Draw ``view`` into the panel's parts."""
        raise NotImplementedError
