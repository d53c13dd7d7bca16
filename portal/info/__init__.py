"""Public information pages (issue 8): accessibility statement, privacy statement and help."""
