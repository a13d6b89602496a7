"""Allow ``python -m sysplay``."""

from sysplay.cli import main

raise SystemExit(main())
