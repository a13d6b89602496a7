"""Choosing a move: a searchable list of every intervention, what it costs and needs, and why it is not on offer."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option as ListOption

from sysplay.engine.view import possessive
from sysplay.tui.present import condition_words, kinds_words, plural, without_formulas

if TYPE_CHECKING:
    from sysplay.engine.game import Game
    from sysplay.engine.moves import Option
    from sysplay.scenarios.models import Intervention

TARGET_WORDS = {"none": "no one in particular", "actor": "one actor", "pair": "a pair of actors",
                "all": "everyone at once"}


def fit_words(fit: float) -> str:
    """How a context multiplier reads (below 0.5 a move may backfire: docs/pack-format.md#how-the-system-moves)."""
    if fit >= 1.15:
        return "should land well in the situation as it is now"
    if fit >= 0.9:
        return "should land about as usual now"
    if fit >= 0.6:
        return "is likely to land weakly now"
    if fit >= 0.5:
        return "is likely to land poorly now, and with bad luck could backfire"
    return "fits the situation so badly now that it is likely to backfire"


def target_words(iv: Intervention) -> str:
    """Whom a move is aimed at."""
    if iv.target == "group":
        return f"a group of {iv.group_min} to {iv.group_max} actors"
    return TARGET_WORDS[iv.target]


def needs(g: Game, iv: Intervention) -> list[str]:
    """What a move needs, in words."""
    out = []
    for req in iv.requires:
        if req.knows is not None:
            actor_id, _, fact = req.knows.partition(".")
            out.append(f"you know {possessive(g.pack.actor(actor_id).display_name)} {fact.replace('_', ' ')}")
        if req.target_knows is not None:
            out.append(f"you know the target's {req.target_knows.replace('_', ' ')}")
        if req.target_trust_at_least is not None:
            out.append(f"the target trusts you at least {req.target_trust_at_least:.2f}")
        if req.target_stage_at_least is not None:
            out.append(f"the target is at least {req.target_stage_at_least}")
        if req.known_tie:
            out.append("you know of a tie between the two")
        if req.when is not None:
            out.append(f"only when {condition_words(g.pack, req.when)}")
    if iv.target_types:
        out.append("aimed only at " + kinds_words(iv.target_types))
    return out


def reason(g: Game, o: Option) -> str:
    """Why a move is not on offer, in words.

    A requirement's condition is never shown as its formula, a rest says how long it has to go, and "(s)"
    plurals are spelled out.
    """
    iv, text = o.intervention, o.reason
    if text == "on cooldown":
        last = g.state.last_used.get(iv.id)
        wait = iv.cooldown - (g.turn - last) + 1 if last is not None else 0
        text = (f"resting after its last use: it can be used again in {plural(wait, g.pack.meta.turn_label)}"
                if wait > 0 else "already in this diary")
    text = re.sub(r"\b(\d+) (\w+)\(s\)", lambda m: plural(int(m.group(1)), m.group(2)), text)
    return without_formulas(g, text, [r.when for r in iv.requires if r.when])


def detail(g: Game, o: Option) -> Content:
    """Everything about one move, for the panel beside the list."""
    iv, label = o.intervention, g.pack.meta.turn_label
    parts: list[str | tuple[str, str]] = [(iv.name, "bold underline"), "\n"]
    # Whether it is on offer comes first, so a short terminal never hides the reason below the fold.
    if o.available:
        parts += [("✓ On offer now. Enter to choose it.", "$success"), "\n\n"]
    else:
        parts += [("✗ Not now: ", "bold $error"), reason(g, o), "\n\n"]
    parts += [iv.description, "\n\n"]
    cost = f"{iv.slots} diary slot{'s' if iv.slots != 1 else ''}, {iv.capital:g} political capital"
    facts = [("Kind", iv.kind), ("Aimed at", target_words(iv)), ("Costs", cost)]
    if iv.cooldown:
        facts.append(("Rest", f"cannot be used again for {iv.cooldown} {label}{'s' if iv.cooldown != 1 else ''}"))
    if iv.delay:
        facts.append(("Delay", f"its effects land {iv.delay} {label}{'s' if iv.delay != 1 else ''} later"))
    if iv.irreversible:
        facts.append(("Note", "cannot be taken back once it has happened"))
    if iv.kind == "experiment" and g.pack.engine.pilots_can_fail:
        facts.append(("A test", "it may not work: its chance rises with the fit, how willing those taking part are "
                                "and how well they get on"))
    if o.warning:
        facts.append(("Before you plan it", o.warning))
    facts.append(("Fit now", f"×{o.fit:.2f}: {iv.kind} {fit_words(o.fit)}"))
    reqs = needs(g, iv)
    if reqs:
        facts.append(("Needs", "; ".join(reqs)))
    for name, text in facts:
        parts += [(f"{name}: ", "bold"), text, "\n"]
    return Content.assemble(*parts)


class MovePicker(ModalScreen[str | None]):
    """Type to filter; Enter chooses the highlighted move. Dismiss with its id, or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="moves.cancel"),
                Binding("down", "to_list", "To the list", show=False, id="moves.to_list")]

    def __init__(self, game: Game) -> None:
        super().__init__()
        self.game = game
        self.options = game.options()
        self.shown: list[Option] = list(self.options)

    def compose(self) -> ComposeResult:
        label = self.game.pack.meta.turn_label
        with Vertical(classes="dialog wide tall"):
            yield Label(Content(f"Plan a move for this {label}"), classes="dialog-title")
            yield Input(placeholder="Type to search names, kinds and descriptions", id="search")
            with Horizontal():
                yield OptionList(id="move-list")
                with VerticalScroll(id="move-detail"):
                    yield Static(id="move-text")
            yield Label(Content("✓ on offer · ! on offer, read the warning · ✗ not now (see why on the right) · Enter "
                                "to choose · Escape to cancel"), classes="hint")

    def on_mount(self) -> None:
        self._fill()
        # The search box has the focus, so the first Down lands on the first move offered, not the one after.
        self.query_one("#search", Input).focus()

    def _fill(self) -> None:
        words = self.query_one("#search", Input).value.lower().split()
        self.shown = [o for o in self.options if all(w in self._haystack(o) for w in words)]
        items = self.query_one("#move-list", OptionList)
        items.clear_options()
        for o in self.shown:
            iv = o.intervention
            mark = (("! ", "$warning") if o.warning else ("✓ ", "$success")) if o.available else ("✗ ", "$error")
            cost = (f"  ({iv.capital:g} capital)", "$text-muted") if iv.capital else ""
            items.add_option(ListOption(Content.assemble(mark, iv.name, cost)))
        if self.shown:
            items.highlighted = next((k for k, o in enumerate(self.shown) if o.available), 0)
        self._detail(items.highlighted)

    @staticmethod
    def _haystack(o: Option) -> str:
        iv = o.intervention
        return f"{iv.name} {iv.kind} {iv.description} {iv.id}".lower()

    def _detail(self, index: int | None) -> None:
        text = self.query_one("#move-text", Static)
        if index is None or not self.shown:
            text.update(Content("No move matches your search."))
            return
        text.update(detail(self.game, self.shown[index]))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._fill()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._choose(self.query_one("#move-list", OptionList).highlighted)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._detail(event.option_index)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option_index)

    def _choose(self, index: int | None) -> None:
        if index is None or not self.shown:
            return
        o = self.shown[index]
        if not o.available:
            self.notify(f"{o.intervention.name}: not now ({reason(self.game, o)})", title="Not possible", severity="warning",
                        markup=False)
            return
        self.dismiss(o.intervention.id)

    def on_key(self, event: events.Key) -> None:
        """Typing anywhere searches."""
        search = self.query_one("#search", Input)
        if event.is_printable and event.character and self.focused is not search:
            event.stop()
            search.focus()
            search.insert_text_at_cursor(event.character)

    def action_to_list(self) -> None:
        """Move from the search box to the list."""
        self.query_one("#move-list", OptionList).focus()

    def action_cancel(self) -> None:
        """Close without choosing."""
        self.dismiss(None)
