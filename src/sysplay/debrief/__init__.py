"""sysplay.debrief."""
