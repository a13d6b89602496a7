"""Untrusted text made safe to show.

Control characters, escape sequences and bidi overrides go, and Markdown gets text that cannot
make markup.

The bottom of the house: it imports nothing of sysplay, and everything that shows pack or save text
uses it.
"""

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

    Newlines and tabs stay; a carriage return, alone or before a newline, becomes a newline.
    """
    if text.isprintable():
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ESCAPE_SEQUENCES.sub("", text)
    return _CONTROLS.sub("", text)


def clean_line(text: str) -> str:
    """Like :func:`clean_text`, but also folds newlines and tabs to spaces (for one-line output)."""
    return clean_text(text).replace("\n", " ").replace("\t", " ")


# Markdown: every character that could make markup is escaped.
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\\": "\\\\", "`": "\\`", "*": "\\*",
                          "_": "\\_", "[": "\\[", "]": "\\]", "|": "\\|", "~": "\\~", "@": "\\@"})
# What would start a block if it began a line: a heading, a list item, a setext underline, a table or a
# quote; and what GitHub's Markdown turns into a link with no brackets at all (www., scheme://).
_LEAD = re.compile(r"([#+=-]|\d{1,9}(?=[.)]))")
_BARE_LINK = re.compile(r"(?i)(?<=[a-z0-9])(:)(?=//)|(?<=\bwww)(\.)")


def _inline(text: str) -> str:
    """Escape one line of cleaned text for Markdown (the start of the line included)."""
    out = _BARE_LINK.sub(r"\\\1\2", text.translate(_ESCAPES))
    lead = _LEAD.match(out)
    if lead is None:
        return out
    end = lead.end()
    return out[:end] + "\\" + out[end:] if out[0].isdigit() else "\\" + out


def md(text: str) -> str:
    """One line of untrusted text, safe inside Markdown (and inside a table cell).

    Nothing in it can make markup: no HTML, links (not even bare URLs), images, emphasis, code,
    headings, lists or table cells.
    """
    return _inline(clean_line(text).strip())


def md_block(text: str, prefix: str = "> ") -> str:
    """Several lines of untrusted text as a quoted block (each line escaped as :func:`md` does)."""
    lines = clean_text(text).split("\n") or [""]
    return "\n".join(prefix + _inline(ln.replace("\t", " ").strip()) for ln in lines)
