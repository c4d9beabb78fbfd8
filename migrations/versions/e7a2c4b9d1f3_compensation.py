"""compensation: versioned policies, the policy an incident pinned, the ledger

Revision ID: e7a2c4b9d1f3
Revises: 2225d0b1b676
Create Date: 2026-12-02 16:40:00

"""
import sqlalchemy as sa
from alembic import op

import gateway.store.db

revision = "e7a2c4b9d1f3"
down_revision = "2225d0b1b676"
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade():
    op.create_table(
        "compensation_policies",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", gateway.store.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_compensation_policies")),
        sa.UniqueConstraint("name", "version",
                            name=op.f("uq_compensation_policies_name_version")),
    )
    op.create_table(
        "incident_compensation",
        sa.Column("incident_id", BIG_ID, nullable=False),
        sa.Column("policy_id", BIG_ID, nullable=False),
        sa.Column("impact_hours", sa.String(length=20), nullable=True),
        sa.Column("quote", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["incident_id"], ["incidents.id"], ondelete="CASCADE",
                                name=op.f("fk_incident_compensation_incident_id_incidents")),
        sa.ForeignKeyConstraint(
            ["policy_id"], ["compensation_policies.id"],
            name=op.f("fk_incident_compensation_policy_id_compensation_policies")),
        sa.PrimaryKeyConstraint("incident_id", name=op.f("pk_incident_compensation")),
    )
    op.create_table(
        "compensation_ledger",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("incident_id", BIG_ID, nullable=False),
        sa.Column("customer_id", BIG_ID, nullable=False),
        sa.Column("policy_id", BIG_ID, nullable=False),
        sa.Column("amount_units", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("basis", sa.String(length=20), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("promised_at", gateway.store.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("overdue_at", gateway.store.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("new_due_date", sa.Date(), nullable=True),
        sa.Column("paid_at", gateway.store.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("paid_on_time", sa.Boolean(), nullable=True),
        sa.Column("reference", sa.String(length=200), nullable=True),
        sa.Column("canceled_at", gateway.store.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("updated_at", gateway.store.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["incident_id"], ["incidents.id"],
                                name=op.f("fk_compensation_ledger_incident_id_incidents")),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"],
                                name=op.f("fk_compensation_ledger_customer_id_customers")),
        sa.ForeignKeyConstraint(
            ["policy_id"], ["compensation_policies.id"],
            name=op.f("fk_compensation_ledger_policy_id_compensation_policies")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_compensation_ledger")),
        sa.UniqueConstraint("incident_id", "customer_id",
                            name=op.f("uq_compensation_ledger_incident_id_customer_id")),
    )
    op.create_index("ix_compensation_ledger_status_due", "compensation_ledger",
                    ["status", "due_date"], unique=False)


def downgrade():
    op.drop_index("ix_compensation_ledger_status_due", table_name="compensation_ledger")
    op.drop_table("compensation_ledger")
    op.drop_table("incident_compensation")
    op.drop_table("compensation_policies")
