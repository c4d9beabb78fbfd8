"""`python -m gateway migrate` upgrades an existing database without losing rows."""

from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from gateway import create_app
from gateway.cli.migrate import register
from gateway.config import Config
from tests.support.databases import own_database

FIRST_REVISION = "6f21aacf4faa"


@pytest.fixture
def empty_database(tmp_path, redis_url):
    with own_database(tmp_path / "old.db", "gw_mig_") as url:
        yield url


@pytest.fixture
def bare_app(tmp_path, empty_database, redis_url):
    """An app on the empty database, with the migrate commands; nothing migrated yet."""
    app = create_app(Config.from_env({"GATEWAY_INSTANCE_PATH": str(tmp_path)},
                                     database_url=empty_database, redis_url=redis_url))
    register(app)
    return app


def test_upgrade_from_the_first_revision_keeps_rows(bare_app):
    app = bare_app
    with app.app_context():
        upgrade(revision=FIRST_REVISION)
        from gateway.store.db import db
        db.session.execute(text(
            "INSERT INTO customers (external_id, locale, timezone, channels, tags, attributes,"
            " created_at, updated_at) VALUES ('old-1', 'en', 'UTC', '[]', '[]', '{}',"
            " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
        db.session.commit()
        upgrade()  # what `python -m gateway migrate` runs
        assert db.session.execute(text("SELECT external_id FROM customers")).scalars().all() \
            == ["old-1"]
        head = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        assert head != FIRST_REVISION
        db.session.remove()
        db.engine.dispose()


def test_downgrade_then_upgrade_round_trips(bare_app):
    """Down to the first revision and up again: each step lands where it says, the
    schema comes back as the models declare it, and the first revision's rows stay."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from gateway.store.db import db

    def read(sql):  # then let go: on SQLite the migrations write on a connection of their own
        values = db.session.execute(text(sql)).scalars().all()
        db.session.remove()
        return values

    def tables():
        with db.engine.connect() as conn:
            return set(inspect(conn).get_table_names())

    app = bare_app
    with app.app_context():
        upgrade()
        [head] = read("SELECT version_num FROM alembic_version")
        db.session.execute(text(
            "INSERT INTO customers (external_id, locale, timezone, channels, tags, attributes,"
            " created_at, updated_at) VALUES ('kept-1', 'en', 'UTC', '[]', '[]', '{}',"
            " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
        db.session.commit()
        db.session.remove()
        downgrade(revision=FIRST_REVISION)
        assert read("SELECT version_num FROM alembic_version") == [FIRST_REVISION]
        assert "customers" in tables()
        assert not tables() & {"complaints", "webhook_events", "signal_topics"}
        upgrade()
        assert read("SELECT version_num FROM alembic_version") == [head]
        assert read("SELECT external_id FROM customers") == ["kept-1"]
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        db.session.remove()
        db.engine.dispose()
    assert diff == []


def test_migrated_schema_matches_the_models(bare_app):
    """What `migrate` builds is what the code declares: indexes (partial ones included) too."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from gateway.store.db import db
    with bare_app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        db.session.remove()
        db.engine.dispose()
    assert diff == []
