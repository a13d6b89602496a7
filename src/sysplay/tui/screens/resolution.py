"""A turn resolved: the consequences told step by step, then what changed, with the causes one key away."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from sysplay.tui.dialogs.journal import JournalDialog
from sysplay.tui.dialogs.why import WhyDialog
from sysplay.tui.views.narrate import Step, changes, steps
from sysplay.tui.widgets.footer import SteadyFooter

if TYPE_CHECKING:
    from sysplay.engine.game import Game, TurnResult


class ResolutionScreen(Screen[None]):
    """Space shows the next step; ``a`` shows everything; Enter on a change explains it; ``c`` carries on.

    After a surprise (``reflect``: what surprised, and a question), ``j`` opens a pause to reflect whose note
    goes to ``pin``; it is offered here, never opened by itself.
    """

    BINDINGS = [
        Binding("space", "next", "Next", id="resolution.next"),
        Binding("a", "all", "Show all", id="resolution.all"),
        Binding("c,escape", "done", "Continue", id="resolution.done"),
        Binding("w", "why", "Why?", id="resolution.why"),
        Binding("j", "reflect", "Pause and reflect", id="resolution.reflect"),
    ]

    def __init__(self, game: Game, result: TurnResult, *, reflect: str | None = None,
                 pin: Callable[[str], None] | None = None) -> None:
        super().__init__()
        self.game, self.result = game, result
        self.reflect, self.pin = reflect, pin
        self.story: list[Step] = steps(game, result)
        self.shown = 0
        self.keys: list[tuple[Any, ...]] = []

    def compose(self) -> ComposeResult:
        m = self.game.pack.meta
        yield Label(Content.assemble((f"{m.turn_label.capitalize()} {self.result.turn} of {m.turns}", "bold"),
                                     ": what happened"), id="resolution-head")
        with VerticalScroll(id="story"):
            for k in range(len(self.story)):
                yield Static(id=f"step-{k}", classes="step")
            if self.reflect:
                yield Static(Content.assemble(("A surprise. ", "bold"), self.reflect,
                                              ("\nPress j to pause and write what you make of it.", "italic")),
                             id="surprise", classes="step")
            yield Label(Content("What changed (Enter or w on a line for the whole story of that number)"),
                        id="changes-head", classes="section")
            yield OptionList(id="changes")
        yield Label(id="resolution-hint", classes="hint")
        yield SteadyFooter()

    def on_mount(self) -> None:
        for k in range(len(self.story)):
            self.query_one(f"#step-{k}").display = False
        self.query_one("#changes-head").display = False
        if self.reflect:
            self.query_one("#surprise").display = False
        self.query_one("#changes").display = False
        self.action_next()
        self.query_one("#story").focus()

    def _hint(self) -> None:
        left = len(self.story) - self.shown
        text = (f"Space: next step ({left} more) · a: show all · c: continue" if left > 0
                else "c: see how it ended" if self.game.finished else "c: back to your diary")
        if self.reflect and self.pin is not None:
            text += " · j: pause and reflect"
        self.query_one("#resolution-hint", Label).update(Content(text))

    def _reveal(self, k: int) -> None:
        step = self.story[k]
        body = Content("\n").join([Content.styled(step.title, "bold underline"), *step.lines])
        widget = self.query_one(f"#step-{k}", Static)
        widget.update(body)
        widget.display = True

    def _finish(self) -> None:
        options = self.query_one("#changes", OptionList)
        if not self.keys:
            pairs = changes(self.game, self.result.turn)
            self.keys = [key for key, _ in pairs]
            options.add_options([Option(text) for _, text in pairs])
            if pairs:
                options.highlighted = 0  # focused, the list shows where Enter will act
        self.query_one("#changes-head").display = True
        if self.reflect:
            self.query_one("#surprise").display = True
        options.display = True

    def action_next(self) -> None:
        """Show the next step (or, when all are shown, carry on)."""
        if self.shown >= len(self.story):
            self.action_done()
            return
        self._reveal(self.shown)
        self.shown += 1
        if self.shown == len(self.story):
            self._finish()
        self._hint()
        self.query_one(f"#step-{self.shown - 1}").scroll_visible(top=True)

    def action_all(self) -> None:
        """Show every step and the summary at once."""
        while self.shown < len(self.story):
            self._reveal(self.shown)
            self.shown += 1
        self._finish()
        self._hint()
        self.query_one("#changes", OptionList).focus(scroll_visible=False)  # the story is read from its top

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._why(event.option_index)

    def action_why(self) -> None:
        """Explain the highlighted change."""
        index = self.query_one("#changes", OptionList).highlighted
        if self.keys and index is not None:
            self._why(index)

    def _why(self, index: int) -> None:
        self.app.push_screen(WhyDialog(self.game, [self.keys[index]]))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reflect":
            return bool(self.reflect) and self.pin is not None
        return True

    def action_reflect(self) -> None:
        """Pause to write what the surprise means (a note pinned to this turn)."""
        if not self.reflect or self.pin is None:
            return
        where = f"{self.game.pack.meta.turn_label} {self.result.turn}"
        pin = self.pin
        self.app.push_screen(JournalDialog(where, prompt=self.reflect), lambda text: pin(text) if text else None)

    def action_done(self) -> None:
        """Back to the play screen."""
        self.dismiss(None)
