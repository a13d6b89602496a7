"""A system metric: its value and unit, the trend with an arrow, which way is good, and a sparkline of every turn."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Label, Sparkline

from sysplay.tui.present import MetricView
from sysplay.tui.widgets.asking import AskWhy
from sysplay.tui.widgets.panel import Panel


class Metric(Panel[MetricView], can_focus=True):
    """One stock. Set :attr:`view` to update it.

    The sparkline gets one cell per turn so its shape is the history, not a stretched guess;
    its colours follow which direction is good (state classes ``-good-up`` / ``-good-down``).
    """

    BINDINGS = [Binding("w", "why", "Why?", id="why", tooltip="Why did this number change?")]

    class WhyRequested(AskWhy):
        """Explain this stock."""

    def compose(self) -> ComposeResult:
        yield Label(classes="label")
        with Horizontal(classes="row"):
            yield Label(classes="value")
            yield Sparkline([], summary_function=max)
            yield Label(classes="trend")

    def show(self, v: MetricView) -> None:
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
