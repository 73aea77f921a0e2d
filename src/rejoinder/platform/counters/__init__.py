"""Windowed counters for rate limits: in process memory, or in Redis shared by app servers."""
