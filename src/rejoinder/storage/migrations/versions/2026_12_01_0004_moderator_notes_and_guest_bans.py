"""moderator notes as a list, guest bans, sso identities by account, one install-wide state

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01

Expand/contract: `user_states.note` stays (and keeps receiving the latest note) for one release,
so the previous release still works against this schema; a later migration drops it.

The unique index on `user_states (account_id, site_id)` treats NULLs as distinct, so two admins
deciding at once could give a reader two install-wide states; they are merged into the strictest
(what `services/standing.combine` enforced anyway) before a partial unique index prevents more.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Each state's single note becomes the first note of its list; who wrote it was never kept.
COPY_NOTES = """
INSERT INTO moderator_notes (account_id, site_id, author_id, text, created_at)
SELECT account_id, site_id, NULL, note, updated_at FROM user_states WHERE note <> ''
"""

# Duplicated install-wide states (site_id NULL) become their account's first one, made the
# strictest of them; their notes were all copied to `moderator_notes` above.
MERGE_INSTALL_WIDE = """
UPDATE user_states SET
    banned = EXISTS (SELECT 1 FROM user_states d WHERE d.account_id = user_states.account_id
                     AND d.site_id IS NULL AND d.banned),
    premoderated = EXISTS (SELECT 1 FROM user_states d WHERE d.account_id = user_states.account_id
                           AND d.site_id IS NULL AND d.premoderated),
    suspended_until = (SELECT MAX(d.suspended_until) FROM user_states d
                       WHERE d.account_id = user_states.account_id AND d.site_id IS NULL),
    note = (SELECT d.note FROM user_states d
            WHERE d.account_id = user_states.account_id AND d.site_id IS NULL
            ORDER BY d.updated_at DESC, d.id DESC LIMIT 1),
    updated_at = (SELECT MAX(d.updated_at) FROM user_states d
                  WHERE d.account_id = user_states.account_id AND d.site_id IS NULL)
WHERE id IN (SELECT MIN(id) FROM user_states WHERE site_id IS NULL
             GROUP BY account_id HAVING COUNT(*) > 1)
"""
DROP_INSTALL_WIDE_DUPLICATES = """
DELETE FROM user_states WHERE site_id IS NULL
AND id NOT IN (SELECT MIN(id) FROM user_states WHERE site_id IS NULL GROUP BY account_id)
"""


def upgrade() -> None:
    op.create_table(
        "moderator_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_moderator_notes_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["accounts.id"],
            name=op.f("fk_moderator_notes_author_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["sites.id"],
            name=op.f("fk_moderator_notes_site_id_sites"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderator_notes")),
    )
    with op.batch_alter_table("moderator_notes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_moderator_notes_account_site", ["account_id", "site_id", "created_at"], unique=False
        )
    op.execute(COPY_NOTES)
    op.execute(MERGE_INSTALL_WIDE)
    op.execute(DROP_INSTALL_WIDE_DUPLICATES)
    with op.batch_alter_table("user_states", schema=None) as batch_op:
        batch_op.create_index(
            "ix_user_states_account_everywhere",
            ["account_id"],
            unique=True,
            sqlite_where=sa.text("site_id IS NULL"),
            postgresql_where=sa.text("site_id IS NULL"),
        )

    op.create_table(
        "guest_bans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("author_key", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["comments.id"],
            name=op.f("fk_guest_bans_comment_id_comments"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["accounts.id"],
            name=op.f("fk_guest_bans_created_by_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_guest_bans_site_id_sites"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guest_bans")),
        sa.UniqueConstraint("site_id", "author_key", name=op.f("uq_guest_bans_site_id_author_key")),
    )
    # Is this author one the site's single sign-on made (spared the new-account hold)?
    with op.batch_alter_table("sso_identities", schema=None) as batch_op:
        batch_op.create_index(
            "ix_sso_identities_account_site", ["account_id", "site_id"], unique=False
        )


def downgrade() -> None:
    # `user_states.note` still holds each state's latest note, so nothing is lost but the older
    # notes and their authors.
    with op.batch_alter_table("sso_identities", schema=None) as batch_op:
        batch_op.drop_index("ix_sso_identities_account_site")
    op.drop_table("guest_bans")
    with op.batch_alter_table("user_states", schema=None) as batch_op:
        batch_op.drop_index("ix_user_states_account_everywhere")
    with op.batch_alter_table("moderator_notes", schema=None) as batch_op:
        batch_op.drop_index("ix_moderator_notes_account_site")
    op.drop_table("moderator_notes")
