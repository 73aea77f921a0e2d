"""Persistence: models, repositories (all SQL lives there) and migrations."""
