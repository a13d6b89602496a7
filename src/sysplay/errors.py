"""The project's own error types: every failure a user can cause ends up as one of these."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "note"]


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem found in a file, with a position a person (and an editor) can jump to.

    Attributes:
        path: The file the problem is in, as the user named it.
        line: 1-based line number.
        col: 1-based column number.
        message: Plain-English description, already free of control characters.
        severity: ``"error"`` stops loading; ``"warning"`` is a lint finding; ``"note"`` tells the writer what
            the engine assumed where the pack is silent.
    """

    path: str
    line: int
    col: int
    message: str
    severity: Severity = "error"

    def format(self) -> str:
        """Render as ``path:line:col: error: message`` (one line, no escapes)."""
        from sysplay.sanitize import clean_line

        return f"{clean_line(self.path)}:{self.line}:{self.col}: {self.severity}: {clean_line(self.message)}"


class SysplayError(Exception):
    """Base class for every error sysplay raises on purpose."""


class PackError(SysplayError):
    """A pack (or a save, or a choices file) could not be loaded; carries positioned issues."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        super().__init__("\n".join(i.format() for i in issues))

    @classmethod
    def at(cls, path: str, line: int, col: int, message: str) -> PackError:
        """Build an error with a single issue."""
        return cls([Issue(path, line, col, message)])


class RefusedMove(SysplayError):
    """The engine refused a move; the game state is unchanged.

    Attributes:
        reason: A short machine-readable reason (``unaffordable``, ``cooldown``,
            ``target``, ``requirement``, ``slots``, ``dilemma``, ``finished``, ``unknown``).
    """

    def __init__(self, reason: str, message: str) -> None:
        self.reason = reason
        super().__init__(message)
