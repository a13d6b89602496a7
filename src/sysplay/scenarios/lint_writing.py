"""Lint for slips of the pen: a field swallowed by block text, and a stock label too long for the screen."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sysplay.errors import Issue
from sysplay.scenarios.messages import all_field_names

if TYPE_CHECKING:
    from sysplay.scenarios.crossref import Checker
    from sysplay.scenarios.yamlsafe import YamlDocument

#: Characters of a stock's label the play screen shows on a 100-column terminal (its side panel is
#: half the width, less padding); ``tests/tui`` pins this against the real layout.
STOCK_LABEL_COLUMNS = 44


def documents(origin: Any) -> list[YamlDocument]:
    """The pack's files as loaded: the main file, then each included file once."""
    if origin is None or not hasattr(origin, "main"):
        return []
    docs = {id(origin.main): origin.main}
    for entries in getattr(origin, "items", {}).values():
        for doc, _index in entries:
            docs.setdefault(id(doc), doc)
    return list(docs.values())


def swallowed_fields(c: Checker) -> None:
    """Warn where block text (``|`` or ``>``) has taken in a line that reads like one of the pack's fields."""
    fields = all_field_names()
    for doc in documents(c.origin):
        for sw in doc.swallowed():
            if sw.key in fields:
                c.issues.append(Issue(doc.path, sw.line, sw.col, swallowed_message(sw.key, sw.block, sw.block_line),
                                      "warning"))


def long_stock_labels(c: Checker) -> None:
    """Warn about stock labels the play screen cuts off on a 100-column terminal."""
    for sid, stock in c.pack.system.stocks.items():
        if len(stock.label) > STOCK_LABEL_COLUMNS:
            shown = stock.label[:STOCK_LABEL_COLUMNS].rstrip()
            c.add(("system", "stocks", sid, "label"),
                  f"stock '{sid}': its label is {len(stock.label)} characters, and on a 100-column terminal the play "
                  f"screen shows only the first {STOCK_LABEL_COLUMNS} ('{shown}'); shorten it, and put the detail "
                  "in 'description'", "warning")


def swallowed_message(key: str, block: str, block_line: int) -> str:
    """What to say about a ``key:`` line taken in by the block text of ``block``."""
    return (f"'{key}:' here is part of the text of '{block}' (the block that starts on line {block_line}), not a "
            f"field; if it is meant as a field, indent it to line up with '{block}'")
