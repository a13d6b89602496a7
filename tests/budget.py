"""Work limits counted, not timed: how many Python and C function calls something makes.

A wall-clock limit fails on a busy machine and passes on a fast one whatever the code does; a call count
is the same on every machine, and grows with the work (an alias expanded, a quadratic search, a file read
line by line). Limits are set well above the count measured, so they catch a change in kind, not in degree.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import Any


@dataclass
class Calls:
    """The calls counted inside a :func:`counted` block."""

    n: int = 0


@contextmanager
def counted() -> Iterator[Calls]:
    """Count every function call (Python and built-in) made inside the block, exceptions included."""
    calls = Calls()

    def profile(_frame: FrameType, event: str, _arg: Any) -> None:
        if event in ("call", "c_call"):
            calls.n += 1

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        yield calls
    finally:
        sys.setprofile(previous)
