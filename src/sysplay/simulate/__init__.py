"""sysplay.simulate."""
