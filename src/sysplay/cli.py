"""Command-line entry point: argument parsing, and the one place that wires the parts together."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from sysplay import __version__
from sysplay.engine import PERSONAS
from sysplay.errors import PackError, SysplayError
from sysplay.sanitize import clean_line

DEBRIEF_FORMATS = ("tui", "md", "html", "json")


class _Parser(argparse.ArgumentParser):
    """argparse with usage errors on stderr and exit status 2 (its default), never a traceback."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    p = _Parser(prog="sysplay", description="A practice ground for system leadership in health and care.")
    p.add_argument("--version", action="version", version=f"sysplay {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    play = sub.add_parser("play", help="play a pack (a bundled pack's id or a path)")
    play.add_argument("pack")
    play.add_argument("--seed", type=int, default=1)
    play.add_argument("--facilitator", action="store_true",
                      help="facilitator mode: the projector layout, room votes, discussion timer, staged reveal")
    play.add_argument("--team", default="", help="with --facilitator: the team's name (names the save and the debrief)")
    play.add_argument("--watch", action="store_true", help="reload the pack when its files change (for writers)")
    play.add_argument("--from-turn", type=int, default=None, help="start at this turn (with --choices for the turns before)")
    play.add_argument("--choices", type=Path, default=None, help="a YAML file of moves per turn, for --from-turn")
    play.add_argument("--text", action="store_true", help="typed commands instead of the full-screen game")
    _difficulty(play)
    _save_dir(play)
    run = sub.add_parser("run", help="play a pack headless and print a transcript")
    run.add_argument("pack")
    run.add_argument("--seed", type=int, default=1)
    run.add_argument("--persona", choices=PERSONAS, default=None, metavar="NAME",
                     help="a persona plays: " + ", ".join(PERSONAS))
    run.add_argument("--choices", type=Path, help="a YAML file of moves per turn")
    run.add_argument("--save", type=Path, help="write the playthrough save (JSON) here")
    run.add_argument("--from-turn", type=int, default=None,
                     help="play the turns before this one from --choices (or empty), then print from here")
    _difficulty(run)
    res = sub.add_parser("resume", help="play on from a save (or fork it at a turn)")
    res.add_argument("save", type=Path)
    res.add_argument("--from-turn", type=int, default=None, help="start a new branch at the start of this turn")
    res.add_argument("--pack", default=None, help="the pack, if not the bundled or ./scenarios one the save names")
    res.add_argument("--text", action="store_true", help="typed commands instead of the full-screen game")
    _save_dir(res)
    rep = sub.add_parser("replay", help="re-run a save and verify every turn's state hash; exit 0 match, 1 not")
    rep.add_argument("save", type=Path)
    rep.add_argument("--pack", default=None, help="the pack to replay against (default: the one the save names)")
    deb = sub.add_parser("debrief", help="the debrief of one or more saves")
    deb.add_argument("saves", type=Path, nargs="+")
    deb.add_argument("--format", choices=DEBRIEF_FORMATS, default="tui")
    deb.add_argument("-o", "--output", type=Path)
    deb.add_argument("--pack", default=None, help="the pack, for causal chains when the save's own is missing")
    deb.add_argument("--one-page", action="store_true",
                     help="the one-page summary for a room's plenary (several saves: the cohort of teams)")
    sim = sub.add_parser("simulate", help="many seeded playthroughs per persona: balance and coverage")
    sim.add_argument("pack")
    sim.add_argument("--runs", type=int, default=200)
    sim.add_argument("--persona", default="all", help="a persona name or 'all'")
    sim.add_argument("--seed", type=int, default=1)
    sim.add_argument("--jobs", type=int, default=0, help="worker processes (default: all cores)")
    sim.add_argument("--json", action="store_true", help="print one JSON object")
    sim.add_argument("--html", type=Path, help="also write a self-contained HTML report")
    sim.add_argument("--hunt-candidates", type=int, default=None, metavar="N",
                     help="fixed scripts the answer-key hunt scores (default: 0.6 x --runs, 16 to 120; 0: no hunt)")
    sim.add_argument("--hunt-seconds", type=float, default=None, metavar="S",
                     help="stop the hunt after S seconds even if candidates are left (default: 120; "
                          "a hunt cut short depends on the machine's speed)")
    sim.add_argument("--hunt-out", type=Path, default=None, metavar="FILE",
                     help="write the best fixed script found as a choices file for sysplay run --choices")
    _difficulty(sim)
    tst = sub.add_parser("test", help="run a pack's own golden playthroughs")
    tst.add_argument("pack")
    tst.add_argument("--update", action="store_true", help="re-approve transcripts after showing the diff")
    val = sub.add_parser("validate", help="check packs; exit 0 if valid (warnings allowed), 1 on errors")
    val.add_argument("paths", nargs="+")
    sch = sub.add_parser("schema", help="write the JSON Schema of the pack format")
    sch.add_argument("-o", "--output", type=Path)
    new = sub.add_parser("new", help="create a new pack that validates and plays")
    new.add_argument("name")
    sub.add_parser("packs", help="list the bundled packs and packs in ./scenarios")
    hand = sub.add_parser("handouts", help="role briefings and actor cards for people who voice the actors")
    hand.add_argument("pack")
    hand.add_argument("--format", choices=("md", "html"), default="md")
    hand.add_argument("-o", "--output", type=Path)
    room = sub.add_parser("room", help="read-only projector view following a live facilitated session's save")
    room.add_argument("save", type=Path)
    srv = sub.add_parser("serve", help="the app in a web browser (needs the 'serve' extra); loopback by default")
    srv.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    srv.add_argument("--port", type=int, default=8000)
    _save_dir(srv)
    return p


def _difficulty(p: argparse.ArgumentParser) -> None:
    p.add_argument("--difficulty", default=None, metavar="ID",
                   help="one of the pack's difficulty presets (default: the pack's default)")


def _save_dir(p: argparse.ArgumentParser) -> None:
    p.add_argument("--save-dir", type=Path, default=None, help="folder for saves (default: $SYSPLAY_SAVE_DIR or ./saves)")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    if sys.stdout is None:  # started with standard output closed (`>&-`)
        print("sysplay: error: standard output is closed; nothing can be shown", file=sys.stderr)
        return 1
    args = build_parser().parse_args(argv)
    command = args.command or ("title" if sys.stdin.isatty() and sys.stdout.isatty() else "packs")
    try:
        status = _COMMANDS[command](args)
        sys.stdout.flush()  # a full or closed output fails here, where it can be reported, not at exit
        return status
    except PackError as exc:
        for issue in exc.issues:
            print(issue.format(), file=sys.stderr)
        return 1
    except SysplayError as exc:
        print(f"sysplay: error: {clean_line(str(exc))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and closed early
        _drop_stdout()
        sys.stderr.close()
        return 0
    except OSError as exc:  # a full or closed output, or a file that failed: one line, never a traceback
        reason = clean_line(exc.strerror or str(exc))
        if exc.filename is None:
            _drop_stdout()
            print(f"sysplay: error: cannot write the output: {reason}", file=sys.stderr)
        else:
            print(f"sysplay: error: {clean_line(str(exc.filename))}: {reason}", file=sys.stderr)
        return 1


def _drop_stdout() -> None:
    """Point standard output at the null device, so nothing buffered fails again when Python exits."""
    import contextlib
    import os

    with contextlib.suppress(OSError, ValueError, AttributeError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)


def _cmd_packs(args: argparse.Namespace) -> int:
    from sysplay.scenarios.catalogue import catalogue

    print(f"sysplay {__version__} - scenario packs\n")
    for entry in catalogue():
        print(entry)
    print("\nPlay one:   sysplay play PACK\nWatch one:  sysplay run PACK --persona coalition_builder")
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from sysplay.scenarios.loader import load_pack_checked

    failed = False
    for path in args.paths:
        try:
            pack, issues = load_pack_checked(path)
        except PackError as exc:
            failed = True
            for issue in exc.issues:
                print(issue.format())
            continue
        for issue in issues:
            print(issue.format())
        warnings = sum(1 for i in issues if i.severity == "warning")
        notes = len(issues) - warnings
        print(f"{clean_line(str(path))}: ok: '{clean_line(pack.meta.title)}' ({len(pack.actors)} actors, "
              f"{len(pack.interventions)} interventions, {warnings} warning(s)"
              + (f", {notes} note(s))" if notes else ")"))
    return 1 if failed else 0


def _cmd_schema(args: argparse.Namespace) -> int:
    from sysplay.scenarios.schema import schema_text

    text = schema_text()
    if args.output:
        from sysplay.fsutil import write_text_atomic

        try:
            write_text_atomic(args.output, text, make_parents=False)
        except OSError as exc:
            print(f"sysplay: error: cannot write {clean_line(str(args.output))}: "
                  f"{clean_line(exc.strerror or str(exc))}", file=sys.stderr)
            return 1
        print(f"wrote {clean_line(str(args.output))}")
    else:
        sys.stdout.write(text)
    return 0


def _cmd_new(args: argparse.Namespace) -> int:
    import shlex

    from sysplay.scenarios.scaffold import scaffold

    folder = scaffold(Path(args.name))
    quoted = shlex.quote(str(folder))  # the name may hold spaces or ; (control characters are refused)
    print(f"created {clean_line(str(folder))}/ - try:\n  sysplay validate {quoted}\n"
          f"  sysplay run {quoted} --persona coalition_builder")
    return 0


def _cmd_run(args: argparse.Namespace) -> int:
    if args.persona and args.choices and args.from_turn is None:
        print("sysplay run: error: give --persona or --choices (both only with --from-turn: the choices "
              "play the turns before it, the persona plays on)", file=sys.stderr)
        return 2
    from sysplay.playthroughs.run import run_headless

    return run_headless(args.pack, seed=args.seed, persona=args.persona, choices=args.choices, save=args.save,
                        out=sys.stdout, from_turn=args.from_turn, difficulty=args.difficulty)


def _tty() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _cmd_title(args: argparse.Namespace) -> int:
    from sysplay.tui.app import run_app

    return run_app()


def _cmd_play(args: argparse.Namespace) -> int:
    from sysplay.playthroughs.files import default_save_dir

    save_dir = default_save_dir(args.save_dir)
    if args.team and not args.facilitator:
        print("sysplay play: error: --team is for facilitated sessions: add --facilitator", file=sys.stderr)
        return 2
    if args.facilitator and (args.text or not _tty()):
        print("sysplay play: error: facilitator mode needs the full-screen game on a terminal", file=sys.stderr)
        return 2
    if args.text or not _tty():
        from sysplay.textplay import play_text

        return play_text(args.pack, seed=args.seed, save_dir=save_dir, watch=args.watch,
                         from_turn=args.from_turn, choices=args.choices, difficulty=args.difficulty)
    from sysplay.tui.app import run_app

    return run_app(start="play", pack=args.pack, seed=args.seed, save_dir=save_dir, watch=args.watch,
                   from_turn=args.from_turn, choices=args.choices, facilitator=args.facilitator, team=args.team,
                   difficulty=args.difficulty)


def _cmd_handouts(args: argparse.Namespace) -> int:
    from sysplay.scenarios.handouts import handouts_html, handouts_markdown
    from sysplay.scenarios.loader import load_pack

    pack = load_pack(args.pack)
    text = handouts_html(pack) if args.format == "html" else handouts_markdown(pack)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    from sysplay.fsutil import write_text_atomic

    write_text_atomic(args.output, text)
    print(f"wrote {clean_line(str(args.output))}")
    return 0


def _cmd_room(args: argparse.Namespace) -> int:
    if not _tty():
        print("sysplay room: error: the room view needs a terminal (or a browser: sysplay serve)", file=sys.stderr)
        return 2
    from sysplay.tui.app import run_app

    return run_app(start="room", room=args.save)


def _cmd_serve(args: argparse.Namespace) -> int:
    from sysplay.playthroughs.files import default_save_dir

    try:
        from sysplay.tui.serve import serve
    except ImportError:
        print("sysplay serve: error: serving in a browser needs textual-serve: pip install 'sysplay[serve]'",
              file=sys.stderr)
        return 1
    return serve(host=args.host, port=args.port, save_dir=default_save_dir(args.save_dir), out=sys.stderr)


def _pack_for(save_path: Path, override: str | None) -> tuple[object, object]:
    """The save and its pack (``playthroughs.files.find_pack``), saying on stderr which pack is used."""
    from sysplay.playthroughs.files import find_pack, read_save

    save = read_save(save_path)
    found = find_pack(save, save_path, override)
    if found.set_aside:
        print(f"sysplay: note: {found.set_aside}", file=sys.stderr)
    pack = found.required(save_path)
    where = clean_line(str(pack.source_path or found.spec))
    print(f"Pack: '{clean_line(pack.meta.title)}' ({pack.meta.id} {clean_line(pack.meta.version)}) from {where}",
          file=sys.stderr)
    return save, pack


def _cmd_resume(args: argparse.Namespace) -> int:
    from sysplay.playthroughs.files import default_save_dir
    from sysplay.playthroughs.save import resume
    from sysplay.textplay import play_playthrough

    if _tty() and not args.text:
        from sysplay.tui.app import run_app

        return run_app(start="resume", save=args.save, from_turn=args.from_turn,
                       save_dir=default_save_dir(args.save_dir), pack=args.pack)
    _save, pack = _pack_for(args.save, args.pack)
    pt = resume(args.save, pack, from_turn=args.from_turn, save_dir=default_save_dir(args.save_dir)  # type: ignore[arg-type]
                if args.from_turn else None)
    return play_playthrough(pt)


def _cmd_replay(args: argparse.Namespace) -> int:
    from sysplay.playthroughs.save import replay

    save, pack = _pack_for(args.save, args.pack)
    report = replay(save, pack)  # type: ignore[arg-type]
    where = clean_line(str(args.save))
    print(f"{where}: {'ok' if report.ok else 'MISMATCH'}: {clean_line(report.message)}")
    return 0 if report.ok else 1


NO_TUI = "The full-screen debrief is not available here; here is the debrief as Markdown."


def _cmd_debrief(args: argparse.Namespace) -> int:
    return run_debrief(args.saves, fmt=args.format, output=args.output, pack=args.pack, one_page=args.one_page)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except (OSError, RuntimeError):
        return False


def _debrief_tui(obj: object, one_page: bool) -> int:
    from sysplay.debrief import render

    try:
        from sysplay.tui.screens.debrief import run_debrief_app
    except ImportError:  # Textual missing or broken: the debrief is still there to read
        sys.stdout.write(NO_TUI + "\n\n" + render(obj, "md", one_page=one_page))  # type: ignore[arg-type]
        return 0
    result = run_debrief_app(obj, one_page=one_page)
    return result if isinstance(result, int) else 0


def run_debrief(saves: list[Path], *, fmt: str, output: Path | None, pack: str | None, one_page: bool = False) -> int:
    """``sysplay debrief``: debrief one save, or compare several.

    Show it full-screen, or write ``fmt`` to ``output`` (atomically) or stdout. With ``one_page``, the
    one-page summary for a room.

    Returns:
        The exit status: 0 done, 1 a save could not be debriefed (nothing is written), 2 a usage error.
    """
    from sysplay.fsutil import check_output, write_text_atomic

    if fmt not in DEBRIEF_FORMATS:
        print(f"sysplay: error: --format must be one of {', '.join(DEBRIEF_FORMATS)}", file=sys.stderr)
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
    from sysplay.debrief import build, render

    try:
        obj = build(list(saves), pack)
        if fmt == "tui":
            return _debrief_tui(obj, one_page)
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
        return 0
    try:
        write_text_atomic(output, text, make_parents=False)
    except OSError as exc:
        print(f"sysplay: error: cannot write {clean_line(str(output))}: {clean_line(exc.strerror or str(exc))}",
              file=sys.stderr)
        return 1
    print(f"wrote {clean_line(str(output))}")
    return 0


def _cmd_simulate(args: argparse.Namespace) -> int:
    from sysplay.simulate.cli import run_simulate

    return run_simulate(args.pack, runs=args.runs, persona=args.persona, seed=args.seed, jobs=args.jobs,
                        as_json=args.json, html=args.html, hunt_candidates=args.hunt_candidates,
                        hunt_seconds=args.hunt_seconds, hunt_out=args.hunt_out, difficulty=args.difficulty)


def _cmd_test(args: argparse.Namespace) -> int:
    from sysplay.simulate.golden import run_golden

    return run_golden(args.pack, update=args.update)


_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "packs": _cmd_packs, "title": _cmd_title, "validate": _cmd_validate, "schema": _cmd_schema, "new": _cmd_new,
    "run": _cmd_run, "play": _cmd_play, "resume": _cmd_resume, "replay": _cmd_replay,
    "debrief": _cmd_debrief, "simulate": _cmd_simulate, "test": _cmd_test, "room": _cmd_room, "serve": _cmd_serve,
    "handouts": _cmd_handouts,
}
