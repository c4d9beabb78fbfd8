"""incident edits: who last edited a pending incident, and when

Revision ID: c5d8e2a4f6b1
Revises: a3c9e1f2b7d4
Create Date: 2026-11-24 10:00:00

"""
import sqlalchemy as sa
from alembic import op

import gateway.store.db

revision = "c5d8e2a4f6b1"
down_revision = "a3c9e1f2b7d4"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("edited_by_key_id", sa.BigInteger().with_variant(
            sa.Integer(), "sqlite"), nullable=True))
        batch_op.add_column(sa.Column("edited_by", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("edited_at", gateway.store.db.UTCDateTime(timezone=True),
                                      nullable=True))
        batch_op.create_foreign_key("fk_incidents_edited_by_key_id_api_keys", "api_keys",
                                    ["edited_by_key_id"], ["id"])


def downgrade():
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_constraint("fk_incidents_edited_by_key_id_api_keys", type_="foreignkey")
        batch_op.drop_column("edited_at")
        batch_op.drop_column("edited_by")
        batch_op.drop_column("edited_by_key_id")
