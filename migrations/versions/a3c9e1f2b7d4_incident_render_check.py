"""incident render check: problems found by test-rendering before dispatch

Revision ID: a3c9e1f2b7d4
Revises: 7d1bb5628d97
Create Date: 2026-11-23 16:10:00

"""
import sqlalchemy as sa
from alembic import op

revision = "a3c9e1f2b7d4"
down_revision = "7d1bb5628d97"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("render_check", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_column("render_check")
