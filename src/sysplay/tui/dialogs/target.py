"""Choosing whom a move is aimed at, seeing what you know about how it may land, and confirming it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, SelectionList, Static
from textual.widgets.selection_list import Selection

from sysplay.engine.moves import check, multipliers
from sysplay.errors import RefusedMove
from sysplay.tui.dialogs.moves import fit_words, target_words

if TYPE_CHECKING:
    from sysplay.engine.game import Game


def landing(g: Game, iv_id: str, targets: list[str]) -> Content:
    """What the player knows about how a move may land: the context's fit, and tailoring per target."""
    iv = g.pack.intervention(iv_id)
    zone_m, mode_m = multipliers(g, iv, g.context)
    fit = zone_m * mode_m
    parts: list[str | tuple[str, str]] = [("How it may land", "bold underline"), "\n",
                                          f"Fit with the situation now: ×{fit:.2f} ({iv.kind} {fit_words(fit)}).\n"]
    tailoring = g.pack.engine.tailoring
    for t in targets:
        a = g.pack.actor(t)
        i = g.index[t]
        trust = float(g.state.tau[i])
        parts += [(f"• {a.display_name}: ", "bold")]
        if a.concern is None:
            parts.append(f"×{fit:.2f}")
        elif g.knows(t, "concern"):
            parts += [(f"tailored ×{fit * tailoring:.2f}", "$success"), " (you know their concern)"]
        else:
            parts.append(f"×{fit:.2f}, not tailored (you have not learned their concern)")
        parts.append(f"; trust in you {trust:.2f}, so pushes on their stance land at ×{0.5 + trust:.2f}\n")
    if not targets and iv.target in ("actor", "pair", "group"):
        parts.append("Choose whom to aim it at.\n")
    if iv.delay:
        parts.append(f"Its effects land {iv.delay} {g.pack.meta.turn_label}(s) later, judged in the situation then.\n")
    return Content.assemble(*parts)


class TargetPicker(ModalScreen[tuple[str, ...] | None]):
    """Tick the targets (space), then Enter or the button to plan the move; dismiss with the targets."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="target.cancel"),
        Binding("enter,ctrl+s", "plan", "Plan it", id="target.plan", priority=True),
    ]

    def __init__(self, game: Game, intervention_id: str, eligible: list[str]) -> None:
        super().__init__()
        self.game, self.iv_id, self.eligible = game, intervention_id, eligible
        self.iv = game.pack.intervention(intervention_id)

    def compose(self) -> ComposeResult:
        g, iv = self.game, self.iv
        with Vertical(classes="dialog wide tall"):
            yield Label(Content.assemble("Plan: ", (iv.name, "bold"), f", aimed at {target_words(iv)}"),
                        classes="dialog-title")
            with Horizontal():
                if iv.target in ("actor", "pair", "group"):
                    items = [Selection(Content(f"{g.pack.actor(t).display_name}  ({g.pack.actor(t).speaker.name})"), t)
                             for t in self.eligible]
                    yield SelectionList[str](*items, id="targets")
                with VerticalScroll(id="landing"):
                    yield Static(id="landing-text")
            left_out = len(g.pack.actors) - len(self.eligible)
            hint = "Space ticks a target · Enter plans the move · Escape cancels"
            if iv.target in ("actor", "pair", "group") and left_out:
                hint = f"{left_out} actor(s) cannot be aimed at with this move now. " + hint
            yield Label(Content(hint), classes="hint")
            with Horizontal(classes="buttons"):
                yield Button(Content("Plan it (enter)"), id="plan", variant="primary")
                yield Button(Content("Cancel (esc)"), id="cancel")

    def on_mount(self) -> None:
        self._preview()
        targets = self.query(SelectionList)
        (targets.first() if targets else self.query_one("#plan", Button)).focus()

    def chosen(self) -> list[str]:
        """The ticked targets, in list order (for an actor move, the highlighted one if none is ticked)."""
        lists = self.query(SelectionList)
        if not lists:
            return []
        sel: SelectionList[str] = lists.first()
        picked = [t for t in self.eligible if t in sel.selected]
        if not picked and self.iv.target == "actor" and sel.highlighted is not None:
            picked = [self.eligible[sel.highlighted]]
        return picked

    def _preview(self) -> None:
        self.query_one("#landing-text", Static).update(landing(self.game, self.iv_id, self.chosen()))

    def on_selection_list_selection_toggled(self, event: SelectionList.SelectionToggled[str]) -> None:
        event.stop()
        if self.iv.target == "actor":  # one target: ticking one clears the others
            sel: SelectionList[str] = event.selection_list
            for t in list(sel.selected):
                if t != event.selection.value:
                    sel.deselect(t)
        self._preview()

    def on_selection_list_selection_highlighted(self, event: SelectionList.SelectionHighlighted[str]) -> None:
        event.stop()
        self._preview()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_plan() if event.button.id == "plan" else self.action_cancel()

    def action_plan(self) -> None:
        """Check the move with these targets; plan it if the engine allows, else say why."""
        targets = tuple(self.chosen())
        try:
            check(self.game, self.iv, targets, self.game.diary)
        except RefusedMove as exc:
            self.notify(str(exc), title="Not possible", severity="warning", markup=False)
            return
        self.dismiss(targets)

    def action_cancel(self) -> None:
        """Close without planning."""
        self.dismiss(None)
