"""Scheduled work (`flask jobs run`): contract-end prompts, deadline reminders and escalations.

Every piece of work has a unique key in the database and runs in its own transaction, so the
job is safe to run every few minutes, and from two machines at once.
"""
