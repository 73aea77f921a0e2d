"""Importers and exporters: turn outside formats into service calls and back."""
