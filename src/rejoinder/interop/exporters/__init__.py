"""Export formats: a site's discussions (domain/exported.py) written to a stream."""
