"""The end of a turn, in order.

Dilemma answered? confirm, resolve and autosave, tell the story (with a pause to reflect offered after a
surprise), then announce a new dilemma, or reach the ending.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from sysplay.errors import RefusedMove
from sysplay.tui.dialogs.confirm import ConfirmDialog
from sysplay.tui.present import quantity, slots_used
from sysplay.tui.screens.resolution import ResolutionScreen

if TYPE_CHECKING:
    from sysplay.engine.game import Game, TurnResult
    from sysplay.tui.screens.play import PlayScreen

#: A turn whose stocks moved at least this far from the naive forecast offers a pause to reflect.
SURPRISE = 0.5

#: The question after a surprise, in turn, so the same words do not come back every time.
REFLECT_QUESTIONS = (
    "What did you expect, what happened instead, and what might explain the gap?",
    "Who or what moved it, and could you have seen it coming?",
    "What would you have needed to know to predict it, and who knows it?",
    "Does it change what you will try next, or only when?",
)


def reflection(g: Game, result: TurnResult) -> str | None:
    """After a surprising turn: which number surprised most, by how much, and a question (None if no surprise)."""
    if result.surprise < SURPRISE or not result.surprises:
        return None
    stocks = g.pack.system.stocks

    def miss(sid: str) -> float:
        forecast, actual = result.surprises[sid]
        stock = stocks[sid]
        return abs(actual - forecast) / (stock.scale or max(1.0, abs(stock.initial) * 0.2))

    sid = max((s for s in result.surprises if s in stocks), key=miss)
    forecast, actual = result.surprises[sid]
    label = g.pack.meta.turn_label
    earlier = sum(1 for r in g.results if r.turn < result.turn and r.surprise >= SURPRISE)
    question = REFLECT_QUESTIONS[earlier % len(REFLECT_QUESTIONS)]
    return (f"That was not what the trend suggested. {stocks[sid].label} came out at {quantity(actual)}; had last "
            f"{label}'s change simply carried on, it would be about {quantity(forecast)}. {question}")


def status(g: Game, branch_of: int | None = None) -> Content:
    """The line across the top of the play screen (``branch_of``: the turn a rewound branch began at)."""
    m = g.pack.meta
    parts: list[str | tuple[str, str]] = [(m.title, "bold"), "  ·  ",
                                          (f"{m.turn_label.capitalize()} {min(g.turn, m.turns)} of {m.turns}", "bold"),
                                          f"  ·  diary {slots_used(g)}/{m.slots_per_turn}",
                                          f"  ·  capital {g.state.capital:.1f}"]
    if branch_of is not None:
        parts.append(f"  ·  a branch from {m.turn_label} {branch_of}")
    if g.finished:
        parts += ["  ·  ", ("the game has ended", "bold")]
    elif g.pending_dilemma is not None:
        ev = g.pack.event(g.pending_dilemma)
        if g.answer_given is None:
            parts += ["  ·  ", ("⚠ Dilemma waiting: ", "bold $warning"), ev.title, (" (press a)", "bold")]
        else:
            label = next(c.label for c in ev.choices if c.id == g.answer_given)
            parts += ["  ·  ", ("✓ Decided: ", "bold"), label, " (a to change)"]
    return Content.assemble(*parts)


def end_turn(screen: PlayScreen) -> None:
    """Start ending the turn: the dilemma first, then a confirmation if the player wants one."""
    g = screen.game
    if g.finished:
        return
    if g.pending_dilemma is not None and g.answer_given is None:
        screen.notify("A dilemma is waiting for your answer first.", title="Not yet", severity="warning", markup=False)
        screen.action_dilemma()
        return
    label = g.pack.meta.turn_label
    if not g.diary:
        ask = f"End {label} {g.turn} without any moves?"
    elif slots_used(g) < g.pack.meta.slots_per_turn:
        ask = f"End {label} {g.turn} with diary slots unused?"
    elif screen.confirm_end_turn:
        ask = f"End {label} {g.turn}?"
    else:
        resolve(screen)
        return
    detail = (f"What you planned happens in diary order; then the system responds. The game saves after every "
              f"{label}.")
    screen.app.push_screen(ConfirmDialog(ask, yes=f"End the {label}", no="Keep planning", detail=detail),
                           lambda yes: resolve(screen) if yes else None)


def resolve(screen: PlayScreen) -> None:
    """End the turn in the core (which autosaves), then show what happened."""
    pt = screen.pt
    try:
        result = pt.end_turn()
    except RefusedMove as exc:
        screen.notify(str(exc), title="Not possible", severity="warning", markup=False)
        return
    except OSError as exc:
        # The turn is played; only the save failed. Say so plainly and carry on.
        screen.notify(f"The game could not be saved: {exc.strerror or exc}", title="Not saved", severity="error",
                      markup=False, timeout=10)
        result = pt.game.results[-1]
    else:
        if pt.path is not None:
            screen.notify(f"Saved after {pt.game.pack.meta.turn_label} {result.turn}.", markup=False, timeout=2)
    screen.post_message(screen.TurnResolved(result))
    where = f"{pt.game.pack.meta.turn_label} {result.turn}"

    def pin(text: str) -> None:
        try:
            screen.pt.add_note(text, turn=result.turn)
        except (OSError, RefusedMove) as exc:
            screen.notify(f"The note could not be saved: {getattr(exc, 'strerror', None) or exc}",
                          severity="error", markup=False)
        else:
            screen.notify(f"Reflection pinned to {where}.", markup=False)

    # The pause to reflect is offered on the resolution screen, where the player is looking: a dialog that
    # opened by itself after the player carried on would catch keys meant for the play screen.
    prompt = reflection(pt.game, result) if screen.reflect_prompts else None
    screen.app.push_screen(ResolutionScreen(pt.game, result, reflect=prompt, pin=pin),
                           lambda _: screen.resolved(result))


def after_resolution(screen: PlayScreen, result: TurnResult) -> None:
    """What comes after the story of a turn: the ending, or word of a dilemma waiting."""
    g = screen.game
    if g.finished:
        screen.post_message(screen.GameOver())
        return
    if g.pending_dilemma is not None and g.answer_given is None:
        # Announced, not opened: a dialog that opened by itself would take keys the player meant for the play
        # screen (an Enter meant for the move picker would choose an answer). Ending the week asks for it.
        title = g.pack.event(g.pending_dilemma).title
        screen.notify(f"{title}: a dilemma is waiting for your answer. Press a to read it.", title="A dilemma",
                      markup=False, timeout=8)
