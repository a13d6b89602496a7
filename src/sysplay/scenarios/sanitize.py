"""Cleaning untrusted text: control characters, escape sequences and bidi overrides go."""

from __future__ import annotations

import re

# ESC-introduced sequences first (CSI, OSC, DCS, other two-byte escapes), so their
# payload disappears with the introducer rather than being left as visible junk.
_ESCAPE_SEQUENCES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI ... final byte
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC ... BEL or ST
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS / SOS / PM / APC ... ST
    r"|\x1b[@-Z\\-_]"  # two-byte escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"  # C1 CSI
    r"|\x9d[^\x07\x9c]*(?:\x07|\x9c)?"  # C1 OSC
)
# Remaining C0 controls except TAB and LF, DEL, C1 controls, bidi embeddings,
# overrides and isolates (the "Trojan Source" class), and other invisible format marks
# that can reorder or hide text.
_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff\ufff9-\ufffb]"
)


def clean_text(text: str) -> str:
    """Return ``text`` with escape sequences and dangerous invisible characters removed.

    Newlines and tabs stay; ``\\r\\n`` and lone ``\\r`` become ``\\n``.
    """
    if text.isprintable():
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ESCAPE_SEQUENCES.sub("", text)
    return _CONTROLS.sub("", text)


def clean_line(text: str) -> str:
    """Like :func:`clean_text`, but also folds newlines and tabs to spaces (for one-line output)."""
    return clean_text(text).replace("\n", " ").replace("\t", " ")
