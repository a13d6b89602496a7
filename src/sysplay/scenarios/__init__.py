"""sysplay.scenarios."""
