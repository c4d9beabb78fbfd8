"""The database handle, and the connection settings every process needs.

SQLite runs in WAL mode with a busy timeout so several worker processes can
write at once without "database is locked".
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, TypeVar

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import BigInteger, DateTime, Integer, MetaData, Select, event, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

from ..profiling import step

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

JsonDict = dict[str, Any]  # a JSON object column

# 64-bit ids on PostgreSQL; SQLite only autoincrements INTEGER PRIMARY KEY.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


db = SQLAlchemy(model_class=Base)


S = TypeVar("S", bound=Select)  # any select; the filters keep its row type


def matching(stmt: S, *equal: tuple[Any, Any]) -> S:
    """`stmt` where each `(column, value)` holds, for the values given (neither None
    nor ""): a listing's optional filters."""
    return stmt.where(*(column == value for column, value in equal
                        if value is not None and value != ""))


def within(stmt: S, column: Any, since: datetime | None, until: datetime | None) -> S:
    """`stmt` where `column` lies in [since, until); a None end is open."""
    if since is not None:
        stmt = stmt.where(column >= since)
    if until is not None:
        stmt = stmt.where(column < until)
    return stmt


def affected(result: Any) -> int:
    """Rows an UPDATE or DELETE changed (`Session.execute` is typed as a plain Result)."""
    return int(result.rowcount or 0)


def dialect_insert(model: Any) -> Any:
    """An INSERT that knows `ON CONFLICT` (`on_conflict_do_nothing`) on the session's backend."""
    if db.session.get_bind().dialect.name == "postgresql":
        return pg_insert(model)
    return sqlite_insert(model)


def utcnow() -> datetime:
    return datetime.now(UTC)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        # Let SQLAlchemy's "begin" event open the transaction (see below).
        dbapi_connection.isolation_level = None


READ_ONLY = "gateway_read_only"


@event.listens_for(Engine, "begin")
def _sqlite_begin_immediate(connection: Any) -> None:
    """Take the write lock up front: a deferred transaction that later writes
    can deadlock with another writer and fail at once, busy timeout or not.
    Transactions declared read-only (`commit_and_begin_read_only()`) start
    deferred, so readers never queue behind writers (WAL)."""
    if connection.dialect.name == "sqlite":
        if connection.get_execution_options().get(READ_ONLY):
            connection.exec_driver_sql("BEGIN")
            return
        with step("lock"):  # the wait for SQLite's one writer, in `bench --profile`
            connection.exec_driver_sql("BEGIN IMMEDIATE")


@contextmanager
def unit_of_work() -> Iterator[None]:
    """Commit what the block wrote, or roll all of it back and re-raise: a
    service's step is whole or absent, and the caller never holds half of it."""
    try:
        yield
    except BaseException:
        db.session.rollback()
        raise
    db.session.commit()


@contextmanager
def driver_errors(connection: Connection, statement: str) -> Iterator[None]:
    """Errors of work done on the driver's own connection (`driver_connection`),
    raised as SQLAlchemy raises them for its statements: `OperationalError` (the
    API's 503) or `IntegrityError` rather than the driver's class, and a lost
    connection invalidated. This is SQLAlchemy's own handler, a private method."""
    try:
        yield
    except connection.dialect.loaded_dbapi.Error as exc:
        connection._handle_dbapi_exception(exc, statement, None, None, None)


def on_driver(statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """Run a fixed statement (placeholders `%s`) on the driver's own connection, in
    the session's transaction; the rows it returns, as the driver types them.

    For the send path's per-batch statements: through the session one statement
    cost ~55 µs of CPU on PostgreSQL (the driver alone ~15), an ORM flush a few
    hundred more. Errors are raised as SQLAlchemy's (:func:`driver_errors`)."""
    connection = db.session.connection()
    driver = connection.connection.driver_connection
    assert driver is not None
    if connection.dialect.paramstyle == "qmark":  # sqlite3
        statement = statement.replace("%s", "?")
    with driver_errors(connection, statement):
        cursor = driver.cursor()
        try:
            cursor.execute(statement, params)
            return list(cursor.fetchall()) if cursor.description else []
        finally:
            cursor.close()


def ping() -> None:
    """One round trip to the database (readiness); what failed is rolled back and raised."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:
        db.session.rollback()
        raise


def commit_and_begin_read_only() -> None:
    """Commit the session's open transaction, if any, and declare the next one
    read-only; call before its first query.

    On SQLite the next transaction then takes no write lock; elsewhere it
    changes nothing.
    """
    if db.session().in_transaction():
        db.session.commit()
    db.session.connection(execution_options={READ_ONLY: True})


def engine_options(database_url: str) -> dict[str, Any]:
    if database_url.startswith("sqlite"):
        return {"connect_args": {"timeout": 30}}
    return {"pool_pre_ping": True, "pool_size": 5, "max_overflow": 10}
