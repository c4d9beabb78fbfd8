"""The fixtures every test may ask for: a real database (SQLite file, or
PostgreSQL via DATABASE_URL in a fresh schema per run) and a real Redis
(embedded, or REDIS_URL), migrated once per run and emptied between tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from gateway import create_app
from gateway.config import Config
from gateway.store.db import db
from gateway.store.redis import start_embedded
from tests.support.api import put_tagged_customers
from tests.support.databases import own_database

ROLES = ("system", "comms", "approver", "auditor", "admin")


@pytest.fixture(scope="session")
def instance_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("instance")


@pytest.fixture(scope="session")
def database_url(instance_dir: Path) -> Iterator[str]:
    with own_database(instance_dir / "test.db", "gw_test_") as url:
        yield url


@pytest.fixture(scope="session")
def redis_url(instance_dir: Path) -> str:
    return os.environ.get("REDIS_URL") or start_embedded(instance_dir / "redis")


@pytest.fixture(scope="session")
def base_config(instance_dir: Path, database_url: str, redis_url: str) -> Config:
    return Config.from_env(
        {"GATEWAY_INSTANCE_PATH": str(instance_dir)},
        database_url=database_url, redis_url=redis_url,
        public_url="https://gateway.example.com", chat_allow_private_urls=True,
    )


@pytest.fixture(scope="session")
def migrated(base_config: Config) -> Config:
    from gateway.cli.migrate import migrate

    migrate(create_app(base_config))
    return base_config


def _empty_tables() -> None:
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(text(f"DELETE FROM {table}"))
        # the delete of customers wrote their locales' deltas (TRUNCATE writes none)
        db.session.execute(text("DELETE FROM customer_locale_deltas"))
    db.session.commit()


@pytest.fixture
def config(migrated: Config) -> Config:
    return migrated


@pytest.fixture
def app(config: Config) -> Iterator[Flask]:
    from gateway.messages.batch_render import forget_shapes

    forget_shapes()  # a test may replace the renderer: no shape from an earlier test
    app = create_app(config)
    app.config["TESTING"] = True
    with app.app_context():
        _empty_tables()
        app.extensions["gateway.redis"].flushdb()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def keys(app: Flask) -> dict[str, str]:
    """One API key per role (plus a second approver), created the real way."""
    from gateway.access.keys import create_key

    with app.app_context():
        made = {role: create_key(role, f"test-{role}") for role in ROLES}
        made["approver2"] = create_key("approver", "test-approver2")
        made["system2"] = create_key("system", "test-system2")
    return made


@pytest.fixture
def redis_conn(app: Flask) -> redis.Redis:
    conn: redis.Redis = app.extensions["gateway.redis"]
    return conn


@pytest.fixture
def customers(client: FlaskClient, keys: dict[str, str]) -> None:
    """Five customers, c0 to c4 (see put_tagged_customers)."""
    put_tagged_customers(client, keys["system"], range(5))


@pytest.fixture
def three_customers(client: FlaskClient, keys: dict[str, str]) -> None:
    """Three customers, c1 to c3: the console's sample form writes to c1 and c2."""
    put_tagged_customers(client, keys["system"], range(1, 4))
