"""audience snapshot in chunks: an incident that goes out at once is counted at
intake (horizon and locales kept) and its snapshot written by expansion (the
first chunk by the POST itself)

Revision ID: 8a4f2c6e1d37
Revises: 5e7c1b9d2f40
Create Date: 2026-12-04 05:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "8a4f2c6e1d37"
down_revision = "5e7c1b9d2f40"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("audience_through", sa.BigInteger().with_variant(
            sa.Integer(), "sqlite"), nullable=True))
        batch_op.add_column(sa.Column("audience_locales", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("snapshot_pending", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column("expanded_through", sa.BigInteger().with_variant(
            sa.Integer(), "sqlite"), nullable=True))


def downgrade():
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_column("expanded_through")
        batch_op.drop_column("snapshot_pending")
        batch_op.drop_column("audience_locales")
        batch_op.drop_column("audience_through")
