"""The debrief screen: the story, charts, relationships, moments, habits, lenses and questions; export; compare.

``run_debrief_app(obj)`` is what ``sysplay debrief SAVE --format tui`` calls (through ``sysplay.cli``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Label, Static, TabbedContent, TabPane

from sysplay.errors import SysplayError
from sysplay.tui.views import debrief as view
from sysplay.tui.widgets.footer import SteadyFooter

if TYPE_CHECKING:
    from sysplay.debrief.models import Comparison, Debrief
    from sysplay.playthroughs.save import Playthrough


def check_paths(paths: list[Path]) -> list[Path]:
    """Check every save can be read before the screen opens (raises PackError with a position)."""
    from sysplay.playthroughs.files import read_save

    for p in paths:
        read_save(p)
    return list(paths)


def build(paths: list[Path]) -> Debrief | Comparison:
    """The debrief of one save, or the comparison of several (raises PackError or SysplayError)."""
    from sysplay.debrief import build as core_build

    return core_build(list(paths))


def _slug(obj: Debrief | Comparison) -> str:
    from sysplay.debrief.models import Comparison

    if isinstance(obj, Comparison):
        return "comparison-" + "-".join(d.meta.save_id[-6:] for d in obj.debriefs)
    return obj.meta.save_id


class DebriefScreen(Screen[None]):
    """Tabs for each part of the debrief; export to Markdown or HTML; compare with another save."""

    BINDINGS = [
        Binding("x", "export('md')", "Export Markdown", id="debrief.export_md"),
        Binding("h", "export('html')", "Export HTML", id="debrief.export_html"),
        Binding("o", "export_page", "One page HTML", id="debrief.export_page"),
        Binding("c", "compare", "Compare", id="debrief.compare"),
        Binding("n", "next_playthrough", "Next playthrough (when comparing)", id="debrief.next"),
        Binding("t", "title", "Title screen", id="debrief.title"),
        Binding("q", "app.quit", "Quit", id="debrief.quit"),
    ]

    class TitleRequested(Message):
        """Back to the title screen."""

    class Exported(Message):
        """The debrief was written to ``path``."""

        def __init__(self, path: Path) -> None:
            self.path = path
            super().__init__()

    def __init__(self, obj: Debrief | Comparison, paths: list[Path], export_dir: Path, *,
                 one_page: bool = False) -> None:
        super().__init__()
        self.one_page = one_page
        from sysplay.debrief.models import Comparison

        self.obj, self.paths, self.export_dir = obj, paths, export_dir
        self.debriefs: list[Debrief] = list(obj.debriefs) if isinstance(obj, Comparison) else [obj]
        self.comparison = obj if isinstance(obj, Comparison) else None
        self.which = 0

    @classmethod
    def from_paths(cls, paths: list[Path]) -> DebriefScreen:
        """Debrief saves on disk (the first, compared with the rest)."""
        return cls(build(paths), list(paths), paths[0].parent)

    @classmethod
    def from_playthrough(cls, pt: Playthrough) -> DebriefScreen:
        """Debrief the playthrough just played (from its save)."""
        if pt.path is None:
            raise SysplayError("this playthrough was not saved, so it cannot be debriefed")
        pt.save()
        return cls.from_paths([pt.path])

    def compose(self) -> ComposeResult:
        yield Label(id="debrief-head")
        with TabbedContent(id="debrief-tabs"):
            if self.comparison is not None:
                with TabPane("Compare", id="tab-compare"), VerticalScroll(classes="debrief-pane"):
                    yield Static(view.comparison(self.comparison))
            for k, (title, _) in enumerate(view.SECTIONS):
                with TabPane(title, id=f"tab-{k}"), VerticalScroll(classes="debrief-pane"):
                    yield Static(id=f"section-{k}")
            with TabPane("One page", id="tab-one-page"), VerticalScroll(classes="debrief-pane"):
                yield Static(view.one_page(self.obj), id="one-page")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self._show()
        if self.one_page:
            self.query_one(TabbedContent).active = "tab-one-page"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_playthrough":
            return len(self.debriefs) > 1
        if action == "compare":
            return bool(self.paths)
        return True

    def _show(self) -> None:
        d = self.debriefs[self.which]
        head = f"Debrief: {d.meta.title}, seed {d.meta.seed}"
        if len(self.debriefs) > 1:
            head += f" (playthrough {self.which + 1} of {len(self.debriefs)}; n for the next)"
        self.query_one("#debrief-head", Label).update(Content(head))
        for k, (_, make) in enumerate(view.SECTIONS):
            self.query_one(f"#section-{k}", Static).update(make(d))

    def action_next_playthrough(self) -> None:
        """Show the next playthrough of a comparison."""
        self.which = (self.which + 1) % len(self.debriefs)
        self._show()

    def action_export(self, fmt: str) -> None:
        """Write the debrief as Markdown or HTML beside the save."""
        self._write(fmt)

    def action_export_page(self) -> None:
        """Write the one-page summary as print-friendly HTML beside the save."""
        self._write("html", True)

    @work(thread=True, exclusive=True, group="export")
    def _write(self, fmt: str, one_page: bool = False) -> None:
        from sysplay.debrief import render
        from sysplay.fsutil import write_text_atomic

        path = self.export_dir / f"{_slug(self.obj)}-{'one-page' if one_page else 'debrief'}.{fmt}"
        try:
            write_text_atomic(path, render(self.obj, fmt, one_page=one_page))
        except OSError as exc:
            self.app.call_from_thread(self.notify, f"Could not write {path}: {exc.strerror or exc}",
                                      severity="error", markup=False)
            return
        self.app.call_from_thread(self.notify, f"Wrote {path}", title="Exported", markup=False)
        self.post_message(self.Exported(path))

    def action_compare(self) -> None:
        """Choose another save to compare this one with."""
        from sysplay.playthroughs.sessions import list_saves

        mine = {p.resolve() for p in self.paths}
        others = [s for s in list_saves(self.export_dir) if not s.error and s.path.resolve() not in mine]
        if not others:
            self.notify(f"No other saves in {self.export_dir} to compare with.", markup=False)
            return
        from sysplay.tui.dialogs.compare import ComparePicker

        self.app.push_screen(ComparePicker(others), self._compare)

    def _compare(self, other: Path | None) -> None:
        if other is None:
            return
        try:
            screen = DebriefScreen.from_paths([*self.paths, other])
        except SysplayError as exc:
            self.notify(str(exc), title="Cannot compare", severity="error", markup=False)
            return
        self.app.switch_screen(screen)

    def action_title(self) -> None:
        """Back to the title screen."""
        self.post_message(self.TitleRequested())


def run_debrief_app(obj: Any, one_page: bool = False) -> int:
    """Show a debrief (or a comparison) full-screen; ``sysplay debrief SAVE --format tui`` calls this."""
    from sysplay.tui.app import Launch, SysplayApp
    from sysplay.tui.settings import config_path

    app = SysplayApp(Launch(debrief_obj=obj, one_page=one_page), config=config_path())
    app.run()
    return app.return_code or 0
