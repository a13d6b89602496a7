"""Loading a pack: find its files, read them safely, merge includes, validate, and report positions."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sysplay.errors import Issue, PackError
from sysplay.scenarios.models import Pack
from sysplay.scenarios.paths import resolve_pack
from sysplay.scenarios.yamlsafe import (
    MAX_PACK_BYTES,
    MAX_PACK_VALUES,
    Swallowed,
    YamlDocument,
    load_yaml_file,
)

LIST_SECTIONS = ("actors", "relationships", "interventions", "events", "endings", "prompts", "tests", "actor_moves")
MAX_INCLUDES = 50


@dataclass
class Origin:
    """Where the items of the merged pack came from, so errors can point into the right file."""

    main: YamlDocument
    items: dict[str, list[tuple[YamlDocument, int]]] = field(default_factory=dict)

    def locate(self, loc: tuple[str | int, ...], *, key: bool = False) -> Issue:
        """An error issue positioned at ``loc`` of the merged pack (message filled in later)."""
        doc, inner = self.main, loc
        if len(loc) >= 2 and loc[0] in self.items and isinstance(loc[1], int):
            entries = self.items[str(loc[0])]
            if loc[1] < len(entries):
                doc, index = entries[loc[1]]
                inner = (loc[0], index, *loc[2:])
        line, col = doc.key_position(inner) if key else doc.position(inner)
        return Issue(doc.path, line, col, "")


def read_pack_files(main_path: Path, display: str | None = None) -> tuple[dict[str, Any], Origin, str]:
    """Read the main file and its includes; return merged data, origins and a content hash.

    The whole pack is held to :data:`MAX_PACK_BYTES` and :data:`MAX_PACK_VALUES`: every include is
    found, checked and measured before any is read (none may be listed twice), each file is read
    within what the others left, and each list is checked against its length limit before any of it
    is validated.
    """
    root = main_path.parent.resolve()
    _confine_main(main_path, root, display)
    main = load_yaml_file(main_path, display, max_bytes=MAX_PACK_BYTES, max_nodes=MAX_PACK_VALUES)
    digest = hashlib.sha256()
    digest.update(main.sha256.encode())
    origin = Origin(main)
    merged: dict[str, Any] = dict(main.data)
    for section in LIST_SECTIONS:
        value = merged.get(section, [])
        if isinstance(value, list):
            origin.items[section] = [(main, i) for i in range(len(value))]
    includes = merged.get("include", [])
    if not isinstance(includes, list):
        return merged, origin, digest.hexdigest()  # the model reports the type error
    budget = _Budget(MAX_PACK_BYTES - main.size, MAX_PACK_VALUES - main.values)
    seen = {main_path.resolve(): main_path.name}
    targets = [_find_include(main, root, rel, index, seen, budget) for index, rel in enumerate(includes[:MAX_INCLUDES])]
    for rel, target in zip(includes, targets, strict=False):
        doc = budget.load(target, str(Path(main.path).parent / rel))
        digest.update(b"\0" + str(rel).encode() + b"\0" + doc.sha256.encode())
        _merge_part(merged, origin, doc)
    _check_lengths(merged, origin)
    return merged, origin, digest.hexdigest()


def _confine_main(main_path: Path, root: Path, display: str | None) -> None:
    """Refuse a main pack file that is a link to a file outside its own folder (as includes are)."""
    try:
        target = main_path.resolve()
    except (OSError, RuntimeError):
        return  # load_yaml_file reports it
    if main_path.is_symlink() and not target.is_relative_to(root):
        shown = display if display is not None else str(main_path)
        raise PackError.at(shown, 1, 1, f"{main_path.name} is a link to a file outside the pack folder; "
                                        "copy the file into the folder instead")


@dataclass
class _Budget:
    """What is left of the whole pack's caps for the files still to read."""

    bytes: int
    values: int
    listed: int = 0

    def load(self, target: Path, display: str) -> YamlDocument:
        """Read one more file within what is left, and take it off."""
        doc = load_yaml_file(target, display, max_bytes=max(self.bytes, 0), max_nodes=max(self.values, 0))
        self.bytes -= doc.size
        self.values -= doc.values
        return doc


def _find_include(main: YamlDocument, root: Path, rel: Any, index: int, seen: dict[Path, str],
                  budget: _Budget) -> Path:
    """Check one include (inside the pack, a file, not listed before, within the size left) without reading it."""
    line, col = main.position(("include", index))
    if not isinstance(rel, str) or not rel:
        raise PackError.at(main.path, line, col, "each include must be a file name")
    target = (root / rel).resolve()
    if Path(rel).is_absolute() or not target.is_relative_to(root):
        raise PackError.at(main.path, line, col, f"include '{rel}' is outside the pack folder")
    if not target.is_file():
        raise PackError.at(main.path, line, col, f"include '{rel}' does not exist")
    if target in seen:
        raise PackError.at(main.path, line, col, f"include '{rel}' is the same file as '{seen[target]}'; "
                                                 "a file may be part of a pack only once")
    seen[target] = rel
    budget.listed += target.stat().st_size
    if budget.listed > budget.bytes:
        raise PackError.at(main.path, line, col, f"with '{rel}', the pack's files add up to more than "
                                                 f"{MAX_PACK_BYTES:,} bytes; a whole pack is limited to that")
    return target


def _check_lengths(merged: dict[str, Any], origin: Origin) -> None:
    """Refuse a list longer than the format allows before validating any of it (positioned at the first extra)."""
    for section in LIST_SECTIONS:
        value = merged.get(section)
        limit = _max_length(section)
        if isinstance(value, list) and limit is not None and len(value) > limit:
            issue = origin.locate((section, limit))
            raise PackError.at(issue.path, issue.line, issue.col,
                               f"{section}: at most {limit:,} are allowed; the pack has {len(value):,} "
                               f"(this is number {limit + 1})")


def _max_length(section: str) -> int | None:
    for meta in Pack.model_fields[section].metadata:
        limit = getattr(meta, "max_length", None)
        if limit is not None:
            return int(limit)
    return None


def _merge_part(merged: dict[str, Any], origin: Origin, doc: YamlDocument) -> None:
    for key, value in doc.data.items():
        if key not in LIST_SECTIONS:
            line, col = doc.key_position((key,))
            allowed = ", ".join(LIST_SECTIONS)
            raise PackError.at(doc.path, line, col, f"an included file can hold only {allowed}; found '{key}'")
        if not isinstance(value, list):
            line, col = doc.position((key,))
            raise PackError.at(doc.path, line, col, f"'{key}' must be a list")
        existing = merged.setdefault(key, [])
        if not isinstance(existing, list):
            continue
        merged[key] = [*existing, *value]
        origin.items.setdefault(key, []).extend([(doc, i) for i in range(len(value))])


MAX_REPORTED = 100


def _where(loc: tuple[str | int, ...], data: Any) -> str:
    """``actors.0 (acute).power``: the path, with the id of a list item when it has one."""
    parts: list[str] = []
    node = data
    for part in loc:
        label = str(part)
        if isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
            node = node[part]
            ident = node.get("id") if isinstance(node, dict) else None
            if isinstance(ident, str) and ident:
                label = f"{part} ({ident})"
        elif isinstance(node, dict):
            node = node.get(part)
        else:
            node = None
        parts.append(label)
    return ".".join(parts) or "the pack"


def validation_issues(error: ValidationError, origin: Origin, data: Any = None) -> list[Issue]:
    """Turn pydantic's errors into positioned issues in plain English (the first hundred, then a count).

    The words come from :mod:`sysplay.scenarios.messages`; a misspelt key and the required field
    it was meant to be are reported once, at the key.
    """
    from sysplay.scenarios.messages import comma_split, friendly, typo_pairs

    issues: list[Issue] = []
    errors = error.errors(include_url=False)
    for err in errors:
        err["loc"] = tuple(p for p in err["loc"] if not (isinstance(p, str) and (p.startswith("function-") or p == "[key]")))
    misspelt = typo_pairs(errors)
    meant = {(*errors[i]["loc"][:-1], key): errors[i]["loc"][-1] for i, key in misspelt.items()}
    shown = [err for i, err in enumerate(errors) if i not in misspelt]
    for err in shown[:MAX_REPORTED]:
        loc = err["loc"]
        kind = err["type"]
        base = origin.locate(loc, key=kind == "extra_forbidden")
        where = _where(loc, data)
        message = friendly(Pack, err, where)
        if kind == "extra_forbidden":
            split = comma_split(data, loc)
            if split is not None:
                message = f"{_where(loc[:-1], data)}: {split}"
            elif loc in meant:
                message = f"{where}: unknown field; did you mean '{meant[loc]}'? ('{meant[loc]}' is required and missing)"
        elif kind == "missing":
            swallowed = _swallowed_at(origin, base.path, loc, data)
            if swallowed is not None:
                base = Issue(base.path, swallowed.line, swallowed.col, "")
                message = (f"{where}: required field is missing: '{swallowed.key}:' on line {swallowed.line} is part of "
                           f"the text of '{swallowed.block}' (the block that starts on line {swallowed.block_line}); "
                           f"indent it to line up with '{swallowed.block}'")
        issues.append(Issue(base.path, base.line, base.col, message))
    if len(shown) > MAX_REPORTED:
        last = issues[-1]
        issues.append(Issue(last.path, last.line, last.col, f"... and {len(shown) - MAX_REPORTED} more errors"))
    return issues


def _swallowed_at(origin: Origin, path: str, loc: tuple[str | int, ...], data: Any) -> Swallowed | None:
    """The missing field at ``loc``, if a block of text beside it has taken it in as a line of text."""
    parent: Any = data
    for part in loc[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return None
    if not isinstance(parent, dict):
        return None
    starts = origin.locate(loc[:-1]).line  # the mapping the field is missing from starts here
    docs = [origin.main] + [doc for entries in origin.items.values() for doc, _index in entries]
    for doc in docs:
        if doc.path == path:
            return next((sw for sw in doc.swallowed()
                         if sw.key == loc[-1] and sw.block in parent and sw.block_line >= starts), None)
    return None


def load_pack(spec: str | Path) -> Pack:
    """Load, validate and cross-check a pack (lint is left to ``sysplay validate``).

    Raises:
        PackError: positioned issues for everything wrong with it.
    """
    return load_pack_checked(spec, lint=False)[0]


def load_pack_checked(spec: str | Path, *, lint: bool = True) -> tuple[Pack, list[Issue]]:
    """Like :func:`load_pack`, but also return the lint warnings.

    Raises:
        PackError: positioned issues for everything wrong with it.
    """
    from sysplay.scenarios.crossref import check_pack

    main_path = resolve_pack(spec)
    data, origin, content_hash = read_pack_files(main_path, str(main_path))
    try:
        pack = Pack.model_validate(data)
    except ValidationError as exc:
        raise PackError(validation_issues(exc, origin, data)) from None
    except (RecursionError, MemoryError):
        raise PackError.at(str(main_path), 1, 1, "the pack is too deeply nested or too large") from None
    issues = check_pack(pack, origin, lint=lint)
    errors = [i for i in issues if i.severity == "error"]
    if errors:
        raise PackError(errors)
    pack.attach_source(main_path, content_hash, origin)
    return pack, issues
