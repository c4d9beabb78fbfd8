"""delivery leases: who holds a `sending` row and until when; possibly-sent marks

Revision ID: d13a7e5c2b90
Revises: f19b2d4e6a80
Create Date: 2026-12-02 20:45:00

"""
import sqlalchemy as sa
from alembic import op

import gateway.store.db

revision = "d13a7e5c2b90"
down_revision = "f19b2d4e6a80"
branch_labels = None
depends_on = None

When = gateway.store.db.UTCDateTime(timezone=True)


def upgrade():
    with op.batch_alter_table("deliveries") as batch_op:
        batch_op.add_column(sa.Column("lease_holder", sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column("lease_until", When, nullable=True))
        batch_op.add_column(sa.Column("possibly_sent_at", When, nullable=True))
        batch_op.add_column(sa.Column("possibly_sent_cause", sa.String(length=10), nullable=True))


def downgrade():
    with op.batch_alter_table("deliveries") as batch_op:
        batch_op.drop_column("possibly_sent_cause")
        batch_op.drop_column("possibly_sent_at")
        batch_op.drop_column("lease_until")
        batch_op.drop_column("lease_holder")
