"""Radio buttons and checkboxes whose state shows in their mark, not only in its colour.

● chosen, ○ not; ✓ ticked, blank not: so they read the same without colour or with a colour-blind eye.
"""

from __future__ import annotations

from textual.content import Content
from textual.style import Style
from textual.widgets import Checkbox, RadioButton


def _mark(button: RadioButton | Checkbox, on: str, off: str) -> Content:
    style = button.get_visual_style("toggle--button")
    side = Style(foreground=style.background, background=button.background_colors[1])
    return Content.assemble((button.BUTTON_LEFT, side), (on if button.value else off, style),
                            (button.BUTTON_RIGHT, side))


class MarkedRadioButton(RadioButton):
    """A radio button drawn ● when chosen and ○ when not."""

    @property
    def _button(self) -> Content:
        return _mark(self, "●", "○")


class MarkedCheckbox(Checkbox):
    """A checkbox drawn ✓ when ticked and blank when not."""

    @property
    def _button(self) -> Content:
        return _mark(self, "✓", " ")
