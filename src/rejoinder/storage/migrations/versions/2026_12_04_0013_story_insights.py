"""discussion insight: a story's last computed insight (issue 18)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04

Expand only: one new table the previous release never reads. `story_insights` keeps, per story,
the insight the `insight.story` job last computed (viewpoints, temperature, questions, inferred
replies: the API's JSON), the story version and comment count it was computed from, and the
comments a moderator hung under an inferred parent. Downgrade drops it: the next job or request
computes the insight again (accepted replies keep their parent; only the page then no longer
counts as flat, so no more replies are inferred on it).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "story_insights",
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("comment_count", sa.Integer(), nullable=False),
        sa.Column("story_version", sa.Integer(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("accepted_ids", sa.JSON(), nullable=False),
        _fk("story_insights", "story_id", "stories"),
        _fk("story_insights", "site_id", "sites"),
        sa.PrimaryKeyConstraint("story_id", name=op.f("pk_story_insights")),
    )


def downgrade() -> None:
    op.drop_table("story_insights")
