"""Importers, one module per source format."""
