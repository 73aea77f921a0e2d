"""a story's featured comments, for readers (issue 16)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04

Expand only: one partial index on the featured comments of a story (`featured_at`, which 0006
added, is not null), for the featured box of a first page and `?filter=featured`. The previous
release never reads it; downgrade drops it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

INDEX = "ix_comments_story_featured"


def upgrade() -> None:
    op.create_index(
        INDEX,
        "comments",
        ["story_id", "featured_at", "id"],
        sqlite_where=sa.text("featured_at IS NOT NULL"),
        postgresql_where=sa.text("featured_at IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index(INDEX, table_name="comments")
