"""Insights: the seed report's numbers, live, computed in SQL from the workflow events."""
