"""per-site calibration learnt from the newsroom's own decisions: the site_models table

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02

Expand only: one new table that the previous release never reads. Downgrade drops it (the
learnt versions go; comments keep `moderation.site_model` in their JSON, which nothing older
reads either).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "site_models",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("base_model", sa.String(length=32), nullable=False),
        sa.Column("decisions_through", sa.Integer(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("weights", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("activated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_site_models_site_id_sites"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_models")),
        sa.UniqueConstraint("site_id", "version", name=op.f("uq_site_models_site_id_version")),
    )
    # At most one active version per site (the lookup on the posting path reads it).
    op.create_index(
        "ix_site_models_one_active",
        "site_models",
        ["site_id"],
        unique=True,
        sqlite_where=sa.text("status = 'active'"),
        postgresql_where=sa.text("status = 'active'"),
    )


def downgrade() -> None:
    # A plain drop (the index goes with its table): no batch copy of any table.
    op.drop_table("site_models")
