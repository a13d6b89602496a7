"""A footer that rebuilds only when the keys it shows change (Textual's rebuilds on every focus change)."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


class SteadyFooter(Footer):
    """Textual's footer, minus the rebuild when focus moves between widgets with the same keys.

    Moving between actor cards changes the focused widget but not the keys on offer; rebuilding
    forty footer keys each time cost most of a keypress.
    """

    _shown: Any = None

    def bindings_changed(self, screen: Screen[Any]) -> None:
        shown = tuple((key, b.binding.description, b.enabled) for key, b in screen.active_bindings.items()
                      if b.binding.show)
        if shown == self._shown:
            return
        self._shown = shown
        super().bindings_changed(screen)
