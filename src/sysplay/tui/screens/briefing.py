"""The briefing: your role, the situation, the people you know of, what the scenario helps you practise, and the seed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.validation import Integer
from textual.widgets import Button, Input, Label, Select, Static

from sysplay.tui.present import condition_words
from sysplay.tui.widgets.footer import SteadyFooter

if TYPE_CHECKING:
    from sysplay.scenarios.models import Pack

MAX_SEED = 2**63 - 1


def briefing_text(pack: Pack) -> Content:
    """The whole briefing as literal text with a few styled headings."""
    from sysplay.scenarios.vocab import ACTOR_TYPE_LABELS

    m = pack.meta
    parts: list[str | tuple[str, str]] = [
        (m.title, "bold underline"), "\n\n",
        ("Your role: ", "bold"), f"{m.role.title}, {m.role.organisation}", "\n\n",
        m.role.briefing, "\n\n", ("The situation", "bold underline"), "\n\n", m.situation, "\n\n",
        ("The people you know of", "bold underline"), "\n",
    ]
    for a in pack.actors:
        kind = ACTOR_TYPE_LABELS.get(a.type, a.type)
        kind_said = "" if kind.lower() == a.display_name.lower() else f" ({kind})"
        parts += ["\n", (a.display_name, "bold"), f"{kind_said}: {a.speaker.name}, {a.speaker.role}.\n", a.briefing, "\n"]
    if m.learning_goals:
        parts += ["\n", ("What this scenario helps you practise", "bold underline"), "\n"]
        parts += [f"• {goal}\n" for goal in m.learning_goals]
    parts += ["\n", ("How you play", "bold underline"), "\n",
              f"Each {m.turn_label} you have {m.slots_per_turn} diary slots and some political capital. Plan moves, "
              f"end the {m.turn_label}, and watch how the system responds. {m.turns} {m.turn_label}s in all. "
              "Press w on anything that changed to ask why, and j to keep a journal; both feed the debrief."]
    early = [e for e in pack.endings if e.at == "any"]
    if early:
        parts += ["\n\n", ("It can end early", "bold underline"), "\n",
                  f"The game is checked at the end of every {m.turn_label}, and stops before {m.turn_label} {m.turns} "
                  "if one of these comes true:\n"]
        for e in early:
            when = condition_words(pack, e.when, "things reach that point") if e.when else "at any time"
            parts += [(f"• {e.title}", "bold"), f": when {when}.\n"]
    if pack.presets:
        parts += ["\n\n", ("Difficulty", "bold underline"), "\n",
                  "Choose one beside the seed below; the save records it.\n"]
        for p in pack.presets:
            parts += [(f"• {p.label}", "bold"), (" (the default)" if p.id == pack.default_preset else ""), ": ",
                      p.description, "\n"]
    return Content.assemble(*parts)


class BriefingScreen(Screen[None]):
    """Read the briefing, choose a seed, start."""

    BINDINGS = [
        Binding("enter", "start", "Start", id="briefing.start"),
        Binding("ctrl+s", "start", "Start (from anywhere)", id="briefing.start_anywhere", priority=True, show=False),
        Binding("escape", "back", "Back", id="briefing.back"),
    ]

    class StartRequested(Message):
        """Start a playthrough of this pack with this seed, at this difficulty (None: the pack's default).

        Facilitated, with the team's name, if asked.
        """

        def __init__(self, spec: str, seed: int, difficulty: str | None = None, facilitator: bool = False,
                     team: str = "") -> None:
            self.spec, self.seed, self.difficulty = spec, seed, difficulty
            self.facilitator, self.team = facilitator, team
            super().__init__()

    class BackRequested(Message):
        """Go back to the title screen."""

    def __init__(self, pack: Pack, spec: str, seed: int = 1, difficulty: str | None = None, *,
                 facilitator: bool = False, team: str = "") -> None:
        super().__init__()
        self.pack, self.spec, self.seed = pack, spec, seed
        self.difficulty = difficulty or pack.default_preset
        self.facilitator, self.team = facilitator, team

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="briefing-body"):
            yield Static(briefing_text(self.pack), id="briefing-text")
        with Horizontal(id="briefing-bar"):
            yield Label(Content("Seed"), id="seed-label")
            yield Input(str(self.seed), id="seed", type="integer", validators=[Integer(0, MAX_SEED)],
                        tooltip="The same seed and the same choices always give the same game.")
            if self.pack.presets:
                yield Select([(Content(p.label), p.id) for p in self.pack.presets], value=self.difficulty,
                             allow_blank=False, id="difficulty", tooltip="How hard the game is; the save records it.")
            if self.facilitator:
                yield Label(Content("Team"), id="team-label")
                yield Input(self.team, id="team", max_length=60, placeholder="e.g. Red",
                            tooltip="Each team plays its own save, named by the team; the debrief compares them.")
            yield Button(Content("Start (ctrl+s)"), id="start", variant="primary")
            yield Button(Content("Back (esc)"), id="back")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.query_one("#briefing-body").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_start() if event.button.id == "start" else self.action_back()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_start()

    def action_start(self) -> None:
        """Start with the seed shown."""
        raw = self.query_one("#seed", Input).value.strip()
        if not raw.isdigit() or int(raw) > MAX_SEED:
            self.notify("The seed must be a whole number, 0 or more.", title="Seed", severity="warning", markup=False)
            return
        chosen = self.query(Select).first().value if self.pack.presets else None
        team = self.query_one("#team", Input).value.strip() if self.facilitator else ""
        self.post_message(self.StartRequested(self.spec, int(raw), chosen if isinstance(chosen, str) else None,
                                              self.facilitator, team))

    def action_back(self) -> None:
        """Back to the title screen."""
        self.post_message(self.BackRequested())
