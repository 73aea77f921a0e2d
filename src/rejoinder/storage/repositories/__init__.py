"""Repositories: every SQL statement of the project lives in this package.

Repositories flush but never commit: the request's or job's session does.
"""
