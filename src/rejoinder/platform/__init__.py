"""Mechanisms behind the Protocols of `domain/interfaces.py`: how, not what (architecture.md)."""
