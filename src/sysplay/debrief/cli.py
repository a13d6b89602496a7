"""``sysplay debrief SAVE... [--format tui|md|html|json] [-o FILE] [--pack PACK]``."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sysplay.debrief.compare import compare
from sysplay.debrief.html import to_html
from sysplay.debrief.jsonexport import to_json
from sysplay.debrief.markdown import to_markdown
from sysplay.debrief.models import Comparison, Debrief
from sysplay.debrief.source import open_save
from sysplay.errors import PackError, SysplayError
from sysplay.fsutil import check_output, write_text_atomic
from sysplay.scenarios.sanitize import clean_line

RENDERERS: dict[str, Callable[[Any], str]] = {"md": to_markdown, "html": to_html, "json": to_json}
FORMATS = ("tui", *RENDERERS)
NO_TUI = "The full-screen debrief is not available yet; here is the debrief as Markdown."


def debrief_save(path: Path, pack: str | None = None) -> Debrief:
    """Open and analyse one save.

    Raises:
        PackError: the save cannot be read or debriefed (positioned at the save).
    """
    opened = open_save(path, pack)
    try:
        return opened.debrief()
    except (ArithmeticError, LookupError, ValueError, TypeError, RecursionError) as exc:
        # A snapshot that passed every check but still does not add up: say so, never a traceback.
        raise PackError.at(str(path), 1, 1, f"the save's snapshot does not add up ({type(exc).__name__}); "
                                            "it may have been edited") from None


def build(saves: list[Path], pack: str | None = None) -> Debrief | Comparison:
    """One save's debrief, or the comparison of several (which holds each debrief)."""
    debriefs = [debrief_save(p, pack) for p in saves]
    return debriefs[0] if len(debriefs) == 1 else compare(debriefs)


def render(obj: Debrief | Comparison, fmt: str, *, one_page: bool = False) -> str:
    """The debrief or comparison in ``fmt`` (md, html or json); with ``one_page``, the one-page summary."""
    if one_page:
        from sysplay.debrief.summary import one_page as summarise
        from sysplay.debrief.summary import summary_html, summary_markdown

        page = summarise(obj)
        if fmt == "json":
            import json

            return json.dumps(page.model_dump(mode="json"), indent=2, ensure_ascii=True) + "\n"
        return summary_html(page) if fmt == "html" else summary_markdown(page)
    return RENDERERS[fmt](obj)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except (OSError, RuntimeError):
        return False


def _tui(obj: Debrief | Comparison, one_page: bool = False) -> int:
    try:
        from sysplay.tui.debrief import run_debrief_app  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        sys.stdout.write(NO_TUI + "\n\n" + render(obj, "md", one_page=one_page))
        return 0
    result = run_debrief_app(obj, one_page=one_page)
    return result if isinstance(result, int) else 0


def run_debrief(saves: list[Path], *, fmt: str, output: Path | None, pack: str | None, one_page: bool = False) -> int:
    """Debrief one save, or compare several; write ``fmt`` to ``output`` (atomically) or stdout.

    With ``one_page``, the one-page summary for a room (of one team, or of the cohort).

    Returns:
        The exit status: 0 done, 1 a save could not be debriefed (nothing is written), 2 a usage error.
    """
    if fmt not in FORMATS:
        print(f"sysplay: error: --format must be one of {', '.join(FORMATS)}", file=sys.stderr)
        return 2
    if not saves:
        print("sysplay: error: give at least one save", file=sys.stderr)
        return 2
    if output is not None and any(_same_file(output, s) for s in saves):
        print("sysplay: error: the output file is one of the saves; choose another file", file=sys.stderr)
        return 2
    if output is not None:
        try:
            check_output(output, make_parents=False)
        except OSError as exc:
            print(f"sysplay: error: cannot write {clean_line(str(output))}: {clean_line(exc.strerror or str(exc))}",
                  file=sys.stderr)
            return 1
    try:
        obj = build(list(saves), pack)
        if fmt == "tui":
            return _tui(obj, one_page)
        text = render(obj, fmt, one_page=one_page)
    except PackError as exc:
        for issue in exc.issues:
            print(issue.format(), file=sys.stderr)
        return 1
    except SysplayError as exc:
        print(f"sysplay: error: {clean_line(str(exc))}", file=sys.stderr)
        return 1
    if output is None:
        sys.stdout.write(text)
    else:
        try:
            write_text_atomic(output, text, make_parents=False)
        except OSError as exc:
            print(f"sysplay: error: cannot write {clean_line(str(output))}: {clean_line(exc.strerror or str(exc))}",
                  file=sys.stderr)
            return 1
        print(f"wrote {clean_line(str(output))}")
    return 0
