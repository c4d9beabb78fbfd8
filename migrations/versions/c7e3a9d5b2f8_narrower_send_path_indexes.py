"""narrower send-path indexes: PostgreSQL's status index holds only the statuses looked
up across incidents, and the provider event id's unique index only events that have one

PostgreSQL writes every index of a row on each status change (the update is not
HOT, a status index changes), and an index entry of every event. With
ix_deliveries_status_next_attempt holding only queued, deferred, sending, failed
and bounced rows on PostgreSQL, a row moved to `sent` writes no entry there (the
sweeps and the signals look up only those statuses; SQLite keeps the whole index:
it cannot match `status = 'queued'` to the predicate). The send path's events (two
a message) have no provider event id, and each was an entry of its unique index;
the webhooks' duplicates are still refused (ON CONFLICT DO NOTHING takes a partial
unique index as an arbiter too).

Revision ID: c7e3a9d5b2f8
Revises: 9c3e5a7b1f24
Create Date: 2026-12-05 10:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "c7e3a9d5b2f8"
down_revision = "9c3e5a7b1f24"
branch_labels = None
depends_on = None

LOOKED_UP = sa.text("status IN ('queued', 'deferred', 'sending', 'failed', 'bounced')")
HAS_ID = sa.text("provider_event_id IS NOT NULL")


def upgrade():
    op.drop_index("ix_deliveries_status_next_attempt", table_name="deliveries")
    op.create_index("ix_deliveries_status_next_attempt", "deliveries",
                    ["status", "next_attempt_at"], postgresql_where=LOOKED_UP)
    with op.batch_alter_table("delivery_events") as batch_op:
        batch_op.drop_constraint("uq_delivery_events_provider_event_id", type_="unique")
    op.create_index("uq_delivery_events_provider_event_id", "delivery_events",
                    ["provider_event_id"], unique=True, postgresql_where=HAS_ID,
                    sqlite_where=HAS_ID)


def downgrade():
    op.drop_index("uq_delivery_events_provider_event_id", table_name="delivery_events")
    with op.batch_alter_table("delivery_events") as batch_op:
        batch_op.create_unique_constraint("uq_delivery_events_provider_event_id",
                                          ["provider_event_id"])
    op.drop_index("ix_deliveries_status_next_attempt", table_name="deliveries")
    op.create_index("ix_deliveries_status_next_attempt", "deliveries",
                    ["status", "next_attempt_at"])
