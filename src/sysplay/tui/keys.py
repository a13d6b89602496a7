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
        out.append((key_text(keys), b.description + (f": {b.tooltip}" if b.tooltip else "")))
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
    """Rows for a screen's active bindings (``Screen.active_bindings``), first binding per action."""
    out: Rows = []
    seen: set[str] = set()
    for item in active.values():
        binding: Binding = item.binding  # type: ignore[attr-defined]
        if binding.system or not binding.description or binding.action in seen:
            continue
        seen.add(binding.action)
        out.append((display(binding), binding.description))
    return out
