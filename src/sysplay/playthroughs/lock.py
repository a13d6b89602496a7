"""Advisory locks on saves being played, so two processes never write one save's turns over each other.

While a playthrough is played, its save is locked with ``flock`` on a small file beside it
(``.NAME.json.lock``) that also says who holds it (process id, host, since when). The lock goes when
the process does, however it ends, so a crash never leaves a save locked (a lock file left by a
crash is harmless: only the ``flock`` on it counts, and a released lock removes its file). Where ``flock`` is not
available (another platform, some network file systems) there is no lock, and the check in
:meth:`sysplay.playthroughs.save.Playthrough.save` (the file must be as this process last wrote it)
still stops a silent overwrite.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import shlex
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sysplay.errors import SysplayError
from sysplay.sanitize import clean_line

try:
    import fcntl
except ImportError:  # not on this platform: saves are not locked (see the module docstring)
    fcntl = None  # type: ignore[assignment]


@dataclass(frozen=True)
class Holder:
    """Who holds a save's lock."""

    pid: int
    host: str
    since: str

    def words(self) -> str:
        """``process 123 on host, since 2026-12-02 14:03 UTC``."""
        return f"process {self.pid} on {clean_line(self.host)[:80] or 'an unknown host'}, since {clean_line(self.since)[:40]}"


class SaveLocked(SysplayError):
    """The save is being played by another process."""

    def __init__(self, path: Path, holder: Holder | None, *, fork_turn: int | None = None) -> None:
        self.path, self.holder, self.fork_turn = path, holder, fork_turn
        who = holder.words() if holder else "another process"
        offer = ""
        if fork_turn is not None:
            offer = (f"; to play on from where it stands without touching it, fork it: sysplay resume "
                     f"{shlex.quote(clean_line(str(path)))} --from-turn {fork_turn}")
        super().__init__(f"{clean_line(str(path))} is being played by another sysplay ({who}){offer}")


@dataclass
class _Held:
    fd: int
    count: int


_HELD: dict[Path, _Held] = {}  # this process's locks: taking one again here shares it


@atexit.register
def _release_all() -> None:
    """At a normal exit, let go of every lock still held (and remove their files); a crash just drops them."""
    for key in list(_HELD):
        held = _HELD.pop(key)
        with contextlib.suppress(OSError):
            os.unlink(key)
        with contextlib.suppress(OSError):
            os.close(held.fd)


def lock_path(save: Path) -> Path:
    """The lock file beside a save."""
    return save.parent / f".{save.name}.lock"


class SaveLock:
    """A held lock on one save; :meth:`release` it when the playthrough is done (exit releases it too)."""

    def __init__(self, key: Path) -> None:
        self.key = key
        self.released = False

    @classmethod
    def take(cls, save: Path) -> SaveLock | None:
        """Lock ``save`` for this process, or None where locks cannot be had.

        Raises:
            SaveLocked: another process holds it.
        """
        if fcntl is None:
            return None
        path = lock_path(save)
        try:
            key = path.resolve()
        except (OSError, RuntimeError):
            return None
        if key in _HELD:
            _HELD[key].count += 1
            return cls(key)
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
        except OSError:
            return None  # a read-only folder: nothing can be saved there anyway
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fd)
            os.close(fd)
            raise SaveLocked(save, holder) from None
        except OSError:
            os.close(fd)
            return None  # no locks on this file system
        if not _still_there(fd, path):  # the holder let go and removed the file as we opened it: try again
            os.close(fd)
            return cls.take(save)
        with contextlib.suppress(OSError):
            since = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
            info = json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "since": since}).encode()
            os.ftruncate(fd, 0)
            os.pwrite(fd, info, 0)
        _HELD[key] = _Held(fd, 1)
        return cls(key)

    def release(self) -> None:
        """Let go (the last holder in this process unlocks the file)."""
        if self.released:
            return
        self.released = True
        held = _HELD.get(self.key)
        if held is None:
            return
        held.count -= 1
        if held.count <= 0:
            del _HELD[self.key]
            with contextlib.suppress(OSError):
                os.unlink(self.key)  # while still locked: a newcomer re-checks the file it locked is there
            os.close(held.fd)  # closing the descriptor releases the flock


def _still_there(fd: int, path: Path) -> bool:
    try:
        mine, there = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (mine.st_dev, mine.st_ino) == (there.st_dev, there.st_ino)


def _read_holder(fd: int) -> Holder | None:
    try:
        raw = json.loads(os.pread(fd, 4096, 0).decode("utf-8"))
        return Holder(int(raw["pid"]), str(raw["host"]), str(raw["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
