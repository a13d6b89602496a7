"""The discussion timer: a countdown in big digits, driven by a Textual timer ticking once a second."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Digits, Label

#: The discussion timer's default length and how much "extend" adds, in seconds.
DEFAULT_SECONDS = 300
EXTEND_SECONDS = 60


class DiscussionTimer(Widget):
    """A countdown for the room's discussion, driven by a Textual timer (one tick a second).

    The screen's keys call :meth:`action_start_pause`, :meth:`action_extend` and :meth:`action_reset`;
    :meth:`tick` is what the timer calls, so tests can move time on without waiting.
    """

    remaining: reactive[int] = reactive(DEFAULT_SECONDS)
    """Seconds left."""
    running: reactive[bool] = reactive(False)
    """Whether it is counting down."""

    class Changed(Message):
        """Started, paused, extended, reset or finished (not every tick)."""

        def __init__(self, remaining: int, running: bool) -> None:
            self.remaining, self.running = remaining, running
            super().__init__()

    def __init__(self, seconds: int = DEFAULT_SECONDS, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.set_reactive(DiscussionTimer.remaining, seconds)
        self.length = seconds

    def compose(self) -> ComposeResult:
        yield Label(classes="figure-label")
        yield Digits(classes="figure-digits")
        yield Label(classes="figure-trend")

    def on_mount(self) -> None:
        self._ticker = self.set_interval(1.0, self.tick, pause=True, name="discussion-timer")
        self._show()

    def watch_remaining(self) -> None:
        if self.is_mounted:
            self._show()

    def watch_running(self) -> None:
        if self.is_mounted:
            self._show()

    def _show(self) -> None:
        minutes, seconds = divmod(self.remaining, 60)
        self.query_one(Digits).update(f"{minutes:02d}:{seconds:02d}")
        self.query_one(".figure-label", Label).update(Content.styled("Discussion", "bold"))
        state = "▶ running" if self.running else ("■ time is up" if self.remaining == 0 else "❚❚ paused")
        self.query_one(".figure-trend", Label).update(Content(f"{minutes:02d}:{seconds:02d} {state}"))
        self.set_class(self.remaining == 0, "-up")
        self.set_class(self.running, "-running")

    def tick(self) -> None:
        """One second passes."""
        if not self.running:
            return
        self.remaining = max(0, self.remaining - 1)
        if self.remaining == 0:
            self.running = False
            self._ticker.pause()
            self.post_message(self.Changed(0, False))

    def set_state(self, remaining: int, running: bool) -> None:
        """Show a timer another screen or process is running (``sysplay room``)."""
        self.remaining, self.running = max(0, remaining), running and remaining > 0
        if self.running:
            self._ticker.resume()
        else:
            self._ticker.pause()

    def action_start_pause(self) -> None:
        """Start or pause the countdown (starting again from the full length once it has run out)."""
        if self.remaining == 0:
            self.remaining = self.length
        self.running = not self.running
        if self.running:
            self._ticker.resume()
        else:
            self._ticker.pause()
        self.post_message(self.Changed(self.remaining, self.running))

    def action_extend(self) -> None:
        """Add a minute."""
        self.remaining += EXTEND_SECONDS
        self.post_message(self.Changed(self.remaining, self.running))

    def action_reset(self) -> None:
        """Back to the full length, paused."""
        self.remaining, self.running = self.length, False
        self._ticker.pause()
        self.post_message(self.Changed(self.remaining, self.running))
