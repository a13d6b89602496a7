"""Following a live playthrough's autosave, read-only (``sysplay room``): never writes, survives replacement.

The writer replaces the save atomically (``os.replace``), so a read sees the old file or the new one.
A writer that is not atomic can leave a half-written file for a moment: then the last good reading is
kept, the problem is reported, and the next look tries again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from sysplay.engine.game import Game
from sysplay.errors import PackError, SysplayError
from sysplay.playthroughs.files import find_pack, read_save
from sysplay.playthroughs.models import SaveFile
from sysplay.playthroughs.save import replay
from sysplay.scenarios.models import Pack

Signature = tuple[int, int, int]


@dataclass
class SaveFollower:
    """Looks at a save file when asked and keeps the last good reading of it (save and replayed game).

    Attributes:
        path: The save being followed.
        save: The last good save read (None before the first).
        game: That save replayed (None before the first good reading).
        problem: Why the latest look did not give a new reading ("" when it did, or nothing changed).
    """

    path: Path
    pack: Pack | None = None
    save: SaveFile | None = None
    game: Game | None = None
    problem: str = ""
    _seen: Signature | None = field(default=None, repr=False)
    _decisions: str = field(default="", repr=False)

    def _signature(self) -> Signature | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return st.st_mtime_ns, st.st_size, st.st_ino

    def poll(self) -> bool:
        """Look at the file; True if there is a new good reading (``save`` and ``game`` updated)."""
        sig = self._signature()
        if sig is None:
            self.problem = "the save file is not there (waiting for it)"
            return False
        if sig == self._seen:
            return False
        try:
            save = read_save(self.path)
        except PackError as exc:  # half-written, or not a save: keep what we had and look again later
            self.problem = exc.issues[0].format() if exc.issues else str(exc)
            return False
        self._seen = sig
        try:
            self._follow(save)
        except (SysplayError, OSError) as exc:
            self.problem = str(exc)
            return False
        self.problem = ""
        return True

    def _follow(self, save: SaveFile) -> None:
        decisions = save.model_dump_json(include={"seed", "pack", "turns", "actions"})
        if self.game is None or decisions != self._decisions:
            if self.pack is None or self.pack.content_hash != save.pack.content_hash:
                self.pack = find_pack(save, self.path).required(self.path)
            report = replay(save, self.pack)
            if not report.ok or report.game is None:
                raise SysplayError(f"the save does not replay: {report.message}")
            self.game, self._decisions = report.game, decisions
        self.save = save
