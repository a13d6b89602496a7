"""Reading save files safely: size cap, strict JSON, migrations, validation. Imports no engine.

The title screen lists saves with this module alone, so it does not load numpy or the engine.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sysplay.errors import Issue, PackError
from sysplay.playthroughs.migrations import migrate
from sysplay.playthroughs.models import SaveFile
from sysplay.scenarios.sanitize import clean_line

MAX_SAVE_BYTES = 20_000_000


def read_save(path: Path) -> SaveFile:
    """Read, migrate and validate a save file; every failure is a positioned :class:`PackError`.

    The file is never modified.
    """
    shown = str(path)
    try:
        size = os.stat(path).st_size
        if size > MAX_SAVE_BYTES:
            raise PackError.at(shown, 1, 1, f"the save is {size / 1e6:.1f} MB; saves are limited to {MAX_SAVE_BYTES / 1e6:.0f} MB")
        with open(path, "rb") as fh:
            raw = fh.read(MAX_SAVE_BYTES + 1)
    except FileNotFoundError:
        raise PackError.at(shown, 1, 1, "no such save file") from None
    except IsADirectoryError:
        raise PackError.at(shown, 1, 1, "this is a folder, not a save file") from None
    except OSError as exc:
        raise PackError.at(shown, 1, 1, f"cannot read the save: {clean_line(exc.strerror or str(exc))}") from None
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
    """Saves in a folder, newest first: (path, save or None, error message)."""
    out: list[tuple[Path, SaveFile | None, str]] = []
    if not folder.is_dir():
        return out
    for path in sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True):
        try:
            out.append((path, read_save(path), ""))
        except PackError as exc:
            out.append((path, None, exc.issues[0].message))
    return out
