"""The benchmarks' one memory sampler: peak resident memory (and CPU time) of
the processes they watch, sampled in a background thread.

CPU time counts from when a process is first watched: a server the benchmark
did not start (PostgreSQL's Redis, say) has spent CPU for others before."""

from __future__ import annotations

import threading

import psutil


class PeakRss:
    """Samples the resident memory and CPU time of a set of processes in the background.

    Each process is sampled when it is first watched, every `interval` seconds
    and once more on exit, so a short burst between samples is all it can miss.
    """

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.procs: dict[str, psutil.Process] = {}
        self.peak: dict[str, int] = {}  # bytes
        self.cpu: dict[str, float] = {}  # seconds of CPU (user + system), last seen
        self.cpu_at_start: dict[str, float] = {}  # the same, when first watched
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def watch(self, name: str, pid: int) -> None:
        self.procs[name] = psutil.Process(pid)
        self._sample(name, self.procs[name])
        self.cpu_at_start.setdefault(name, self.cpu.get(name, 0.0))

    def _sample(self, name: str, proc: psutil.Process) -> None:
        try:
            with proc.oneshot():
                rss, cpu = proc.memory_info().rss, proc.cpu_times()
        except psutil.Error:
            return
        self.peak[name] = max(self.peak.get(name, 0), rss)
        self.cpu[name] = cpu.user + cpu.system

    def _sample_all(self) -> None:
        for name, proc in list(self.procs.items()):
            self._sample(name, proc)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample_all()

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample_all()

    def megabytes(self) -> dict[str, float]:
        return {name: round(v / 2**20, 1) for name, v in sorted(self.peak.items())}

    def cpu_seconds(self) -> dict[str, float]:
        return {name: round(v - self.cpu_at_start.get(name, 0.0), 1)
                for name, v in sorted(self.cpu.items())}
