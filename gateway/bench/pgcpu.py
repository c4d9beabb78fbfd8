"""The PostgreSQL server's CPU during a benchmark's timed window, for `bench`.

The workers' CPU is only half of the send path's cost on PostgreSQL: each
statement they send is planned and run by a server backend on the same cores.
:class:`ServerCpu` adds that up.

What is counted: the CPU time (user + system, from /proc by psutil) of every
server process that `pg_stat_activity` lists for the benchmark's database (the
backends of the API, the workers and the benchmark's client, and any parallel
or autovacuum worker on that database), from the window's start (or the
process's start, if later) to its end (or the process's last sample, if it
ended before: up to `interval` seconds of its CPU may be missed). The
sampler's own connection is left out. Not counted: the server's shared
processes (WAL writer, checkpointer, background writer), which serve every
database of the cluster, and the kernel's work on their behalf (flushing the
WAL to disk). Nothing is counted where the server's processes are not on this
machine (the figure is then None).
"""

from __future__ import annotations

import threading

import psutil
import sqlalchemy
from sqlalchemy.pool import NullPool

BACKENDS = ("SELECT pid FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()")


def is_postgresql(url: str | None) -> bool:
    return bool(url) and str(url).startswith("postgresql")


class ServerCpu:
    """CPU seconds of the backends serving `url`'s database between :meth:`start`
    and :meth:`stop` (module docstring), sampled every `interval` seconds in a
    background thread."""

    def __init__(self, url: str, interval: float = 0.5) -> None:
        self.interval = interval
        self._engine = sqlalchemy.create_engine(url, poolclass=NullPool)
        self._connection: sqlalchemy.Connection | None = None
        self._procs: dict[int, psutil.Process] = {}
        self._at_start: dict[int, float] = {}  # CPU of the backends alive at the start
        self._last: dict[int, float] = {}  # CPU at each backend's last sample
        self.visible = True  # the server's processes can be read on this machine
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        assert self._connection is not None
        pids = [int(pid) for (pid,) in self._connection.execute(sqlalchemy.text(BACKENDS))]
        for pid in pids:
            proc = self._procs.get(pid)
            try:
                if proc is None:
                    proc = psutil.Process(pid)
                    if proc.name() != "postgres":  # a process of this machine, not the server's
                        self.visible = False
                        continue
                    self._procs[pid] = proc
                times = proc.cpu_times()
            except psutil.NoSuchProcess:  # ended since the query, or on another machine
                continue
            except psutil.AccessDenied:
                self.visible = False
                continue
            self._last[pid] = times.user + times.system

    def start(self) -> ServerCpu:
        self._connection = self._engine.connect().execution_options(
            isolation_level="AUTOCOMMIT")
        self._sample()
        self._at_start = dict(self._last)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def stop(self) -> float | None:
        """End the window (once; again, the same figure): the CPU seconds counted
        (None if the server's processes cannot be read here)."""
        if self._stop.is_set():
            return self._counted()
        self._stop.set()
        self._thread.join()
        try:
            self._sample()
        finally:
            assert self._connection is not None
            self._connection.close()
            self._engine.dispose()
        return self._counted()

    def _counted(self) -> float | None:
        if not self.visible or not self._procs:
            return None
        return sum(cpu - self._at_start.get(pid, 0.0) for pid, cpu in self._last.items())

    @property
    def backends(self) -> int:
        """Backends seen in the window."""
        return len(self._last)
