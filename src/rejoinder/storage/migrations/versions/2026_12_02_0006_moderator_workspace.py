"""the moderator workspace: audit log, DSA statements, guest notes and pre-moderation, staff
identities from an OIDC provider, featured comments, queue risk, DSA notice fields on reports

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02

Expand only: new tables, and new columns with defaults the previous release never reads.
Existing comments start with risk 0; the queue still lists them (by time among equals).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("actor_account_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=80), nullable=False),
        sa.Column("action", sa.String(length=48), nullable=False),
        sa.Column("target_type", sa.String(length=24), nullable=False),
        sa.Column("target_id", sa.String(length=64), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_account_id"],
            ["accounts.id"],
            name=op.f("fk_audit_entries_actor_account_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["sites.id"],
            name=op.f("fk_audit_entries_site_id_sites"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entries")),
    )
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_audit_entries_site_action", ["site_id", "action", "created_at"], unique=False
        )
        batch_op.create_index(
            "ix_audit_entries_site_created", ["site_id", "created_at", "id"], unique=False
        )

    op.create_table(
        "guest_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("author_key", sa.String(length=64), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["accounts.id"],
            name=op.f("fk_guest_notes_author_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_guest_notes_site_id_sites"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guest_notes")),
    )
    with op.batch_alter_table("guest_notes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_guest_notes_site_key", ["site_id", "author_key", "created_at"], unique=False
        )

    op.create_table(
        "guest_premoderations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("author_key", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["accounts.id"],
            name=op.f("fk_guest_premoderations_created_by_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["sites.id"],
            name=op.f("fk_guest_premoderations_site_id_sites"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guest_premoderations")),
        sa.UniqueConstraint(
            "site_id", "author_key", name=op.f("uq_guest_premoderations_site_id_author_key")
        ),
    )
    op.create_table(
        "staff_identities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issuer", sa.String(length=300), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_staff_identities_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_identities")),
        sa.UniqueConstraint("issuer", "subject", name=op.f("uq_staff_identities_issuer_subject")),
    )
    op.create_table(
        "dsa_statements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=True),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.Column("puid", sa.String(length=500), nullable=False),
        sa.Column("statement", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["comments.id"],
            name=op.f("fk_dsa_statements_comment_id_comments"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["moderation_decisions.id"],
            name=op.f("fk_dsa_statements_decision_id_moderation_decisions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["sites.id"],
            name=op.f("fk_dsa_statements_site_id_sites"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dsa_statements")),
        sa.UniqueConstraint("puid", name=op.f("uq_dsa_statements_puid")),
    )
    with op.batch_alter_table("dsa_statements", schema=None) as batch_op:
        batch_op.create_index(
            "ix_dsa_statements_site_created", ["site_id", "created_at", "id"], unique=False
        )

    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=8), nullable=True))

    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("featured_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("risk", sa.Float(), nullable=False, server_default="0"))
        batch_op.create_index(
            "ix_comments_site_status_risk", ["site_id", "status", "risk", "id"], unique=False
        )

    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("legal_ground", sa.String(length=300), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("reporter_email", sa.String(length=320), nullable=True))
        batch_op.add_column(
            sa.Column("reporter_email_confirmed_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("reporter_language", sa.String(length=8), nullable=True))


# Columns go with a plain DROP COLUMN (SQLite 3.35+ has it), never a batch copy of the table: on
# SQLite a copy drops the old table, and its ON DELETE CASCADE would empty every table that refers
# to it (user states, notes, sessions, comments), losing what the older schema still holds.
DROPPED_COLUMNS = {
    "reports": (
        "reporter_language",
        "reporter_email_confirmed_at",
        "reporter_email",
        "legal_ground",
    ),
    "comments": ("risk", "featured_at"),
    "accounts": ("language",),
}


def downgrade() -> None:
    op.drop_index("ix_comments_site_status_risk", table_name="comments")
    for table, columns in DROPPED_COLUMNS.items():
        for column in columns:
            op.drop_column(table, column)

    with op.batch_alter_table("dsa_statements", schema=None) as batch_op:
        batch_op.drop_index("ix_dsa_statements_site_created")

    op.drop_table("dsa_statements")
    op.drop_table("staff_identities")
    op.drop_table("guest_premoderations")
    with op.batch_alter_table("guest_notes", schema=None) as batch_op:
        batch_op.drop_index("ix_guest_notes_site_key")

    op.drop_table("guest_notes")
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_entries_site_created")
        batch_op.drop_index("ix_audit_entries_site_action")

    op.drop_table("audit_entries")
