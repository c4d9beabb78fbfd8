"""incident status index partial: on PostgreSQL it holds only the statuses an incident's
rows are looked up by (waiting ones and misses), not those in the provider's hands

PostgreSQL writes an entry in every index of a row whose predicate the new row
matches on each status change (the update is not HOT: status is indexed). With
ix_deliveries_incident_status holding only queued, deferred, failed, bounced,
suppressed and canceled rows, the claim (`sending`) and the send job's outcome
UPDATE (`sent`) write one index entry less each, and a delivered or acknowledged
row none either. The lookups by incident and one of those statuses (can it still
be cancelled, the report's failure reasons, an update's queued rows) keep the
index; sending, sent, delivered and acked are most of a sent incident's rows, read
by the incident alone (the unique key's leading column). SQLite keeps the whole
index: it cannot match `status = 'queued'` to the predicate.

Revision ID: b4d6f8a0c2e5
Revises: c7e3a9d5b2f8
Create Date: 2026-12-05 23:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "b4d6f8a0c2e5"
down_revision = "c7e3a9d5b2f8"
branch_labels = None
depends_on = None

BY_INCIDENT = sa.text(
    "status IN ('queued', 'deferred', 'failed', 'bounced', 'suppressed', 'canceled')")


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return  # the same index there
    op.drop_index("ix_deliveries_incident_status", table_name="deliveries")
    op.create_index("ix_deliveries_incident_status", "deliveries", ["incident_id", "status"],
                    postgresql_where=BY_INCIDENT)


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index("ix_deliveries_incident_status", table_name="deliveries")
    op.create_index("ix_deliveries_incident_status", "deliveries", ["incident_id", "status"])
