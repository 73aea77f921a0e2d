"""Text as the accurate (transformer) model sees it, shared by training and run time."""

from __future__ import annotations

from rejoinder.moderation.text import WORD_PATTERN, deobfuscate, normalise

# BERT's own mask token: the network reads it as "some word here", so a masked identity term
# leaves the sentence grammatical without naming the group.
MASK = "[MASK]"


def prepare(text: str, masked_terms: frozenset[str]) -> str:
    """Normalised, undisguised text with identity terms masked, as for the linear model."""
    return WORD_PATTERN.sub(
        lambda match: MASK if match.group(0) in masked_terms else match.group(0),
        deobfuscate(normalise(text)),
    )
