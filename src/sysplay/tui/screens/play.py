"""The play screen: the system at a glance, the diary, and every move the player can make this turn."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Label, OptionList

from sysplay.errors import RefusedMove, SysplayError
from sysplay.playthroughs.sessions import played
from sysplay.playthroughs.watch import Carried, PackWatcher, reload_if_changed
from sysplay.tui.dialogs.dilemma import DilemmaDialog
from sysplay.tui.dialogs.journal import JournalDialog
from sysplay.tui.dialogs.moves import MovePicker
from sysplay.tui.dialogs.reading import ReadingDialog
from sysplay.tui.dialogs.rewind import RewindDialog
from sysplay.tui.dialogs.target import TargetPicker
from sysplay.tui.dialogs.why import WhyDialog
from sysplay.tui.present import (
    actor_view,
    and_list,
    context_view,
    cooldowns,
    metric_views,
    network_view,
    plural,
    slots_used,
)
from sysplay.tui.screens import turn_flow
from sysplay.tui.screens.briefing import briefing_text
from sysplay.tui.widgets.actor_card import ActorCard
from sysplay.tui.widgets.asking import AskWhy
from sysplay.tui.widgets.context import ContextPanel
from sysplay.tui.widgets.diary import DiaryPanel, DiaryView
from sysplay.tui.widgets.footer import SteadyFooter
from sysplay.tui.widgets.metric import Metric
from sysplay.tui.widgets.network import NetworkList

if TYPE_CHECKING:
    from sysplay.engine.game import Game, TurnResult
    from sysplay.engine.moves import PlannedMove
    from sysplay.playthroughs.save import Playthrough


class PlayScreen(Screen[None]):
    """Plan moves, answer dilemmas, ask why, keep a journal, end the turn, rewind.

    The screen keeps no copy of the game: it reads :attr:`pt` and calls the core.
    """

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    BINDINGS = [
        Binding("m", "plan_move", "Plan a move", id="play.plan"),
        Binding("e", "end_turn", "End turn", id="play.end_turn"),
        Binding("a", "dilemma", "Dilemma", id="play.dilemma"),
        Binding("j", "journal", "Journal", id="play.journal"),
        Binding("r", "rewind", "Rewind", id="play.rewind"),
        Binding("b", "briefing", "Briefing", id="play.briefing"),
        Binding("u", "undo", "Undo remove", id="play.undo"),
        Binding("d", "diary", "To the diary", id="play.diary", show=False),
        Binding("q", "app.quit", "Quit", id="play.quit"),
    ]

    class TurnResolved(Message):
        """A turn was resolved (and autosaved)."""

        def __init__(self, result: TurnResult) -> None:
            self.result = result
            super().__init__()

    class GameOver(Message):
        """The playthrough reached an ending."""

    class RewindRequested(Message):
        """Play again from the start of ``turn`` as a new branch."""

        def __init__(self, turn: int) -> None:
            self.turn = turn
            super().__init__()

    class PackReloaded(Message):
        """The watched pack was edited and is valid: the playthrough was carried onto it."""

        def __init__(self, carried: Carried) -> None:
            self.carried = carried
            super().__init__()

    #: Seconds between looks at the watched pack's files.
    WATCH_INTERVAL = 1.0
    #: How many pack errors the notification lists.
    ERRORS_SHOWN = 5

    def __init__(self, pt: Playthrough, *, confirm_end_turn: bool = True, reflect_prompts: bool = True,
                 watcher: PackWatcher | None = None) -> None:
        super().__init__()
        self.pt = pt
        self.confirm_end_turn, self.reflect_prompts = confirm_end_turn, reflect_prompts
        self.selected = 0
        self.watcher = watcher
        #: The move last taken out of the diary, and where it was (``u`` puts it back), or None.
        self.undo: tuple[int, PlannedMove] | None = None

    @property
    def game(self) -> Game:
        """The game being played."""
        return self.pt.game

    def compose(self) -> ComposeResult:
        g = self.game
        yield Label(id="status")
        with Horizontal(id="play-body"):
            with VerticalScroll(id="actors"):
                for k in range(len(g.pack.actors)):
                    yield ActorCard(actor_view(g, k), id=f"card-{k}")
            with VerticalScroll(id="side"):
                yield Label(Content("The system"), classes="section")
                for v in metric_views(g):
                    yield Metric(v, id=f"metric-{v.sid}")
                yield Label(Content("The situation"), classes="section")
                yield ContextPanel(context_view(g), id="context")
                yield Label(Content("Your diary"), classes="section")
                yield DiaryPanel(self._diary_view(), id="diary")
                yield Label(Content("Relationships"), classes="section")
                yield NetworkList(id="network")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.refresh_view()
        self.query_one("#card-0", ActorCard).focus()
        if self.watcher is not None:
            self.set_interval(self.WATCH_INTERVAL, self.poll_pack, name="watch-pack")

    # ----- hot reload (--watch) -----------------------------------------------------
    def poll_pack(self) -> None:
        """With ``--watch``: if the pack's files changed, carry the game onto the edited pack, or show its errors.

        Only while this screen is on top (a dialog or the resolution screen keeps the change for later).
        """
        if self.watcher is None or self.app.screen is not self:
            return
        try:
            carried, errors = reload_if_changed(self.watcher, self.pt)
        except (SysplayError, OSError) as exc:
            self.notify(f"{exc}", title="Cannot reload the pack; still playing the version loaded before",
                        severity="error", markup=False, timeout=15)
            return
        if errors is not None:
            lines = [issue.format() for issue in errors.issues] or [str(errors)]
            shown = lines[:self.ERRORS_SHOWN]
            if len(lines) > len(shown):
                shown.append(f"… and {len(lines) - len(shown)} more")
            self.notify("\n".join(shown), title="The pack has errors; still playing the version loaded before",
                        severity="error", markup=False, timeout=15)
            return
        if carried is not None:
            self.post_message(self.PackReloaded(carried))

    # ----- showing ------------------------------------------------------------------
    def _diary_view(self) -> DiaryView:
        g = self.game
        entries = []
        for p in g.diary:
            iv = g.pack.intervention(p.intervention)
            who = and_list([g.pack.actor(t).display_name for t in p.targets])
            cost = plural(iv.slots, "slot") + (f", {iv.capital:g} capital" if iv.capital else "")
            entries.append(f"{iv.name}{' → ' + who if who else ''} ({cost})")
        slots = f"{slots_used(g)} of {g.pack.meta.slots_per_turn} slots planned; moves happen in this order."
        return DiaryView(entries, slots, cooldowns(g))

    def refresh_view(self) -> None:
        """Show the game as it is now."""
        g = self.game
        for k in range(len(g.pack.actors)):
            self.query_one(f"#card-{k}", ActorCard).view = actor_view(g, k)
        for v in metric_views(g):
            self.query_one(f"#metric-{v.sid}", Metric).view = v
        self.query_one(ContextPanel).view = context_view(g)
        self.query_one(DiaryPanel).view = self._diary_view()
        self.query_one(NetworkList).view = network_view(g, self.selected)
        parent = self.pt.data.parent
        self.query_one("#status", Label).update(turn_flow.status(g, parent.turn if parent else None))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "dilemma":
            return self.game.pending_dilemma is not None
        if action in ("plan_move", "end_turn"):
            return None if self.game.finished else True
        if action == "undo":
            return self.undo is not None
        return True

    @on(ActorCard.Selected)
    def _select(self, event: ActorCard.Selected) -> None:
        self.selected = event.index
        self.query_one(NetworkList).view = network_view(self.game, event.index)

    def action_card(self, step: int) -> None:
        """Move between actor cards."""
        focused = self.focused
        if isinstance(focused, ActorCard) and focused.view is not None:
            k = (focused.view.index + step) % len(self.game.pack.actors)
            self.query_one(f"#card-{k}", ActorCard).focus()

    # ----- planning -----------------------------------------------------------------
    def action_plan_move(self) -> None:
        """Choose a move, then its targets, then plan it."""
        self.app.push_screen(MovePicker(self.game), self._chosen_move)

    def _chosen_move(self, iv_id: str | None) -> None:
        if iv_id is None:
            return
        option = next(o for o in self.game.options() if o.intervention.id == iv_id)
        if option.intervention.target == "none":  # nobody to choose: the picker already showed what it does
            self._plan(iv_id, ())
            return
        self.app.push_screen(TargetPicker(self.game, iv_id, option.targets),
                             lambda targets: self._plan(iv_id, targets))

    def _plan(self, iv_id: str, targets: tuple[str, ...] | None) -> None:
        if targets is None:
            return
        try:
            self.game.plan(iv_id, targets)
        except RefusedMove as exc:
            self.notify(str(exc), title="Not possible", severity="warning", markup=False)
            return
        self.undo = None
        self.refresh_view()

    @on(DiaryPanel.RemoveRequested)
    def _unplan(self, event: DiaryPanel.RemoveRequested) -> None:
        removed = self.game.unplan(event.index)
        self.undo = (event.index, removed)
        self.refresh_view()
        name = self.game.pack.intervention(removed.intervention).name
        self.notify(f"Took '{name}' out of the diary. Press u to put it back.", markup=False, timeout=6)

    def action_undo(self) -> None:
        """Put the move last taken out of the diary back where it was."""
        if self.undo is None:
            return
        index, move = self.undo
        try:
            self.game.plan(move.intervention, move.targets)
        except RefusedMove as exc:
            self.notify(str(exc), title="Cannot put it back", severity="warning", markup=False)
            return
        self.game.reorder(len(self.game.diary) - 1, min(index, len(self.game.diary) - 1))
        self.undo = None
        self.refresh_view()

    def action_diary(self) -> None:
        """Move the focus straight to the diary."""
        self.query_one(DiaryPanel).query_one(OptionList).focus()

    @on(DiaryPanel.MoveRequested)
    def _reorder(self, event: DiaryPanel.MoveRequested) -> None:
        self.game.reorder(event.index, event.new_index)
        self.refresh_view()

    def action_dilemma(self) -> None:
        """Answer (or change the answer to) the dilemma waiting for you."""
        g = self.game
        if g.pending_dilemma is None:
            return
        ev = g.pack.event(g.pending_dilemma)
        self.app.push_screen(DilemmaDialog(ev, g.pack.meta.turn_label, g.answer_given, g.choices()), self._answer)

    def _answer(self, choice: str | None) -> None:
        if choice is None:
            return
        try:
            self.game.answer(choice)
        except RefusedMove as exc:
            self.notify(str(exc), title="Not possible", severity="warning", markup=False)
        self.refresh_view()

    # ----- asking, noting, reading ----------------------------------------------------
    @on(AskWhy)
    def _why(self, event: AskWhy) -> None:
        event.stop()
        self.app.push_screen(WhyDialog(self.game, event.keys))

    def action_journal(self, prompt: str | None = None) -> None:
        """Write a note pinned to this turn."""
        g = self.game
        where = f"{g.pack.meta.turn_label} {g.turn}"
        earlier = [n.text for n in self.pt.data.notes if n.turn == g.turn]
        self.app.push_screen(JournalDialog(where, prompt=prompt, earlier=earlier), self._note)

    def _note(self, text: str | None) -> None:
        if not text:
            return
        try:
            note = self.pt.add_note(text)
        except (OSError, RefusedMove) as exc:
            self.notify(f"The note could not be saved: {getattr(exc, 'strerror', None) or exc}", severity="error",
                        markup=False)
            return
        self.notify(f"Note pinned to {self.game.pack.meta.turn_label} {note.turn}.", markup=False)

    def action_briefing(self) -> None:
        """Read the briefing again."""
        self.app.push_screen(ReadingDialog("Briefing", briefing_text(self.game.pack)))

    def action_rewind(self) -> None:
        """Go back to the start of an earlier turn, as a new branch."""
        done = played(self.pt)
        if not done:
            self.notify("Nothing to rewind yet: this is the first turn.", markup=False)
            return
        self.app.push_screen(RewindDialog(self.game.pack.meta.turn_label, done), self._rewind)

    def _rewind(self, turn: int | None) -> None:
        if turn is not None:
            self.post_message(self.RewindRequested(turn))

    # ----- ending the turn ------------------------------------------------------------
    def action_end_turn(self) -> None:
        """Resolve the turn (after a dilemma answer and, if set, a confirmation)."""
        turn_flow.end_turn(self)

    def resolved(self, result: TurnResult) -> None:
        """After the resolution screen: face a dilemma, or reach the ending."""
        self.undo = None  # the diary it came from is played
        self.refresh_view()
        turn_flow.after_resolution(self, result)
