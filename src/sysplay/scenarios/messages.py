"""Validation errors in words a writer can act on: what is allowed, the likely slip, and how to fix it.

The pack models are walked along an error's path to find the field it is about, so a message
can name the field's range, suggest the field a misspelt key was meant to be, or see that a
value is an expression that YAML read as a number.
"""

from __future__ import annotations

import types
from collections.abc import Mapping, Sequence
from difflib import get_close_matches
from typing import Annotated, Any, Union, get_args, get_origin

import annotated_types as at
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from sysplay.scenarios.fields import EXPRESSION

Loc = tuple[str | int, ...]
_YES_NO = {"yes", "no", "y", "n", "on", "off", "true", "false"}


# ----- finding the field an error is about ------------------------------------------------------


def _unwrap(tp: Any) -> tuple[Any, list[Any]]:
    """A type without ``Annotated`` (and its metadata), Optional removed where one member is left."""
    meta: list[Any] = []
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp, *extra = get_args(tp)
            meta += extra
            continue
        if origin in (Union, types.UnionType):
            members = [a for a in get_args(tp) if a is not type(None)]
            if len(members) == 1:
                tp = members[0]
                continue
        return tp, meta


def _model_field(model: type[BaseModel], key: str) -> tuple[str, FieldInfo] | None:
    for name, info in model.model_fields.items():
        if key in (name, info.alias):
            return name, info
    return None


def all_field_names() -> frozenset[str]:
    """Every key used anywhere in the pack format (for telling a swallowed field from prose)."""
    from sysplay.scenarios.models import Pack

    seen: set[type[BaseModel]] = set()
    names: set[str] = set()
    todo: list[Any] = [Pack]
    while todo:
        tp = todo.pop()
        base, _ = _unwrap(tp)
        if isinstance(base, type) and issubclass(base, BaseModel):
            if base in seen:
                continue
            seen.add(base)
            names.update(field_names(base))
            todo.extend(info.annotation for info in base.model_fields.values())
        else:
            todo.extend(get_args(base))
    return frozenset(names)


def field_names(model: type[BaseModel]) -> list[str]:
    """The keys a writer may use in ``model`` (aliases where a field has one)."""
    return [info.alias or name for name, info in model.model_fields.items()]


def resolve(root: type[BaseModel], loc: Loc) -> tuple[Any, list[Any]]:
    """The type at ``loc`` under ``root`` and the constraints on it (``(None, [])`` when it cannot tell)."""
    tp: Any = root
    meta: list[Any] = []
    for part in loc:
        tp, more = _unwrap(tp)
        meta = more
        if isinstance(tp, type) and issubclass(tp, BaseModel) and isinstance(part, str):
            found = _model_field(tp, part)
            if found is None:
                continue  # a union tag in pydantic's path, or an unknown key
            tp, meta = found[1].annotation, list(found[1].metadata)
        elif get_origin(tp) in (list, tuple) and isinstance(part, int):
            tp, meta = get_args(tp)[0], []
        elif get_origin(tp) is dict and isinstance(part, str):
            tp, meta = get_args(tp)[1], []
        elif get_origin(tp) in (Union, types.UnionType):
            members = [a for a in get_args(tp) if a is not type(None)]
            pick = next((m for m in members if _fits(m, part)), None)
            if pick is None:
                return None, []
            tp = pick
            tp, meta = resolve(tp, (part,)) if isinstance(tp, type) else (tp, meta)
        else:
            return None, []
    tp, more = _unwrap(tp)
    return tp, meta + more


def _fits(tp: Any, part: str | int) -> bool:
    base, _ = _unwrap(tp)
    if isinstance(part, int):
        return get_origin(base) in (list, tuple)
    return get_origin(base) is dict or (isinstance(base, type) and issubclass(base, BaseModel))


# ----- the words -----------------------------------------------------------------------------------


def _num(x: float) -> str:
    return f"{x:g}"


def describe_range(meta: list[Any]) -> str:
    """``from 0 to 1``, ``0 or more``, ``above 0, up to 1``... from the field's constraints ('' if none)."""
    lo: Any = None
    hi: Any = None
    lo_open = hi_open = False
    for m in meta:
        if isinstance(m, at.Ge):
            lo = m.ge
        elif isinstance(m, at.Gt):
            lo, lo_open = m.gt, True
        elif isinstance(m, at.Le):
            hi = m.le
        elif isinstance(m, at.Lt):
            hi, hi_open = m.lt, True
        elif isinstance(m, at.Interval):
            lo, lo_open = (m.gt, True) if m.gt is not None else (m.ge, False)
            hi, hi_open = (m.lt, True) if m.lt is not None else (m.le, False)
    if lo is not None and hi is not None:
        if not lo_open and not hi_open:
            return f"from {_num(lo)} to {_num(hi)}"
        return f"{'above' if lo_open else 'at least'} {_num(lo)} and {'below' if hi_open else 'at most'} {_num(hi)}"
    if lo is not None:
        return f"above {_num(lo)}" if lo_open else f"{_num(lo)} or more"
    if hi is not None:
        return f"below {_num(hi)}" if hi_open else f"{_num(hi)} or less"
    return ""


def _kind(tp: Any) -> str:
    if tp is bool:
        return "true or false"
    if tp is int:
        return "a whole number"
    if tp is float:
        return "a number"
    return "a value"


def _shown(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def friendly(root: type[BaseModel], err: Mapping[str, Any], where: str) -> str:
    """One pydantic error as a plain-English message that starts with ``where`` (the path)."""
    kind, loc, msg = err["type"], tuple(err["loc"]), err["msg"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    tp, meta = resolve(root, loc)
    expression = EXPRESSION in meta
    if kind == "extra_forbidden":
        return f"{where}: unknown field{_did_you_mean(root, loc)}"
    if kind == "missing":
        return f"{where}: required field is missing"
    if expression and kind == "string_type":
        return f"{where}: {_expression_not_text(loc, value)}"
    if kind in ("bool_type", "bool_parsing"):
        return f"{where}: {_not_a_boolean(value)}"
    if kind in ("float_parsing", "float_type", "int_parsing", "int_type", "int_from_float", "finite_number"):
        rng = describe_range(meta)
        allowed = _kind(int if kind.startswith("int") else tp if tp in (int, float) else float)
        return f"{where}: must be {allowed}{' ' + rng if rng else ''}, not {_shown(value)}"
    if kind in ("less_than_equal", "less_than", "greater_than_equal", "greater_than"):
        rng = describe_range(meta) or _ctx_range(kind, ctx)
        allowed = _kind(tp if tp in (int, float) else float)
        return f"{where}: must be {allowed} {rng}; {_shown(value)} is too {'high' if kind.startswith('less') else 'low'}"
    if kind == "literal_error":
        return f"{where}: {_shown(value)} is not one of the allowed words{_closest(value, ctx)}: {ctx.get('expected', '')}"
    if kind == "string_too_long":
        n = len(value) if isinstance(value, str) else "too many"
        return f"{where}: text is {n} characters long; the most allowed is {ctx.get('max_length')}"
    if kind == "string_pattern_mismatch" and isinstance(value, str):
        return (f"{where}: {_shown(value)} is not a valid id: use lower-case letters, digits and underscores, "
                "starting with a letter (at most 40 characters)")
    if kind in ("list_type", "tuple_type"):
        return f"{where}: this should be a list (one '- item' a line, or [a, b]), not {_what(value)}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"{where}: this should be a mapping of 'key: value' lines, not {_what(value)}"
    if kind == "string_type":
        return f"{where}: this should be text, not {_what(value)}; put it in quotes"
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    return f"{where}: {msg}"


def _ctx_range(kind: str, ctx: dict[str, Any]) -> str:
    for key, words in (("le", "{} or less"), ("lt", "below {}"), ("ge", "{} or more"), ("gt", "above {}")):
        if key in ctx:
            return words.format(_num(ctx[key]))
    return "within its range"


def _what(value: Any) -> str:
    if value is None:
        return "nothing (the value is empty)"
    if isinstance(value, bool):
        return f"true/false ({_shown(value)})"
    if isinstance(value, int | float):
        return f"a number ({_shown(value)})"
    if isinstance(value, str):
        return f"text ({_shown(value)})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _closest(value: Any, ctx: dict[str, Any]) -> str:
    words = [w.strip().strip("'") for w in str(ctx.get("expected", "")).replace(" or ", ", ").split(",")]
    near = get_close_matches(str(value), [w for w in words if w], n=1) if isinstance(value, str) else []
    return f" (did you mean '{near[0]}'?)" if near else ""


def _did_you_mean(root: type[BaseModel], loc: Loc) -> str:
    parent, _ = resolve(root, loc[:-1])
    if not (isinstance(parent, type) and issubclass(parent, BaseModel)):
        return " (check the spelling; see docs/pack-format.md)"
    names = field_names(parent)
    near = get_close_matches(str(loc[-1]), names, n=1, cutoff=0.7)
    if near:
        return f"; did you mean '{near[0]}'?"
    return f" (the fields here are: {', '.join(names)})"


def _expression_not_text(loc: Loc, value: Any) -> str:
    key = loc[-1] if loc and isinstance(loc[-1], str) else "expr"
    if isinstance(value, bool):
        return (f"YAML read {_shown(value)} as a yes/no value, but this is an expression in quotes; conditions are "
                f"numbers (0 is false, anything else true): write {key}: \"1\" for always, or a comparison such as "
                f"{key}: \"turn >= 3\"")
    if isinstance(value, int | float):
        return f"an expression is text: quote it, as in {key}: \"{_shown(value)}\""
    return f"an expression is text in quotes, not {_what(value)}"


def _not_a_boolean(value: Any) -> str:
    if isinstance(value, str) and value.lower() in _YES_NO:
        return (f"write true or false, not {_shown(value)}: in the YAML 1.2 that packs are read as, "
                f"{_shown(value)} is text, not a yes/no value")
    return f"write true or false, not {_what(value)}"


# ----- errors that belong together ---------------------------------------------------------------


def typo_pairs(errors: Sequence[Mapping[str, Any]]) -> dict[int, str]:
    """Pair each "required field is missing" with a misspelt key beside it: error index -> the key's name.

    ``stubornness: 0.5`` gives both "unknown field 'stubornness'" and "'stubbornness' is missing";
    one message saying the first is probably the second is what the writer needs.
    """
    unknown: dict[Loc, list[tuple[int, str]]] = {}
    for i, err in enumerate(errors):
        loc = tuple(err["loc"])
        if err["type"] == "extra_forbidden" and loc and isinstance(loc[-1], str):
            unknown.setdefault(loc[:-1], []).append((i, loc[-1]))
    out: dict[int, str] = {}
    for i, err in enumerate(errors):
        loc = tuple(err["loc"])
        if err["type"] != "missing" or not loc or loc[:-1] not in unknown:
            continue
        keys = [k for _j, k in unknown[loc[:-1]]]
        near = get_close_matches(str(loc[-1]), keys, n=1, cutoff=0.7)
        if near:
            out[i] = near[0]
    return out


def comma_split(data: Any, loc: Loc) -> str | None:
    """If the unknown key at ``loc`` is the tail of a value cut by a comma in a flow mapping, say so.

    ``speaker: {name: Jo Reid, role: Head of Commissioning, Adults}`` reads as a field ``Adults``
    with no value, after ``role: Head of Commissioning``.
    """
    parent = data
    for part in loc[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return None
    key = loc[-1]
    if not isinstance(parent, dict) or key not in parent or parent[key] is not None:
        return None
    keys = list(parent)
    at_key = keys.index(key)
    if at_key == 0 or not isinstance(parent[keys[at_key - 1]], str):
        return None
    before = keys[at_key - 1]
    whole = f"{parent[before]}, {key}"
    return (f"'{key}' is not a field: a comma inside {{...}} ends a value, so '{before}: {whole}' was read as "
            f"'{before}: {parent[before]}' and then '{key}'; put the value in quotes: {before}: \"{whole}\"")
