"""ORM models, one file per aggregate; importing this module registers them all."""

from rejoinder.storage.models.account import Account
from rejoinder.storage.models.api_token import ApiToken
from rejoinder.storage.models.audit_entry import AuditEntry
from rejoinder.storage.models.auth_session import AuthSession
from rejoinder.storage.models.base import Base
from rejoinder.storage.models.comment import Comment
from rejoinder.storage.models.decision import ModerationDecision
from rejoinder.storage.models.dsa_statement import DsaStatement
from rejoinder.storage.models.email_token import EmailToken
from rejoinder.storage.models.guest_ban import GuestBan
from rejoinder.storage.models.guest_standing import GuestNote, GuestPremoderation
from rejoinder.storage.models.inbox import InboxItem
from rejoinder.storage.models.insight import StoryInsight
from rejoinder.storage.models.job import Job
from rejoinder.storage.models.moderator_note import ModeratorNote
from rejoinder.storage.models.mute import Mute
from rejoinder.storage.models.outbox import OutboxEvent
from rejoinder.storage.models.queue_alert import QueueAlert
from rejoinder.storage.models.reaction import Reaction
from rejoinder.storage.models.reply_notification import (
    NotificationMail,
    NotificationRecipient,
    NotificationSetting,
    ReplyNotice,
    ReplySubscription,
)
from rejoinder.storage.models.report import Report
from rejoinder.storage.models.site import Site
from rejoinder.storage.models.site_model import SiteModel
from rejoinder.storage.models.site_role import SiteRole
from rejoinder.storage.models.sso_identity import SsoIdentity
from rejoinder.storage.models.staff_identity import StaffIdentity
from rejoinder.storage.models.story import Story
from rejoinder.storage.models.story_alert import StoryAlert
from rejoinder.storage.models.user_state import UserState
from rejoinder.storage.models.webhook import WebhookDelivery, WebhookEndpoint

__all__ = [
    "Account",
    "ApiToken",
    "AuditEntry",
    "AuthSession",
    "Base",
    "Comment",
    "DsaStatement",
    "EmailToken",
    "GuestBan",
    "GuestNote",
    "GuestPremoderation",
    "InboxItem",
    "Job",
    "ModerationDecision",
    "ModeratorNote",
    "Mute",
    "NotificationMail",
    "NotificationRecipient",
    "NotificationSetting",
    "OutboxEvent",
    "QueueAlert",
    "Reaction",
    "ReplyNotice",
    "ReplySubscription",
    "Report",
    "Site",
    "SiteModel",
    "SiteRole",
    "SsoIdentity",
    "StaffIdentity",
    "Story",
    "StoryAlert",
    "StoryInsight",
    "UserState",
    "WebhookDelivery",
    "WebhookEndpoint",
]
