"""partial delivery indexes: complaint and provider-id indexes hold only rows that have them

PostgreSQL writes every index of a row on each status change (the update is
not HOT), and an incident's deliveries have no complaint id and, until sent,
no provider message id. Uniqueness and lookups by value are unchanged.

Revision ID: 5e7c1b9d2f40
Revises: 4b8e2f6c1a93
Create Date: 2026-12-03 19:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "5e7c1b9d2f40"
down_revision = "4b8e2f6c1a93"
branch_labels = None
depends_on = None


def _where(column):
    where = sa.text(f"{column} IS NOT NULL")
    return {"postgresql_where": where, "sqlite_where": where}


def upgrade():
    with op.batch_alter_table("deliveries") as batch_op:
        batch_op.drop_constraint("uq_deliveries_complaint_id_message", type_="unique")
    op.drop_index("ix_deliveries_provider_message_id", table_name="deliveries")
    op.create_index("uq_deliveries_complaint_id_message", "deliveries",
                    ["complaint_id", "message"], unique=True, **_where("complaint_id"))
    op.create_index("ix_deliveries_provider_message_id", "deliveries",
                    ["provider_message_id"], **_where("provider_message_id"))


def downgrade():
    op.drop_index("ix_deliveries_provider_message_id", table_name="deliveries")
    op.drop_index("uq_deliveries_complaint_id_message", table_name="deliveries")
    op.create_index("ix_deliveries_provider_message_id", "deliveries", ["provider_message_id"])
    with op.batch_alter_table("deliveries") as batch_op:
        batch_op.create_unique_constraint("uq_deliveries_complaint_id_message",
                                          ["complaint_id", "message"])
