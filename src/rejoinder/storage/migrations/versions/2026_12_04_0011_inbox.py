"""the in-page inbox of signed-in readers, moderation-outcome mail and queue alerts (issue 16)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04

Expand only: two new tables the previous release never reads, and one nullable column it
ignores. `inbox_items` holds a reader's notifications (docs/notifications.md#the-inbox);
`queue_alerts` remembers when a site's queue last alerted its moderators;
`notification_recipients.outcomes_stopped_at` is "no more moderation-outcome mail" for a
recipient on a site. Downgrade drops them: readers lose their inbox, and a recipient who stopped
outcome mail would get it again.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
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
        "inbox_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.Column("cause_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=48), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        _when("created_at", nullable=False),
        _when("read_at"),
        _fk("inbox_items", "account_id", "accounts"),
        _fk("inbox_items", "site_id", "sites"),
        _fk("inbox_items", "comment_id", "comments"),
        _fk("inbox_items", "cause_id", "comments"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_items")),
        sa.UniqueConstraint("account_id", "source", name=op.f("uq_inbox_items_account_id_source")),
    )
    op.create_index(
        "ix_inbox_items_account_id_site_id_created_at_id",
        "inbox_items",
        ["account_id", "site_id", "created_at", "id"],
    )
    op.create_index("ix_inbox_items_created_at", "inbox_items", ["created_at"])
    op.create_table(
        "queue_alerts",
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("queue", sa.String(length=16), nullable=False),
        _when("alerted_at", nullable=False),
        _when("cleared_at"),
        _fk("queue_alerts", "site_id", "sites"),
        sa.PrimaryKeyConstraint("site_id", "queue", name=op.f("pk_queue_alerts")),
    )
    with op.batch_alter_table("notification_recipients", schema=None) as batch_op:
        batch_op.add_column(sa.Column("outcomes_stopped_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    with op.batch_alter_table("notification_recipients", schema=None) as batch_op:
        batch_op.drop_column("outcomes_stopped_at")
    op.drop_table("queue_alerts")
    op.drop_index("ix_inbox_items_created_at", table_name="inbox_items")
    op.drop_index("ix_inbox_items_account_id_site_id_created_at_id", table_name="inbox_items")
    op.drop_table("inbox_items")
