"""reply notifications: subscriptions, recipients, waiting replies, mails sent, account settings

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03

Expand only: new tables that the previous release never reads. They hold no address (only keyed
hashes, docs/notifications.md). Downgrade drops them: readers who asked for replies stop
getting them, and guests would have to confirm their addresses again.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete="CASCADE",
    )


def _when(name: str, nullable: bool = True) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "reply_subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("recipient_key", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        _when("created_at", nullable=False),
        _when("stopped_at"),
        _fk("reply_subscriptions", "site_id", "sites"),
        _fk("reply_subscriptions", "comment_id", "comments"),
        _fk("reply_subscriptions", "account_id", "accounts"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reply_subscriptions")),
        sa.UniqueConstraint("comment_id", name=op.f("uq_reply_subscriptions_comment_id")),
    )
    op.create_index("ix_reply_subscriptions_site_id", "reply_subscriptions", ["site_id"])
    op.create_table(
        "notification_recipients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("recipient_key", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        _when("confirmed_at"),
        _when("confirmation_sent_at"),
        _when("stopped_at"),
        _when("created_at", nullable=False),
        _fk("notification_recipients", "site_id", "sites"),
        _fk("notification_recipients", "account_id", "accounts"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_recipients")),
        sa.UniqueConstraint(
            "site_id",
            "recipient_key",
            name=op.f("uq_notification_recipients_site_id_recipient_key"),
        ),
    )
    op.create_table(
        "reply_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("reply_id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.Boolean(), nullable=False),
        _when("created_at", nullable=False),
        _when("mailed_at"),
        _fk("reply_notices", "recipient_id", "notification_recipients"),
        _fk("reply_notices", "subscription_id", "reply_subscriptions"),
        _fk("reply_notices", "reply_id", "comments"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reply_notices")),
        sa.UniqueConstraint(
            "subscription_id", "reply_id", name=op.f("uq_reply_notices_subscription_id_reply_id")
        ),
    )
    op.create_index(
        "ix_reply_notices_recipient_id_mailed_at", "reply_notices", ["recipient_id", "mailed_at"]
    )
    op.create_table(
        "notification_mails",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        _when("sent_at", nullable=False),
        _fk("notification_mails", "recipient_id", "notification_recipients"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_mails")),
    )
    op.create_index(
        "ix_notification_mails_recipient_id_sent_at",
        "notification_mails",
        ["recipient_id", "sent_at"],
    )
    op.create_table(
        "notification_settings",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("reply_notifications", sa.String(length=8), nullable=False),
        _when("updated_at", nullable=False),
        _fk("notification_settings", "account_id", "accounts"),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_notification_settings")),
    )


def downgrade() -> None:
    op.drop_table("notification_settings")
    op.drop_table("notification_mails")
    op.drop_table("reply_notices")
    op.drop_table("notification_recipients")
    op.drop_table("reply_subscriptions")
