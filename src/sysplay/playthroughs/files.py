"""Reading save files safely: size cap, strict JSON, migrations, validation. Imports no engine.

The title screen lists saves with this module alone, so it does not load numpy or the engine.
"""

from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from sysplay.errors import Issue, PackError, SysplayError
from sysplay.fsutil import NotRegularFile, clean_stale_temp, read_regular
from sysplay.playthroughs.migrations import migrate
from sysplay.playthroughs.models import SaveFile
from sysplay.sanitize import clean_line

if TYPE_CHECKING:
    from sysplay.scenarios.models import Pack

MAX_SAVE_BYTES = 20_000_000
#: Where saves go when neither --save-dir nor anything else says.
ENV_SAVE_DIR = "SYSPLAY_SAVE_DIR"


def default_save_dir(override: str | Path | None = None) -> Path:
    """``--save-dir`` if given, else ``$SYSPLAY_SAVE_DIR``, else ``./saves``."""
    if override:
        return Path(override)
    env = os.environ.get(ENV_SAVE_DIR)
    return Path(env) if env else Path("saves")


def read_save(path: Path) -> SaveFile:
    """Read, migrate and validate a save file; every failure is a positioned :class:`PackError`.

    The file is never modified.
    """
    shown = str(path)
    try:
        size = os.stat(path).st_size
        if size > MAX_SAVE_BYTES:
            raise PackError.at(shown, 1, 1, f"the save is {size / 1e6:.1f} MB; saves are limited to {MAX_SAVE_BYTES / 1e6:.0f} MB")
        raw = read_regular(path, MAX_SAVE_BYTES)
    except FileNotFoundError:
        raise PackError.at(shown, 1, 1, "no such save file") from None
    except IsADirectoryError:
        raise PackError.at(shown, 1, 1, "this is a folder, not a save file") from None
    except NotRegularFile as exc:
        raise PackError.at(shown, 1, 1, f"this is {exc.kind}, not a save file") from None
    except OSError as exc:
        raise PackError.at(shown, 1, 1, f"cannot read the save: {clean_line(exc.strerror or str(exc))}") from None
    if len(raw) > MAX_SAVE_BYTES:  # it grew after the stat
        raise PackError.at(shown, 1, 1, f"the save is over {MAX_SAVE_BYTES / 1e6:.0f} MB; saves are limited to that")
    return parse_save(raw, shown)


def parse_save(raw: bytes, shown: str) -> SaveFile:
    """Parse save bytes (see :func:`read_save`)."""
    if not raw.strip():
        raise PackError.at(shown, 1, 1, "the save file is empty")
    try:
        text = raw.decode("utf-8")
        data = json.loads(text, parse_constant=_no_constant)
    except UnicodeDecodeError as exc:
        raise PackError.at(shown, 1, exc.start + 1, "the save is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise PackError.at(shown, exc.lineno, exc.colno, f"the save is not valid JSON: {exc.msg}") from None
    except (ValueError, RecursionError) as exc:
        raise PackError.at(shown, 1, 1, f"the save is not valid JSON: {clean_line(str(exc))}") from None
    if not isinstance(data, dict):
        raise PackError.at(shown, 1, 1, "a save must be a JSON object")
    data = migrate(data, shown)
    try:
        return SaveFile.model_validate(data)
    except ValidationError as exc:
        issues = [Issue(shown, 1, 1, f"{'.'.join(map(str, e['loc'])) or 'save'}: {e['msg']}")
                  for e in exc.errors(include_url=False, include_input=False)[:20]]
        raise PackError(issues) from None
    except RecursionError:
        raise PackError.at(shown, 1, 1, "the save is nested too deeply") from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in a save")


def list_saves(folder: Path) -> list[tuple[Path, SaveFile | None, str]]:
    """Saves in a folder, newest first: (path, save or None, error message).

    Only regular files are listed (a FIFO or a device named ``*.json`` is skipped, never opened), and
    temporary files a killed autosave left behind are cleared first.
    """
    out: list[tuple[Path, SaveFile | None, str]] = []
    if not folder.is_dir():
        return out
    clean_stale_temp(folder)
    found: list[tuple[float, Path]] = []
    for path in folder.glob("*.json"):
        try:
            info = path.stat()
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode):
            found.append((info.st_mtime, path))
    for _mtime, path in sorted(found, key=lambda p: p[0], reverse=True):
        try:
            out.append((path, read_save(path), ""))
        except PackError as exc:
            out.append((path, None, exc.issues[0].message))
    return out


_ID = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def pack_specs(save: SaveFile, save_path: Path, override: str | None = None) -> tuple[list[str], str]:
    """Which packs to try for a save, in order, and why its recorded source was set aside ('' if it was not).

    A save names its pack by id and by where it was loaded from (``pack.source``), but a save is
    untrusted, so a source is tried only if it is a pack a user could have chosen: a pack id (bundled, or
    in ``./scenarios``); a path that leads, links followed, to a pack folder (one holding ``pack.yaml``)
    or a file named ``pack.yaml``, wherever it is; or a ``.yaml``/``.yml`` file inside the current folder
    or the save's own folder. Anything else (``/etc/passwd``, ``../../secret.yaml``) is set aside and the
    pack is found by its id. ``override`` (``--pack``) is the user's own choice and always wins.
    """
    if override:
        return [override], ""
    source, pack_id = save.pack.source, save.pack.id
    ids = [pack_id] if _ID.match(pack_id) else []
    if not source or source == pack_id:
        return ids, ""
    if _ID.match(source) or _chosen_path(source, save_path):
        return list(dict.fromkeys([source, *ids])), ""
    why = (f"the save names its pack as '{clean_line(source)[:120]}', which is not a pack id, a pack folder nor "
           "a YAML file inside this folder or the save's folder, so it was not opened")
    return ids, why


@dataclass(frozen=True)
class FoundPack:
    """The pack a save belongs to, as :func:`find_pack` found it.

    Attributes:
        pack: The pack (None when none of the candidates could be loaded, or none was named).
        set_aside: Why the save's recorded source was not opened ('' when it was not set aside).
        why: Why no pack was loaded, in words ('' when one was).
        error: The first candidate's error, for a caller that stops there (None when a pack was loaded).
        spec: The candidate the pack was loaded from ('' when none was).
    """

    pack: Pack | None
    set_aside: str = ""
    why: str = ""
    error: PackError | None = None
    spec: str = ""

    def required(self, save_path: Path) -> Pack:
        """The pack, or the reason there is none raised as an error.

        Raises:
            PackError: the candidates could not be loaded (the first one's errors).
            SysplayError: the save names no pack that could be opened.
        """
        if self.pack is not None:
            return self.pack
        if self.error is not None:
            raise self.error
        raise SysplayError(f"{save_path}: the save names no pack that can be opened; give one with --pack")


def find_pack(save: SaveFile, save_path: Path, override: str | None = None) -> FoundPack:
    """The pack a save belongs to: the first of :func:`pack_specs`'s candidates that loads.

    The one place that answers "which pack is this save's": the commands, the TUI, the room view and
    the debrief all ask it. ``override`` (``--pack``) is the user's own choice and is the only candidate.
    """
    from sysplay.scenarios.loader import (
        load_pack,  # the title screen lists saves without loading packs
    )

    specs, set_aside = pack_specs(save, save_path, override)
    first: PackError | None = None
    why = ""
    for spec in specs:
        try:
            return FoundPack(load_pack(spec), set_aside, spec=spec)
        except (SysplayError, OSError, ValueError) as exc:
            error = exc if isinstance(exc, PackError) else PackError.at(spec, 1, 1, str(exc))
            first = first or error
            message = error.issues[0].message if error.issues else str(error)
            why = why or f"'{clean_line(spec)[:120]}' could not be loaded ({clean_line(message)[:160]})"
    return FoundPack(None, set_aside, why, first)


def _chosen_path(source: str, save_path: Path) -> bool:
    try:
        target = Path(source).resolve()
        roots = [Path.cwd().resolve(), save_path.parent.resolve()]
    except (OSError, RuntimeError, ValueError):
        return False
    if (target.is_dir() and (target / "pack.yaml").is_file()) or (target.name == "pack.yaml" and target.is_file()):
        return True  # a pack by its own name, as `sysplay play` takes it
    if not any(target.is_relative_to(root) for root in roots):
        return False
    return not target.exists() or (target.suffix.lower() in (".yaml", ".yml") and target.is_file())
