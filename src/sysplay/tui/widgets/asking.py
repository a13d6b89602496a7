"""The one request every play-screen widget can make: "why did this change?"."""

from __future__ import annotations

from typing import Any

from textual.message import Message


class AskWhy(Message):
    """Please explain these numbers (ledger keys), starting with the first.

    Each widget posts its own nested subclass; the play screen handles them all with
    ``@on(AskWhy)``.
    """

    def __init__(self, keys: list[tuple[Any, ...]]) -> None:
        self.keys = keys
        super().__init__()
