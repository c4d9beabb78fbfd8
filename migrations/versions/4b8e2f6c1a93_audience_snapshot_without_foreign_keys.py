"""audience snapshot without foreign keys: the big incident's POST waited for per-row key checks

Revision ID: 4b8e2f6c1a93
Revises: d13a7e5c2b90
Create Date: 2026-12-03 13:40:00

"""
from alembic import op

revision = "4b8e2f6c1a93"
down_revision = "d13a7e5c2b90"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("incident_recipients") as batch_op:
        batch_op.drop_constraint("fk_incident_recipients_customer_id_customers",
                                 type_="foreignkey")
        batch_op.drop_constraint("fk_incident_recipients_incident_id_incidents",
                                 type_="foreignkey")


def downgrade():
    with op.batch_alter_table("incident_recipients") as batch_op:
        batch_op.create_foreign_key("fk_incident_recipients_customer_id_customers",
                                    "customers", ["customer_id"], ["id"])
        batch_op.create_foreign_key("fk_incident_recipients_incident_id_incidents",
                                    "incidents", ["incident_id"], ["id"], ondelete="CASCADE")
