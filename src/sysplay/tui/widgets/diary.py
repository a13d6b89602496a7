"""The leader's diary: this turn's planned moves in order, slots and capital, and moves resting after use."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from sysplay.tui.widgets.lists import StopList
from sysplay.tui.widgets.panel import Panel


@dataclass(frozen=True)
class DiaryView:
    """What the diary shows."""

    entries: list[str]
    slots: str
    cooldowns: list[str]


class DiaryPanel(Panel[DiaryView]):
    """Planned moves resolve in this order. Set :attr:`view` to update it."""

    BINDINGS = [
        Binding("delete,backspace,x", "remove", "Remove move", id="diary.remove"),
        Binding("shift+up,[", "earlier", "Move earlier", id="diary.earlier"),
        Binding("shift+down,]", "later", "Move later", id="diary.later"),
    ]

    view: reactive[DiaryView | None] = reactive(None, always_update=True)
    """What to show (redrawn even when equal, so the highlight is put back)."""

    class RemoveRequested(Message):
        """Take the move at ``index`` out of the diary."""

        def __init__(self, index: int) -> None:
            self.index = index
            super().__init__()

    class MoveRequested(Message):
        """Move the entry at ``index`` to ``new_index``."""

        def __init__(self, index: int, new_index: int) -> None:
            self.index = index
            self.new_index = new_index
            super().__init__()

    def compose(self) -> ComposeResult:
        yield Label(classes="slots")
        yield StopList()
        yield Label(classes="cooldowns")

    def show(self, v: DiaryView) -> None:
        self.query_one(".slots", Label).update(Content(v.slots))
        options = self.query_one(OptionList)
        keep = options.highlighted
        options.clear_options()
        if v.entries:
            options.add_options([Option(Content(f"{k}. {text}")) for k, text in enumerate(v.entries, 1)])
            options.highlighted = min(keep or 0, len(v.entries) - 1)
        else:
            options.add_option(Option(Content("Nothing planned yet: press m to plan a move."), disabled=True))
        rest = self.query_one(".cooldowns", Label)
        rest.update(Content("Resting: " + "; ".join(v.cooldowns)) if v.cooldowns else Content(""))
        rest.display = bool(v.cooldowns)

    def _current(self) -> int | None:
        if self.view is None or not self.view.entries:
            return None
        return self.query_one(OptionList).highlighted

    def action_remove(self) -> None:
        """Take the highlighted move out."""
        i = self._current()
        if i is not None:
            self.post_message(self.RemoveRequested(i))

    def action_earlier(self) -> None:
        """Move the highlighted move one place earlier."""
        i = self._current()
        if i is not None and i > 0:
            self.post_message(self.MoveRequested(i, i - 1))
            self.query_one(OptionList).highlighted = i - 1

    def action_later(self) -> None:
        """Move the highlighted move one place later."""
        i = self._current()
        if i is not None and self.view is not None and i < len(self.view.entries) - 1:
            self.post_message(self.MoveRequested(i, i + 1))
            self.query_one(OptionList).highlighted = i + 1
