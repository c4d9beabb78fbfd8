"""live customers by locale kept by triggers: the intake answers an `all` audience's
count per locale from `customer_locale_deltas` instead of a grouped COUNT

At a million customers the grouped COUNT (an index-only scan of
ix_customers_live_locale) was 55-70 % of POST → first message on PostgreSQL.
Triggers on `customers` keep, per locale, deltas whose sum is the number of live
customers (`erased_at IS NULL`):

- PostgreSQL: one statement-level trigger per event with its transition tables
  (transition tables allow one event per trigger and no column list), inserting
  one row per locale the statement changed; an UPDATE that moves no customer in
  or out of a locale inserts nothing. No row is updated, so concurrent imports do
  not queue on a counter row. The scheduler folds the rows (`fold_locale_deltas`).
- SQLite (one writer): row triggers add to the locale's one row.

Both are seeded from the customers in the same transaction that creates the
triggers (on PostgreSQL, CREATE TRIGGER locks out writers until it commits).
TRUNCATE of `customers` is not followed: nothing in the gateway truncates it.

Revision ID: d2f4a6c8e0b3
Revises: b4d6f8a0c2e5
Create Date: 2026-12-07 04:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = "d2f4a6c8e0b3"
down_revision = "b4d6f8a0c2e5"
branch_labels = None
depends_on = None

TABLE = "customer_locale_deltas"

PG_FUNCTION = f"""
CREATE FUNCTION customer_locale_deltas_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO {TABLE} (locale, delta)
        SELECT locale, count(*) FROM new_rows WHERE erased_at IS NULL GROUP BY locale;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO {TABLE} (locale, delta)
        SELECT locale, -count(*) FROM old_rows WHERE erased_at IS NULL GROUP BY locale;
    ELSE
        INSERT INTO {TABLE} (locale, delta)
        SELECT locale, sum(d) FROM (
            SELECT locale, 1 AS d FROM new_rows WHERE erased_at IS NULL
            UNION ALL
            SELECT locale, -1 FROM old_rows WHERE erased_at IS NULL) AS moved
        GROUP BY locale HAVING sum(d) <> 0;
    END IF;
    RETURN NULL;
END
$$
"""

PG_TRIGGERS = {
    "insert": "AFTER INSERT ON customers REFERENCING NEW TABLE AS new_rows",
    "update": "AFTER UPDATE ON customers REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "delete": "AFTER DELETE ON customers REFERENCING OLD TABLE AS old_rows",
}


def _sqlite_add(row: str, sign: str) -> str:
    """Statements that add ±1 to the locale of `row` (NEW or OLD), making its row if none."""
    return (f"INSERT INTO {TABLE} (locale, delta) SELECT {row}.locale, 0 WHERE NOT EXISTS "
            f"(SELECT 1 FROM {TABLE} WHERE locale = {row}.locale); "
            f"UPDATE {TABLE} SET delta = delta {sign} 1 WHERE id = "
            f"(SELECT min(id) FROM {TABLE} WHERE locale = {row}.locale);")


SQLITE_TRIGGERS = {
    "insert": ("AFTER INSERT ON customers WHEN NEW.erased_at IS NULL", _sqlite_add("NEW", "+")),
    "delete": ("AFTER DELETE ON customers WHEN OLD.erased_at IS NULL", _sqlite_add("OLD", "-")),
    "update_out": ("AFTER UPDATE OF locale, erased_at ON customers WHEN OLD.erased_at IS NULL "
                   "AND (NEW.erased_at IS NOT NULL OR NEW.locale IS NOT OLD.locale)",
                   _sqlite_add("OLD", "-")),
    "update_in": ("AFTER UPDATE OF locale, erased_at ON customers WHEN NEW.erased_at IS NULL "
                  "AND (OLD.erased_at IS NOT NULL OR NEW.locale IS NOT OLD.locale)",
                  _sqlite_add("NEW", "+")),
}


def upgrade():
    op.create_table(
        TABLE,
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("locale", sa.String(length=20), nullable=False),
        sa.Column("delta", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer_locale_deltas")),
    )
    op.create_index(op.f("ix_customer_locale_deltas_locale"), TABLE, ["locale"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        for event, when in PG_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER customers_locale_deltas_{event} {when} "
                       "FOR EACH STATEMENT EXECUTE FUNCTION customer_locale_deltas_write()")
    else:
        for event, (when, body) in SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER customers_locale_deltas_{event} {when} BEGIN {body} END")
    op.execute(f"INSERT INTO {TABLE} (locale, delta) SELECT locale, count(*) FROM customers "
               "WHERE erased_at IS NULL GROUP BY locale")


def downgrade():
    postgres = op.get_bind().dialect.name == "postgresql"
    for event in PG_TRIGGERS if postgres else SQLITE_TRIGGERS:
        op.execute(f"DROP TRIGGER customers_locale_deltas_{event}"
                   + (" ON customers" if postgres else ""))
    if postgres:
        op.execute("DROP FUNCTION customer_locale_deltas_write()")
    op.drop_index(op.f("ix_customer_locale_deltas_locale"), table_name=TABLE)
    op.drop_table(TABLE)
