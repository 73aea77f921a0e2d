"""Metrics and fairness checks for the moderation models, in numpy only."""
