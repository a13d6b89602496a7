"""Full screens: title, briefing, play, resolution, ending and debrief."""
