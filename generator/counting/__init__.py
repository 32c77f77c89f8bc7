"""Counting and reporting: published examples against the plan's targets."""
