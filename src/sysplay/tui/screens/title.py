"""The title screen: scenario packs to play, saved playthroughs to resume, debrief or branch, and settings.

It draws at once and fills its lists from a thread worker, so the first frame never waits for
pack validation or save checks.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from sysplay.tui.widgets.footer import SteadyFooter

if TYPE_CHECKING:
    from sysplay.playthroughs.sessions import SaveEntry
    from sysplay.scenarios.catalogue import Entry

TAGLINE = "A practice ground for system leadership in health and care"
#: The mark on a tutorial pack (``meta.tutorial``), which the catalogue lists first.
START_HERE = "▶ Start here"


class TitleScreen(Screen[None]):
    """Choose a scenario or a saved playthrough."""

    BINDINGS = [
        Binding("enter", "open", "Play / resume", id="title.open", show=False),
        Binding("p", "facilitate", "Facilitate", id="title.facilitate", show=False,
                tooltip="Run the highlighted scenario for a room: the projector layout, votes, timer"),
        Binding("d", "debrief", "Debrief save", id="title.debrief"),
        Binding("f", "fork", "Branch save", id="title.fork"),
        Binding("g", "refresh", "Refresh lists", id="title.refresh"),
        Binding("s", "app.settings", "Settings", id="title.settings"),
        Binding("q", "app.quit", "Quit", id="title.quit"),
    ]

    class PackChosen(Message):
        """The player wants to play this pack (a bundled id or a path), or to facilitate it for a room."""

        def __init__(self, spec: str, facilitator: bool = False) -> None:
            self.spec, self.facilitator = spec, facilitator
            super().__init__()

    class SaveChosen(Message):
        """The player wants to do something with a save: ``resume``, ``debrief`` or ``fork``."""

        def __init__(self, path: Path, what: str) -> None:
            self.path, self.what = path, what
            super().__init__()

    def __init__(self, save_dir: Path | None = None) -> None:
        """``save_dir`` is ``--save-dir`` if given (else ``$SYSPLAY_SAVE_DIR`` or ``./saves``)."""
        super().__init__()
        self.save_override = save_dir
        self.save_dir = save_dir or Path("saves")
        self.packs: list[Entry] = []
        self.saves: list[SaveEntry] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="title-head"):
            yield Label(Content.styled("sysplay", "bold"), id="title-name")
            yield Label(Content(TAGLINE), id="title-tagline")
        with Horizontal(id="title-body"):
            with Vertical(id="title-lists"):
                yield Label(Content("Scenarios"), classes="section")
                yield OptionList(Option(Content("Finding scenarios…"), disabled=True), id="packs")
                yield Label(Content("Saved playthroughs"), classes="section")
                yield OptionList(Option(Content("Looking for saves…"), disabled=True), id="saves")
            with VerticalScroll(id="title-detail"):
                yield Static(Content("Choose a scenario to read about it."), id="title-text")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.query_one("#packs", OptionList).focus()
        # The packs' titles from their main files (milliseconds) are in the first frame; the saves and the
        # packs' full check come from a thread after it.
        self._list_packs()

    def action_refresh(self) -> None:
        """Look for packs and saves again."""
        self._list_packs()

    def _list_packs(self) -> None:
        """List the packs from their main files alone (milliseconds), so their titles show at once.

        Then look for saves and check the packs in a thread.
        """
        from sysplay.scenarios.catalogue import headers

        self._fill_packs(headers(self._cache()))
        self.call_after_refresh(self._load)

    def _cache(self) -> Path | None:
        """Where the packs' headers are kept between launches (beside the settings), if there are settings."""
        config = getattr(self.app, "config", None)
        return config.parent / "packs.json" if isinstance(config, Path) else None

    @work(thread=True, exclusive=True, group="title")
    def _load(self) -> None:
        """List the saves, then load and check every pack and list them again.

        Actors are counted and a broken pack marked.
        """
        from sysplay.playthroughs.files import default_save_dir
        from sysplay.playthroughs.sessions import list_saves

        self.save_dir = default_save_dir(self.save_override)
        self.app.call_from_thread(self._fill_saves, list_saves(self.save_dir))
        from sysplay.scenarios.catalogue import catalogue, remember

        checked = catalogue()
        self.app.call_from_thread(self._fill_packs, checked)
        cache = self._cache()
        if cache is not None:
            remember(cache, checked)

    def _fill_packs(self, packs: list[Entry]) -> None:
        pl = self.query_one("#packs", OptionList)
        was = pl.highlighted
        spec = self.packs[was].spec if was is not None and was < len(self.packs) else None
        self.packs = packs
        pl.clear_options()
        for e in packs:
            where = "built in" if "/" not in e.spec and "\\" not in e.spec else f"from ./{e.spec}"
            label = Content.assemble((e.title, "bold"), (f"  · {where}", "$text-muted")) if not e.error else \
                Content.assemble((e.spec, "bold"), ("  cannot be loaded", "$error"))
            if e.tutorial and not e.error:
                label = Content.assemble((START_HERE, "bold $accent"), "  ", label)
            pl.add_option(Option(label))
        if not packs:
            pl.add_option(Option(Content("No scenarios found."), disabled=True))
        else:
            specs = [e.spec for e in packs]
            pl.highlighted = specs.index(spec) if spec in specs else 0
        self._describe()

    def _fill_saves(self, saves: list[SaveEntry]) -> None:
        self.saves = saves
        sl = self.query_one("#saves", OptionList)
        sl.clear_options()
        for s in saves:
            mark = "✓ " if s.finished else "▸ "
            sl.add_option(Option(Content.assemble(mark, (s.title, "bold"), f"  {s.summary}" if not s.error else "",
                                                  ("  cannot be read", "$error") if s.error else "")))
        if not saves:
            sl.add_option(Option(Content(f"No saves yet in {self.save_dir}."), disabled=True))
        else:
            sl.highlighted = 0
        self._describe()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._describe()

    def on_descendant_focus(self, event: Any) -> None:
        self._describe()

    def _selected(self) -> tuple[str, int] | None:
        focused = self.focused
        which = "saves" if focused is not None and focused.id == "saves" else "packs"
        index = self.query_one(f"#{which}", OptionList).highlighted
        items = self.saves if which == "saves" else self.packs
        if index is None or index >= len(items):
            return None
        return which, index

    def _describe(self) -> None:
        text = self.query_one("#title-text", Static)
        sel = self._selected()
        if sel is None:
            return
        which, i = sel
        if which == "packs":
            e = self.packs[i]
            if e.error:
                text.update(Content.assemble((e.spec, "bold"), "\n\nThis pack cannot be loaded:\n", e.error))
                return
            actors = f"{e.actors} actors" if e.checked else "checking the pack…"
            new_here = ("New to sysplay? Play this first: it shows you how everything works.\n\n"
                        if e.tutorial else "")
            text.update(Content.assemble(
                (e.title, "bold underline"), "\n\n", (new_here, "$accent"), e.summary, "\n\n",
                f"{e.turns} turns · {actors} · {e.difficulty} · about {e.minutes} minutes\n\n",
                ("Enter: read the briefing and start · p: facilitate it for a room", "$text-muted")))
        else:
            s = self.saves[i]
            body = s.error or s.detail
            text.update(Content.assemble((s.title, "bold underline"), "\n\n", body, "\n\n",
                                         ("Enter: resume · d: debrief · f: branch from an earlier turn",
                                          "$text-muted")))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        """Play the highlighted pack, or resume the highlighted save."""
        sel = self._selected()
        if sel is None:
            return
        which, i = sel
        if which == "packs":
            if self.packs[i].error:
                self.notify(self.packs[i].error or "", title="Cannot load", severity="error", markup=False)
                return
            self.post_message(self.PackChosen(self.packs[i].spec))
        elif not self.saves[i].error:
            self.post_message(self.SaveChosen(self.saves[i].path, "resume"))

    def action_facilitate(self) -> None:
        """Facilitate the highlighted pack for a room."""
        index = self.query_one("#packs", OptionList).highlighted
        if index is None or index >= len(self.packs) or self.packs[index].error:
            self.notify("Choose a scenario that loads first.", markup=False)
            return
        self.post_message(self.PackChosen(self.packs[index].spec, facilitator=True))

    def _save_action(self, what: str) -> None:
        sel = self._selected()
        if sel is None or sel[0] != "saves" or self.saves[sel[1]].error:
            self.notify("Choose a saved playthrough first (Tab moves to the list of saves).", markup=False)
            return
        self.post_message(self.SaveChosen(self.saves[sel[1]].path, what))

    def action_debrief(self) -> None:
        """Open the debrief of the highlighted save."""
        self._save_action("debrief")

    def action_fork(self) -> None:
        """Branch the highlighted save from an earlier turn."""
        self._save_action("fork")
