"""Facilitator mode: the projected game a room reads, with the facilitator's keys to run the session.

The projected layout never shows hidden state or the facilitator's notes: those are on the console
(``c``), a separate screen. Every change the room should see is published in the save's live view,
so ``sysplay room SAVE`` on a second screen follows it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen

from sysplay.errors import RefusedMove
from sysplay.playthroughs.facilitation import room_options, room_question, vote_counts
from sysplay.playthroughs.models import LiveView
from sysplay.tui.dialogs.dilemma import DilemmaDialog
from sysplay.tui.dialogs.moves import MovePicker
from sysplay.tui.dialogs.target import TargetPicker
from sysplay.tui.dialogs.votes import VoteDialog
from sysplay.tui.widgets.footer import SteadyFooter
from sysplay.tui.widgets.projector import ProjectorView, room_view
from sysplay.tui.widgets.timer import DiscussionTimer

if TYPE_CHECKING:
    from sysplay.engine.game import Game
    from sysplay.playthroughs.save import Playthrough


def stamp() -> str:
    """The time now (UTC), as the live view records it."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class FacilitatorScreen(Screen[None]):
    """The projected game: key figures, short cards, the lettered options, votes and the discussion timer."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide"), (180, "-huge")]
    BINDINGS = [
        Binding("t", "timer('start_pause')", "Timer start/pause", id="facilitator.timer"),
        Binding("plus,equals_sign", "timer('extend')", "+1 min", id="facilitator.timer_extend"),
        Binding("0", "timer('reset')", "Timer reset", id="facilitator.timer_reset", show=False),
        Binding("v", "vote", "Room vote", id="facilitator.vote"),
        Binding("m", "plan_move", "Enter a move", id="facilitator.plan"),
        Binding("a", "dilemma", "Dilemma", id="facilitator.dilemma"),
        Binding("x", "unplan", "Undo last move", id="facilitator.unplan", show=False),
        Binding("e", "end_turn", "End turn, reveal", id="facilitator.end_turn"),
        Binding("c,n", "console", "Console & notes", id="facilitator.console"),
        Binding("b", "blank", "Blank", id="facilitator.blank"),
        Binding("z", "freeze", "Freeze room", id="facilitator.freeze"),
        Binding("q", "app.quit", "Quit", id="facilitator.quit"),
    ]

    class GameOver(Message):
        """The facilitated game reached its ending (after the last reveal)."""

    def __init__(self, pt: Playthrough) -> None:
        super().__init__()
        self.pt = pt
        self.frozen = False

    @property
    def game(self) -> Game:
        """The game being played."""
        return self.pt.game

    def compose(self) -> ComposeResult:
        g = self.game
        timer = DiscussionTimer(id="timer", classes="figure")
        yield ProjectorView(len(g.pack.system.stocks), len(g.pack.actors), timer=timer, id="projector")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.refresh_view()
        self.query_one(ProjectorView).focus()
        self.publish()  # so a room view opened now shows the timer and the screen as they are

    def action_timer(self, what: str) -> None:
        """Start or pause the discussion timer, add a minute, or reset it."""
        getattr(self.query_one(DiscussionTimer), f"action_{what}")()

    def refresh_view(self) -> None:
        """Draw the game as it is now."""
        self.query_one(ProjectorView).show(room_view(self.game, self.pt.data))
        self.refresh_bindings()

    def publish(self, **changes: object) -> None:
        """Tell the room view what the projector shows (saved in the live view; a failed write only warns)."""
        timer = self.query_one(DiscussionTimer)
        base = self.pt.data.live or LiveView()
        live = base.model_copy(update={"screen": "frozen" if self.frozen else "play", "timer_seconds": timer.remaining,
                                       "timer_running": timer.running, "timer_at": stamp(), **changes})
        try:
            self.pt.set_live(LiveView.model_validate(live.model_dump()))
        except OSError as exc:
            self.notify(f"The room view could not be updated: {exc.strerror or exc}", severity="warning",
                        markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        g = self.game
        if action == "dilemma":
            return g.pending_dilemma is not None
        if action in ("plan_move", "end_turn", "vote"):
            return None if g.finished else True
        if action == "unplan":
            return bool(g.diary)
        return True

    @on(DiscussionTimer.Changed)
    def _timer_changed(self, event: DiscussionTimer.Changed) -> None:
        if event.remaining == 0 and not event.running:
            self.notify("Time is up.", title="Discussion", markup=False)
        self.publish()

    # ----- the room decides; the facilitator enters it ------------------------------------
    def action_vote(self) -> None:
        """Enter the room's vote on the lettered options."""
        options = room_options(self.game)
        if not options:
            self.notify("There is nothing to vote on.", markup=False)
            return
        self.app.push_screen(VoteDialog(room_question(self.game), options), self._voted)

    def _voted(self, counts: dict[str, int] | None) -> None:
        if not counts:
            return
        options = room_options(self.game)
        try:
            self.pt.add_vote(vote_counts(options, counts), question=room_question(self.game))
        except OSError as exc:
            self.notify(f"The vote could not be saved: {exc.strerror or exc}", severity="error", markup=False)
        self.refresh_view()
        self.publish()

    def action_plan_move(self) -> None:
        """Enter one of the room's moves (then its targets)."""
        self.app.push_screen(MovePicker(self.game), self._chosen_move)

    def _chosen_move(self, iv_id: str | None) -> None:
        if iv_id is None:
            return
        option = next(o for o in self.game.options() if o.intervention.id == iv_id)
        self.app.push_screen(TargetPicker(self.game, iv_id, option.targets), lambda t: self._plan(iv_id, t))

    def _plan(self, iv_id: str, targets: tuple[str, ...] | None) -> None:
        if targets is None:
            return
        try:
            self.game.plan(iv_id, targets)
        except RefusedMove as exc:
            self.notify(str(exc), title="Not possible", severity="warning", markup=False)
            return
        self.refresh_view()

    def action_unplan(self) -> None:
        """Take the last entered move out again."""
        if self.game.diary:
            self.game.unplan(len(self.game.diary) - 1)
            self.refresh_view()

    def action_dilemma(self) -> None:
        """Enter the room's answer to the dilemma."""
        g = self.game
        if g.pending_dilemma is not None:
            self.app.push_screen(DilemmaDialog(g.pack.event(g.pending_dilemma), g.pack.meta.turn_label,
                                               g.answer_given), self._answer)

    def _answer(self, choice: str | None) -> None:
        if choice is not None:
            try:
                self.game.answer(choice)
            except RefusedMove as exc:
                self.notify(str(exc), title="Not possible", severity="warning", markup=False)
            self.refresh_view()

    # ----- the turn, revealed step by step --------------------------------------------------
    def action_end_turn(self) -> None:
        """End the turn (autosaved) and reveal what happened, one step at a time."""
        g = self.game
        if g.pending_dilemma is not None and g.answer_given is None:
            self.notify("Enter the room's answer to the dilemma first (a).", title="Not yet", severity="warning",
                        markup=False)
            return
        from sysplay.tui.screens.reveal import RevealScreen

        try:
            result = self.pt.end_turn()
        except RefusedMove as exc:
            self.notify(str(exc), title="Not possible", severity="warning", markup=False)
            return
        except OSError as exc:
            self.notify(f"The game could not be saved: {exc.strerror or exc}", title="Not saved", severity="error",
                        markup=False, timeout=10)
            result = g.results[-1]
        self.app.push_screen(RevealScreen(self.pt, result), self._revealed)

    def _revealed(self, _: object = None) -> None:
        self.query_one(DiscussionTimer).action_reset()
        self.refresh_view()
        self.publish(reveal_turn=0, shown=0)
        if self.game.finished:
            self.post_message(self.GameOver())

    # ----- the facilitator's own screens --------------------------------------------------
    def action_console(self) -> None:
        """Open the console: hidden state, live control of events, and notes (never projected)."""
        from sysplay.tui.screens.console import ConsoleScreen

        self.publish(screen="frozen")
        self.app.push_screen(ConsoleScreen(self.pt), self._back_from_console)

    def _back_from_console(self, _: object = None) -> None:
        self.refresh_view()
        self.publish()

    def action_blank(self) -> None:
        """Blank the screen (and the room view) until b or Escape."""
        from sysplay.tui.screens.console import BlankScreen

        self.publish(screen="blank")
        self.app.push_screen(BlankScreen(), lambda _: self.publish())

    def action_freeze(self) -> None:
        """Freeze the room view on its current picture (again to follow live)."""
        self.frozen = not self.frozen
        self.notify("The room view is frozen." if self.frozen else "The room view follows the game again.",
                    markup=False)
        self.publish()
