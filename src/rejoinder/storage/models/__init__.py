"""ORM models, one file per aggregate; importing this module registers them all."""

from rejoinder.storage.models.account import Account
from rejoinder.storage.models.base import Base
from rejoinder.storage.models.comment import Comment
from rejoinder.storage.models.decision import ModerationDecision
from rejoinder.storage.models.reaction import Reaction
from rejoinder.storage.models.report import Report
from rejoinder.storage.models.site import Site
from rejoinder.storage.models.story import Story

__all__ = [
    "Account",
    "Base",
    "Comment",
    "ModerationDecision",
    "Reaction",
    "Report",
    "Site",
    "Story",
]
