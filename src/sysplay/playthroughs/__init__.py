"""sysplay.playthroughs."""
