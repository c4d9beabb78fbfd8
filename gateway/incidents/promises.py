"""Promised update times: opened and closed with updates; a broken promise
sends a "no news yet" update and warns staff beforehand."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import exists, func, select, update

from ..audit import chain as audit
from ..delivery.tracking import insert_ignoring
from ..store.db import db, utcnow
from .models import Incident, IncidentUpdate, UpdatePromise
from .outreach import Pairs, create_messages, next_seq, reached_rows

ACTIVE = ("dispatching", "dispatched")
WARN_BEFORE = timedelta(minutes=15)
NO_NEWS_MIN, NO_NEWS_MAX = timedelta(minutes=30), timedelta(hours=4)


def open_promise(incident_id: int, seq: int, made_at: datetime, due: datetime) -> None:
    insert_ignoring(UpdatePromise, [{"incident_id": incident_id, "made_by_seq": seq,
                                     "made_at": made_at, "due_at": due, "status": "open"}])


def close_promise(incident_id: int, seq: int, now: datetime) -> None:
    """An update posted: the open promise is kept when on time, else broken."""
    for promise in db.session.execute(select(UpdatePromise).where(
            UpdatePromise.incident_id == incident_id, UpdatePromise.status == "open")).scalars():
        promise.status = "kept" if now <= promise.due_at else "broken"
        promise.closed_at, promise.kept_by_seq = now, seq


def _no_news_due(promise: UpdatePromise) -> timedelta:
    """The next promise after a missed one: the same rhythm, within 30 minutes to 4 hours."""
    return min(NO_NEWS_MAX, max(NO_NEWS_MIN, promise.due_at - promise.made_at))


def send_no_news(incident: Incident, promise: UpdatePromise, now: datetime) -> Pairs:
    """The honest "no news yet, next update at …" message, on every channel."""
    seq = next_seq(incident)
    due = now + _no_news_due(promise)
    targets = reached_rows(incident)
    db.session.add(IncidentUpdate(
        incident_id=incident.id, seq=seq, purpose="no_news",
        stage=incident.stage or "investigating",
        message="", next_update_at=due, created_by="scheduler", recipients=len(targets),
        created_at=now))
    db.session.flush()
    pairs = create_messages(incident, seq, "no_news", targets, now)
    promise.no_news_seq = seq
    incident.next_update_at = due
    open_promise(incident.id, seq, now, due)
    audit.append("update.no_news", actor="scheduler", actor_role="system", incident_id=incident.id,
                 data={"seq": seq, "missed_due_at": promise.due_at.isoformat(),
                       "next_update_at": due.isoformat(), "recipients": len(targets)})
    return pairs


def check_promises(now: datetime | None = None) -> dict[Incident, Pairs]:
    """Track promised updates: open them, warn 15 minutes ahead, handle missed ones.

    Returns pairs to enqueue per incident (after the caller commits).
    """
    now = now or utcnow()
    # Promises from the incidents' own facts (and any the API did not open).
    missing = db.session.execute(
        select(Incident.id, Incident.next_update_at, Incident.created_at)
        .where(Incident.status.in_(ACTIVE), Incident.next_update_at.is_not(None),
               ~exists().where(UpdatePromise.incident_id == Incident.id,
                               UpdatePromise.status == "open"),
               ~exists().where(UpdatePromise.incident_id == Incident.id,
                               UpdatePromise.due_at == Incident.next_update_at))).all()
    for incident_id, due, created_at in missing:
        last = db.session.execute(select(func.max(IncidentUpdate.seq)).where(
            IncidentUpdate.incident_id == incident_id)).scalar_one()
        if due is not None:  # selected with next_update_at IS NOT NULL
            open_promise(int(incident_id), int(last or 0), created_at or now, due)
    # Promises of incidents no longer running are void.
    db.session.execute(update(UpdatePromise).where(
        UpdatePromise.status == "open",
        UpdatePromise.incident_id.in_(select(Incident.id).where(Incident.status.not_in(ACTIVE))))
        .values(status="void", closed_at=now).execution_options(synchronize_session=False))
    for promise in db.session.execute(select(UpdatePromise).where(
            UpdatePromise.status == "open", UpdatePromise.warned_at.is_(None),
            UpdatePromise.due_at > now, UpdatePromise.due_at <= now + WARN_BEFORE)).scalars():
        promise.warned_at = now
        audit.append("promise.due_soon", actor="scheduler", actor_role="system",
                     incident_id=promise.incident_id,
                     data={"promise_id": promise.id, "due_at": promise.due_at.isoformat(),
                           "made_by_seq": promise.made_by_seq})
    out: dict[Incident, Pairs] = {}
    for promise in db.session.execute(select(UpdatePromise).where(
            UpdatePromise.status == "open", UpdatePromise.due_at <= now)
            .order_by(UpdatePromise.id)).scalars().all():
        incident = db.session.get_one(Incident, promise.incident_id)
        promise.status, promise.closed_at = "broken", now
        audit.append("promise.broken", actor="scheduler", actor_role="system",
                     incident_id=incident.id,
                     data={"promise_id": promise.id, "due_at": promise.due_at.isoformat(),
                           "auto_no_news": incident.auto_no_news})
        if incident.auto_no_news and incident.status in ACTIVE:
            out[incident] = send_no_news(incident, promise, now)
    return out
