"""``sysplay room SAVE``: the projector's view of a live session, following its autosave, read-only.

It never writes. It looks at the save twice a second; a save that is half-written or missing for a
moment leaves the last good picture up, with a quiet note, until a good one comes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Label, Static

from sysplay.playthroughs.follow import SaveFollower
from sysplay.playthroughs.models import LiveView
from sysplay.tui.screens.reveal import draw_steps, reveal_steps
from sysplay.tui.widgets.footer import SteadyFooter
from sysplay.tui.widgets.projector import ProjectorView, room_view
from sysplay.tui.widgets.timer import DEFAULT_SECONDS, DiscussionTimer


def seconds_left(live: LiveView, now: datetime | None = None) -> int:
    """The timer's seconds left now, from what the facilitator's screen last published."""
    if not live.timer_running:
        return live.timer_seconds
    try:
        then = datetime.strptime(live.timer_at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    except ValueError:
        return live.timer_seconds
    gone = ((now or datetime.now(UTC)) - then).total_seconds()
    return max(0, int(round(live.timer_seconds - max(0.0, gone))))


class RoomScreen(Screen[None]):
    """The projected game as the facilitator's session shows it; it follows the save as it changes."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide"), (180, "-huge")]
    BINDINGS = [Binding("q", "app.quit", "Quit", id="room.quit")]
    #: Seconds between looks at the save.
    POLL = 0.5

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.follower = SaveFollower(path)
        self.follower.poll()
        self.shown_live: LiveView | None = None

    def compose(self) -> ComposeResult:
        g = self.follower.game
        timer = DiscussionTimer(id="timer", classes="figure")
        if g is not None:
            yield ProjectorView(len(g.pack.system.stocks), len(g.pack.actors), timer=timer, id="projector")
        else:
            yield Label(id="room-waiting")
        with VerticalScroll(id="reveal-body"):
            yield Static(id="reveal-text")
        yield Container(id="blank")
        yield Label(id="room-problem", classes="hint")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.render_now()
        if self.query(ProjectorView):
            self.query_one(ProjectorView).focus()
        self.set_interval(self.POLL, self.poll, name="follow-save")

    def poll(self) -> None:
        """Look at the save; redraw if it changed (or say why it could not be read)."""
        changed = self.follower.poll()
        problem = self.query_one("#room-problem", Label)
        problem.update(Content(f"Waiting for the save: {self.follower.problem}" if self.follower.problem else ""))
        problem.display = bool(self.follower.problem)
        if changed:
            if self.follower.game is not None and not self.query(ProjectorView):
                self.app.switch_screen(RoomScreen(self.follower.path))
                return
            self.render_now()

    def render_now(self) -> None:
        """Draw the latest good reading, as its live view says (a frozen room keeps its picture)."""
        g, save = self.follower.game, self.follower.save
        if g is None or save is None:
            self.query_one("#room-waiting", Label).update(Content(f"Waiting for a readable save: "
                                                                  f"{self.follower.problem}"))
            return
        live = save.live or LiveView(timer_seconds=DEFAULT_SECONDS)
        if live.screen == "frozen" and self.shown_live is not None:
            return
        self.shown_live = live
        self.query_one("#blank").display = live.screen == "blank"
        reveal = live.screen == "reveal" and 1 <= live.reveal_turn <= len(g.results)
        self.query_one("#reveal-body").display = reveal
        self.query_one(ProjectorView).display = not reveal and live.screen != "blank"
        if reveal:
            story = reveal_steps(g, g.results[live.reveal_turn - 1])
            m = g.pack.meta
            head = Content.styled(f"{m.turn_label.capitalize()} {live.reveal_turn} of {m.turns}: what happened",
                                  "bold")
            self.query_one("#reveal-text", Static).update(Content("\n\n").join([head, draw_steps(story, live.shown)]))
            self.query_one("#reveal-body", VerticalScroll).scroll_end(animate=False)
        else:
            self.query_one(ProjectorView).show(room_view(g, save))
        self.query_one(DiscussionTimer).set_state(seconds_left(live), live.timer_running)
