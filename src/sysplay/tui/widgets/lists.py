"""A list whose cursor stops at its ends.

Down on the last row stays there instead of wrapping to the first, so a key that acts on the highlighted
row (remove, reorder) never acts on a row the player did not mean.
"""

from __future__ import annotations

from typing import Literal

from textual import _widget_navigation
from textual.widgets import OptionList


class StopList(OptionList):
    """An :class:`OptionList` that does not wrap around at its ends."""

    def _step(self, direction: Literal[-1, 1]) -> None:
        if self.highlighted is None:
            self.highlighted = _widget_navigation.find_first_enabled(self.options)
            return
        found = _widget_navigation.find_next_enabled_no_wrap(candidates=self.options, anchor=self.highlighted,
                                                            direction=direction)
        if found is not None:
            self.highlighted = found

    def action_cursor_up(self) -> None:
        """Move the highlight up, stopping at the first row."""
        self._step(-1)

    def action_cursor_down(self) -> None:
        """Move the highlight down, stopping at the last row."""
        self._step(1)
