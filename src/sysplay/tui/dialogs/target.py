"""Choosing whom a move is aimed at, seeing what you know about how it may land, and confirming it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, OptionList, Static
from textual.widgets.option_list import Option

from sysplay.errors import RefusedMove
from sysplay.tui.dialogs.moves import fit_words, target_words
from sysplay.tui.present import plural

if TYPE_CHECKING:
    from sysplay.engine.game import Game


def landing(g: Game, iv_id: str, targets: list[str]) -> Content:
    """What the player knows about how a move may land: the context's fit, and tailoring per target."""
    iv = g.pack.intervention(iv_id)
    zone_m, mode_m = g.fit(iv_id)
    fit = zone_m * mode_m
    parts: list[str | tuple[str, str]] = [("How it may land", "bold underline"), "\n",
                                          f"Fit with the situation now: ×{fit:.2f} ({iv.kind} {fit_words(fit)}).\n"]
    tailoring = g.pack.engine.tailoring
    for t in targets:
        a = g.pack.actor(t)
        i = g.index[t]
        trust = float(g.state.tau[i])
        parts += [(f"• {a.display_name}: ", "bold")]
        beyond = g.beyond_authority(iv_id, t)
        if beyond:
            parts += [("beyond your authority: ", "bold $error"), beyond, "; trying it will cause a political incident\n"]
            continue
        if a.concern is None:
            parts.append(f"×{fit:.2f}")
        elif g.knows(t, "concern"):
            parts += [(f"tailored ×{fit * tailoring:.2f}", "$success"), " (you know their concern)"]
        else:
            parts.append(f"×{fit:.2f}, not tailored (you have not learned their concern)")
        parts.append(f"; trust in you {trust:.2f}, so pushes on their stance land at ×{0.5 + trust:.2f}\n")
    if not targets and iv.target in ("actor", "pair", "group"):
        parts.append("Choose whom to aim it at.\n")
    if iv.target == "all":
        parts.append(f"It reaches everyone: {', '.join(a.display_name for a in g.pack.actors)}.\n")
    if iv.irreversible:
        parts.append(("Once it has happened it cannot be taken back.\n", "bold"))
    if iv.delay:
        parts.append(f"Its effects land {plural(iv.delay, g.pack.meta.turn_label)} later, judged in the situation then.\n")
    return Content.assemble(*parts)


class TargetPicker(ModalScreen[tuple[str, ...] | None]):
    """Highlight one actor, or tick several (space or click: ☑ ticked, ☐ not), then Enter plans the move.

    Dismisses with the targets. Ticks are shown by symbol, not only by colour.
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="target.cancel"),
        Binding("enter,ctrl+s", "plan", "Plan it", id="target.plan", priority=True),
        Binding("space", "tick", "Tick / untick", id="target.tick"),
    ]

    def __init__(self, game: Game, intervention_id: str, eligible: list[str]) -> None:
        super().__init__()
        self.game, self.iv_id, self.eligible = game, intervention_id, eligible
        self.iv = game.pack.intervention(intervention_id)
        self.ticked: list[str] = []

    def _label(self, t: str) -> Content:
        a = self.game.pack.actor(t)
        mark = "" if self.iv.target == "actor" else ("☑ " if t in self.ticked else "☐ ")
        return Content(f"{mark}{a.display_name}  ({a.speaker.name})")

    def compose(self) -> ComposeResult:
        g, iv = self.game, self.iv
        with Vertical(classes="dialog wide tall"):
            yield Label(Content.assemble("Plan: ", (iv.name, "bold"), f", aimed at {target_words(iv)}"),
                        classes="dialog-title")
            with Horizontal():
                if iv.target in ("actor", "pair", "group"):
                    yield OptionList(*[Option(self._label(t), id=t) for t in self.eligible], id="targets")
                with VerticalScroll(id="landing"):
                    yield Static(id="landing-text")
            left_out = [a for a in g.pack.actors if a.id not in set(self.eligible)]
            hint = ("↑↓ choose · Enter plans the move · Escape cancels" if iv.target == "actor" else
                    "Space (or a click) ticks ☑ a target · Enter plans the move · Escape cancels")
            if iv.target in ("actor", "pair", "group") and left_out:
                beyond = [a.display_name for a in left_out if g.beyond_authority(iv.id, a.id)]
                others = len(left_out) - len(beyond)
                said = []
                if beyond:
                    said.append(f"beyond your role's authority: {', '.join(beyond)}")
                if others:
                    said.append(f"{others} other{'s' if others != 1 else ''} not possible now")
                hint = f"Not on the list ({'; '.join(said)}). " + hint
            yield Label(Content(hint), classes="hint")
            with Horizontal(classes="buttons"):
                yield Button(Content("Plan it (enter)"), id="plan", variant="primary")
                yield Button(Content("Cancel (esc)"), id="cancel")

    def on_mount(self) -> None:
        self._preview()
        targets = self.query("#targets")
        if targets and self.eligible:
            self.query_one("#targets", OptionList).highlighted = 0
        (targets.first() if targets else self.query_one("#plan", Button)).focus()

    def chosen(self) -> list[str]:
        """The highlighted actor (one-actor moves), or the ticked targets in list order."""
        if self.iv.target == "actor":
            index = self.query_one("#targets", OptionList).highlighted
            return [self.eligible[index]] if index is not None and self.eligible else []
        return [t for t in self.eligible if t in self.ticked]

    def action_tick(self, index: int | None = None) -> None:
        """Tick or untick the highlighted actor (pair and group moves)."""
        if self.iv.target not in ("pair", "group"):
            return
        options = self.query_one("#targets", OptionList)
        index = options.highlighted if index is None else index
        if index is None:
            return
        t = self.eligible[index]
        self.ticked.remove(t) if t in self.ticked else self.ticked.append(t)
        options.replace_option_prompt_at_index(index, self._label(t))
        self._preview()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_tick(event.option_index)

    def _preview(self) -> None:
        self.query_one("#landing-text", Static).update(landing(self.game, self.iv_id, self.chosen()))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._preview()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_plan() if event.button.id == "plan" else self.action_cancel()

    def action_plan(self) -> None:
        """Check the move with these targets; plan it if the engine allows, else say why."""
        targets = tuple(self.chosen())
        try:
            self.game.check(self.iv.id, targets)
        except RefusedMove as exc:
            self.notify(str(exc), title="Not possible", severity="warning", markup=False)
            return
        self.dismiss(targets)

    def action_cancel(self) -> None:
        """Close without planning."""
        self.dismiss(None)
