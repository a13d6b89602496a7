"""Input that survives invalid UTF-8: one pasted bad byte must never end the game.

Textual 8.2.8's Linux drivers decode standard input with a strict UTF-8 decoder in their input
thread, so a single invalid byte (a paste from a Latin-1 terminal, a truncated multi-byte
character) raises ``UnicodeDecodeError``, the thread dies and the app stops answering keys
(Textual issue #6456). The fix upstream, ``errors="replace"`` on that decoder, is on a pull-request
branch (commit 21aa70a8c, #6498) and not in a release. Until it is, :func:`install` gives the drivers
a decoder factory that replaces bad bytes with U+FFFD; it is a no-op once Textual does so itself.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from typing import Any

_PATCHED = "_sysplay_replacing_decoder"


def replacing_decoder(encoding: str) -> Callable[..., codecs.IncrementalDecoder]:
    """``codecs.getincrementaldecoder``, but the decoders it makes replace invalid bytes instead of raising."""
    factory = codecs.getincrementaldecoder(encoding)

    def make(errors: str = "replace") -> codecs.IncrementalDecoder:
        return factory(errors="replace")

    return make


setattr(replacing_decoder, _PATCHED, True)


def install() -> list[str]:
    """Give Textual's terminal drivers the replacing decoder; return the modules patched."""
    import importlib

    patched = []
    for name in ("textual.drivers.linux_driver", "textual.drivers.linux_inline_driver"):
        try:
            module: Any = importlib.import_module(name)
        except ImportError:  # not on this platform (Windows has its own driver)
            continue
        if getattr(module, "getincrementaldecoder", None) is codecs.getincrementaldecoder:
            module.getincrementaldecoder = replacing_decoder
            patched.append(name)
    return patched
