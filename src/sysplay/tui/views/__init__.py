"""View modules: what a screen shows, built from the game or a debrief as Textual Content (no widgets)."""
