"""A system metric: its value and unit, the trend with an arrow, which way is good, and a sparkline of every turn."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Label, Sparkline

from sysplay.tui.present import MetricView
from sysplay.tui.widgets.asking import AskWhy


class Metric(Widget, can_focus=True):
    """One stock. Set :attr:`view` to update it.

    The sparkline gets one cell per turn so its shape is the history, not a stretched guess;
    its colours follow which direction is good (state classes ``-good-up`` / ``-good-down``).
    """

    BINDINGS = [Binding("w", "why", "Why?", id="why", tooltip="Why did this number change?")]

    view: reactive[MetricView | None] = reactive(None)
    """What to show."""

    class WhyRequested(AskWhy):
        """Explain this stock."""

    def __init__(self, view: MetricView, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(Metric.view, view)

    def compose(self) -> ComposeResult:
        yield Label(classes="label")
        with Horizontal(classes="row"):
            yield Label(classes="value")
            yield Sparkline([], summary_function=max)
            yield Label(classes="trend")

    def on_mount(self) -> None:
        self._show()

    def watch_view(self) -> None:
        if self.is_mounted:
            self._show()

    def _show(self) -> None:
        v = self.view
        if v is None:
            return
        self.query_one(".label", Label).update(Content.assemble((v.label, "bold")))
        self.query_one(".value", Label).update(Content(v.value))
        spark = self.query_one(Sparkline)
        spark.data = v.series if len(v.series) > 1 else v.series * 2
        spark.styles.width = max(2, len(v.series))
        trend = f"{v.change} {v.verdict}".strip() + f" · {v.good}"
        self.query_one(".trend", Label).update(Content(trend))
        for word in ("better", "worse", "steady", "changed"):
            self.set_class(v.verdict == word, f"-{word}")
        self.set_class(v.good_dir == "up", "-good-up")
        self.set_class(v.good_dir == "down", "-good-down")
        self.tooltip = Content(v.description) if v.description else None

    def action_why(self) -> None:
        """Ask why this stock changed."""
        if self.view is not None:
            self.post_message(self.WhyRequested([("stock", self.view.sid)]))
