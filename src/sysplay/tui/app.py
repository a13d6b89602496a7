"""The sysplay app: screens, themes, keys and the command palette wired together; the game lives in the core."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from sysplay.errors import SysplayError
from sysplay.tui import keys, settings
from sysplay.tui.screens.title import TitleScreen
from sysplay.tui.themes import THEMES

if TYPE_CHECKING:
    from sysplay.engine.game import Game
    from sysplay.playthroughs.save import Playthrough
    from sysplay.playthroughs.watch import PackWatcher
    from sysplay.scenarios.models import Pack


@dataclass
class Launch:
    """What the command line asked for, with anything already loaded (so load errors reach the CLI)."""

    save_dir: Path | None = None
    pack: Pack | None = None
    spec: str = ""
    seed: int = 1
    difficulty: str | None = None
    playthrough: Playthrough | None = None
    announce: str = ""
    announce_title: str = "A new branch"
    watcher: PackWatcher | None = None
    debrief: list[Path] = field(default_factory=list)
    debrief_obj: Any = None
    facilitator: bool = False
    team: str = ""
    room: Path | None = None
    one_page: bool = False


class SysplayApp(App[None]):
    """The full-screen game."""

    CSS_PATH = "app.tcss"
    TITLE = "sysplay"
    BINDINGS = [
        Binding("f1,question_mark", "help", "Help", id="app.help"),
        Binding("f2", "settings", "Settings", id="app.settings", show=False),
    ]

    def __init__(self, launch: Launch | None = None, *, config: Path | None = None) -> None:
        self.launch = launch or Launch()
        self.config = config
        self.settings = settings.load(config)
        super().__init__()
        self.current: Playthrough | None = None
        #: With ``--watch``: the launch pack's watcher, handed to every play screen until the title screen.
        self.watcher: PackWatcher | None = self.launch.watcher

    def on_mount(self) -> None:
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = self.settings.theme if self.settings.theme in self.available_themes else "textual-dark"
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
        self.call_later(self._first_screen)

    def _first_screen(self) -> None:
        la = self.launch
        if la.room is not None:
            from sysplay.tui.screens.room import RoomScreen

            self.use_projector_theme()
            self.push_screen(RoomScreen(la.room))
        elif la.debrief_obj is not None:
            from sysplay.tui.screens.debrief import DebriefScreen

            self.push_screen(DebriefScreen(la.debrief_obj, [], Path.cwd(), one_page=la.one_page))
        elif la.debrief:
            self.open_debrief(la.debrief)
        elif la.playthrough is not None:
            self.play(la.playthrough, la.announce, title=la.announce_title)
        elif la.pack is not None:
            from sysplay.tui.screens.briefing import BriefingScreen

            self.push_screen(BriefingScreen(la.pack, la.spec, la.seed, la.difficulty, facilitator=la.facilitator,
                                            team=la.team))
        else:
            self.push_screen(TitleScreen(la.save_dir))

    # ----- moving between screens ---------------------------------------------------
    def _replace(self, screen: Screen[Any]) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def play(self, pt: Playthrough, announce: str = "", *, title: str = "A new branch") -> None:
        """Show a playthrough: the play screen, or its ending if it has one."""
        from sysplay.tui.screens.ending import EndingScreen
        from sysplay.tui.screens.play import PlayScreen

        self.current = pt
        s = self.settings
        if pt.data.mode == "facilitator" and not pt.game.finished:
            from sysplay.tui.screens.facilitator import FacilitatorScreen

            self.use_projector_theme()
            self._replace(FacilitatorScreen(pt))
        else:
            self._replace(EndingScreen(pt) if pt.game.finished else
                          PlayScreen(pt, confirm_end_turn=s.confirm_end_turn, reflect_prompts=s.reflect_prompts,
                                     watcher=self.watcher))
        if announce:
            self.notify(announce, title=title, markup=False, timeout=8)

    def use_projector_theme(self) -> None:
        """High contrast for a projector, unless the user chose a theme of their own in the settings."""
        if self.settings.theme == settings.Settings().theme:
            self.theme = "sysplay-high-contrast"

    def open_debrief(self, paths: list[Path]) -> None:
        """Show the debrief of one save (compared with the rest, if more are given)."""
        from sysplay.tui.screens.debrief import DebriefScreen

        try:
            self._replace(DebriefScreen.from_paths(paths))
        except SysplayError as exc:
            self.notify(str(exc), title="Cannot open the debrief", severity="error", markup=False)

    def _attempt(self, what: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except SysplayError as exc:
            self.notify(str(exc), title=what, severity="error", markup=False, timeout=10)
        except OSError as exc:
            self.notify(f"{exc.strerror or exc}", title=what, severity="error", markup=False, timeout=10)
        return None

    @on(TitleScreen.PackChosen)
    def _pack_chosen(self, event: TitleScreen.PackChosen) -> None:
        from sysplay.scenarios.loader import load_pack

        pack = self._attempt("Cannot load the pack", load_pack, event.spec)
        if pack is not None:
            from sysplay.tui.screens.briefing import BriefingScreen

            self.push_screen(BriefingScreen(pack, event.spec, self.launch.seed, facilitator=event.facilitator))

    @on(TitleScreen.SaveChosen)
    def _save_chosen(self, event: TitleScreen.SaveChosen) -> None:
        from sysplay.playthroughs import sessions as session

        if event.what == "debrief":
            self.open_debrief([event.path])
            return
        pt = self._attempt("Cannot open the save", session.open_save, event.path)
        if pt is None:
            return
        if event.what == "resume":
            self.play(pt)
            return
        from sysplay.tui.dialogs.rewind import RewindDialog

        self.push_screen(RewindDialog(pt.game.pack.meta.turn_label, session.played(pt)),
                         lambda turn: self._rewind(pt, turn) if turn else None)

    def on_briefing_screen_start_requested(self, event: Any) -> None:
        """Start the playthrough the briefing asked for."""
        from sysplay.playthroughs import sessions as session

        pt = self._attempt("Cannot start", session.start, event.spec, event.seed, self.save_dir(), event.difficulty,
                           facilitator=event.facilitator, team=event.team)
        if pt is not None:
            self.play(pt)

    def on_briefing_screen_back_requested(self) -> None:
        """Back from the briefing to the title screen."""
        self.show_title()

    def show_title(self) -> None:
        """Back to the title screen (a game left before its first turn ended leaves no save behind)."""
        if self.current is not None:
            from sysplay.playthroughs.sessions import discard_if_unplayed

            discard_if_unplayed(self.current)
        self.current = None
        self.watcher = None  # the watched pack is left behind
        self._replace(TitleScreen(self.launch.save_dir))

    def save_dir(self) -> Path:
        """Where saves go: ``--save-dir``, else ``$SYSPLAY_SAVE_DIR``, else ``./saves``."""
        from sysplay.playthroughs.files import default_save_dir

        return default_save_dir(self.launch.save_dir)

    def _rewind(self, pt: Playthrough, turn: int) -> None:
        from sysplay.playthroughs import sessions as session

        branch = self._attempt("Cannot rewind", session.rewind, pt, turn, self.save_dir())
        if branch is not None:
            label = pt.game.pack.meta.turn_label
            self.play(branch, f"Rewound to the start of {label} {turn}. You are playing a new branch; the "
                              "playthrough you left is kept as it was.")

    def on_play_screen_rewind_requested(self, event: Any) -> None:
        if self.current is not None:
            self._rewind(self.current, event.turn)

    on_ending_screen_rewind_requested = on_play_screen_rewind_requested

    def on_play_screen_pack_reloaded(self, event: Any) -> None:
        """The watched pack was edited: play on with the carried playthrough, at the same turn."""
        carried = event.carried
        lines = [f"Pack reloaded; replayed {carried.turns_kept} turn{'s' if carried.turns_kept != 1 else ''}"] + [f"• {n}" for n in carried.notes]
        self.play(carried.playthrough, "\n".join(lines), title="Pack reloaded")

    def on_facilitator_screen_game_over(self) -> None:
        """The facilitated game reached its ending."""
        if self.current is not None:
            self.play(self.current)

    def on_play_screen_game_over(self) -> None:
        if self.current is not None:
            self.play(self.current)

    def on_ending_screen_debrief_requested(self) -> None:
        if self.current is not None:
            from sysplay.tui.screens.debrief import DebriefScreen

            screen = self._attempt("Cannot open the debrief", DebriefScreen.from_playthrough, self.current)
            if screen is not None:
                self._replace(screen)

    def on_ending_screen_title_requested(self) -> None:
        self.show_title()

    on_debrief_screen_title_requested = on_ending_screen_title_requested

    # ----- help, settings, palette, quitting --------------------------------------------
    def action_help(self) -> None:
        """Show every key."""
        from sysplay.tui.dialogs.help import HelpDialog

        if isinstance(self.screen, HelpDialog):
            return
        here = keys.active_rows(self.screen.active_bindings, self.get_key_display)
        self.push_screen(HelpDialog(keys.sections(keys.GROUPS(), self.settings.keymap, here)))

    def action_settings(self) -> None:
        """Change the theme and prompts."""
        from sysplay.tui.dialogs.settings import SettingsDialog

        if isinstance(self.screen, SettingsDialog):
            return
        self.push_screen(SettingsDialog(self.settings), self._settings_chosen)

    def _settings_chosen(self, chosen: settings.Settings | None) -> None:
        if chosen is None:
            return
        self.settings = chosen
        self.theme = chosen.theme
        from sysplay.tui.screens.play import PlayScreen

        for screen in self.screen_stack:
            if isinstance(screen, PlayScreen):
                screen.confirm_end_turn, screen.reflect_prompts = chosen.confirm_end_turn, chosen.reflect_prompts
        problem = settings.save(chosen, self.config)
        self.notify(problem or "Settings saved.", severity="error" if problem else "information", markup=False)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's own commands, then every action bound where the palette was opened."""
        yield from super().get_system_commands(screen)
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            b = active.binding
            if b.system or not b.description or b.description in seen or not active.enabled:
                continue
            seen.add(b.description)
            yield SystemCommand(b.description, f"Key: {self.get_key_display(b)}" + (f" · {b.tooltip}" if b.tooltip
                                                                                     else ""),
                                partial(self.run_action, b.action, active.node))

    async def action_quit(self) -> None:
        """Quit; every finished turn is already saved, so only this turn's plan and dilemma answer are at stake."""
        pt = self.current
        at_stake = unsaved(pt.game) if pt is not None else []
        if pt is not None and at_stake:
            from sysplay.tui.dialogs.confirm import ConfirmDialog

            label = pt.game.pack.meta.turn_label
            self.push_screen(ConfirmDialog("Quit now?", yes="Quit", no="Keep playing",
                                           detail=f"Every finished {label} is saved. {' and '.join(at_stake)} "
                                                  f"for this {label} {'is' if len(at_stake) == 1 else 'are'} not."),
                             lambda yes: self._leave() if yes else None)
            return
        self._leave()

    def _leave(self) -> None:
        """Exit, deleting the save of a game left before its first turn ended (nothing in it to come back to)."""
        if self.current is not None:
            from sysplay.playthroughs.sessions import discard_if_unplayed

            discard_if_unplayed(self.current)
        self.exit()


def unsaved(g: Game) -> list[str]:
    """What quitting now would lose: the moves planned and the dilemma answer chosen this turn.

    Saves hold finished turns only.
    """
    lost: list[str] = []
    if g.finished:
        return lost
    if g.diary:
        lost.append("The moves you planned" if len(g.diary) > 1 else "The move you planned")
    if g.pending_dilemma is not None and g.answer_given is not None:
        lost.append("your answer to the dilemma" if lost else "Your answer to the dilemma")
    return lost


def run_app(*, start: str | None = None, pack: str | None = None, seed: int = 1, save: Path | None = None,
            from_turn: int | None = None, save_dir: Path | None = None, debrief: list[Path] | None = None,
            watch: bool = False, choices: Path | None = None, difficulty: str | None = None, facilitator: bool = False,
            team: str = "", room: Path | None = None) -> int:
    """Run the full-screen game; the single entry the CLI calls.

    Args:
        start: ``title``, ``play``, ``resume`` or ``debrief``; worked out from the other arguments if None.
        pack: A pack to play (bundled id or path): opens its briefing. With ``save``, the pack to
            resume it against, when not the one the save names (``sysplay resume --pack``).
        seed: The seed shown on the briefing.
        save: A save to resume (or to fork with ``from_turn``).
        from_turn: With ``save``, start a new branch of it at the start of this turn; with ``start="play"``,
            start a new playthrough at this turn, having played ``choices`` for the turns before it.
        save_dir: ``--save-dir`` (else ``$SYSPLAY_SAVE_DIR``, else ``./saves``).
        debrief: Saves to debrief (the first, compared with the rest).
        watch: With ``start="play"``: reload the pack when its files change (for writers).
        choices: With ``start="play"`` and ``from_turn``: a choices file (see ``sysplay run --choices``).
        difficulty: With ``start="play"``: the difficulty chosen on the briefing (default: the pack's).
        facilitator: With ``start="play"``: facilitator mode (the projector layout; docs/facilitating.md).
        team: With ``facilitator``: the team's name (the save is named by it, and the debrief labels it).
        room: A save to follow read-only on a projector (``sysplay room``).

    Returns:
        The exit status.

    Raises:
        PackError: the pack or save cannot be loaded (before the screen opens, so the CLI reports it).
        SysplayError: the save does not replay, or the turn is out of range.
    """
    from sysplay.tui.driver import install

    install()  # a pasted invalid UTF-8 byte must not kill Textual's input thread (Textual issue #6456)
    app = build_app(start=start, pack=pack, seed=seed, save=save, from_turn=from_turn, save_dir=save_dir,
                    debrief=debrief, watch=watch, choices=choices, difficulty=difficulty, facilitator=facilitator,
                    team=team, room=room)
    app.run()
    if room is not None:
        return app.return_code or 0
    pt = app.current
    if pt is not None and pt.path is not None and not pt.game.finished:
        print(f"Saved: {pt.path}\nPlay on with: sysplay resume {pt.path}", file=sys.stdout)
    return app.return_code or 0


def build_app(*, start: str | None = None, pack: str | None = None, seed: int = 1, save: Path | None = None,
              from_turn: int | None = None, save_dir: Path | None = None, debrief: list[Path] | None = None,
              watch: bool = False, choices: Path | None = None, config: Path | None = None,
              difficulty: str | None = None, facilitator: bool = False, team: str = "",
              room: Path | None = None) -> SysplayApp:
    """The app :func:`run_app` runs, with everything loaded (tests drive it with Pilot); same arguments."""
    start = start or ("room" if room else "debrief" if debrief else "resume" if save else "play" if pack else "title")
    launch = Launch(save_dir=save_dir, seed=seed, difficulty=difficulty, facilitator=facilitator, team=team)
    if start == "room" and room is not None:
        from sysplay.playthroughs.files import read_save

        read_save(room)  # a save that cannot be read at all is reported before the screen opens
        launch.room = room
    if start == "play" and pack:
        from sysplay.scenarios.loader import load_pack

        if watch:
            from sysplay.playthroughs.watch import PackWatcher

            launch.watcher = PackWatcher(pack)  # before loading, so an edit made meanwhile is seen
        loaded = load_pack(pack)
        if difficulty is not None:
            from sysplay.scenarios.presets import preset_of

            preset_of(loaded, difficulty)  # an unknown difficulty is refused before the screen opens
        launch.spec = pack
        if from_turn is None:
            launch.pack = loaded
        else:
            from sysplay.playthroughs.files import default_save_dir
            from sysplay.playthroughs.run import fast_forward
            from sysplay.playthroughs.save import Playthrough

            pt = Playthrough.start(loaded, seed, default_save_dir(save_dir), source=pack, difficulty=difficulty,
                                   mode="facilitator" if facilitator else "practice", player=team)
            notes = fast_forward(pt, from_turn, choices)
            label = loaded.meta.turn_label
            launch.playthrough = pt
            launch.announce_title = f"Started at {label} {from_turn}"
            launch.announce = "\n".join([f"Played the {label}s before {label} {from_turn}"
                                         + (f" from {choices.name}." if choices else " with no moves.")]
                                        + [f"• {n}" for n in notes])
    elif start == "resume" and save is not None:
        from sysplay.playthroughs import sessions as session
        from sysplay.playthroughs.files import default_save_dir

        launch.playthrough = session.open_save(save, from_turn=from_turn, save_dir=default_save_dir(save_dir),
                                               pack_spec=pack)
        if from_turn:
            launch.announce = f"Started a new branch from the start of turn {from_turn}; the original save is unchanged."
    elif start == "debrief":
        from sysplay.tui.screens.debrief import check_paths

        launch.debrief = check_paths(debrief or [])
    return SysplayApp(launch, config=config or settings.config_path())
