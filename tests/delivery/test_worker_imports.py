"""What a worker process loads (what it sends with, never the intake's tools) and
how it allocates.

A module loaded is memory held for the process's life (issue 14: every process
of `bench` at most 128 MB at a million customers); the linter's dictionaries
alone are ~200 MB. After a real dispatch on every channel, the worker is asked
(an RQ job) for its `sys.modules`."""

from __future__ import annotations

import pytest
import redis
from rq import Queue
from rq.job import JobStatus

from tests.support.faults import add_customers, count, post_incident
from tests.support.processes import wait_until
from tests.support.workers import workers

pytestmark = pytest.mark.slow

NEVER = (
    "gateway.messages.lint", "gateway.console", "gateway.api", "gateway.openapi",
    "jieba", "lemminflect", "marisa_trie", "pyphen",  # the linter's
    "gateway.compensation.schemas",  # the API's input models (pydantic, 2.9 MB)
)


def test_a_worker_after_a_dispatch_has_not_loaded_the_linter(app, client, keys, fake):
    for prefix, channel in (("e", "email"), ("s", "sms"), ("c", "chat")):
        add_customers(app, 20, channel=channel, prefix=prefix)
    with app.app_context():
        from sqlalchemy import update

        from gateway.customers.models import Customer
        from gateway.store.db import db

        db.session.execute(update(Customer).where(Customer.external_id.like("c%"))
                           .values(chat_webhook_url=f"{fake.url}/chat/test"))
        db.session.commit()
    with workers(app, fake.url, n=1) as pool:
        post_incident(client, keys["system"], "worker-imports")
        wait_until(lambda: count(app, "sent") == 60, 60, "every message sent")
        conn = redis.Redis.from_url(pool.env["REDIS_URL"])
        job = Queue("low", connection=conn).enqueue("tests.support.worker_modules.loaded")
        wait_until(lambda: job.get_status() in (JobStatus.FINISHED, JobStatus.FAILED), 30,
                   "the worker's answer", every=0.1)
        modules = job.return_value()
        level = Queue("low", connection=conn).enqueue("tests.support.worker_modules.optimize")
        wait_until(lambda: level.get_status() in (JobStatus.FINISHED, JobStatus.FAILED), 30,
                   "the worker's answer", every=0.1)
    assert modules, job.get_status()
    assert level.return_value() == 2  # -OO: no docstrings held
    assert "gateway.providers.twilio" in modules and "gateway.providers.sendgrid" in modules
    assert "twilio.rest" in modules and "sendgrid" in modules  # the real SDKs send
    assert [m for m in modules if any(m == n or m.startswith(n + ".") for n in NEVER)] == []


def test_no_job_module_imports_the_linter():
    """Every module RQ may run a job from (gateway/jobs), and the areas behind them (the
    incidents area, whose updates and audience the lifecycle sweeps load), imported in a
    fresh process: none of the modules a worker must never hold. The linter's findings
    on updates and audiences live in `messages.intake_lint`, which only the intake, the
    API and the console import."""
    import json
    import os
    import subprocess
    import sys

    from tests.support.processes import ROOT

    code = ("import json, pkgutil, importlib, sys, gateway.jobs as jobs\n"
            "for m in pkgutil.iter_modules(jobs.__path__): importlib.import_module("
            "'gateway.jobs.' + m.name)\n"
            "import gateway.incidents.service\n"
            "print(json.dumps(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=dict(os.environ),
                         capture_output=True, text=True, check=True)
    modules = json.loads(out.stdout)
    assert "gateway.jobs.lifecycle_sweeps" in modules and "gateway.incidents.updates" in modules
    assert [m for m in modules if any(m == n or m.startswith(n + ".") for n in NEVER)] == []


def test_a_worker_started_without_oo_runs_again_under_it():
    """`python -m gateway worker` as an operator may type it: the command execs
    itself under -OO (gateway/cli: without_docstrings), keeping its process id."""
    import os
    import subprocess
    import sys

    from tests.support.processes import ROOT

    code = ("import os, sys; print(os.getpid(), sys.flags.optimize, flush=True); "
            "from gateway.cli import without_docstrings; without_docstrings()")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=dict(os.environ),
                         capture_output=True, text=True, check=True)
    (pid, first), (again, second) = (line.split() for line in out.stdout.split("\n")[:2])
    assert (first, second, again) == ("0", "2", pid)


@pytest.mark.parametrize(("env", "expected"), [({}, "True"), ({"MALLOC_ARENA_MAX": "4"}, "False")])
def test_a_worker_allocates_from_one_malloc_arena_unless_the_operator_says(env, expected):
    """glibc (this machine's C library) takes the setting; an operator's
    MALLOC_ARENA_MAX is left to glibc itself."""
    import os
    import subprocess
    import sys

    from tests.support.processes import ROOT

    base = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"}
    out = subprocess.run(
        [sys.executable, "-c", "from gateway.heap import one_malloc_arena as f; print(f())"],
        cwd=ROOT, env={**base, **env}, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == expected
