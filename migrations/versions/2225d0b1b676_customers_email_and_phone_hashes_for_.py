"""customers: email and phone hashes for exact search

Revision ID: 2225d0b1b676
Revises: b9c2d54be8c1
Create Date: 2026-12-02 16:48:12.788398

"""
import hashlib

from alembic import op
import sqlalchemy as sa

import gateway.store.db  # noqa: F401 - custom column types


# revision identifiers, used by Alembic.
revision = '2225d0b1b676'
down_revision = 'b9c2d54be8c1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('phone_hash', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_customers_email_hash'), ['email_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_customers_phone_hash'), ['phone_hash'], unique=False)

    # Existing customers get their hashes (the same as gateway.domain.customers.lookup_hashes).
    conn = op.get_bind()
    rows = conn.execute(sa.text(
        "SELECT id, email, phone FROM customers WHERE erased_at IS NULL "
        "AND (email IS NOT NULL OR phone IS NOT NULL)")).all()
    for row in rows:
        conn.execute(sa.text("UPDATE customers SET email_hash = :e, phone_hash = :p WHERE id = :i"),
                     {"i": row.id, "e": _hash("email", row.email), "p": _hash("sms", row.phone)})


def _hash(channel, address):
    if not address:
        return None
    normal = address.strip().lower() if channel == "email" else address.strip()
    return hashlib.sha256(f"{channel}:{normal}".encode()).hexdigest()


def downgrade():
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_customers_phone_hash'))
        batch_op.drop_index(batch_op.f('ix_customers_email_hash'))
        batch_op.drop_column('phone_hash')
        batch_op.drop_column('email_hash')

