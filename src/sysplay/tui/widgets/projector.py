"""The projector layout: few, large elements a room can read from the back, and nothing hidden spoiled.

Big digits for the key figures and the discussion timer, short actor cards, and the room's choices
as lettered options with the room's vote beside each. The same widgets draw the facilitator's
projected screen and ``sysplay room``; they read view models made by :func:`room_view`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Digits, Label, Static

from sysplay.playthroughs.facilitation import prompts, room_options, room_question
from sysplay.tui.present import actor_view, arrow, level_words, metric_views
from sysplay.tui.widgets.timer import DiscussionTimer

if TYPE_CHECKING:
    from sysplay.engine.game import Game
    from sysplay.playthroughs.models import SaveFile

@dataclass(frozen=True)
class FigureView:
    """A key figure: its label, value for the big digits, unit and trend in words."""

    sid: str
    label: str
    digits: str
    unit: str
    trend: str
    verdict: str


@dataclass(frozen=True)
class CardView:
    """A short actor card: name, where they stand (words and a symbol), trust in you, adoption."""

    name: str
    stance: str
    tone: str
    trust: str
    stage: str
    voice: str | None = None


@dataclass(frozen=True)
class OptionView:
    """A lettered option with the room's votes and whether it was chosen."""

    letter: str
    label: str
    detail: str
    votes: int
    chosen: bool


@dataclass(frozen=True)
class RoomView:
    """Everything the projector shows of a game at one moment."""

    title: str
    when: str
    figures: list[FigureView]
    cards: list[CardView]
    question: str
    options: list[OptionView]
    votes_total: int
    status: str = ""
    prompts: list[str] = field(default_factory=list)
    prompts_from: str = ""


def _digits(value: float) -> str:
    return f"{value:.0f}" if abs(value) >= 10 else f"{value:.1f}"


def room_view(g: Game, save: SaveFile | None) -> RoomView:
    """What the room sees of ``g`` now: figures, cards, the question, the options and this turn's votes."""
    m = g.pack.meta
    figures = [FigureView(v.sid, v.label, _digits(v.series[-1]), g.pack.system.stocks[v.sid].unit,
                          f"{v.change} {v.verdict}".strip(), v.verdict) for v in metric_views(g)]
    cards = []
    for k in range(len(g.pack.actors)):
        a = actor_view(g, k)
        tau = float(g.state.tau[k])
        delta = tau - float(g.history[-1].tau[k]) if g.history else 0.0
        trust = f"trusts you: {level_words(tau)}" + (f" {arrow(delta)}" if g.history else "")
        stance = a.stance.split(" ", 1)[0] + " " + _band(a.stance) if a.stance_tone != "unknown" else a.stance
        cards.append(CardView(a.name, stance, a.stance_tone, trust, f"adoption: {a.stage}", a.voice))
    options = [] if g.finished else room_options(g)
    votes: dict[str, int] = {}
    if save is not None and not g.finished:
        latest = [v for v in save.votes if v.turn == g.turn]
        if latest:
            votes = dict(latest[-1].counts)
    planned = {p.intervention for p in g.diary} | ({g.answer_given} if g.answer_given else set())
    shown = [OptionView(o.letter, o.label, o.detail, votes.get(o.vote_key, 0), o.id in planned) for o in options]
    when = f"{m.turn_label.capitalize()} {min(g.turn, m.turns)} of {m.turns}"
    ending = next((e.title for e in g.pack.endings if e.id == g.state.ending), "")
    status = f"The game has ended: {ending}." if g.finished else ""
    asked = prompts(g, g.results[-1]) if g.results else []
    since = f"After {m.turn_label} {g.results[-1].turn}" if g.results else ""
    question = "" if g.finished else room_question(g)
    return RoomView(m.title, when, figures, cards, question, shown, sum(votes.values()), status, asked, since)


def _band(stance: str) -> str:
    """``→ leaning for +0.32 ▲`` -> ``leaning for ▲`` (the room reads words, not two decimals)."""
    words = [w for w in stance.split(" ")[1:] if not any(ch.isdigit() for ch in w)]
    return " ".join(words)


class BigFigure(Widget):
    """One key figure in big digits. Set :attr:`view` to update it."""

    view: reactive[FigureView | None] = reactive(None)
    """What to show."""

    def compose(self) -> ComposeResult:
        yield Label(classes="figure-label")
        yield Digits(classes="figure-digits")
        yield Label(classes="figure-value")
        yield Label(classes="figure-trend")

    def on_mount(self) -> None:
        self._show()

    def watch_view(self) -> None:
        if self.is_mounted:
            self._show()

    def _show(self) -> None:
        v = self.view
        if v is None:
            return
        self.query_one(".figure-label", Label).update(Content.styled(v.label, "bold"))
        self.query_one(Digits).update(v.digits)
        self.query_one(".figure-value", Label).update(Content(f"{v.digits} {v.unit}"))
        self.query_one(".figure-trend", Label).update(Content(f"{v.trend} · {v.unit}"))
        for word in ("better", "worse"):
            self.set_class(v.verdict == word, f"-{word}")


class RoomCard(Static):
    """A short actor card for the room."""

    def show(self, v: CardView) -> None:
        """Draw ``v``."""
        for word in ("good", "bad", "neutral", "unknown"):
            self.set_class(v.tone == word, f"-{word}")
        lines = [Content.styled(v.name, "bold"), Content(v.stance), Content(v.trust), Content(v.stage)]
        if v.voice:
            lines.append(Content.styled(f"“{v.voice}”", "italic"))
        self.update(Content("\n").join(lines))


class OptionsBoard(Widget):
    """The question in front of the room and its lettered options, with votes."""

    def compose(self) -> ComposeResult:
        yield Label(classes="question")
        yield Grid(classes="options")

    def show(self, question: str, options: list[OptionView], total: int) -> None:
        """Draw the options (rebuilding the grid only when their number changes)."""
        head = question + (f"   · {total} vote{'s' if total != 1 else ''} recorded" if total else "")
        self.query_one(".question", Label).update(Content.styled(head, "bold"))
        grid = self.query_one(".options", Grid)
        items = list(grid.query(Static))
        if len(items) != len(options):
            grid.remove_children()
            items = [Static(classes="option") for _ in options]
            grid.mount_all(items)
        for item, o in zip(items, options, strict=True):
            bar = f"  {'■' * min(o.votes, 20)} {o.votes}" if o.votes else ""
            mark = "  ✓ chosen" if o.chosen else ""
            item.set_class(o.chosen, "-chosen")
            item.update(Content.assemble((f"{o.letter} ", "bold reverse"), " ", (o.label, "bold"),
                                         (f"  {o.detail}" if o.detail else "", "$text-muted"), (bar, "bold"),
                                         (mark, "bold")))


class ProjectorView(VerticalScroll):
    """The whole projected layout; call :meth:`show` with a :class:`RoomView`.

    It scrolls (arrow keys, Page Up/Down) when the terminal is too small to show it all.
    """

    def __init__(self, n_figures: int, n_cards: int, *, timer: DiscussionTimer, id: str | None = None) -> None:
        super().__init__(id=id)
        self.n_figures, self.n_cards, self.timer = n_figures, n_cards, timer

    def compose(self) -> ComposeResult:
        yield Label(id="room-head")
        with Horizontal(id="figures"):
            for k in range(self.n_figures):
                yield BigFigure(id=f"figure-{k}", classes="figure")
            yield self.timer
        with Grid(id="room-cards"):
            for k in range(self.n_cards):
                yield RoomCard(id=f"room-card-{k}", classes="room-card")
        yield OptionsBoard(id="board")
        yield Static(id="room-prompts")
        yield Label(id="room-status")

    def show(self, v: RoomView) -> None:
        """Draw ``v``."""
        self.query_one("#room-head", Label).update(Content.assemble((v.title, "bold"), "  ·  ", (v.when, "bold")))
        for k, fig in enumerate(v.figures[: self.n_figures]):
            self.query_one(f"#figure-{k}", BigFigure).view = fig
        for k, card in enumerate(v.cards[: self.n_cards]):
            self.query_one(f"#room-card-{k}", RoomCard).show(card)
        self.query_one(OptionsBoard).show(v.question, v.options, v.votes_total)
        asked = self.query_one("#room-prompts", Static)
        asked.display = bool(v.prompts)
        if v.prompts:
            asked.update(Content("\n").join([Content.styled(f"{v.prompts_from}: questions for the room", "bold"),
                                              *(Content(f"  {k}. {q}") for k, q in enumerate(v.prompts, 1))]))
        status = self.query_one("#room-status", Label)
        status.update(Content(v.status))
        status.display = bool(v.status)
