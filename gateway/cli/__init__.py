"""`python -m gateway <command>`: the operator's entry points (names from SPEC.md)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from .. import create_app
from ..errors import GatewayError
from ..vocabulary import TEMPLATES_DIR
from .migrate import migrate


def default_workers() -> int:
    """One worker per core this process may run on, and one more: a worker waits while its
    window drains at a slow provider, and the extra one fills those gaps (100k at 50 ms on 2
    cores: 13.1 -> 11.5 s on SQLite, 15.7 -> 13.3 s on PostgreSQL; at 0 ms no worse;
    README, Sizing)."""
    cores = (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")  # Linux
             else os.cpu_count() or 1)
    return cores + 1


def _app(http: bool = True) -> Any:
    return create_app(http=http)


def cmd_migrate(args: argparse.Namespace) -> int:
    app = _app()
    migrate(app)
    print("database is at the latest revision")
    return 0


# The commands' own imports stay in them: each keeps its modules (the worker's,
# the scheduler's, the linter's, the benchmarks') out of the others and `--help`.


def cmd_keys(args: argparse.Namespace) -> int:
    from ..access import service as access

    app = _app()
    with app.app_context():
        try:
            if args.action == "create":
                print(access.create_key(args.role, args.name))
            else:
                access.revoke_key(args.name)
        except GatewayError as exc:
            print(f"error: {exc.message}", file=sys.stderr)
            return 1
    return 0


def without_docstrings() -> None:
    """Run this command again under `python -OO` unless it already is.

    A worker holds every module it imports for its life, and their docstrings
    (SQLAlchemy's, the SDKs', ours) are part of that: at -OO a worker peaked
    ~9 MB lower (issue 14). -OO also drops `assert` statements, which in the
    gateway only narrow types. The process keeps its id (exec); our own
    supervisors (`up`, the benchmarks, the tests) start workers with -OO, so only
    a worker started without it imports the package twice."""
    if sys.flags.optimize < 2:
        os.execv(sys.executable, [sys.executable, "-OO", *sys.orig_argv[1:]])


def cmd_worker(args: argparse.Namespace) -> int:
    without_docstrings()  # before the app is built
    from ..heap import one_malloc_arena  # ctypes: only the worker needs it
    from ..jobs.worker import make_worker, settle_heap, warm_up

    one_malloc_arena()  # before any thread starts
    app = _app(http=False)
    warm_up(app)
    settle_heap()
    queues = [q for item in args.queues for q in item.split(",") if q] if args.queues else None
    try:
        make_worker(app, queues).work(burst=args.burst, logging_level="WARNING")
    finally:
        from ..delivery.providers import close_all  # the worker's (warm_up loaded it)

        close_all()
    return 0


def cmd_scheduler(args: argparse.Namespace) -> int:
    from ..jobs.scheduler import run_forever

    run_forever(_app(http=False), interval=args.interval)
    return 0


def cmd_up(args: argparse.Namespace) -> int:
    from .up import up  # with the access service (keys)

    return up(host=args.host, port=args.port, workers=args.workers)


def cmd_lint_templates(args: argparse.Namespace) -> int:
    from ..messages.lint_templates import lint_all_templates  # the linter

    code, lines = lint_all_templates(TEMPLATES_DIR)
    print("\n".join(lines))
    return code


def cmd_audit(args: argparse.Namespace) -> int:
    from ..reports import service as reports

    app = _app()
    with app.app_context():
        result = reports.verify()
    print(json.dumps(result))
    return 0 if result["ok"] else 1


def cmd_bench(args: argparse.Namespace) -> int:
    from ..bench.command import run  # requests, psutil, the benchmarks' own modules

    return run(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m gateway",
                                     description="Customer notification gateway")
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name: str, func: Callable[[argparse.Namespace], int],
            help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help)
        p.set_defaults(func=func)
        return p

    up = add("up", cmd_up, "start API, workers and scheduler (embedded defaults)")
    up.add_argument("--host", default="127.0.0.1")
    up.add_argument("--port", type=int, default=8080)
    up.add_argument("--workers", type=int, default=default_workers(),
                    help="worker processes (default: cores + 1)")
    worker = add("worker", cmd_worker, "run an RQ worker")
    worker.add_argument("--queues", nargs="*", help="queue names, highest priority first")
    worker.add_argument("--burst", action="store_true", help="exit when the queues are empty")
    sched = add("scheduler", cmd_scheduler, "run the scheduler (sweeper, escalations, follow-ups)")
    sched.add_argument("--interval", type=float, default=2.0)
    add("migrate", cmd_migrate, "upgrade the database schema")
    keys = add("keys", cmd_keys, "create or revoke API keys")
    key_sub = keys.add_subparsers(dest="action", required=True)
    create = key_sub.add_parser("create", help="create a key and print it (only the key)")
    create.add_argument("--role", required=True)
    create.add_argument("--name", required=True)
    revoke = key_sub.add_parser("revoke", help="revoke a key by name")
    revoke.add_argument("name")
    add("lint-templates", cmd_lint_templates, "lint every template (exit 1 on errors)")
    audit = add("audit", cmd_audit, "audit trail tools")
    audit.add_argument("action", choices=["verify"])
    bench = add("bench", cmd_bench, "benchmark the pipeline")
    bench.add_argument("--lint", action="store_true",
                       help="time the linter on a 2,000-character message per locale (no pipeline)")
    bench.add_argument("--customers", type=int, default=20_000)
    bench.add_argument("--email-share", type=float, default=0.6)
    bench.add_argument("--sms-share", type=float, default=0.3)
    bench.add_argument("--latency-ms", type=float, default=0.0)
    bench.add_argument("--runs", type=int, default=3)
    bench.add_argument("--workers", type=int, default=default_workers(),
                       help="worker processes (default: as `up`, cores + 1)")
    bench.add_argument("--naive-customers", type=int, default=2000)
    bench.add_argument("--timeout", type=float, default=600.0)
    bench.add_argument("--profile", action="store_true",
                       help="print the CPU and wall µs per message of each send step")
    bench.add_argument("--load", action="store_true",
                       help="drive the intake API with concurrent clients during a dispatch")
    bench.add_argument("--clients", type=int, default=50, help="--load: concurrent clients")
    bench.add_argument("--duration", type=float, default=60.0, help="--load: seconds of load")
    bench.add_argument("--bulk-rows", type=int, default=100, help="--load: rows per bulk upsert")
    bench.add_argument("--api-workers", type=int, default=2, help="--load: gunicorn workers")
    bench.add_argument("--api-threads", type=int, default=4, help="--load: threads per worker")
    bench.add_argument("--warmup", type=float, default=2.0,
                       help="--load: seconds between the big incident and the load")
    bench.add_argument("--signals", action="store_true",
                       help="early warning: bulk ingest rate and evaluation time")
    bench.add_argument("--events", type=int, default=200_000, help="--signals: events to ingest")
    bench.add_argument("--topics", type=int, default=1000, help="--signals: topics to evaluate")
    bench.add_argument("--signals-quality", action="store_true",
                       help="early warning: detection on synthetic histories (fixed seed)")
    bench.add_argument("--seed", type=int, default=19, help="--signals-quality: the seed")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))
