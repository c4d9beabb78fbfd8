"""staff alerts: one row per alert and destination (webhook, on-call email)

Revision ID: f19b2d4e6a80
Revises: e19a5c7d3b21
Create Date: 2026-12-02 17:10:00

"""
import sqlalchemy as sa
from alembic import op

import gateway.store.db

revision = "f19b2d4e6a80"
down_revision = "e19a5c7d3b21"
branch_labels = None
depends_on = None

When = gateway.store.db.UTCDateTime(timezone=True)


def upgrade():
    op.create_table(
        "staff_alerts",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("ref", sa.String(length=100), nullable=False),
        sa.Column("target", sa.String(length=320), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_try_at", When, nullable=False),
        sa.Column("sent_at", When, nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", When, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_staff_alerts"),
    )
    op.create_index("ix_staff_alerts_status_next_try", "staff_alerts", ["status", "next_try_at"])


def downgrade():
    op.drop_index("ix_staff_alerts_status_next_try", table_name="staff_alerts")
    op.drop_table("staff_alerts")
