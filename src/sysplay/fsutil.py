"""Safe file reading and writing: regular files only.

Writes go to a temporary file in the same folder, fsync, then an atomic rename.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
import time
from pathlib import Path

#: Temporary files this module makes: ``.NAME.XXXXXXXX.tmp`` beside ``NAME``.
TEMP_NAME = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp$")
#: A temporary file older than this was left by a process that died mid-write (a write takes milliseconds).
STALE_SECONDS = 600.0


class NotRegularFile(OSError):
    """The path is something other than a regular file (a folder, a FIFO, a device, a socket, a link)."""

    def __init__(self, path: Path | str, kind: str, doing: str) -> None:
        super().__init__(errno.EINVAL, f"it is {kind}, not a regular file; {doing}")
        self.filename = str(path)
        self.kind = kind


def kind_of(mode: int) -> str:
    """What a file mode is, in words."""
    for test, words in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
                        (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"),
                        (stat.S_ISLNK, "a symbolic link")):
        if test(mode):
            return words
    return "a regular file" if stat.S_ISREG(mode) else "not a regular file"


def read_regular(path: Path | str, max_bytes: int) -> bytes:
    """Read at most ``max_bytes + 1`` bytes of a regular file, never blocking on a FIFO or a device.

    The file is opened without blocking and checked with ``fstat`` on the open descriptor, so a FIFO
    swapped in after a check cannot hang the reader.

    Raises:
        NotRegularFile: it is a folder, FIFO, device or socket.
        OSError: it cannot be opened or read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(path, kind_of(mode), "only regular files are read")
        chunks, left = [], max_bytes + 1
        while left > 0 and (chunk := os.read(fd, min(left, 1 << 20))):
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def check_output(path: Path, *, make_parents: bool = True) -> None:
    """Refuse to write over anything but a regular file (or nothing), and, unless asked, into a missing folder.

    Raises:
        NotRegularFile: ``path`` is a symbolic link, folder, FIFO, device or socket.
        FileNotFoundError: the folder does not exist and ``make_parents`` is false.
    """
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        raise NotRegularFile(path, kind_of(mode), "choose a new file name or an ordinary file to replace")
    folder = path.parent if str(path.parent) else Path(".")
    if not make_parents and not folder.is_dir():
        raise FileNotFoundError(errno.ENOENT, f"the folder {folder} does not exist; create it first", str(path))


def clean_stale_temp(folder: Path, *, now: float | None = None) -> list[Path]:
    """Remove temporary files of our own naming that a killed writer left in ``folder``; return what went.

    Only regular files named as :func:`write_bytes_atomic` names them, beside no longer than
    :data:`STALE_SECONDS` old, are touched; anything else is left alone.
    """
    removed: list[Path] = []
    now = time.time() if now is None else now
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not TEMP_NAME.match(entry.name):
            continue
        with contextlib.suppress(OSError):
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(info.st_mode) and now - info.st_mtime > STALE_SECONDS:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def write_text_atomic(path: Path, text: str, *, make_parents: bool = True) -> None:
    """Write ``text`` to ``path`` so that a crash leaves either the old file or the new one, never half."""
    write_bytes_atomic(path, text.encode("utf-8"), make_parents=make_parents)


def write_bytes_atomic(path: Path, data: bytes, *, make_parents: bool = True) -> None:
    """Write ``data`` to ``path`` atomically (temp file in the same folder, fsync, ``os.replace``, fsync folder).

    Only a regular file (or nothing) is replaced: a symbolic link, FIFO, device or folder at ``path`` is
    refused, as is a missing folder unless ``make_parents``.

    Raises:
        NotRegularFile: see :func:`check_output`.
        OSError: the file could not be written; whatever was there is left as it was.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    check_output(path, make_parents=make_parents)
    if make_parents:
        folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):  # not every platform lets you fsync a folder
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
