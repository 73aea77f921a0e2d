"""Built-in phases. Importing this package registers each of them by name."""

from rejoinder.moderation.phases import (
    basic,
    external,
    history,
    links,
    model,
    similarity,
    surge,
    words,
)

__all__ = ["basic", "external", "history", "links", "model", "similarity", "surge", "words"]
