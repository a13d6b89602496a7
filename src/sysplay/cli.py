"""Command-line entry point: argument parsing, and the one place that wires the parts together."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from sysplay import __version__
from sysplay.errors import PackError, SysplayError
from sysplay.scenarios.sanitize import clean_line

PERSONA_NAMES = ("random", "heroic_director", "avoider", "curious_convenor", "coalition_builder", "optimiser")
LATER = {
    "resume": "saving and resuming playthroughs",
    "replay": "replay verification of saves",
    "debrief": "the debrief",
    "simulate": "batch simulation",
    "test": "golden playthrough tests",
    "room": "the projector view",
    "serve": "serving the app in a browser",
}


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
    play.add_argument("--facilitator", action="store_true", help="facilitator mode (not built yet)")
    play.add_argument("--watch", action="store_true", help="reload the pack when it changes (not built yet)")
    run = sub.add_parser("run", help="play a pack headless and print a transcript")
    run.add_argument("pack")
    run.add_argument("--seed", type=int, default=1)
    who = run.add_mutually_exclusive_group()
    who.add_argument("--persona", choices=PERSONA_NAMES, default=None)
    who.add_argument("--choices", type=Path, help="a YAML file of moves per turn")
    run.add_argument("--save", type=Path, help="write the playthrough record (JSON) here")
    val = sub.add_parser("validate", help="check packs; exit 0 if valid (warnings allowed), 1 on errors")
    val.add_argument("paths", nargs="+")
    sch = sub.add_parser("schema", help="write the JSON Schema of the pack format")
    sch.add_argument("-o", "--output", type=Path)
    new = sub.add_parser("new", help="create a new pack that validates and plays")
    new.add_argument("name")
    sub.add_parser("packs", help="list the bundled packs and packs in ./scenarios")
    for name, what in LATER.items():
        later = sub.add_parser(name, help=f"{what} (not built yet)")
        later.add_argument("args", nargs="*")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    command = args.command or "packs"
    try:
        return _COMMANDS.get(command, _later)(args)
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
        sys.stderr.close()
        return 0


def _later(args: argparse.Namespace) -> int:
    print(f"sysplay: '{args.command}' ({LATER[args.command]}) is not built yet in version {__version__}.", file=sys.stderr)
    return 2


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
        print(f"{clean_line(str(path))}: ok: '{pack.meta.title}' ({len(pack.actors)} actors, "
              f"{len(pack.interventions)} interventions, {len(issues)} warning(s))")
    return 1 if failed else 0


def _cmd_schema(args: argparse.Namespace) -> int:
    from sysplay.scenarios.schema import schema_text

    text = schema_text()
    if args.output:
        from sysplay.fsutil import write_text_atomic

        write_text_atomic(args.output, text)
        print(f"wrote {args.output}")
    else:
        sys.stdout.write(text)
    return 0


def _cmd_new(args: argparse.Namespace) -> int:
    from sysplay.scenarios.scaffold import scaffold

    folder = scaffold(Path(args.name))
    print(f"created {folder}/ - try:\n  sysplay validate {folder}\n  sysplay run {folder} --persona coalition_builder")
    return 0


def _cmd_run(args: argparse.Namespace) -> int:
    from sysplay.playthroughs.run import run_headless

    return run_headless(args.pack, seed=args.seed, persona=args.persona, choices=args.choices, save=args.save,
                        out=sys.stdout)


def _cmd_play(args: argparse.Namespace) -> int:
    from sysplay.textplay import play_text

    return play_text(args.pack, seed=args.seed)


_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "packs": _cmd_packs, "validate": _cmd_validate, "schema": _cmd_schema, "new": _cmd_new,
    "run": _cmd_run, "play": _cmd_play,
}
