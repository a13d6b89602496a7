"""``python -m sysplay.tui [--save-dir DIR]``: the full-screen game's title screen (what ``sysplay serve`` runs)."""

from __future__ import annotations

import argparse
from pathlib import Path

from sysplay.tui.app import run_app


def main() -> int:
    """Run the title screen."""
    p = argparse.ArgumentParser(prog="python -m sysplay.tui")
    p.add_argument("--save-dir", type=Path, default=None)
    args = p.parse_args()
    return run_app(save_dir=args.save_dir)


if __name__ == "__main__":
    raise SystemExit(main())
