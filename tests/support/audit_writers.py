"""Audit writers run in separate processes by test_chain.py (spawned, so
each has its own interpreter, app and database connections)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def write(database_url: str, redis_url: str, instance: str, name: str, delivery_ids: list[int],
          incident_id: int, rounds: int, start: Any) -> None:
    from gateway import create_app
    from gateway.audit import chain as audit
    from gateway.config import Config
    from gateway.jobs.send import record_events
    from gateway.store.db import db, utcnow

    app = create_app(Config.from_env({"GATEWAY_INSTANCE_PATH": instance},
                                     database_url=database_url, redis_url=redis_url))
    start.wait(30)
    with app.app_context():
        for i in range(rounds):
            audit.append("test.write", actor=name, actor_role="system", data={"i": i})
            db.session.commit()
            now = utcnow()
            record_events([{"delivery_id": d, "status": "delivered", "at": now,
                            "detail": {"writer": name, "i": i}} for d in delivery_ids],
                          incident_id)
            db.session.commit()
    Path(instance, f"done-{name}").write_text("ok")
