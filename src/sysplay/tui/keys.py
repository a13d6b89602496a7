"""Keys for help and the command palette, read from the bindings themselves so they never drift."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from textual.binding import Binding, BindingType

Rows = list[tuple[str, str]]

_NAMES = {"question_mark": "?", "left_square_bracket": "[", "right_square_bracket": "]", "escape": "Esc",
          "enter": "Enter", "space": "Space", "backspace": "Backspace", "delete": "Delete", "tab": "Tab"}


def key_text(keys: str) -> str:
    """``delete,backspace,x`` -> ``Delete / Backspace / x``."""
    out = []
    for key in keys.split(","):
        key = key.strip()
        parts = [_NAMES.get(p, p) for p in key.split("+")]
        out.append("+".join(p.capitalize() if p in ("ctrl", "shift", "alt") else p for p in parts))
    return " / ".join(out)


def rows(bindings: Iterable[BindingType], keymap: Mapping[str, str]) -> Rows:
    """Key and description for each shown binding, with remapped keys applied."""
    out: Rows = []
    for b in bindings:
        if not isinstance(b, Binding) or not b.description:
            continue
        keys = keymap.get(b.id, b.key) if b.id else b.key
        row = (key_text(keys), b.description + (f": {b.tooltip}" if b.tooltip else ""))
        if row not in out:  # each key once in a section
            out.append(row)
    return out


def sections(groups: list[tuple[str, list[BindingType]]], keymap: Mapping[str, str],
             here: Rows | None = None) -> list[tuple[str, Rows]]:
    """Help sections: the current screen's keys first (if given), then each group."""
    out: list[tuple[str, Rows]] = []
    if here:
        out.append(("Here, now", here))
    out += [(title, rows(bindings, keymap)) for title, bindings in groups]
    return out


def active_rows(active: Mapping[str, object], display: Callable[[Binding], str]) -> Rows:
    """Rows for a screen's active bindings (``Screen.active_bindings``): sysplay's own (they have ids)."""
    out: Rows = []
    seen: set[str] = set()
    for item in active.values():
        binding: Binding = item.binding  # type: ignore[attr-defined]
        if (binding.system or not binding.id or not binding.description or binding.action in seen
                or not getattr(item, "enabled", True)):  # a key that does nothing here now is not listed
            continue
        seen.add(binding.action)
        out.append((display(binding), binding.description))
    return out


def GROUPS() -> list[tuple[str, list[BindingType]]]:  # noqa: N802 - reads as the constant it stands for
    """Every screen's and widget's bindings, grouped as the help screen lists them."""
    from sysplay.tui.app import SysplayApp
    from sysplay.tui.dialogs.dilemma import DilemmaDialog
    from sysplay.tui.dialogs.journal import JournalDialog
    from sysplay.tui.dialogs.moves import MovePicker
    from sysplay.tui.dialogs.rewind import RewindDialog
    from sysplay.tui.dialogs.settings import SettingsDialog
    from sysplay.tui.dialogs.target import TargetPicker
    from sysplay.tui.dialogs.votes import VoteDialog
    from sysplay.tui.dialogs.why import WhyDialog
    from sysplay.tui.screens.briefing import BriefingScreen
    from sysplay.tui.screens.console import BlankScreen, ConsoleScreen
    from sysplay.tui.screens.debrief import DebriefScreen
    from sysplay.tui.screens.ending import EndingScreen
    from sysplay.tui.screens.facilitator import FacilitatorScreen
    from sysplay.tui.screens.play import PlayScreen
    from sysplay.tui.screens.resolution import ResolutionScreen
    from sysplay.tui.screens.reveal import RevealScreen
    from sysplay.tui.screens.room import RoomScreen
    from sysplay.tui.screens.title import TitleScreen
    from sysplay.tui.widgets.actor_card import ActorCard
    from sysplay.tui.widgets.diary import DiaryPanel

    palette: list[BindingType] = [Binding("ctrl+p", "command_palette", "Command palette: every action here"),
                                  Binding("ctrl+q", "quit", "Quit (finished turns are always saved)"),
                                  Binding("tab", "focus_next", "Next panel (shift+tab: previous)")]
    return [
        ("Everywhere", [*SysplayApp.BINDINGS, *palette]),
        ("Title screen", list(TitleScreen.BINDINGS)),
        ("Briefing", list(BriefingScreen.BINDINGS)),
        ("Playing", list(PlayScreen.BINDINGS)),
        ("On an actor card, metric, the situation or a tie", list(ActorCard.BINDINGS)),
        ("In the diary", list(DiaryPanel.BINDINGS)),
        ("Choosing a move", list(MovePicker.BINDINGS)),
        ("Choosing its targets", list(TargetPicker.BINDINGS)),
        ("A dilemma", list(DilemmaDialog.BINDINGS)),
        ("Why did this change?", list(WhyDialog.BINDINGS)),
        ("The journal", list(JournalDialog.BINDINGS)),
        ("After a turn", list(ResolutionScreen.BINDINGS)),
        ("The ending", list(EndingScreen.BINDINGS)),
        ("The debrief", list(DebriefScreen.BINDINGS)),
        ("Rewind", list(RewindDialog.BINDINGS)),
        ("Settings", list(SettingsDialog.BINDINGS)),
        ("Facilitating: the projector layout", list(FacilitatorScreen.BINDINGS)),
        ("Facilitating: the staged reveal", list(RevealScreen.BINDINGS)),
        ("Facilitating: the room's votes", list(VoteDialog.BINDINGS)),
        ("Facilitating: the console", list(ConsoleScreen.BINDINGS)),
        ("Facilitating: the blank screen", list(BlankScreen.BINDINGS)),
        ("The room view (sysplay room)", list(RoomScreen.BINDINGS)),
    ]
