"""live customers by locale: the intake's grouped COUNT reads an index, not the table

`count_criteria` counts an audience by locale up to its horizon before the
202; with this partial (locale, id) index PostgreSQL answers it by an
index-only scan of the index (a vacuumed table) and SQLite by a scan of the
index in locale order, instead of a table scan and a sort.

Revision ID: 9c3e5a7b1f24
Revises: 8a4f2c6e1d37
Create Date: 2026-12-04 10:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = "9c3e5a7b1f24"
down_revision = "8a4f2c6e1d37"
branch_labels = None
depends_on = None


def upgrade():
    live = sa.text("erased_at IS NULL")
    op.create_index("ix_customers_live_locale", "customers", ["locale", "id"],
                    postgresql_where=live, sqlite_where=live)


def downgrade():
    op.drop_index("ix_customers_live_locale", table_name="customers")
