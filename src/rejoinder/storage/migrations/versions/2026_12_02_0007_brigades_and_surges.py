"""brigades and surges: story alerts, each comment's network key

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02

Expand only: a new table, and a nullable column the previous release never reads. Comments
written before it have no network key; they still count towards a surge of new authors.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "story_alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("is_open", sa.Boolean(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("held", sa.Integer(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("cleared_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cleared_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["cleared_by_id"],
            ["accounts.id"],
            name=op.f("fk_story_alerts_cleared_by_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["sites.id"],
            name=op.f("fk_story_alerts_site_id_sites"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["stories.id"],
            name=op.f("fk_story_alerts_story_id_stories"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_story_alerts")),
        sa.UniqueConstraint("story_id", name=op.f("uq_story_alerts_story_id")),
    )
    op.create_index(
        "ix_story_alerts_site_open",
        "story_alerts",
        ["site_id", "is_open", "last_seen_at"],
        unique=False,
    )
    # Plain ADD COLUMN and CREATE INDEX: no batch copy of `comments` on SQLite.
    op.add_column("comments", sa.Column("network_key", sa.String(length=64), nullable=True))
    op.create_index(
        "ix_comments_story_recent", "comments", ["story_id", "created_at"], unique=False
    )


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite 3.35+), never a batch copy of `comments`: on SQLite a copy drops
    # the old table, and its ON DELETE CASCADE would empty the tables that refer to it.
    op.drop_index("ix_comments_story_recent", table_name="comments")
    op.drop_column("comments", "network_key")
    op.drop_index("ix_story_alerts_site_open", table_name="story_alerts")
    op.drop_table("story_alerts")
