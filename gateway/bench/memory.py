"""The benchmarks' one memory sampler: peak resident memory (and CPU time) of
the processes they watch, sampled in a background thread.

CPU time counts from when a process is first watched: a server the benchmark
did not start (PostgreSQL's Redis, say) has spent CPU for others before.

RSS counts every resident page, shared ones too (a gunicorn worker's pages
it still shares with its master count in both); for processes watched with
`shared=True` it also keeps the peak PSS (shared pages divided among their
sharers) and USS (pages of this process alone), from /proc/<pid>/smaps_rollup
(~1 ms a sample, so only where asked)."""

from __future__ import annotations

import threading
import time

import psutil


def _high_water_mark(pid: int) -> int:
    """The kernel's own peak RSS of the process (VmHWM, bytes), its start-up included
    (before the benchmark could watch it, as a gunicorn worker's warm-up is); 0 where
    there is none."""
    try:
        with open(f"/proc/{pid}/status", "rb") as f:
            for line in f:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


class PeakRss:
    """Samples the resident memory and CPU time of a set of processes in the background.

    Each process is sampled when it is first watched, every `interval` seconds
    and once more on exit; its peak is also the kernel's (VmHWM) where Linux keeps
    one, so no burst between samples, nor a start-up before the first, is missed.
    PSS and USS (read from smaps, ~100 times dearer than RSS) are sampled every
    `full_every` seconds only, so the sampler takes little CPU from the run.
    """

    def __init__(self, interval: float = 0.1, full_every: float = 1.0) -> None:
        self.interval = interval
        self.full_every = full_every
        self._full_due = 0.0  # monotonic time of the next PSS/USS sample
        self.procs: dict[str, psutil.Process] = {}
        self.peak: dict[str, int] = {}  # bytes
        self.cpu: dict[str, float] = {}  # seconds of CPU (user + system), last seen
        self.cpu_at_start: dict[str, float] = {}  # the same, when first watched
        self.full: set[str] = set()  # names whose PSS and USS are sampled too
        self.outside: set[str] = set()  # names of servers not started for the benchmark
        self.peak_pss: dict[str, int] = {}  # bytes
        self.peak_uss: dict[str, int] = {}  # bytes
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def watch(self, name: str, pid: int, shared: bool = False, outside: bool = False) -> None:
        """`outside`: a server that was running before (the machine's Redis): its peak
        is sampled only, its VmHWM is of its whole life."""
        self.procs[name] = psutil.Process(pid)
        if shared:
            self.full.add(name)
        if outside:
            self.outside.add(name)
        self._sample(name, self.procs[name])
        self.cpu_at_start.setdefault(name, self.cpu.get(name, 0.0))

    def _sample(self, name: str, proc: psutil.Process, full_too: bool = True) -> None:
        try:
            with proc.oneshot():
                rss, cpu = proc.memory_info().rss, proc.cpu_times()
                full = proc.memory_full_info() if full_too and name in self.full else None
        except psutil.Error:
            return
        hwm = 0 if name in self.outside else _high_water_mark(proc.pid)
        self.peak[name] = max(self.peak.get(name, 0), rss, hwm)
        if full is not None:
            self.peak_pss[name] = max(self.peak_pss.get(name, 0), full.pss)
            self.peak_uss[name] = max(self.peak_uss.get(name, 0), full.uss)
        self.cpu[name] = cpu.user + cpu.system

    def _sample_all(self, full_too: bool = True) -> None:
        if full_too:
            self._full_due = time.monotonic() + self.full_every
        for name, proc in list(self.procs.items()):
            self._sample(name, proc, full_too)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample_all(full_too=time.monotonic() >= self._full_due)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample_all()

    def megabytes(self, of: str = "rss") -> dict[str, float]:
        """Peak per process in MiB: `of` "rss", or "pss" / "uss" (those watched with shared)."""
        peaks = {"rss": self.peak, "pss": self.peak_pss, "uss": self.peak_uss}[of]
        return {name: round(v / 2**20, 1) for name, v in sorted(peaks.items())}

    def cpu_seconds(self) -> dict[str, float]:
        return {name: round(v - self.cpu_at_start.get(name, 0.0), 1)
                for name, v in sorted(self.cpu.items())}
