"""Loading untrusted YAML pack files safely, with a file:line:col on every failure."""

from __future__ import annotations

import codecs
import hashlib
import math
import os
import pathlib
import re
import stat
from dataclasses import dataclass, field
from typing import Any, NoReturn

import yaml
from yaml.events import Event
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.tokens import AliasToken, AnchorToken, StreamEndToken, Token

from sysplay.errors import PackError
from sysplay.fsutil import NotRegularFile, kind_of, read_regular
from sysplay.sanitize import clean_line, clean_text

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_NODES",
    "MAX_PACK_BYTES",
    "MAX_PACK_VALUES",
    "MAX_SCALAR_CHARS",
    "YamlDocument",
    "load_yaml_file",
    "load_yaml_text",
    "node_count",
]

MAX_FILE_BYTES: int = 2_000_000
MAX_DEPTH: int = 40
MAX_NODES: int = 200_000
#: Caps on a whole pack, all its files together (see scenarios/loader.py): includes cannot multiply
#: what one file may hold. Composing is libyaml's slowest step (about 7 µs a value on the standard
#: machine), so the values cap is what keeps any pack within 2 s.
MAX_PACK_BYTES: int = 2_000_000
MAX_PACK_VALUES: int = 120_000
MAX_SCALAR_CHARS: int = 100_000
_MAX_NUMBER_CHARS = 100

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_MERGE = "tag:yaml.org,2002:merge"

_ALIAS_MESSAGE = "aliases and anchors (&name / *name) are not allowed in packs"
_TAB_MESSAGE = "tabs cannot indent YAML; use spaces"

# YAML 1.2 core schema: no yes/no/on/off booleans, no sexagesimal or 0-prefixed octal
# integers, no timestamps. Every pattern is anchored at both ends.
_INT_RE = re.compile(r"(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)\Z")
_FLOAT_RE = re.compile(
    r"(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\Z"
)
_BOOL_RE = re.compile(r"(?:true|True|TRUE|false|False|FALSE)\Z")
_NULL_RE = re.compile(r"(?:~|null|Null|NULL|)\Z")
_TRUE = frozenset({"true", "True", "TRUE"})


def _implicit_resolvers() -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
    """Build a fresh first-character -> [(tag, regexp)] table (ints before floats)."""
    table: dict[Any, list[tuple[str, re.Pattern[str]]]] = {}
    rules = [
        (_BOOL, _BOOL_RE, "tTfF"),
        (_INT, _INT_RE, "-+0123456789"),
        (_FLOAT, _FLOAT_RE, "-+.0123456789"),
        (_NULL, _NULL_RE, "~nN"),
    ]
    for tag, regexp, first in rules:
        for char in first:
            table.setdefault(char, []).append((tag, regexp))
    table[""] = [(_NULL, _NULL_RE)]
    return table


_RESOLVERS = _implicit_resolvers()
_USING_LIBYAML = bool(getattr(yaml, "__with_libyaml__", False))
_BaseLoader: Any = yaml.CSafeLoader if _USING_LIBYAML else yaml.SafeLoader


class _Loader(_BaseLoader):
    """The safe (C when available) parser and composer with YAML 1.2 core scalar resolution."""

    yaml_implicit_resolvers = _RESOLVERS
    yaml_path_resolvers: dict[Any, Any] = {}

    def resolve(self, kind: type, value: str | None, implicit: Any) -> str:
        """Return the tag for an untagged node (called by the composer for every node)."""
        if kind is ScalarNode:
            if implicit[0] and value is not None:
                for tag, regexp in _RESOLVERS.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return _STR
        return _SEQ if kind is SequenceNode else _MAP

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """Path resolvers are not used; skip the bookkeeping."""

    def ascend_resolver(self) -> None:
        """Path resolvers are not used; skip the bookkeeping."""


class _Reject(Exception):
    """Internal: a problem at a 1-based position; turned into a PackError at the boundary."""

    def __init__(self, line: int, col: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.col = col
        self.message = message

    @classmethod
    def at(cls, node: Node | Token | Event | None, message: str) -> _Reject:
        """Build a rejection positioned at the start of ``node``."""
        line, col = _node_position(node)
        return cls(line, col, message)


def _node_position(node: Node | Token | Event | None) -> tuple[int, int]:
    """1-based (line, col) where ``node`` starts; (1, 1) without a node."""
    mark = getattr(node, "start_mark", None)
    if mark is None:
        return (1, 1)
    return (mark.line + 1, mark.column + 1)


@dataclass
class YamlDocument:
    """A loaded pack file: plain, cleaned Python data plus lazy source positions.

    Attributes:
        path: The display path, as given to the loader.
        data: Plain Python data (dict / list / str / int / float / bool / None). Every
            string, keys included, has been through :func:`clean_text`.
        sha256: SHA-256 of the exact bytes loaded (files only), for content hashes.
        size: How many bytes were loaded (files only).
        values: How many values (YAML nodes) the file holds.
    """

    path: str
    data: Any
    _root: Node | None = field(default=None, repr=False, compare=False)
    sha256: str = field(default="", compare=False)
    size: int = field(default=0, compare=False)
    values: int = field(default=0, compare=False)
    _source: str = field(default="", repr=False, compare=False)

    def swallowed(self) -> list[Swallowed]:
        """Lines inside block text (``|`` or ``>``) shaped like ``key: value``, in file order.

        A line indented one step too far after ``situation: >-`` becomes part of the text, and
        the field it was meant to set is silently missing (or keeps an earlier value). Which of
        these keys are real field names is for the caller to judge.
        """
        if self._root is None or not self._source:
            return []
        lines = self._source.split("\n")
        out: list[Swallowed] = []
        stack: list[Node] = [self._root]
        while stack:
            node = stack.pop()
            if isinstance(node, MappingNode):
                for knode, vnode in node.value:
                    if isinstance(vnode, ScalarNode) and vnode.style in ("|", ">") and isinstance(knode, ScalarNode):
                        out += _key_lines(lines, knode, vnode)
                    else:
                        stack.append(vnode)
            elif isinstance(node, SequenceNode):
                stack.extend(node.value)
        return sorted(out, key=lambda sw: (sw.line, sw.col))

    def position(self, loc: tuple[str | int, ...]) -> tuple[int, int]:
        """Return the 1-based (line, col) of the node at ``loc``.

        ``loc`` is a path of dict keys and list indices (a pydantic ``loc`` works). A
        mapping entry is reported at its key (the line a reader looks for, and where an
        unknown key sits); a list item at the item. Parts that match nothing are skipped,
        so a missing key falls back to its parent mapping and a union tag in the middle
        of a pydantic ``loc`` is stepped over. The root (or an empty ``loc``) is (1, 1).
        """
        node, key_node = self._locate(loc)
        if key_node is not None:
            return _node_position(key_node)
        if node is None or node is self._root:
            return (1, 1)
        return _node_position(node)

    def key_position(self, loc: tuple[str | int, ...]) -> tuple[int, int]:
        """Return the position of the key token of the mapping entry at ``loc``.

        Falls back to :meth:`position` when ``loc`` does not end at a mapping entry.
        """
        _node, key_node = self._locate(loc)
        if key_node is not None and loc and not isinstance(loc[-1], int):
            return _node_position(key_node)
        return self.position(loc)

    def _keys(self, node: MappingNode) -> dict[str, tuple[Node, Node]]:
        """Cleaned key -> (key node, value node) for one mapping, built once per mapping."""
        cache = self.__dict__.setdefault("_key_cache", {})
        found = cache.get(id(node))
        if found is None:
            found = {}
            for knode, vnode in node.value:
                if isinstance(knode, ScalarNode):
                    raw = knode.value
                    found.setdefault(raw if raw.isprintable() else clean_text(raw), (knode, vnode))
            cache[id(node)] = found
        return found

    def _locate(self, loc: tuple[str | int, ...]) -> tuple[Node | None, Node | None]:
        """Walk ``loc`` down the node tree: (deepest node reached, its key node or None)."""
        node: Node | None = self._root
        key_node: Node | None = None
        for part in loc:
            if isinstance(node, MappingNode) and isinstance(part, str):
                hit = self._keys(node).get(part)
                if hit is not None:
                    key_node, node = hit
            elif (
                isinstance(node, SequenceNode)
                and isinstance(part, int)
                and not isinstance(part, bool)
                and 0 <= part < len(node.value)
            ):
                node, key_node = node.value[part], None
        return node, key_node


@dataclass(frozen=True)
class Swallowed:
    """A ``key: value``-shaped line taken in as text by a block scalar.

    Attributes:
        line: Its line (1-based).
        col: The column where the key starts.
        key: The key it looks like.
        block: The key whose block text took it in.
        block_line: The line of that key.
    """

    line: int
    col: int
    key: str
    block: str
    block_line: int


_KEY_LINE = re.compile(r"^(\s+)([a-z_][a-z0-9_]*):(\s|$)")


def _key_lines(lines: list[str], knode: ScalarNode, vnode: ScalarNode) -> list[Swallowed]:
    out = []
    end = vnode.end_mark.line + (vnode.end_mark.column > 0)  # a block ends at the start of the next key's line
    for n in range(vnode.start_mark.line + 1, min(end, len(lines))):
        m = _KEY_LINE.match(lines[n])
        if m:
            out.append(Swallowed(n + 1, len(m.group(1)) + 1, m.group(2), str(knode.value), knode.start_mark.line + 1))
    return out


# --------------------------------------------------------------------------- files


def load_yaml_file(
    path: pathlib.Path, display: str | None = None, *, max_bytes: int = MAX_FILE_BYTES,
    max_nodes: int | None = None,
) -> YamlDocument:
    """Load one pack file, checking its size with ``os.stat`` before reading a byte.

    Args:
        path: The file to read.
        display: How to name the file in messages (defaults to ``str(path)``).
        max_bytes: Size cap; larger files are refused without being read.
        max_nodes: Cap on the values (YAML nodes) in the file (default :data:`MAX_NODES`).

    Returns:
        The loaded document.

    Raises:
        PackError: For every failure, positioned at a line and column.
    """
    shown = display if display is not None else str(path)
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            kind = "a directory" if stat.S_ISDIR(info.st_mode) else kind_of(info.st_mode)
            raise PackError.at(shown, 1, 1, f"this is {kind}, not a pack file")
        if info.st_size > max_bytes:
            raise PackError.at(shown, 1, 1, _too_big(info.st_size, max_bytes))
        raw = read_regular(path, max_bytes)  # never blocks, even if a FIFO is swapped in after the stat
    except NotRegularFile as exc:
        raise PackError.at(shown, 1, 1, f"this is {exc.kind}, not a pack file") from None
    except FileNotFoundError:
        raise PackError.at(shown, 1, 1, "no such file") from None
    except (OSError, ValueError) as exc:
        reason = clean_line(getattr(exc, "strerror", None) or str(exc) or type(exc).__name__)
        raise PackError.at(shown, 1, 1, f"cannot read the file: {reason}") from None
    if len(raw) > max_bytes:  # the file grew after the stat
        raise PackError.at(shown, 1, 1, _too_big(len(raw), max_bytes))
    doc = load_yaml_text(raw, shown, max_nodes=max_nodes)
    doc.sha256 = hashlib.sha256(raw).hexdigest()
    doc.size = len(raw)
    return doc


def node_count(doc: YamlDocument) -> int:
    """How many values (YAML nodes) a loaded document holds, as counted against :data:`MAX_NODES`."""
    return doc.values


def _too_big(size: int, limit: int) -> str:
    """Plain-English size-cap message."""
    return f"the file is {_size(size)}; packs are limited to {_size(limit)}"


def _size(n: int) -> str:
    """Format a byte count (decimal units, one decimal place)."""
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    if n >= 1_000:
        return f"{n / 1_000:.1f} KB"
    return f"{n} bytes"


# --------------------------------------------------------------------------- text


def load_yaml_text(text: str | bytes, display: str, *, max_nodes: int | None = None) -> YamlDocument:
    """Load a pack from text (or raw bytes, decoded strictly as UTF-8).

    Args:
        text: The file's contents.
        display: How to name the source in messages.
        max_nodes: Cap on the values (YAML nodes) in the text (default :data:`MAX_NODES`).

    Returns:
        The loaded document; its ``data`` is always a dict.

    Raises:
        PackError: For every failure, positioned at a line and column.
    """
    source = text
    cap = MAX_NODES if max_nodes is None else max_nodes
    try:
        source = _decode(text) if isinstance(text, bytes) else _check_text(text)
        root = _compose(source, cap)
        data, values = _construct(root, cap)
    except Exception as exc:  # every failure becomes a PackError, whatever its type
        why = _explain(exc, source)
        raise _pack_error(display, source, why.line, why.col, why.message) from None
    return YamlDocument(display, data, root, values=values, _source=source if isinstance(source, str) else "")


def _explain(exc: Exception, source: str | bytes) -> _Reject:
    """Turn any exception raised while loading into a positioned, plain-English problem."""
    if isinstance(exc, _Reject):
        return exc
    if isinstance(exc, yaml.YAMLError):
        return _from_yaml_error(exc, source)
    if isinstance(exc, UnicodeEncodeError):  # lone surrogates in a str
        line, col = _char_position(str(source), exc.start)
        return _Reject(line, col, "text contains an invalid character")
    if isinstance(exc, RecursionError):
        return _Reject(1, 1, f"nesting deeper than {MAX_DEPTH} levels")
    if isinstance(exc, MemoryError):
        return _Reject(1, 1, "the file is too large to load")
    return _Reject(1, 1, f"could not load the file ({type(exc).__name__})")


def _pack_error(display: str, source: str | bytes, line: int, col: int, message: str) -> PackError:
    """Build the PackError, clamping the position into the file and cleaning the message.

    A position past the last line (an end-of-file mark) moves to the end of the last line.
    """
    if isinstance(source, bytes):
        source = source.decode("utf-8", "replace")
    lines = source.splitlines()
    line, col = max(1, line), max(1, col)
    if line > len(lines):
        line, col = max(1, len(lines)), len(lines[-1]) + 1 if lines else 1
    return PackError.at(display, line, col, clean_line(message))


def _decode(raw: bytes) -> str:
    """Decode strictly as UTF-8 (a leading BOM is dropped); refuse binary and UTF-16/32."""
    for bom, name in ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32")):
        if raw.startswith(bom):
            raise _Reject(1, 1, f"file is {name} encoded; save it as UTF-8")
    for bom in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if raw.startswith(bom):
            raise _Reject(1, 1, "file is UTF-16 encoded; save it as UTF-8")
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = _byte_position(raw, nul)
        raise _Reject(line, col, "file looks binary (it contains a NUL byte)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _byte_position(raw, exc.start)
        bad = raw[exc.start]
        raise _Reject(
            line, col, f"file is not valid UTF-8 (byte 0x{bad:02x} at line {line}, column {col})"
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def _check_text(text: str) -> str:
    """Refuse NUL characters in already-decoded text; drop a leading BOM."""
    nul = text.find("\x00")
    if nul >= 0:
        line, col = _char_position(text, nul)
        raise _Reject(line, col, "file looks binary (it contains a NUL character)")
    return text[1:] if text.startswith("\ufeff") else text


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    """1-based (line, col) of byte ``offset``; the column counts characters."""
    line = raw.count(b"\n", 0, offset) + 1
    start = raw.rfind(b"\n", 0, offset) + 1
    return line, len(raw[start:offset].decode("utf-8", "replace")) + 1


def _char_position(text: str, index: int) -> tuple[int, int]:
    """1-based (line, col) of character ``index``."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


# --------------------------------------------------------------------------- parsing


_ANCHOR_HINT = re.compile(r"(?:\A|[\s\[\]{},:?\"'\ufeff-])&[^\s\[\]{},]")


def _compose(text: str, max_nodes: int) -> Node:
    """Parse and compose exactly one document; refuse anchors, aliases and node floods."""
    if _node_estimate(text) > max_nodes:
        _count_nodes(text, max_nodes)
    if "&" in text and _ANCHOR_HINT.search(text):
        _refuse_anchors(text)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    finally:
        loader.dispose()
    if root is None:
        raise _Reject(1, 1, "file is empty")
    return root


def _refuse_anchors(text: str) -> None:
    """Scan tokens (only when the text might hold an anchor) and refuse the first one."""
    scanner = _Loader(text)
    try:
        while True:
            token = scanner.get_token()
            if token is None or isinstance(token, StreamEndToken):
                return
            if isinstance(token, (AnchorToken, AliasToken)):
                raise _Reject.at(token, _ALIAS_MESSAGE)
    finally:
        scanner.dispose()


def _node_estimate(text: str) -> int:
    """A cheap, generous upper bound on the number of nodes the text can compose to.

    Every node needs an indicator or line break near it, and no indicator yields more
    than two nodes, so this guards memory before composing a hostile flood.
    """
    marks = sum(text.count(ch) for ch in "\n,-:?[{")
    return 2 * marks + 2


def _count_nodes(text: str, max_nodes: int) -> None:
    """Count nodes event by event, refusing the file as soon as there are too many."""
    events = _Loader(text)
    count = 0
    try:
        while (event := events.get_event()) is not None:
            if isinstance(event, yaml.StreamEndEvent):
                return
            if isinstance(event, yaml.NodeEvent):
                count += 1
                if count > max_nodes:
                    raise _Reject.at(event, _too_many_nodes(max_nodes))
    finally:
        events.dispose()


def _too_many_nodes(max_nodes: int) -> str:
    """Message for the node cap (a lower cap is what is left of a whole pack's)."""
    if max_nodes < MAX_NODES:
        return (f"with the files read before it, the pack holds more than {MAX_PACK_VALUES:,} values; "
                "a whole pack is limited to that")
    return f"the file holds more than {MAX_NODES:,} values; packs are limited to that"


def _from_yaml_error(exc: yaml.YAMLError, text: str | bytes) -> _Reject:
    """Translate a PyYAML / libyaml error into plain English at the best position."""
    if isinstance(exc, yaml.reader.ReaderError):
        return _from_reader_error(exc, text)
    if not isinstance(exc, yaml.MarkedYAMLError):
        return _Reject(1, 1, f"invalid YAML: {exc}")
    problem, context = exc.problem or "", exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    if "tab character" in problem or _char_at(text, line, col) == "\t":
        return _Reject(line, col, _TAB_MESSAGE)
    if "single document" in context:
        return _Reject(line, col, "a pack file must hold one document, found a second one here")
    if "alias" in problem or "duplicate anchor" in context:
        return _Reject(line, col, _ALIAS_MESSAGE)
    if "while scanning an a" in context:  # a stray '&' or '*' opening a plain value
        return _Reject(line, col, f"{_ALIAS_MESSAGE}; put text starting with & or * in quotes")
    if "nesting depth" in problem:
        return _Reject(line, col, f"nesting deeper than {MAX_DEPTH} levels")
    if "quoted scalar" in context and "end of stream" in problem and exc.context_mark:
        start = exc.context_mark
        return _Reject(start.line + 1, start.column + 1, "this quoted text is never closed")
    detail = f"invalid YAML: {problem}" if problem else f"invalid YAML: {context}"
    if context and problem and exc.context_mark is not None:
        detail += f" ({context}, line {exc.context_mark.line + 1})"
    quote = _runaway_quote(text, line)
    if quote is not None:
        q_line, q_col, q_end = quote
        return _Reject(q_line, q_col, f"invalid YAML: the quote opened here is not closed on line {q_line}, so YAML read on to "
                       f"line {q_end} and then failed at line {line}, column {col} ({problem or context}); "
                       f"close the quote on line {q_line}")
    return _Reject(line, col, detail)


#: Longest text scanned for a runaway quote (the pure-Python scanner is slow; the check is a courtesy).
_QUOTE_SCAN_CHARS = 300_000


def _runaway_quote(text: str | bytes, line: int) -> tuple[int, int, int] | None:
    """(line, col, end line) of a quoted value that runs over lines and ends just before an error on ``line``.

    A quote left open swallows the lines after it until the next quote mark closes it, and YAML
    fails soon after, far from the mistake. Only consulted on an error path.
    """
    if isinstance(text, bytes):
        return None
    head = "\n".join(text.split("\n", line)[:line])  # the lines up to the error (the scan stops there)
    if len(head) > _QUOTE_SCAN_CHARS:
        return None
    found = None
    try:
        for token in yaml.scan(head, Loader=yaml.SafeLoader):
            if token.start_mark.line + 1 > line:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'") \
                    and token.end_mark.line > token.start_mark.line:
                found = token
    except yaml.YAMLError:
        pass
    if found is None or not 0 <= line - (found.end_mark.line + 1) <= 1:
        return None
    return found.start_mark.line + 1, found.start_mark.column + 1, found.end_mark.line + 1


def _from_reader_error(exc: yaml.reader.ReaderError, text: str | bytes) -> _Reject:
    """Position a character-level error (libyaml gives a byte offset, PyYAML a char index)."""
    char = exc.character
    code = char if isinstance(char, int) else ord(char[:1] or "\0")
    if isinstance(text, bytes):
        line, col = _byte_position(text, exc.position)
    elif _USING_LIBYAML:
        line, col = _byte_position(text.encode("utf-8", "replace"), exc.position)
    else:
        line, col = _char_position(text, exc.position)
    return _Reject(line, col, f"the file contains a control character (U+{code:04X}); remove it")


def _char_at(text: str | bytes, line: int, col: int) -> str:
    """The character at a 1-based position, or '' (used only on error paths)."""
    if isinstance(text, bytes):
        return ""
    lines = text.split("\n", line)
    if line - 1 >= len(lines) or col - 1 >= len(lines[line - 1]):
        return ""
    return lines[line - 1][col - 1]


# --------------------------------------------------------------------------- building


def _construct(root: Node, max_nodes: int) -> tuple[dict[str, Any], int]:
    """Walk the composed node graph iteratively, checking it and building plain data (and count the values)."""
    if root.tag not in (_MAP, _SEQ, _STR, _INT, _FLOAT, _BOOL, _NULL):
        raise _Reject.at(root, _custom_tag(root.tag))
    if not isinstance(root, MappingNode):
        kind = _describe(root)
        raise _Reject.at(root, f"the top level must be a mapping (key: value), found {kind}")
    data: dict[str, Any] = {}
    stack: list[tuple[Node, Any, int]] = [(root, data, 1)]
    seen = {id(root)}
    count = 1
    while stack:
        node, target, depth = stack.pop()
        if type(target) is dict:
            count += 2 * len(node.value)
            if count > max_nodes:
                raise _Reject.at(node, _too_many_nodes(max_nodes))
            _fill_mapping(node, target, depth, stack, seen)
        else:
            count += len(node.value)
            if count > max_nodes:
                raise _Reject.at(node, _too_many_nodes(max_nodes))
            _fill_sequence(node, target, depth, stack, seen)
    return data, count


def _fill_mapping(
    node: Node, out: dict[str, Any], depth: int, stack: list[Any], seen: set[int]
) -> None:
    """Fill ``out`` from a mapping node; nested collections are queued on ``stack``."""
    for knode, vnode in node.value:
        if type(knode) is not ScalarNode or knode.tag is not _STR or knode.value == "<<":
            _check_key(knode)
        key = knode.value
        if not key.isprintable() or len(key) > MAX_SCALAR_CHARS:
            key = _scalar(knode)
        if key in out:
            _duplicate(node, knode, key)
        if type(vnode) is ScalarNode:
            value = vnode.value
            if vnode.tag is _STR and value.isprintable() and len(value) <= MAX_SCALAR_CHARS:
                out[key] = value
            else:
                out[key] = _scalar(vnode)
        else:
            out[key] = _child(vnode, depth, stack, seen)


def _fill_sequence(
    node: Node, out: list[Any], depth: int, stack: list[Any], seen: set[int]
) -> None:
    """Fill ``out`` from a sequence node; nested collections are queued on ``stack``."""
    append = out.append
    for item in node.value:
        if type(item) is ScalarNode:
            value = item.value
            if item.tag is _STR and value.isprintable() and len(value) <= MAX_SCALAR_CHARS:
                append(value)
            else:
                append(_scalar(item))
        else:
            append(_child(item, depth, stack, seen))


def _child(node: Node, depth: int, stack: list[Any], seen: set[int]) -> Any:
    """Check a nested collection node and queue it; return its (still empty) container."""
    if id(node) in seen:
        raise _Reject.at(node, _ALIAS_MESSAGE)
    seen.add(id(node))
    if depth >= MAX_DEPTH:
        raise _Reject.at(node, f"nesting deeper than {MAX_DEPTH} levels")
    container: Any
    if isinstance(node, MappingNode) and node.tag == _MAP:
        container = {}
    elif isinstance(node, SequenceNode) and node.tag == _SEQ:
        container = []
    else:
        raise _Reject.at(node, _custom_tag(node.tag))
    stack.append((node, container, depth + 1))
    return container


def _check_key(knode: Node) -> None:
    """Refuse anything but plain text as a mapping key (merge keys included)."""
    if not isinstance(knode, ScalarNode):
        raise _Reject.at(knode, f"keys must be text, found {_describe(knode)}")
    if knode.tag == _MERGE or (knode.value == "<<" and not knode.style):
        raise _Reject.at(knode, "merge keys (<<) are not allowed in packs")
    if knode.tag == _STR:
        return
    if knode.tag not in (_INT, _FLOAT, _BOOL, _NULL):
        raise _Reject.at(knode, _custom_tag(knode.tag))
    if knode.value == "" or knode.tag == _NULL:
        raise _Reject.at(knode, "keys must be text, found an empty key")
    shown = _short(knode.value)
    raise _Reject.at(knode, f"keys must be text; put {shown} in quotes to use it as a key")


def _duplicate(node: Node, knode: Node, key: str) -> NoReturn:
    """Raise the duplicate-key error, naming where the key was first defined."""
    first = next(
        k for k, _v in node.value if isinstance(k, ScalarNode) and _clean_key(k.value) == key
    )
    line, _col = _node_position(first)
    raise _Reject.at(knode, f"duplicate key {_short(key)} (first defined on line {line})")


def _clean_key(value: str) -> str:
    """Cleaned key text, as stored in the data."""
    return value if value.isprintable() else clean_text(value)


def _scalar(node: Node) -> Any:
    """Build a scalar value by its tag (the slow path: anything but short plain text)."""
    tag, value = node.tag, node.value
    if len(value) > MAX_SCALAR_CHARS:
        message = f"text longer than {MAX_SCALAR_CHARS:,} characters ({len(value):,} here)"
        raise _Reject.at(node, message)
    if tag == _STR:
        return clean_text(value)
    if tag == _INT:
        return _number(node, _INT_RE, "a whole number")
    if tag == _FLOAT:
        return _number(node, _FLOAT_RE, "a number")
    if tag == _BOOL and _BOOL_RE.match(value):
        return value in _TRUE
    if tag == _NULL and _NULL_RE.match(value):
        return None
    if tag in (_BOOL, _NULL):
        kind = "true or false" if tag == _BOOL else "null"
        raise _Reject.at(node, f"{_short(value)} is not {kind}")
    raise _Reject.at(node, _custom_tag(tag))


def _number(node: Node, pattern: re.Pattern[str], kind: str) -> int | float:
    """Convert an int- or float-tagged scalar (YAML 1.2 core forms, finite, not huge)."""
    value: str = node.value
    if len(value) > _MAX_NUMBER_CHARS:
        raise _Reject.at(node, f"number longer than {_MAX_NUMBER_CHARS} characters")
    if not pattern.match(value):
        raise _Reject.at(node, f"{_short(value)} is not {kind}")
    if pattern is _INT_RE:
        if value.startswith(("0o", "0x")):
            return int(value[2:], 8 if value[1] == "o" else 16)
        return int(value)
    special = value.lstrip("+-").lower() in (".inf", ".nan")
    number = math.inf if special else float(value)
    if not math.isfinite(number):
        raise _Reject.at(node, f"numbers must be finite, found {_short(value)}")
    return number


def _custom_tag(tag: str) -> str:
    """Message for a refused tag, in the short ``!!name`` spelling."""
    shown = tag.replace("tag:yaml.org,2002:", "!!", 1)
    return f"custom tag '{clean_line(shown)[:80]}' is not allowed"


def _short(value: str) -> str:
    """Quote a user value for a message: cleaned, one line, at most 60 characters."""
    text = clean_line(value)
    return f"'{text if len(text) <= 60 else text[:57] + '...'}'"


def _describe(node: Node) -> str:
    """Name a node's kind for messages ('a list', 'text', ...)."""
    if isinstance(node, SequenceNode):
        return "a list"
    if isinstance(node, MappingNode):
        return "a mapping"
    names = {_INT: "a number", _FLOAT: "a number", _BOOL: "true/false", _NULL: "an empty value"}
    return names.get(node.tag, "text")
