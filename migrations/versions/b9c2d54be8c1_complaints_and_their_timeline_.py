"""complaints and their timeline; deliveries may belong to a complaint

Revision ID: b9c2d54be8c1
Revises: c5d8e2a4f6b1
Create Date: 2026-12-02 16:31:15.257518

"""
from alembic import op
import sqlalchemy as sa

import gateway.store.db  # noqa: F401 - custom column types


# revision identifiers, used by Alembic.
revision = 'b9c2d54be8c1'
down_revision = 'c5d8e2a4f6b1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('complaints',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('customer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('incident_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('reply_channel', sa.String(length=20), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('locale', sa.String(length=20), nullable=False),
    sa.Column('topic', sa.String(length=60), nullable=False),
    sa.Column('topic_source', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('owner', sa.String(length=100), nullable=True),
    sa.Column('received_at', gateway.store.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('first_contact_due', gateway.store.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('contact_due', gateway.store.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('acknowledged_at', gateway.store.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('first_contact_at', gateway.store.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('resolved_at', gateway.store.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_at', gateway.store.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('resolution', sa.Text(), nullable=True),
    sa.Column('offer', sa.Text(), nullable=True),
    sa.Column('warned_at', gateway.store.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('breached_at', gateway.store.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('survey_due_at', gateway.store.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('survey_message', sa.Integer(), nullable=True),
    sa.Column('survey_sent_at', gateway.store.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('survey_answered_at', gateway.store.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('messages', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('updated_at', gateway.store.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_complaints_customer_id_customers')),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], name=op.f('fk_complaints_incident_id_incidents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaints'))
    )
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaints_contact_due'), ['contact_due'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaints_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaints_incident_id'), ['incident_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaints_owner'), ['owner'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaints_status'), ['status'], unique=False)
        batch_op.create_index('ix_complaints_status_contact_due', ['status', 'contact_due'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaints_survey_due_at'), ['survey_due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaints_topic'), ['topic'], unique=False)

    op.create_table('complaint_events',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('complaint_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('at', gateway.store.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'], name=op.f('fk_complaint_events_complaint_id_complaints'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaint_events'))
    )
    with op.batch_alter_table('complaint_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaint_events_complaint_id'), ['complaint_id'], unique=False)

    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('complaint_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True))
        batch_op.alter_column('incident_id',
               existing_type=sa.BigInteger().with_variant(sa.Integer(), 'sqlite'),
               nullable=True)
        batch_op.create_unique_constraint(batch_op.f('uq_deliveries_complaint_id_message'), ['complaint_id', 'message'])
        batch_op.create_foreign_key(batch_op.f('fk_deliveries_complaint_id_complaints'), 'complaints', ['complaint_id'], ['id'])



def downgrade():
    # A complaint's messages have no incident: they cannot outlive the column.
    op.execute("DELETE FROM delivery_events WHERE delivery_id IN "
               "(SELECT id FROM deliveries WHERE complaint_id IS NOT NULL)")
    op.execute("DELETE FROM deliveries WHERE complaint_id IS NOT NULL")
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_deliveries_complaint_id_complaints'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_deliveries_complaint_id_message'), type_='unique')
        batch_op.alter_column('incident_id',
               existing_type=sa.BigInteger().with_variant(sa.Integer(), 'sqlite'),
               nullable=False)
        batch_op.drop_column('complaint_id')

    with op.batch_alter_table('complaint_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_complaint_events_complaint_id'))

    op.drop_table('complaint_events')
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_complaints_topic'))
        batch_op.drop_index(batch_op.f('ix_complaints_survey_due_at'))
        batch_op.drop_index('ix_complaints_status_contact_due')
        batch_op.drop_index(batch_op.f('ix_complaints_status'))
        batch_op.drop_index(batch_op.f('ix_complaints_owner'))
        batch_op.drop_index(batch_op.f('ix_complaints_incident_id'))
        batch_op.drop_index(batch_op.f('ix_complaints_customer_id'))
        batch_op.drop_index(batch_op.f('ix_complaints_contact_due'))

    op.drop_table('complaints')
