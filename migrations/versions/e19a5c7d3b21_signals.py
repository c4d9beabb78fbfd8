"""early warning: signal buckets, customers behind them, topics, rules, warnings

Revision ID: e19a5c7d3b21
Revises: e7a2c4b9d1f3
Create Date: 2026-12-02 16:40:00

"""
import sqlalchemy as sa
from alembic import op

import gateway.store.db

revision = "e19a5c7d3b21"
down_revision = "e7a2c4b9d1f3"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
When = gateway.store.db.UTCDateTime(timezone=True)


def upgrade():
    op.create_table(
        "signal_buckets",
        sa.Column("topic", sa.String(length=100), nullable=False),
        sa.Column("bucket", sa.Integer(), nullable=False),
        sa.Column("count", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("topic", "bucket", name="pk_signal_buckets"),
    )
    op.create_index("ix_signal_buckets_bucket", "signal_buckets", ["bucket"])
    op.create_table(
        "signal_customers",
        sa.Column("topic", sa.String(length=100), nullable=False),
        sa.Column("bucket", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("topic", "bucket", "customer_id", name="pk_signal_customers"),
    )
    op.create_table(
        "signal_topics",
        sa.Column("topic", sa.String(length=100), nullable=False),
        sa.Column("first_bucket", sa.Integer(), nullable=False),
        sa.Column("last_bucket", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("topic", name="pk_signal_topics"),
    )
    op.create_table(
        "signal_rules",
        sa.Column("id", BigId, nullable=False),
        sa.Column("topic", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("rule", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", When, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_signal_rules"),
        sa.UniqueConstraint("topic", "version", name="uq_signal_rules_topic"),
    )
    op.create_table(
        "signal_warnings",
        sa.Column("id", BigId, nullable=False),
        sa.Column("topic", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("rule_version", sa.Integer(), nullable=False),
        sa.Column("first_signal_at", When, nullable=False),
        sa.Column("opened_at", When, nullable=False),
        sa.Column("closed_at", When, nullable=True),
        sa.Column("observed", sa.BigInteger(), nullable=False),
        sa.Column("expected", sa.Float(), nullable=True),
        sa.Column("ratio", sa.Float(), nullable=True),
        sa.Column("p_value", sa.Float(), nullable=True),
        sa.Column("peak_observed", sa.BigInteger(), nullable=False),
        sa.Column("normal_since", When, nullable=True),
        sa.Column("draft", sa.JSON(), nullable=False),
        sa.Column("incident_id", BigId, nullable=True),
        sa.Column("incident_created_at", When, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_signal_warnings"),
    )
    op.create_index("ix_signal_warnings_topic", "signal_warnings", ["topic"])
    op.create_index("ix_signal_warnings_status_opened", "signal_warnings", ["status", "opened_at"])
    op.create_index("uq_signal_warnings_open_topic", "signal_warnings", ["topic"], unique=True,
                    sqlite_where=sa.text("status = 'open'"),
                    postgresql_where=sa.text("status = 'open'"))


def downgrade():
    op.drop_table("signal_warnings")
    op.drop_table("signal_rules")
    op.drop_table("signal_topics")
    op.drop_table("signal_customers")
    op.drop_index("ix_signal_buckets_bucket", table_name="signal_buckets")
    op.drop_table("signal_buckets")
