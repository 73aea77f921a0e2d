"""The moderator workspace under `/admin/` (issue 12): server-rendered pages with htmx.

Pages call the same services as the API, never repositories. Each feature is a module with its
own router, gathered in `routes.py`; this package itself imports nothing, so that `common` (the
error pages every answer may need) loads without the pages.
"""
