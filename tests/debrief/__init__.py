"""Tests for the debrief: analysis, comparison, exports and the command."""
