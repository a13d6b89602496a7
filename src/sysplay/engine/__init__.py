"""sysplay.engine."""
