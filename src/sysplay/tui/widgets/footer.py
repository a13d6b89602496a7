"""A footer that rebuilds only when the keys it shows change (Textual's rebuilds on every focus change)."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.screen import Screen
from textual.widgets import Footer


class SteadyFooter(Footer):
    """Textual's footer, minus the rebuild when focus moves between widgets with the same keys.

    Moving between actor cards changes the focused widget but not the keys on offer; rebuilding
    forty footer keys each time cost most of a keypress.
    """

    _shown: Any = None

    #: Narrower than this, the footer is compact and leaves out the palette key (Ctrl+P still opens it), so
    #: every key of an 80-column play screen, Quit and Help included, fits on the line.
    NARROW = 100

    def on_resize(self, event: events.Resize) -> None:
        narrow = event.size.width < self.NARROW
        if narrow != self.compact or narrow == self.show_command_palette:
            self.compact = narrow
            self.show_command_palette = not narrow
            self.refresh(recompose=True)

    def bindings_changed(self, screen: Screen[Any]) -> None:
        shown = tuple((key, b.binding.description, b.enabled) for key, b in screen.active_bindings.items()
                      if b.binding.show)
        if shown == self._shown:
            return
        self._shown = shown
        super().bindings_changed(screen)
