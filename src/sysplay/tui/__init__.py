"""sysplay.tui."""
